# bisect_right allows equal altitudes in a climb: counts plateaus as climbing.
import sys
from bisect import bisect_right

data = sys.stdin.read().split()
tails = []
for h in map(int, data[1:int(data[0]) + 1]):
    k = bisect_right(tails, h)
    if k == len(tails):
        tails.append(h)
    else:
        tails[k] = h
print(len(tails))
