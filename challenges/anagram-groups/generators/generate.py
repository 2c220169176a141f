"""Writes data/secret/*.in deterministically; answers come from submissions/accepted/anagram_groups.py."""
import pathlib
import random
import string

SECRET = pathlib.Path(__file__).resolve().parent.parent / 'data' / 'secret'


def write(name, words):
    (SECRET / f'{name}.in').write_text(f'{len(words)}\n' + ''.join(f'{w}\n' for w in words))


def shuffled(rng, word):
    letters = list(word)
    rng.shuffle(letters)
    return ''.join(letters)


def main():
    rng = random.Random(7)
    SECRET.mkdir(parents=True, exist_ok=True)
    write('01-single', ['a'])
    # Same letter sums, different letters: breaks a "sum of character codes" key.
    write('02-equal-sums', ['ad', 'bc', 'cb', 'da', 'aaa', 'abz', 'zba'])
    write('03-duplicates', ['aab', 'aba', 'aab', 'abb', 'bab', 'b'])
    bases = [''.join(rng.choice('abcdefgh') for _ in range(rng.randint(3, 12))) for _ in range(2000)]
    write('04-many-groups', [shuffled(rng, rng.choice(bases)) for _ in range(100_000)])
    alphabet = string.ascii_lowercase
    write('05-random-long', [''.join(rng.choice(alphabet) for _ in range(20)) for _ in range(100_000)])


if __name__ == '__main__':
    main()
