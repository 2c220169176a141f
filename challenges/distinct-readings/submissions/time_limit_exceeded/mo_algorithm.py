# Mo's algorithm: O((n + q) * sqrt(n)) moves, a good idea in C++, too slow in Python at this size.
import sys

data = sys.stdin.buffer.read().split()
n, q = int(data[0]), int(data[1])
a = [0] + [int(x) for x in data[2:2 + n]]
queries = [(int(data[2 + n + 2 * k]), int(data[3 + n + 2 * k]), k) for k in range(q)]
block = max(1, int(n ** 0.5))
queries.sort(key=lambda t: (t[0] // block, t[1] if (t[0] // block) % 2 == 0 else -t[1]))
count = {}
distinct = 0
cur_l, cur_r = 1, 0
answer = [0] * q
for l, r, k in queries:
    while cur_r < r:
        cur_r += 1
        c = count.get(a[cur_r], 0)
        distinct += c == 0
        count[a[cur_r]] = c + 1
    while cur_l > l:
        cur_l -= 1
        c = count.get(a[cur_l], 0)
        distinct += c == 0
        count[a[cur_l]] = c + 1
    while cur_r > r:
        c = count[a[cur_r]] - 1
        count[a[cur_r]] = c
        distinct -= c == 0
        cur_r -= 1
    while cur_l < l:
        c = count[a[cur_l]] - 1
        count[a[cur_l]] = c
        distinct -= c == 0
        cur_l += 1
    answer[k] = distinct
print('\n'.join(map(str, answer)))
