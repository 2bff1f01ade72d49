"""The training run of the JVM's AOT cache (bin/lib/class-data.sh): what most programs do at start-up and what
the plugin's processes and threads need, so that the classes behind it are loaded and linked from the cache
(and their methods' profiles kept) in later runs. It prints nothing and exits 0."""

import os
import threading
from concurrent.futures import ThreadPoolExecutor
import multiprocessing


def square(x):
    return x * x


def main():
    with ThreadPoolExecutor(2) as pool:
        list(pool.map(square, range(8)))
    r, w = os.pipe()
    pid = os.fork()
    if pid == 0:
        os.write(w, b'x')
        os._exit(0)
    os.read(r, 1)
    os.waitpid(pid, 0)
    queue = multiprocessing.Queue()
    child = multiprocessing.Process(target=queue.put, args=(square(3),))
    child.start()
    queue.get()
    child.join()
    threading.Thread(target=square, args=(2,)).start()


if __name__ == '__main__':
    main()
