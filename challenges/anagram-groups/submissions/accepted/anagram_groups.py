import sys
from collections import Counter


def main():
    words = sys.stdin.buffer.read().split()[1:]
    groups = Counter(bytes(sorted(w)) for w in words)
    print(len(groups), max(groups.values()))


main()
