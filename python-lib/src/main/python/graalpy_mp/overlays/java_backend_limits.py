"""Overlay of the `os` functions GraalPy's java POSIX backend cannot do: an OSError instead of a dead process.

Why: on that backend these functions throw a Java UnsupportedPosixFeatureException that Python code cannot
catch: the process ended "abnormally" in the middle of the program (os.setsid() in a daemon, shutil.chown,
os.openpty in pty code). Each now raises OSError(ENOSYS) naming the function and the reason, which a program
can catch as it catches any OSError. os.getpgrp and os.getpgid of this process answer from the kernel (a
virtual process's group); process groups of other processes are issue-tracked work, refused the same way.
"""

import errno
import os

from graalpy_mp import gateway

# os functions that throw UnsupportedPosixFeatureException on GraalPy 25.0's java POSIX backend
UNSUPPORTED = ('openpty', 'chown', 'fchown', 'lchown', 'getsid', 'setpgid', 'setpgrp', 'setsid', 'killpg')
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
    if pid in (0, os.getpid()):
        return getpgrp()
    raise unsupported('getpgid', 'the process group of another process is not tracked')


def access(path, mode, *, dir_fd=None, effective_ids=False, follow_symlinks=True):
    if effective_ids:
        raise unsupported('access(effective_ids=True)')
    return _graalpy_access(path, mode, dir_fd=dir_fd, follow_symlinks=follow_symlinks)


def _replacements():
    functions = {name: _refusal(name) for name in UNSUPPORTED if hasattr(os, name)}
    for function, name in ((getpgrp, 'getpgrp'), (getpgid, 'getpgid'), (access, 'access')):
        if hasattr(os, name):
            function.__doc__ = getattr(os, name).__doc__
            function.__module__ = 'posix'
            functions[name] = function
    return gateway.builtins('os', functions)


_BUILTINS = _replacements()


def install(services):
    for name, function in _BUILTINS.items():
        setattr(os, name, function)
