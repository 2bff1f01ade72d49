"""The Popen of multiprocessing's `fork` start method: CPython's popen_fork.Popen (waitpid, kill, sentinel)
with the child made by state transfer instead of os.fork (see transfer.py)."""

import os

from multiprocessing import popen_fork, util

from graalpy_mp.mp import transfer
from graalpy_mp.overlays import signal_handlers


class Popen(popen_fork.Popen):
    method = 'fork'

    def _launch(self, process_obj):
        self._start_with_sentinels(lambda child_r, close_in_child: transfer.start(
            process_obj, self, child_r, close_in_child))

    def _start_with_sentinels(self, start, payload=None):
        """The pipes of CPython's fork Popen around `start(child_r, fds_the_child_closes)`: the parent's
        sentinel reads EOF once the child (which holds child_w) has ended; the child's (child_r), once the
        parent has. `payload` goes down child_r first (spawn's preparation data and process object)."""
        parent_r, child_w = os.pipe()
        child_r, parent_w = os.pipe()
        self.pid = start(child_r, (parent_r, parent_w))
        os.close(child_w)
        os.close(child_r)
        self.finalizer = util.Finalize(self, util.close_fds, (parent_r, parent_w))
        self.sentinel = parent_r
        if payload is not None:
            with open(parent_w, 'wb', closefd=False) as to_child:
                to_child.write(payload)

    def duplicate_for_child(self, fd):
        return fd  # the child inherits the fd table

    class DupFd:
        """An fd the child inherits (multiprocessing.reduction.DupFd while spawning)."""

        def __init__(self, fd):
            self.fd = fd

        def detach(self):
            return self.fd


class SpawnPopen(Popen):
    """The Popen of the spawn (and forkserver) start method: CPython's spawn protocol (main re-imported as
    __mp_main__, the process object pickled, a picklable target required), the child a context of the pool."""
    method = 'spawn'

    def __init__(self, process_obj, method='spawn'):
        self.method = method
        self._fds = []
        super().__init__(process_obj)

    def duplicate_for_child(self, fd):
        self._fds.append(fd)
        return fd

    def _launch(self, process_obj):
        import io
        from multiprocessing import context, reduction, spawn
        prep_data = spawn.get_preparation_data(process_obj._name)
        data = io.BytesIO()
        context.set_spawning_popen(self)
        try:
            reduction.dump(prep_data, data)
            reduction.dump(process_obj, data)
        finally:
            context.set_spawning_popen(None)
        ignored = _ignored_at_server_start() if self.method == 'forkserver' else signal_handlers.ignored()
        self._start_with_sentinels(lambda child_r, close_in_child: transfer.start_spawned(
            child_r, close_in_child, ignored), data.getvalue())


_forkserver_ignored = None


def _ignored_at_server_start():
    """The signals a forkserver child starts ignoring: CPython's are forked from a server that was exec'd at the
    first forkserver start, so they have the SIG_IGN dispositions the program had then (handlers: SIG_DFL)."""
    global _forkserver_ignored
    if _forkserver_ignored is None:
        _forkserver_ignored = signal_handlers.ignored()
    return _forkserver_ignored
