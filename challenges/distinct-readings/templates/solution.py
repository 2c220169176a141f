import sys


def solve(readings, questions):
    # TODO: for each (l, r) (1-based, inclusive), the number of distinct readings; in input order.
    return [0] * len(questions)


def main():
    data = sys.stdin.buffer.read().split()
    n, q = int(data[0]), int(data[1])
    readings = [int(x) for x in data[2:2 + n]]
    questions = [(int(data[2 + n + 2 * k]), int(data[3 + n + 2 * k])) for k in range(q)]
    print('\n'.join(map(str, solve(readings, questions))))


main()
