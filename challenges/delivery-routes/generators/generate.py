"""Writes data/secret/*.in deterministically; answers come from submissions/accepted/delivery_routes.py."""
import pathlib
import random

SECRET = pathlib.Path(__file__).resolve().parent.parent / 'data' / 'secret'


def write(name, n, edges):
    lines = [f'{n} {len(edges)}'] + [f'{u} {v} {w}' for u, v, w in edges]
    (SECRET / f'{name}.in').write_text('\n'.join(lines) + '\n')


def main():
    rng = random.Random(99)
    SECRET.mkdir(parents=True, exist_ok=True)
    write('01-direct', 2, [(1, 2, 10**9), (2, 1, 5), (1, 1, 1)])
    # Fewer roads but more toll: breaks breadth-first search by road count.
    write('02-many-cheap-hops', 6, [(1, 6, 100), (1, 2, 1), (2, 3, 1), (3, 4, 1), (4, 5, 1), (5, 6, 1)])
    write('03-unreachable', 5, [(1, 2, 3), (2, 3, 4), (4, 5, 1)])
    # A long path of expensive roads: the total needs 64 bits.
    n = 50_000
    write('04-long-path', n, [(i, i + 1, 10**9 - rng.randint(0, 1000)) for i in range(1, n)] + [(1, n, 10**9 * 49_998)])
    edges = [(i, i + 1, rng.randint(10**8, 10**9)) for i in range(1, n)]
    while len(edges) < 100_000:
        u, v = rng.randint(1, n), rng.randint(1, n)
        edges.append((u, v, rng.randint(1, 10**9)))
    rng.shuffle(edges)
    write('05-random-max', n, edges)


if __name__ == '__main__':
    main()
