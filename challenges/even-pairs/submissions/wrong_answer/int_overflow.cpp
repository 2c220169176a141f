// Counts correctly but multiplies in 32-bit ints: overflows once a class has more than ~46,000 members.
#include <cstdio>

int main() {
    int n;
    std::scanf("%d", &n);
    int odd = 0;
    for (int i = 0; i < n; ++i) {
        long long a;
        std::scanf("%lld", &a);
        if (a % 2 != 0) ++odd;
    }
    int even = n - odd;
    std::printf("%d\n", even * (even - 1) / 2 + odd * (odd - 1) / 2);
}
