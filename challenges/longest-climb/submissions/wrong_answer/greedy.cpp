// Starts at the first point and always takes the next higher one: not optimal.
#include <cstdio>

int main() {
    int n;
    std::scanf("%d", &n);
    int count = 0;
    long long last = -1;
    for (int i = 0; i < n; ++i) {
        long long h;
        std::scanf("%lld", &h);
        if (h > last) {
            ++count;
            last = h;
        }
    }
    std::printf("%d\n", count);
}
