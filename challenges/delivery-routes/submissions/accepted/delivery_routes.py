import heapq
import sys


def main():
    data = sys.stdin.buffer.read().split()
    n, m = int(data[0]), int(data[1])
    adjacency = [[] for _ in range(n + 1)]
    for i in range(m):
        u, v, w = int(data[2 + 3 * i]), int(data[3 + 3 * i]), int(data[4 + 3 * i])
        adjacency[u].append((v, w))
        adjacency[v].append((u, w))
    dist = [None] * (n + 1)
    heap = [(0, 1)]
    while heap:
        d, u = heapq.heappop(heap)
        if dist[u] is not None:
            continue
        dist[u] = d
        if u == n:
            break
        for v, w in adjacency[u]:
            if dist[v] is None:
                heapq.heappush(heap, (d + w, v))
    print('impossible' if dist[n] is None else dist[n])


main()
