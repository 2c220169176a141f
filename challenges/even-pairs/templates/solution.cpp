#include <cstdio>
#include <vector>

// TODO: count the pairs i < j whose sum is even (the answer may exceed 32 bits).
long long solve(const std::vector<long long>& values) {
    return 0;
}

int main() {
    int n;
    std::scanf("%d", &n);
    std::vector<long long> values(n);
    for (auto& v : values) std::scanf("%lld", &v);
    std::printf("%lld\n", solve(values));
}
