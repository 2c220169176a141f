// Groups by the set of letters, ignoring how often each appears: "aab" and "abb" collide.
#include <algorithm>
#include <iostream>
#include <map>
#include <string>

int main() {
    int n;
    std::cin >> n;
    std::map<int, int> groups;
    int largest = 0;
    for (int i = 0; i < n; ++i) {
        std::string w;
        std::cin >> w;
        int mask = 0;
        for (char c : w) mask |= 1 << (c - 'a');
        largest = std::max(largest, ++groups[mask]);
    }
    std::cout << groups.size() << ' ' << largest << '\n';
}
