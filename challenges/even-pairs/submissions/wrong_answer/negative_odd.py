# Uses C-style remainder: -3 % 2 is taken as -1, so negative odd numbers count as even.
import math
import sys

data = sys.stdin.read().split()
n = int(data[0])
odd = sum(1 for x in data[1:n + 1] if math.fmod(int(x), 2) == 1)
even = n - odd
print(even * (even - 1) // 2 + odd * (odd - 1) // 2)
