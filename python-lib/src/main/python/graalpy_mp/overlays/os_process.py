"""Overlay of GraalPy's `os` (a frozen module: patched attribute by attribute): processes on the kernel.

Patches os.fork, register_at_fork, getpid, getppid, kill and killpg. A subprocess child is signalled by the host
(dev.graalpymp.host.OsChildren); other pids the kernel does not own go to GraalPy's own kill. Waiting for
processes: os_wait; file descriptors: os_fds.

os.fork() by deterministic re-execution: the child is a fresh process that runs the program again from the
start, replaying the record of the parent's calls (graalpy_mp.replay: results returned as recorded, nothing done
twice, output swallowed by the host) until the fork that returns 0, where it goes live. A call that differs
from the record ends the child with an error naming it.
"""

import errno
import operator
import os
import sys

from graalpy_mp import gateway, replay
from graalpy_mp.overlays import os_wait, patch, signal_handlers, thread_module, thread_reuse

_graalpy_kill = gateway.with_glibc_messages(os.kill)


def getpid():
    return gateway.syscall('getpid', (), gateway.kernel.getpid)


def getppid():
    return gateway.syscall('getppid', (), gateway.kernel.getppid)


_at_fork = {'before': [], 'after_in_parent': [], 'after_in_child': []}


def register_at_fork(*, before=None, after_in_child=None, after_in_parent=None):
    """os.register_at_fork, as CPython: before-hooks run in reverse order of registration, after-hooks in order."""
    hooks = {'before': before, 'after_in_child': after_in_child, 'after_in_parent': after_in_parent}
    if all(h is None for h in hooks.values()):
        raise TypeError('At least one argument is required.')
    for name, hook in hooks.items():
        if hook is not None and not callable(hook):
            raise TypeError(f"'{name}' must be callable, not {type(hook).__name__}")
    for name, hook in hooks.items():
        if hook is not None:
            _at_fork[name].append(hook)


def _run_hooks(name):
    hooks = _at_fork[name]
    for hook in (reversed(hooks) if name == 'before' else list(hooks)):
        if getattr(hook, '__module__', None) == 'threading':
            # threading's hook repairs the thread state a real fork leaves behind; a re-executed child has
            # only its own main thread already (fork refuses to run while other threads exist).
            continue
        try:
            hook()
        except BaseException as exc:  # CPython reports and goes on
            sys.unraisablehook(sys.UnraisableHookArgs((type(exc), exc, exc.__traceback__,
                                                       'Exception ignored in fork hook', hook)))


def _await_ended_threads(threading):
    """In a child re-executing the program, at the fork its parent made: the parent had no other Thread running
    there, but the Threads the re-execution started again may not have ended yet (or have not released their
    join lock); CPython's child has none left (`is_alive()` False), so they are waited for."""
    current = threading.current_thread()
    for thread in threading.enumerate():
        if thread is not current and thread is not threading.main_thread() and \
                not isinstance(thread, threading._DummyThread):
            thread.join()
    thread_reuse.await_ended_threads()


def fork():
    thread_module.refuse_at_shutdown('fork')
    threading = sys.modules.get('threading')
    if threading is not None and replay.forked_here():
        _await_ended_threads(threading)
    if threading is not None and threading.active_count() > 1:
        raise RuntimeError(
            'graalpy-mp: os.fork() while other threads are running is not supported: the child is made by '
            're-executing the program, which cannot reproduce the other threads\' state '
            '(CPython 3.12 itself warns that forking a multi-threaded process may deadlock the child)')
    _run_hooks('before')
    pid = replay.fork()
    _run_hooks('after_in_child' if pid == 0 else 'after_in_parent')
    return pid


def kill(pid, sig):
    pid, sig = operator.index(pid), operator.index(sig)
    if os_wait.is_os_child(abs(pid)) and pid != -1:
        # A subprocess child, or the group it leads (start_new_session): the host's kill(2), any signal, its pipes
        # left open (GraalPy's kill closes them and sends only SIGTERM and SIGKILL, and no group); recorded, so
        # that a fork child replaying it sends nothing.
        services = gateway.services()
        return gateway.syscall('kill', (pid, sig), lambda: gateway.void(services.signalOsChild, pid, sig))
    if (pid > 0 and not gateway.kernel.isKernelPid(pid)) or (pid < -1 and not gateway.kernel.isKernelPid(-pid)):
        return _graalpy_kill(pid, sig)  # another real OS process or group
    # The kernel signals the other processes reached; a handler of this process's own runs here, at once.
    reaches_self = pid in (0, getpid()) or (pid < -1 and -pid == os.getpgrp())
    now = reaches_self and signal_handlers.runs_now(sig)
    gateway.syscall('kill', (pid, sig), lambda: gateway.void(gateway.kernel.kill, pid, sig, now))
    if now:
        signal_handlers.deliver_to_self(sig)


def killpg(pgid, sig):
    pgid, sig = operator.index(pgid), operator.index(sig)
    if pgid < 0:
        raise gateway.error(errno.EINVAL)  # glibc's killpg checks before kill(-pgid)
    kill(-pgid, sig)


_PATCHES = {'getpid': getpid, 'getppid': getppid, 'fork': fork, 'register_at_fork': register_at_fork, 'kill': kill,
            'killpg': killpg}
_BUILTINS = gateway.builtins('os', _PATCHES)


@patch('os', 'getpid', 'getppid', 'register_at_fork', 'kill', 'killpg')  # os.fork is added: GraalPy has none
def _patch(os, services):
    for name, fn in _BUILTINS.items():
        setattr(os, name, fn)
