"""Process benchmark: the same work under CPython and graalpy-mp (bench/processes.sh runs both and prints
ratios). Prints one line per measurement: name, value, unit. Not a test: it asserts nothing."""

import os
import sys
import time

FORKS = int(os.environ.get('BENCH_FORKS', '10'))


def fork_round_trip():
    """os.fork() + os._exit(0) in the child + os.waitpid in the parent, ms per round trip."""
    start = time.perf_counter()
    for _ in range(FORKS):
        pid = os.fork()
        if pid == 0:
            os._exit(0)
        os.waitpid(pid, 0)
    return (time.perf_counter() - start) / FORKS * 1000


def child_start_latency():
    """From os.fork() in the parent to the child's first byte on a pipe, ms, for the 1st..FORKS-th child."""
    latencies = []
    for _ in range(FORKS):
        r, w = os.pipe()
        start = time.perf_counter()
        pid = os.fork()
        if pid == 0:
            os.write(w, b'!')
            os._exit(0)
        os.read(r, 1)
        latencies.append((time.perf_counter() - start) * 1000)
        os.close(r)
        os.close(w)
        os.waitpid(pid, 0)
    return latencies


def pipe_throughput(chunk, total):
    """A child writes `total` bytes in `chunk`-sized writes; the parent reads them all: MB/s, timed from the
    first bytes read to the last, so that the child's start (fork_round_trip's business) is not counted."""
    r, w = os.pipe()
    pid = os.fork()
    if pid == 0:
        os.close(r)
        data = b'x' * chunk
        for _ in range(total // chunk):
            os.write(w, data)
        os._exit(0)
    os.close(w)
    received = len(os.read(r, 65536))
    start, timed = time.perf_counter(), 0
    while True:
        got = os.read(r, 65536)
        if not got:
            break
        timed += len(got)
    elapsed = time.perf_counter() - start
    received += timed
    os.close(r)
    os.waitpid(pid, 0)
    assert received == total, (received, total)
    return timed / elapsed / 1e6


def main():
    which = sys.argv[1:] or ['fork', 'latency', 'pipe']
    if 'fork' in which:
        print(f'fork_round_trip {fork_round_trip():.2f} ms')
    if 'latency' in which:
        lat = child_start_latency()
        print(f'child_start_1st {lat[0]:.2f} ms')
        print(f'child_start_nth {sorted(lat[1:])[len(lat[1:]) // 2]:.2f} ms')
    if 'pipe' in which:
        print(f'pipe_64B {pipe_throughput(64, 2 * 1024 * 1024):.2f} MB/s')
        print(f'pipe_64KiB {pipe_throughput(65536, 32 * 1024 * 1024):.2f} MB/s')
    sys.stdout.flush()


if __name__ == '__main__':
    main()
