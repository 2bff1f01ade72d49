"""Overlay of `os.isatty` for the standard streams.

Why: GraalPy's standard streams are the host's Java streams, which it never takes for a terminal, so a program
could not tell that it runs in one. The launcher, or the runtime server's client, tells the host which of stdin,
stdout and stderr are a terminal; `os.isatty(0|1|2)` says so while the fd is still that stream (not a kernel
pipe put there with dup2). Limits: the stream objects' own `isatty()` (sys.stdout.isatty()) is GraalPy's and
stays False; GraalPy's stdout is line-buffered whether it is a terminal or not (CPython's only on a terminal).
"""

import os

from graalpy_mp import gateway
from graalpy_mp.overlays import patch

_graalpy_isatty = os.isatty
_terminals = 0  # bit n: fd n (0-2) is a terminal


def isatty(fd, /):
    if type(fd) is int and 0 <= fd <= 2 and _terminals >> fd & 1 and not gateway.is_kernel_fd(fd):
        return True
    return _graalpy_isatty(fd)


isatty.__doc__ = _graalpy_isatty.__doc__
isatty.__module__ = _graalpy_isatty.__module__


@patch('os', 'isatty')
def _patch(os, services):
    global _terminals
    _terminals = services.terminalStreams()
    if _terminals:
        os.isatty = isatty
