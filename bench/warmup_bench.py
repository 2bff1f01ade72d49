"""A CPU-bound round (arithmetic loop + dict counting) repeated: prints the seconds of each round, then the
whole run. Shows how fast a runtime reaches its peak and what the peak is. Used by bench/warmup.sh."""
import sys
import time


def arithmetic(n):
    total = 0
    for i in range(n):
        total += i * i % 7
    return total


def counting(n):
    counts = {}
    for word in ('w%d' % (i % 1000) for i in range(n)):
        counts[word] = counts.get(word, 0) + 1
    return counts


def main(rounds):
    start = time.perf_counter()
    for _ in range(rounds):
        t = time.perf_counter()
        arithmetic(1_000_000)
        counting(300_000)
        print(f'{time.perf_counter() - t:.3f}')
    print(f'{time.perf_counter() - start:.3f}')


if __name__ == '__main__':
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 8)
