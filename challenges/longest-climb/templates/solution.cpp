#include <cstdio>
#include <vector>

// TODO: the length of the longest strictly increasing subsequence.
int solve(const std::vector<int>& heights) {
    return 0;
}

int main() {
    int n;
    std::scanf("%d", &n);
    std::vector<int> heights(n);
    for (auto& h : heights) std::scanf("%d", &h);
    std::printf("%d\n", solve(heights));
}
