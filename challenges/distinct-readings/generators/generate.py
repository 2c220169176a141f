"""Writes data/secret/*.in deterministically; answers come from submissions/accepted/distinct_readings.cpp
(compile it with g++ -O2 and pass the binary as the first argument to also write the .ans files)."""
import pathlib
import random
import subprocess
import sys

SECRET = pathlib.Path(__file__).resolve().parent.parent / 'data' / 'secret'


def write(name, values, queries):
    lines = [f'{len(values)} {len(queries)}', ' '.join(map(str, values))] + [f'{l} {r}' for l, r in queries]
    (SECRET / f'{name}.in').write_text('\n'.join(lines) + '\n')


def random_queries(rng, n, q, max_len=None):
    out = []
    for _ in range(q):
        l = rng.randint(1, n)
        r = rng.randint(l, n if max_len is None else min(n, l + max_len))
        out.append((l, r))
    return out


def main():
    rng = random.Random(2024)
    SECRET.mkdir(parents=True, exist_ok=True)
    write('01-single', [10**9], [(1, 1)])
    write('02-small-repeats', [rng.randint(0, 3) for _ in range(30)], random_queries(rng, 30, 50))
    n = 100_000
    write('03-all-equal-max', [7] * n, random_queries(rng, n, n))
    write('04-random-max', [rng.randint(0, 10**9) for _ in range(n)], random_queries(rng, n, n))
    write('05-few-values-long-ranges', [rng.randint(0, 1000) for _ in range(n)],
          [(rng.randint(1, 100), rng.randint(n - 100, n)) for _ in range(n)])
    if len(sys.argv) > 1:
        for path in sorted(SECRET.glob('*.in')):
            with path.open() as stdin:
                answer = subprocess.run([sys.argv[1]], stdin=stdin, capture_output=True, check=True).stdout
            path.with_suffix('.ans').write_bytes(answer)


if __name__ == '__main__':
    main()
