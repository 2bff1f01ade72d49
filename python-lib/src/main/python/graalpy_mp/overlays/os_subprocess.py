"""Overlay of `subprocess` for real OS children, which cannot use the kernel's pipes (see graalpy_mp.os_bridge)."""

import errno
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
        number = os_bridge.fork_exec(graalpy_fork_exec, _with_session(args))
        pid = services.takeStartedOsChild()  # the OS pid, which CPython's Popen.pid is (GraalPy's: 1, 2, ...)
        if pid < 0:
            raise RuntimeError('graalpy-mp: GraalPy started an OS process the host did not see start')
        os_wait.note_os_child(pid, number)
        return pid
    subprocess._fork_exec = fork_exec


# Positions in _posixsubprocess.fork_exec's arguments (as CPython 3.12's subprocess calls it)
_ARGS, _EXECUTABLES, _START_NEW_SESSION, _PROCESS_GROUP = 0, 1, 15, 16


def _with_session(args):
    """GraalPy's java backend ignores start_new_session and process_group (the child stays in the JVM's group and
    session). A new session is made by running the program through util-linux's setsid(1), which calls setsid()
    and execs it (same pid: a JVM's child leads no group); its argv[0] is then the program's path if Popen was
    given an `executable` of another name. process_group has no such command: refused."""
    if args[_PROCESS_GROUP] not in (None, -1):
        raise OSError(errno.ENOSYS, 'graalpy-mp: Popen(process_group=...) is not supported: GraalPy starts OS '
                                    'processes through Java, which cannot set their process group')
    if not args[_START_NEW_SESSION]:
        return args
    args = list(args)
    argv, executables = list(args[_ARGS]), args[_EXECUTABLES]
    program = executables[0] if len(executables) == 1 else argv[0]  # an explicit executable, or found on PATH
    as_bytes = isinstance(argv[0], bytes)
    args[_ARGS] = [b'setsid' if as_bytes else 'setsid', os.fsencode(program) if as_bytes else os.fsdecode(program)]
    args[_ARGS] += argv[1:]
    args[_EXECUTABLES] = tuple(os.path.join(os.fsencode(d), b'setsid') for d in os.get_exec_path())
    args[_START_NEW_SESSION] = False
    return tuple(args)
