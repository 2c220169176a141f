import sys


def solve(values):
    # TODO: count the pairs i < j whose sum is even (the answer may exceed 32 bits).
    return 0


def main():
    data = sys.stdin.buffer.read().split()
    n = int(data[0])
    values = [int(x) for x in data[1:n + 1]]
    print(solve(values))


main()
