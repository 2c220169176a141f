#include <iostream>
#include <string>
#include <utility>
#include <vector>

// TODO: return {number of anagram groups, size of the largest group}.
std::pair<int, int> solve(const std::vector<std::string>& words) {
    return {0, 0};
}

int main() {
    std::ios::sync_with_stdio(false);
    int n;
    std::cin >> n;
    std::vector<std::string> words(n);
    for (auto& w : words) std::cin >> w;
    auto [groups, largest] = solve(words);
    std::cout << groups << ' ' << largest << '\n';
}
