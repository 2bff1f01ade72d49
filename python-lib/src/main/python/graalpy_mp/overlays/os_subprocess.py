"""Overlay of `subprocess` for real OS children, which cannot use the kernel's pipes (see graalpy_mp.os_bridge)."""

import os
import types

from graalpy_mp import os_bridge
from graalpy_mp.overlays import os_fds, os_wait, patch


class _OsWithGraalPyPipe(types.ModuleType):
    """`os` as subprocess sees it: the os module itself, as it is at each use, but for `pipe`, GraalPy's own.
    (A copy of os's namespace would cost a process ~10-30 ms to make in GraalPy's interpreter, and would keep
    what os held when it was made.)"""

    def __getattr__(self, name):
        return getattr(os, name)


@patch('subprocess', '_fork_exec', 'os')
def _patch_subprocess(subprocess, services):
    """A real OS child (subprocess) cannot use kernel pipes: subprocess gets GraalPy's own os.pipe (the other
    os calls already pass GraalPy's fds through), and kernel fds given for its standard streams are bridged
    (see graalpy_mp.os_bridge). A child's pid is its OS pid, as CPython's, noted with GraalPy's number for it,
    for waitpid and kill (see dev.graalpymp.host.OsChildren)."""
    real_os = _OsWithGraalPyPipe('os')
    real_os.pipe = os_fds.graalpy_function('pipe')
    subprocess.os = real_os
    graalpy_fork_exec = subprocess._fork_exec

    def fork_exec(*args):
        number = os_bridge.fork_exec(graalpy_fork_exec, args)
        pid = services.takeStartedOsChild()  # the OS pid, which CPython's Popen.pid is (GraalPy's: 1, 2, ...)
        if pid < 0:
            raise RuntimeError('graalpy-mp: GraalPy started an OS process the host did not see start')
        os_wait.note_os_child(pid, number)
        return pid
    subprocess._fork_exec = fork_exec
