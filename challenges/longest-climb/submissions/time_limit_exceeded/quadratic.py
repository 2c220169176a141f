# The textbook O(n^2) dynamic programme: correct, too slow for n = 100,000.
import sys

data = sys.stdin.read().split()
n = int(data[0])
h = [int(x) for x in data[1:n + 1]]
best = [1] * n
for i in range(n):
    for j in range(i):
        if h[j] < h[i] and best[j] + 1 > best[i]:
            best[i] = best[j] + 1
print(max(best))
