import sys


def solve(words):
    # TODO: return (number of anagram groups, size of the largest group).
    return 0, 0


def main():
    words = sys.stdin.read().split()[1:]
    groups, largest = solve(words)
    print(groups, largest)


main()
