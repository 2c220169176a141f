// Offline: sweep r from left to right, keeping a 1 only at the last occurrence of each value in a
// Fenwick tree; the answer for [l, r] is then the number of ones in [l, r]. O((n + q) log n).
#include <algorithm>
#include <cstdio>
#include <unordered_map>
#include <vector>

struct Fenwick {
    std::vector<int> tree;
    explicit Fenwick(int n) : tree(n + 1, 0) {}
    void add(int i, int delta) {
        for (; i < (int)tree.size(); i += i & -i) tree[i] += delta;
    }
    int sum(int i) const {
        int s = 0;
        for (; i > 0; i -= i & -i) s += tree[i];
        return s;
    }
};

int main() {
    int n, q;
    std::scanf("%d %d", &n, &q);
    std::vector<int> a(n + 1);
    for (int i = 1; i <= n; ++i) std::scanf("%d", &a[i]);
    std::vector<int> l(q), r(q), order(q), answer(q);
    for (int i = 0; i < q; ++i) std::scanf("%d %d", &l[i], &r[i]), order[i] = i;
    std::sort(order.begin(), order.end(), [&](int x, int y) { return r[x] < r[y]; });
    std::unordered_map<int, int> last;
    last.reserve(2 * n);
    Fenwick fenwick(n);
    int next = 0;
    for (int i = 1; i <= n; ++i) {
        auto [it, inserted] = last.try_emplace(a[i], i);
        if (!inserted) {
            fenwick.add(it->second, -1);
            it->second = i;
        }
        fenwick.add(i, 1);
        for (; next < q && r[order[next]] == i; ++next) {
            int k = order[next];
            answer[k] = fenwick.sum(i) - fenwick.sum(l[k] - 1);
        }
    }
    for (int i = 0; i < q; ++i) std::printf("%d\n", answer[i]);
}
