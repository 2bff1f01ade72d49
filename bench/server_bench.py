"""Cases for bench/server.sh, timed inside the program (`name seconds` per line, best of REPEAT rounds): what a
warm runtime server must make fast once the program's code is compiled. Runs under CPython 3.12 too."""

import multiprocessing as mp
import sys
import time
from concurrent.futures import ThreadPoolExecutor


def cpu_bound(n):
    total = 0
    for i in range(n):
        total += i * i % 7
    return total


def nothing():
    pass


def best(repeat, run):
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        run()
        times.append(time.perf_counter() - start)
    return min(times)


def pool_map():
    with mp.get_context('fork').Pool(2) as pool:
        pool.map(cpu_bound, [1_000_000] * 8)


def start_join(method, count=10):
    context = mp.get_context(method)

    def run():
        for _ in range(count):
            p = context.Process(target=nothing)
            p.start()
            p.join()
    return run, count


def tpe_trivial():
    with ThreadPoolExecutor(4) as pool:
        for future in [pool.submit(nothing) for _ in range(1000)]:
            future.result()


if __name__ == '__main__':
    repeat = int(sys.argv[1]) if len(sys.argv) > 1 else 3
    print('pool2_map_cpu', best(repeat, pool_map))
    for method in ('fork', 'spawn'):
        run, count = start_join(method)
        print(f'process_{method}_start_join', best(repeat, run) / count)
    print('tpe_1000_trivial', best(repeat, tpe_trivial))
