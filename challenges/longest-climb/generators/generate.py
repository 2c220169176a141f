"""Writes data/secret/*.in deterministically; answers come from submissions/accepted/longest_climb.py."""
import pathlib
import random

SECRET = pathlib.Path(__file__).resolve().parent.parent / 'data' / 'secret'


def write(name, values):
    (SECRET / f'{name}.in').write_text(f'{len(values)}\n{" ".join(map(str, values))}\n')


def main():
    rng = random.Random(1234)
    SECRET.mkdir(parents=True, exist_ok=True)
    write('01-single', [0])
    write('02-flat', [7] * 1000)
    write('03-decreasing', list(range(1000, 0, -1)))
    # Greedy "take the next higher point" gets 2 here; the answer is 50.
    write('04-greedy-trap', [10**9] + list(range(1, 51)))
    write('05-random-max', [rng.randint(0, 10**9) for _ in range(100_000)])
    write('06-plateaus-max', sorted(rng.randint(0, 5000) for _ in range(100_000)))


if __name__ == '__main__':
    main()
