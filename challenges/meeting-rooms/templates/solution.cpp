#include <cstdio>
#include <utility>
#include <vector>

// TODO: the minimum number of rooms; meetings are {start, end} with end exclusive.
int solve(const std::vector<std::pair<int, int>>& meetings) {
    return 0;
}

int main() {
    int n;
    std::scanf("%d", &n);
    std::vector<std::pair<int, int>> meetings(n);
    for (auto& [s, e] : meetings) std::scanf("%d %d", &s, &e);
    std::printf("%d\n", solve(meetings));
}
