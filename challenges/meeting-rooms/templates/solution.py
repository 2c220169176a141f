import sys


def solve(meetings):
    # TODO: the minimum number of rooms; meetings are (start, end) with end exclusive.
    return 0


def main():
    data = sys.stdin.buffer.read().split()
    n = int(data[0])
    meetings = [(int(data[1 + 2 * i]), int(data[2 + 2 * i])) for i in range(n)]
    print(solve(meetings))


main()
