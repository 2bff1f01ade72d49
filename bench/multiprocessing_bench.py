"""multiprocessing micro-benchmarks: prints `name seconds` lines (per process, message, 1,000 messages or
1,000 operations, as the name says; a Pool.map whole; a struct.unpack_from of a whole shared memory block), the best of REPEAT runs of each case. Run by
bench/multiprocessing.sh under CPython 3.12 and graalpy-mp in the same run. BENCH_WARMUP=S first repeats each
case untimed for S seconds: children are contexts on the parent's Engine, so the code they run gets compiled
once it is hot (the steady state a warm runtime gives). A benchmark, not a test.
    [BENCH_WARMUP=seconds] multiprocessing_bench.py [repeat] [case ...]
"""
import multiprocessing
import os
import struct
import sys
import threading
import time
from multiprocessing import shared_memory

REPEAT = int(sys.argv[1]) if len(sys.argv) > 1 else 3
WARMUP = float(os.environ.get('BENCH_WARMUP', '0'))
MESSAGES = {'64B': (b'x' * 64, 2000), '1MiB': (b'x' * (1 << 20), 20)}


def nothing():
    pass


def start_join(method, n=5):
    ctx = multiprocessing.get_context(method)
    for _ in range(n):
        p = ctx.Process(target=nothing)
        p.start()
        p.join()


def drain(receive, count, signals):
    signals.send_bytes(b'ready')
    for _ in range(count):
        receive()
    signals.send_bytes(b'done')


def messages(channel, size):
    """Seconds per message sent to a child that receives them all: channel 'pipe' or 'queue'. Timed from the
    first send to the child's word that it has received the last: the child's start and exit are the
    start_join cases' business, not this one's (a child of a warm server takes tens of milliseconds to start,
    which spread over 20 messages of 1 MiB would be most of the figure)."""
    payload, count = MESSAGES[size]
    if channel == 'pipe':
        reader, writer = multiprocessing.Pipe(duplex=False)
        receive, send = reader.recv_bytes, writer.send_bytes
    else:
        queue = multiprocessing.Queue()
        receive, send = queue.get, queue.put
    signals, child_signals = multiprocessing.Pipe(duplex=False)
    child = multiprocessing.Process(target=drain, args=(receive, count, child_signals))
    child.start()
    signals.recv_bytes()  # ready
    start = time.perf_counter()
    for _ in range(count):
        send(payload)
    signals.recv_bytes()  # done
    elapsed = time.perf_counter() - start
    child.join()
    return elapsed / count


def cpu(n):
    """CPU-bound work for the pool (the arithmetic round of warmup_bench.py)."""
    return sum(i * i % 7 for i in range(n))


def pool_map(workers):
    with multiprocessing.Pool(workers) as pool:
        pool.map(cpu, [300_000] * 8)


def lock_pair(lock, n):
    for _ in range(n):
        lock.acquire()
        lock.release()


def timed_child(target, shared, n, ready, report):
    ready.wait()  # both children start their loops together
    start = time.perf_counter()
    target(shared, n)
    report.put((start, time.perf_counter()))


def two_children(target, shared, n):
    """Milliseconds per operation (seconds per 1,000) of two children each doing `target(shared, n)` at once,
    timed inside the children (from their common start to the later end): process start-up is not counted."""
    ready, report = multiprocessing.Barrier(2), multiprocessing.Queue()
    children = [multiprocessing.Process(target=timed_child, args=(target, shared, n, ready, report))
                for _ in range(2)]
    for c in children:
        c.start()
    spans = [report.get() for _ in children]
    for c in children:
        c.join()
    return (max(end for _, end in spans) - min(start for start, _ in spans)) / (2 * n) * 1000


def locks(n=20_000):
    return two_children(lock_pair, multiprocessing.Lock(), n)


def lock_pairs_beside_a_busy_thread(n=200):
    """Seconds per 1,000 Lock pairs in a process with another thread running Python code: what a Queue's
    feeder or any busy thread costs each kernel call that lets the GIL go. Not among CASES: on a runtime server the
    busy thread can keep the GIL for good (see the README), which would hang the benchmark; run it alone in a JVM of
    its own, named: multiprocessing_bench.py REPEAT lock_pair_busy_thread_per_1k."""
    lock, stop = multiprocessing.Lock(), []

    def busy():
        while not stop:
            pass
    thread = threading.Thread(target=busy)
    thread.start()
    try:
        start = time.perf_counter()
        lock_pair(lock, n)
        return (time.perf_counter() - start) / n * 1000
    finally:
        stop.append(True)
        thread.join()


def add(value, n):
    for _ in range(n):
        with value.get_lock():
            value.value += 1


def value_increments(n=5_000):
    return two_children(add, multiprocessing.Value('i', 0), n)


def shared_memory_case(work):
    """Seconds of `work(buf)` on a 64 KiB shared memory block."""
    block = shared_memory.SharedMemory(create=True, size=1 << 16)
    try:
        start = time.perf_counter()
        work(block.buf)
        return time.perf_counter() - start
    finally:
        block.close()
        block.unlink()


def read_write_elements(buf, n=1000):
    for i in range(n):
        buf[i] = (buf[i] + 1) & 0xff


def unpack_64kib(buf):
    struct.unpack_from('16384i', buf)


def timed(fn, *args):
    start = time.perf_counter()
    result = fn(*args)
    return result if result is not None else time.perf_counter() - start


CASES = [
    ('start_join_fork', lambda: timed(start_join, 'fork') / 5),
    ('start_join_spawn', lambda: timed(start_join, 'spawn') / 5),
    ('pipe_64B_per_1k_msgs', lambda: messages('pipe', '64B') * 1000),
    ('pipe_1MiB_per_msg', lambda: messages('pipe', '1MiB')),
    ('queue_64B_per_1k_msgs', lambda: messages('queue', '64B') * 1000),
    ('queue_1MiB_per_msg', lambda: messages('queue', '1MiB')),
    ('pool_map_1_worker', lambda: timed(pool_map, 1)),
    ('pool_map_2_workers', lambda: timed(pool_map, 2)),
    ('lock_pair_per_1k', locks),
    ('value_increment_per_1k', value_increments),
    ('shm_element_rw_per_1k', lambda: shared_memory_case(read_write_elements)),
    ('shm_unpack_from_64KiB', lambda: shared_memory_case(unpack_64kib)),
]

# Run only when named (see lock_pairs_beside_a_busy_thread).
ON_REQUEST = [('lock_pair_busy_thread_per_1k', lock_pairs_beside_a_busy_thread)]


def main():
    only = set(sys.argv[2:])
    cases = CASES + [case for case in ON_REQUEST if case[0] in only]
    for name, case in sorted(cases):  # sorted: bench/lib/side_by_side.sh joins the outputs by name
        if only and name not in only:
            continue
        warm_until = time.perf_counter() + WARMUP
        while time.perf_counter() < warm_until:
            case()
        print(f'{name} {min(case() for _ in range(REPEAT)):.6f}', flush=True)


if __name__ == '__main__':
    main()
