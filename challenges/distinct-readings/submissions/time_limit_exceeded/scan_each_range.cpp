// Answers each question by scanning its range with a hash set: O(n * q).
#include <cstdio>
#include <unordered_set>
#include <vector>

int main() {
    int n, q;
    std::scanf("%d %d", &n, &q);
    std::vector<int> a(n + 1);
    for (int i = 1; i <= n; ++i) std::scanf("%d", &a[i]);
    std::unordered_set<int> seen;
    for (int k = 0; k < q; ++k) {
        int l, r;
        std::scanf("%d %d", &l, &r);
        seen.clear();
        for (int i = l; i <= r; ++i) seen.insert(a[i]);
        std::printf("%zu\n", seen.size());
    }
}
