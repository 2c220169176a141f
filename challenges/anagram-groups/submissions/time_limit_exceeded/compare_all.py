# Compares each word with a representative of every group found so far: O(n * groups).
import sys

words = sys.stdin.read().split()[1:]
representatives = []
sizes = []
for w in words:
    key = sorted(w)
    for i, r in enumerate(representatives):
        if r == key:
            sizes[i] += 1
            break
    else:
        representatives.append(key)
        sizes.append(1)
print(len(representatives), max(sizes))
