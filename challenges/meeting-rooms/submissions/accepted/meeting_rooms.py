import sys


def main():
    data = sys.stdin.buffer.read().split()
    n = int(data[0])
    # +1 for a start, -1 for an end; at equal times ends (-1) sort first and free their room.
    events = []
    for i in range(n):
        events.append((int(data[1 + 2 * i]), 1))
        events.append((int(data[2 + 2 * i]), -1))
    events.sort()
    rooms = best = 0
    for _, delta in events:
        rooms += delta
        if rooms > best:
            best = rooms
    print(best)


main()
