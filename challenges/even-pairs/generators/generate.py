"""Writes data/secret/*.in deterministically; answers come from submissions/accepted/even_pairs.py."""
import pathlib
import random

SECRET = pathlib.Path(__file__).resolve().parent.parent / 'data' / 'secret'


def write(name, values):
    (SECRET / f'{name}.in').write_text(f'{len(values)}\n{" ".join(map(str, values))}\n')


def main():
    rng = random.Random(20240506)
    SECRET.mkdir(parents=True, exist_ok=True)
    write('01-single', [7])
    write('02-all-odd-negative', [-1, -3, -5, -7, 9, 11])
    write('03-mixed-small', [rng.randint(-20, 20) for _ in range(50)])
    write('04-max-even', [2 * rng.randint(-5 * 10**8, 5 * 10**8) for _ in range(100_000)])
    write('05-max-random', [rng.randint(-10**9, 10**9) for _ in range(100_000)])
    write('06-extremes', [-10**9, 10**9, -10**9 + 1, 10**9 - 1] * 25_000)


if __name__ == '__main__':
    main()
