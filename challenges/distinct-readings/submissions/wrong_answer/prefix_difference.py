# distinct(1..r) - distinct(1..l-1) is not distinct(l..r): values seen before l may repeat inside.
import sys

data = sys.stdin.buffer.read().split()
n, q = int(data[0]), int(data[1])
seen = set()
prefix = [0] * (n + 1)
for i in range(1, n + 1):
    seen.add(data[1 + i])
    prefix[i] = len(seen)
out = []
for k in range(q):
    l, r = int(data[2 + n + 2 * k]), int(data[3 + n + 2 * k])
    out.append(prefix[r] - prefix[l - 1])
print('\n'.join(map(str, out)))
