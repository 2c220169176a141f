// Bellman-Ford: relaxes every road n-1 times, O(n * m).
#include <cstdio>
#include <vector>

int main() {
    int n, m;
    std::scanf("%d %d", &n, &m);
    std::vector<int> u(m), v(m);
    std::vector<long long> w(m);
    for (int i = 0; i < m; ++i) std::scanf("%d %d %lld", &u[i], &v[i], &w[i]);
    const long long INF = (long long)4e18;
    std::vector<long long> dist(n + 1, INF);
    dist[1] = 0;
    for (int round = 1; round < n; ++round) {
        // No early exit: relax everything in every round, from the far end first.
        for (int i = m - 1; i >= 0; --i) {
            if (dist[u[i]] != INF && dist[u[i]] + w[i] < dist[v[i]]) dist[v[i]] = dist[u[i]] + w[i];
            if (dist[v[i]] != INF && dist[v[i]] + w[i] < dist[u[i]]) dist[u[i]] = dist[v[i]] + w[i];
        }
    }
    if (dist[n] == INF) std::puts("impossible");
    else std::printf("%lld\n", dist[n]);
}
