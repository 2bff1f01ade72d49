"""Signal dispositions of multiprocessing's spawn and forkserver children, as on CPython 3.12 (fork + exec):
SIG_IGN is kept, handlers become SIG_DFL; a forkserver child has those of the program when the server started
(its first forkserver process). Runs unchanged under CPython 3.12."""

import multiprocessing
import signal
import unittest

_REPORTED = (signal.SIGUSR1, signal.SIGUSR2, signal.SIGTERM, signal.SIGINT)


def _report(queue):
    queue.put([int(signal.getsignal(signum)) if not callable(signal.getsignal(signum)) else 'handler'
               for signum in _REPORTED])


def _dispositions(method):
    context = multiprocessing.get_context(method)
    queue = context.Queue()
    process = context.Process(target=_report, args=(queue,))
    process.start()
    try:
        return queue.get(timeout=60)
    finally:
        process.join()


class SpawnedDispositionsTest(unittest.TestCase):

    def test_ignored_signals_are_kept_handlers_are_not(self):
        saved = {signum: signal.getsignal(signum) for signum in _REPORTED}
        self.addCleanup(lambda: [signal.signal(signum, handler) for signum, handler in saved.items()])
        signal.signal(signal.SIGUSR1, signal.SIG_IGN)
        signal.signal(signal.SIGTERM, lambda signum, frame: None)
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        ign, dfl = int(signal.SIG_IGN), int(signal.SIG_DFL)
        self.assertEqual([ign, dfl, dfl, ign], _dispositions('forkserver'))  # the server starts now
        signal.signal(signal.SIGUSR2, signal.SIG_IGN)
        signal.signal(signal.SIGINT, signal.default_int_handler)
        self.assertEqual([ign, ign, dfl, 'handler'], _dispositions('spawn'))
        self.assertEqual([ign, dfl, dfl, ign], _dispositions('forkserver'))  # the server's, from its start


if __name__ == '__main__':
    unittest.main()
