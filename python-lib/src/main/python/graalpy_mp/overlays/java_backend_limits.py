"""Overlay of the `os` functions GraalPy's java POSIX backend cannot do: an OSError instead of a dead process.

Why: on that backend these functions throw a Java UnsupportedPosixFeatureException that Python code cannot
catch: the process ended "abnormally" in the middle of the program (os.setsid() in a daemon, shutil.chown,
os.openpty in pty code). Each now raises OSError(ENOSYS) naming the function and the reason, which a program
can catch as it catches any OSError. Process groups and sessions (getpgrp, getpgid, setpgid, setpgrp, getsid,
setsid) are the kernel's, with Linux's rules (a real OS process's are read from /proc); os.killpg is in
os_process, beside os.kill.
"""

import errno
import operator
import os

from graalpy_mp import gateway
from graalpy_mp.overlays import patch

# os functions that throw UnsupportedPosixFeatureException on GraalPy 25.0's java POSIX backend (os_paths
# makes chown and lchown of a path through the host; these refusals stay for an fd or a dir_fd)
UNSUPPORTED = ('openpty', 'chown', 'fchown', 'lchown')
_PROCESS_GROUPS = ('getpgrp', 'getpgid', 'getsid', 'setpgid', 'setpgrp', 'setsid')
_graalpy_access = os.access


def unsupported(name, why="GraalPy's java POSIX backend does not implement it"):
    return OSError(errno.ENOSYS, f'graalpy-mp: os.{name} is not supported: {why}')


def _refusal(name):
    def refused(*args, **kwargs):
        if name == 'fchown' and args:
            os.fstat(args[0])  # EBADF first, as Linux checks the fd
        raise unsupported(name)
    refused.__name__ = refused.__qualname__ = name
    refused.__module__ = 'posix'
    refused.__doc__ = getattr(os, name).__doc__
    return refused


def getpgrp():
    return gateway.syscall('getpgrp', (), gateway.kernel.getpgrp)


def getpgid(pid):
    pid = operator.index(pid)
    return gateway.syscall('getpgid', (pid,), lambda: gateway.call(gateway.kernel.getpgid, pid))


def getsid(pid):
    pid = operator.index(pid)
    return gateway.syscall('getsid', (pid,), lambda: gateway.call(gateway.kernel.getsid, pid))


def setpgid(pid, pgrp):
    pid, pgrp = operator.index(pid), operator.index(pgrp)
    gateway.syscall('setpgid', (pid, pgrp), lambda: gateway.void(gateway.kernel.setpgid, pid, pgrp))


def setpgrp():
    setpgid(0, 0)


def setsid():
    gateway.syscall('setsid', (), lambda: gateway.void(gateway.kernel.setsid))


def access(path, mode, *, dir_fd=None, effective_ids=False, follow_symlinks=True):
    if effective_ids:
        raise unsupported('access(effective_ids=True)')
    return _graalpy_access(path, mode, dir_fd=dir_fd, follow_symlinks=follow_symlinks)


def _replacements():
    functions = {name: _refusal(name) for name in UNSUPPORTED if hasattr(os, name)}
    for function in (getpgrp, getpgid, getsid, setpgid, setpgrp, setsid, access):
        name = function.__name__
        if hasattr(os, name):
            function.__doc__ = getattr(os, name).__doc__
            function.__module__ = 'posix'
            functions[name] = function
    return gateway.builtins('os', functions)


_BUILTINS = _replacements()


@patch('os', *UNSUPPORTED, *_PROCESS_GROUPS, 'access')
def _patch(os, services):
    for name, function in _BUILTINS.items():
        setattr(os, name, function)
