# Breadth-first search: finds the route with the fewest roads and sums its tolls.
import sys
from collections import deque

data = sys.stdin.read().split()
n, m = int(data[0]), int(data[1])
adj = [[] for _ in range(n + 1)]
for i in range(m):
    u, v, w = int(data[2 + 3 * i]), int(data[3 + 3 * i]), int(data[4 + 3 * i])
    adj[u].append((v, w))
    adj[v].append((u, w))
cost = [None] * (n + 1)
cost[1] = 0
queue = deque([1])
while queue:
    u = queue.popleft()
    for v, w in adj[u]:
        if cost[v] is None:
            cost[v] = cost[u] + w
            queue.append(v)
print('impossible' if cost[n] is None else cost[n])
