"""multiprocessing micro-benchmarks: prints `name seconds` lines, the best of REPEAT runs of each case. Run by
bench/multiprocessing.sh under CPython 3.12 and graalpy-mp in the same run. A benchmark, not a test.
    multiprocessing_bench.py [repeat]
"""
import multiprocessing
import sys
import time

REPEAT = int(sys.argv[1]) if len(sys.argv) > 1 else 3
MESSAGES = {'64B': (b'x' * 64, 2000), '1MiB': (b'x' * (1 << 20), 20)}


def nothing():
    pass


def start_join(method, n=5):
    ctx = multiprocessing.get_context(method)
    for _ in range(n):
        p = ctx.Process(target=nothing)
        p.start()
        p.join()


def drain_pipe(conn, count):
    for _ in range(count):
        conn.recv_bytes()


def drain_queue(queue, count):
    for _ in range(count):
        queue.get()


def pipe_messages(size):
    payload, count = MESSAGES[size]
    reader, writer = multiprocessing.Pipe(duplex=False)
    child = multiprocessing.Process(target=drain_pipe, args=(reader, count))
    child.start()
    start = time.perf_counter()
    for _ in range(count):
        writer.send_bytes(payload)
    child.join()
    return (time.perf_counter() - start) / count


def queue_messages(size):
    payload, count = MESSAGES[size]
    queue = multiprocessing.Queue()
    child = multiprocessing.Process(target=drain_queue, args=(queue, count))
    child.start()
    start = time.perf_counter()
    for _ in range(count):
        queue.put(payload)
    child.join()
    return (time.perf_counter() - start) / count


def cpu(n):
    total = 0
    for i in range(n):
        total += i * i % 7
    return total


def pool_map(workers):
    with multiprocessing.Pool(workers) as pool:
        pool.map(cpu, [300_000] * 8)


def lock_pair(lock, n):
    for _ in range(n):
        lock.acquire()
        lock.release()


def locks(n=20_000):
    lock = multiprocessing.Lock()
    children = [multiprocessing.Process(target=lock_pair, args=(lock, n)) for _ in range(2)]
    start = time.perf_counter()
    for c in children:
        c.start()
    for c in children:
        c.join()
    return (time.perf_counter() - start) / (2 * n)


def add(value, n):
    for _ in range(n):
        with value.get_lock():
            value.value += 1


def value_increments(n=5_000):
    value = multiprocessing.Value('i', 0)
    children = [multiprocessing.Process(target=add, args=(value, n)) for _ in range(2)]
    start = time.perf_counter()
    for c in children:
        c.start()
    for c in children:
        c.join()
    return (time.perf_counter() - start) / (2 * n)


def timed(fn, *args):
    start = time.perf_counter()
    result = fn(*args)
    return result if result is not None else time.perf_counter() - start


CASES = [
    ('start_join_fork', lambda: timed(start_join, 'fork') / 5),
    ('start_join_spawn', lambda: timed(start_join, 'spawn') / 5),
    ('pipe_64B_per_msg', lambda: pipe_messages('64B')),
    ('pipe_1MiB_per_msg', lambda: pipe_messages('1MiB')),
    ('queue_64B_per_msg', lambda: queue_messages('64B')),
    ('queue_1MiB_per_msg', lambda: queue_messages('1MiB')),
    ('pool_map_1_worker', lambda: timed(pool_map, 1)),
    ('pool_map_2_workers', lambda: timed(pool_map, 2)),
    ('lock_pair', locks),
    ('value_increment', value_increments),
]


def main():
    only = set(sys.argv[2:])
    for name, case in sorted(CASES):  # sorted: bench/lib/side_by_side.sh joins the outputs by name
        if only and name not in only:
            continue
        print(f'{name} {min(case() for _ in range(REPEAT)):.6f}', flush=True)


if __name__ == '__main__':
    main()
