#include <algorithm>
#include <cstdio>
#include <queue>
#include <utility>
#include <vector>

int main() {
    int n;
    std::scanf("%d", &n);
    std::vector<std::pair<int, int>> meetings(n);
    for (auto& [s, e] : meetings) std::scanf("%d %d", &s, &e);
    std::sort(meetings.begin(), meetings.end());
    // Min-heap of end times of the rooms in use.
    std::priority_queue<int, std::vector<int>, std::greater<int>> ends;
    std::size_t best = 0;
    for (auto [s, e] : meetings) {
        if (!ends.empty() && ends.top() <= s) ends.pop();
        ends.push(e);
        best = std::max(best, ends.size());
    }
    std::printf("%zu\n", best);
}
