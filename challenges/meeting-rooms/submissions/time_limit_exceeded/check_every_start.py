# For every meeting, counts the meetings running at its start: O(n^2).
import sys

data = sys.stdin.read().split()
n = int(data[0])
meetings = [(int(data[1 + 2 * i]), int(data[2 + 2 * i])) for i in range(n)]
best = 0
for s, _ in meetings:
    running = sum(1 for a, b in meetings if a <= s < b)
    best = max(best, running)
print(best)
