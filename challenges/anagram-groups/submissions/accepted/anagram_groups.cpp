#include <algorithm>
#include <iostream>
#include <string>
#include <unordered_map>

int main() {
    std::ios::sync_with_stdio(false);
    std::cin.tie(nullptr);
    int n;
    std::cin >> n;
    std::unordered_map<std::string, int> groups;
    groups.reserve(2 * n);
    int largest = 0;
    for (int i = 0; i < n; ++i) {
        std::string w;
        std::cin >> w;
        std::sort(w.begin(), w.end());
        largest = std::max(largest, ++groups[w]);
    }
    std::cout << groups.size() << ' ' << largest << '\n';
}
