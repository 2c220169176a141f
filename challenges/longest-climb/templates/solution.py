import sys


def solve(heights):
    # TODO: the length of the longest strictly increasing subsequence.
    return 0


def main():
    data = sys.stdin.buffer.read().split()
    n = int(data[0])
    print(solve([int(x) for x in data[1:n + 1]]))


main()
