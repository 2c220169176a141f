// The heap method, but without sorting the meetings by start first: it assumes the input is sorted.
#include <algorithm>
#include <cstdio>
#include <queue>
#include <vector>

int main() {
    int n;
    std::scanf("%d", &n);
    std::priority_queue<int, std::vector<int>, std::greater<int>> ends;
    std::size_t best = 0;
    for (int i = 0; i < n; ++i) {
        int s, e;
        std::scanf("%d %d", &s, &e);
        if (!ends.empty() && ends.top() <= s) ends.pop();
        ends.push(e);
        best = std::max(best, ends.size());
    }
    std::printf("%zu\n", best);
}
