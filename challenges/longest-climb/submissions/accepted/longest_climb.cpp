#include <algorithm>
#include <cstdio>
#include <vector>

int main() {
    int n;
    std::scanf("%d", &n);
    std::vector<int> tails;
    for (int i = 0; i < n; ++i) {
        int h;
        std::scanf("%d", &h);
        auto it = std::lower_bound(tails.begin(), tails.end(), h);
        if (it == tails.end()) tails.push_back(h);
        else *it = h;
    }
    std::printf("%zu\n", tails.size());
}
