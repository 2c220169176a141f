#include <cstdio>

int main() {
    int n;
    if (std::scanf("%d", &n) != 1) return 1;
    long long odd = 0;
    for (int i = 0; i < n; ++i) {
        long long a;
        std::scanf("%lld", &a);
        if (a % 2 != 0) ++odd;  // -3 % 2 == -1: test for non-zero, not for 1
    }
    long long even = n - odd;
    std::printf("%lld\n", even * (even - 1) / 2 + odd * (odd - 1) / 2);
}
