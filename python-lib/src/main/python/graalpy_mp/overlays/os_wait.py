"""Overlay of `os.waitpid`, `os.wait` (which GraalPy lacks), the W* helpers and `os.waitstatus_to_exitcode`:
waiting for the kernel's processes and for subprocess's real OS children, with Linux's status encoding.

The kernel's statuses are encoded by dev.graalpymp.kernel.proc.WaitStatus, a real OS child's here
(`_wait_os_child`), from what GraalPy answers for it.
"""

import errno
import operator
import os

from graalpy_mp import gateway, os_bridge
from graalpy_mp.overlays import patch

_graalpy_waitpid = os.waitpid
_os_children = {}  # OS pid -> GraalPy's number of a real OS child (subprocess) not yet reaped


def note_os_child(pid, number):
    """os_subprocess started a real OS child `pid`, which GraalPy numbers `number`: waitpid asks GraalPy."""
    _os_children[pid] = number


def is_os_child(pid):
    """Whether pid is a real OS child (subprocess) of this process not yet reaped."""
    return pid in _os_children


def _wait_os_child(pid, options):
    """waitpid of a subprocess child through GraalPy, whose answer is (1, exit code) or (0, 0), with Linux's
    status encoding. Java reports a death by signal N as exit code 128 + N, as shells do: such codes are taken
    for signals (an OS child that exits with 129-192 itself reads as killed)."""
    number = _os_children.get(pid)
    if number is None:
        raise gateway.error(errno.ECHILD)
    done, code = _graalpy_waitpid(number, options)
    if not done:
        return 0, 0
    del _os_children[pid]
    os_bridge.child_reaped(number)
    return pid, (code - 128 if 128 < code <= 192 else (code & 0xff) << 8)


def waitpid(pid, options):
    if pid > 0 and not gateway.kernel.isKernelPid(pid):
        return _wait_os_child(pid, options)
    result = gateway.syscall('waitpid', (pid, options),
                             lambda: tuple(gateway.call(gateway.kernel.waitpid, pid, options)))
    return tuple(result)


def wait():
    return waitpid(-1, 0)


# The wait-status helpers with Linux's encoding (GraalPy's get signals wrong: WTERMSIG(15) == -113). The
# kernel's statuses are encoded by dev.graalpymp.kernel.proc.WaitStatus, a real OS child's by _wait_os_child.

def WIFEXITED(status):
    return (status & 0x7f) == 0


def WEXITSTATUS(status):
    return (status >> 8) & 0xff


def WIFSIGNALED(status):
    low = ((status & 0x7f) + 1) & 0xff
    return (low - 256 if low > 127 else low) >> 1 > 0  # glibc: a signed char, so 0x7f (stopped) is not


def WTERMSIG(status):
    return status & 0x7f


def WIFSTOPPED(status):
    return (status & 0xff) == 0x7f


def WSTOPSIG(status):
    return (status >> 8) & 0xff


def WCOREDUMP(status):
    return bool(status & 0x80)


def WIFCONTINUED(status):
    return status == 0xffff


def waitstatus_to_exitcode(status):
    """CPython's os.waitstatus_to_exitcode (GraalPy's: waitstatus_to_exitcode(256) == -128)."""
    status = operator.index(status)
    if WIFEXITED(status):
        return WEXITSTATUS(status)
    if WIFSIGNALED(status):
        return -WTERMSIG(status)
    raise ValueError(f'invalid wait status: {status}')


_PATCHES = {
    'waitpid': waitpid, 'wait': wait, 'waitstatus_to_exitcode': waitstatus_to_exitcode,
    'WIFEXITED': WIFEXITED, 'WEXITSTATUS': WEXITSTATUS, 'WIFSIGNALED': WIFSIGNALED, 'WTERMSIG': WTERMSIG,
    'WIFSTOPPED': WIFSTOPPED, 'WSTOPSIG': WSTOPSIG, 'WCOREDUMP': WCOREDUMP, 'WIFCONTINUED': WIFCONTINUED,
}
_BUILTINS = gateway.builtins('os', _PATCHES)


@patch('os', *(name for name in _PATCHES if name != 'wait'))  # os.wait is added: GraalPy has none
def _patch(os, services):
    for name, fn in _BUILTINS.items():
        setattr(os, name, fn)
