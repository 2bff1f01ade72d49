"""Threading micro-benchmarks: prints `name seconds` lines, the best of REPEAT runs of each case (so the
JIT gets to warm up). Run by bench/threading.sh under CPython 3.12 and graalpy-mp in the same run.
BENCH_WARMUP=S first repeats each case untimed for S seconds: the time a JIT needs to reach its steady
state (on 2 cores, thread pools take tens of seconds), which best-of-REPEAT alone does not give it.
A benchmark, not a test: it checks nothing.
    [BENCH_WARMUP=seconds] threading_bench.py [repeat] [case ...]
"""
import os
import sys
import threading
import time
import multiprocessing.dummy
from concurrent.futures import ThreadPoolExecutor

REPEAT = int(sys.argv[1]) if len(sys.argv) > 1 else 5
WARMUP = float(os.environ.get('BENCH_WARMUP', '0'))


def lock_counter(n=100_000):
    lock = threading.Lock()
    box = [0]

    def work():
        for _ in range(n):
            with lock:
                box[0] += 1

    threads = [threading.Thread(target=work) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()


def uncontended(n=1_000_000):
    lock = threading.Lock()
    acquire, release = lock.acquire, lock.release
    for _ in range(n):
        acquire()
        release()


def rlock_uncontended(n=1_000_000):
    lock = threading.RLock()
    for _ in range(n):
        with lock:
            pass


def event_ping_pong(n=10_000):
    ping, pong = threading.Event(), threading.Event()

    def responder():
        for _ in range(n):
            ping.wait()
            ping.clear()
            pong.set()

    t = threading.Thread(target=responder)
    t.start()
    for _ in range(n):
        ping.set()
        pong.wait()
        pong.clear()
    t.join()


def thread_start_join(n=1_000):
    for _ in range(n):
        t = threading.Thread(target=int)
        t.start()
        t.join()


def pool_trivial(n=1_000):
    with ThreadPoolExecutor(4) as pool:
        futures = [pool.submit(int, i) for i in range(n)]
        for f in futures:
            f.result()


def dummy_pool_trivial(n=1_000):
    with multiprocessing.dummy.Pool(4) as pool:
        pool.map(int, range(n), chunksize=1)


def pool_sleep():
    with ThreadPoolExecutor(4) as pool:
        list(pool.map(time.sleep, [0.2] * 8))


BENCHES = [lock_counter, uncontended, rlock_uncontended, event_ping_pong, thread_start_join, pool_trivial,
           dummy_pool_trivial, pool_sleep]


def main():
    only = sys.argv[2:] or None
    for bench in sorted(BENCHES, key=lambda b: b.__name__):
        if only and bench.__name__ not in only:
            continue
        warm_until = time.perf_counter() + WARMUP
        while time.perf_counter() < warm_until:
            bench()
        best = float('inf')
        for _ in range(REPEAT):
            t0 = time.perf_counter()
            bench()
            best = min(best, time.perf_counter() - t0)
        print(f'{bench.__name__} {best:.4f}', flush=True)


if __name__ == '__main__':
    main()
