# Sorts starts before ends at equal times, so back-to-back meetings need two rooms.
import sys

data = sys.stdin.read().split()
n = int(data[0])
events = []
for i in range(n):
    events.append((int(data[1 + 2 * i]), 0))
    events.append((int(data[2 + 2 * i]), 1))
events.sort()
rooms = best = 0
for _, kind in events:
    rooms += 1 if kind == 0 else -1
    best = max(best, rooms)
print(best)
