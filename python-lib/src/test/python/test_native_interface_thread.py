"""A thread may import ctypes (GraalPy's native interface) while the main thread waits: GraalPy 25.0.3 deadlocked
when the first import of _ctypes came from another thread then (graalpy_mp.main loads it at every process's start).
Runs under CPython 3.12 and graalpy-mp alike."""

import multiprocessing
import threading
import unittest


def import_ctypes_in_a_thread_while_main_waits(result):
    """As a manager's server thread importing the module of a function it was sent, while its main thread waits
    for the stop event."""
    arrived = multiprocessing.Event()

    def other():
        import ctypes
        result.put(ctypes.sizeof(ctypes.c_int))
        arrived.set()
    thread = threading.Thread(target=other)
    thread.start()
    arrived.wait(60)
    thread.join(60)


class NativeInterfaceFromAThread(unittest.TestCase):

    def test_a_thread_may_import_ctypes_while_the_main_thread_waits(self):
        context = multiprocessing.get_context('spawn')  # a fresh process: nothing has imported ctypes yet
        result = context.SimpleQueue()
        child = context.Process(target=import_ctypes_in_a_thread_while_main_waits, args=(result,))
        child.start()
        child.join(120)
        if child.exitcode is None:
            child.kill()
        self.assertEqual(0, child.exitcode)
        self.assertEqual(4, result.get())


if __name__ == '__main__':
    unittest.main()
