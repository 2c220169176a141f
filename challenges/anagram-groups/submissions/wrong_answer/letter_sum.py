# Groups by the sum of character codes: "ad" and "bc" collide.
import sys
from collections import Counter

words = sys.stdin.read().split()[1:]
groups = Counter(sum(map(ord, w)) for w in words)
print(len(groups), max(groups.values()))
