// The right sweep, but prints the answers in the order of r instead of the input order.
#include <algorithm>
#include <cstdio>
#include <map>
#include <vector>

int main() {
    int n, q;
    std::scanf("%d %d", &n, &q);
    std::vector<int> a(n + 1);
    for (int i = 1; i <= n; ++i) std::scanf("%d", &a[i]);
    std::vector<std::pair<int, int>> queries(q);  // (r, l)
    for (auto& [r, l] : queries) std::scanf("%d %d", &l, &r);
    std::sort(queries.begin(), queries.end());
    std::vector<int> tree(n + 1);
    auto add = [&](int i, int d) { for (; i <= n; i += i & -i) tree[i] += d; };
    auto sum = [&](int i) { int s = 0; for (; i > 0; i -= i & -i) s += tree[i]; return s; };
    std::map<int, int> last;
    std::size_t next = 0;
    for (int i = 1; i <= n; ++i) {
        auto it = last.find(a[i]);
        if (it != last.end()) add(it->second, -1);
        last[a[i]] = i;
        add(i, 1);
        for (; next < queries.size() && queries[next].first == i; ++next)
            std::printf("%d\n", sum(i) - sum(queries[next].second - 1));
    }
}
