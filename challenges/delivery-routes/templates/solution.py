import sys


def solve(n, roads):
    # TODO: the cheapest total toll from depot 1 to depot n, or None when unreachable.
    return None


def main():
    data = sys.stdin.buffer.read().split()
    n, m = int(data[0]), int(data[1])
    roads = [(int(data[2 + 3 * i]), int(data[3 + 3 * i]), int(data[4 + 3 * i])) for i in range(m)]
    answer = solve(n, roads)
    print('impossible' if answer is None else answer)


main()
