"""Writes data/secret/*.in deterministically; answers come from submissions/accepted/meeting_rooms.py."""
import pathlib
import random

SECRET = pathlib.Path(__file__).resolve().parent.parent / 'data' / 'secret'


def write(name, meetings):
    (SECRET / f'{name}.in').write_text(f'{len(meetings)}\n' + ''.join(f'{s} {e}\n' for s, e in meetings))


def main():
    rng = random.Random(42)
    SECRET.mkdir(parents=True, exist_ok=True)
    write('01-single', [(0, 10**9)])
    write('02-chain-touching', [(i, i + 1) for i in range(0, 1000)])
    write('03-nested', [(i, 2000 - i) for i in range(1000)])
    write('04-same-start', [(5, 6 + i % 7) for i in range(200)])
    meetings = []
    for _ in range(100_000):
        s = rng.randint(0, 10**9 - 1)
        meetings.append((s, min(10**9, s + rng.randint(1, 10**6))))
    write('05-random-max', meetings)
    # Back-to-back blocks: an end-before-start mistake doubles the answer.
    write('06-back-to-back-max', [(i * 10, i * 10 + 10) for _ in range(3) for i in range(33_333)])


if __name__ == '__main__':
    main()
