"""An internal error of the runtime (graalpy-mp: a Java exception out of GraalPy) in a thread other than the
main one ends its process with status 1 and a line on stderr, instead of leaving the thread's joiner waiting
for ever. The error is made with a GraalPy 25.0.3 bug: a function made from a generator's code that went
through marshal runs the generator's body as a plain call and fails in the interpreter. Under CPython (or a
GraalPy without the bug) the function works and the child exits with 0. Runs unchanged under CPython 3.12."""

import marshal
import multiprocessing
import threading
import types
import unittest


def numbers():
    total = 0
    yield total


def run_broken_generator_in_a_thread():
    function = types.FunctionType(marshal.loads(marshal.dumps(numbers.__code__)), globals(), 'numbers')
    thread = threading.Thread(target=lambda: list(function()))
    thread.start()
    thread.join()


class InternalErrorInAThreadTest(unittest.TestCase):

    def test_the_process_ends_instead_of_hanging(self):
        child = multiprocessing.Process(target=run_broken_generator_in_a_thread)
        child.start()
        child.join(60)
        if child.exitcode is None:
            child.kill()
            child.join()
            self.fail('the process hung after an error in its thread')
        self.assertIn(child.exitcode, (0, 1))


if __name__ == '__main__':
    unittest.main()
