#include <array>
#include <cstdio>
#include <vector>

// TODO: the cheapest total toll from depot 1 to depot n (roads are {u, v, w}), or -1 when unreachable.
long long solve(int n, const std::vector<std::array<long long, 3>>& roads) {
    return -1;
}

int main() {
    int n, m;
    std::scanf("%d %d", &n, &m);
    std::vector<std::array<long long, 3>> roads(m);
    for (auto& [u, v, w] : roads) std::scanf("%lld %lld %lld", &u, &v, &w);
    long long answer = solve(n, roads);
    if (answer < 0) std::puts("impossible");
    else std::printf("%lld\n", answer);
}
