import sys


def main():
    data = sys.stdin.buffer.read().split()
    n = int(data[0])
    odd = sum(int(x) & 1 for x in data[1:n + 1])
    even = n - odd
    print(even * (even - 1) // 2 + odd * (odd - 1) // 2)


main()
