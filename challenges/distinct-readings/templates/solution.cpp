#include <cstdio>
#include <utility>
#include <vector>

// TODO: for each {l, r} (1-based, inclusive), the number of distinct readings; in input order.
std::vector<int> solve(const std::vector<int>& readings, const std::vector<std::pair<int, int>>& questions) {
    return std::vector<int>(questions.size(), 0);
}

int main() {
    int n, q;
    std::scanf("%d %d", &n, &q);
    std::vector<int> readings(n);
    for (auto& a : readings) std::scanf("%d", &a);
    std::vector<std::pair<int, int>> questions(q);
    for (auto& [l, r] : questions) std::scanf("%d %d", &l, &r);
    for (int answer : solve(readings, questions)) std::printf("%d\n", answer);
}
