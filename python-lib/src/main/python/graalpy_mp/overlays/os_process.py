"""Overlay of GraalPy's `os` (a frozen module: patched attribute by attribute): processes on the kernel.

Patches os.fork, getpid, getppid, waitpid, wait, kill, killpg, register_at_fork, waitstatus_to_exitcode and the W*
helpers, urandom (recorded), strerror (glibc's messages, as CPython's: GraalPy's differ). Pids the kernel does
not own (subprocess's OS children) go to GraalPy's own functions. File descriptors: see os_fds.

os.fork() by deterministic re-execution: the child is a fresh process that runs the program again from the
start, replaying this module's record of the parent's calls (results returned as recorded, nothing done
twice, output swallowed by the host) until the fork that returns 0, where it goes live. A call that differs
from the record ends the child with an error naming it.
"""

import errno
import operator
import os
import sys
import time

from graalpy_mp import gateway, os_bridge, replay
from graalpy_mp.overlays import os_fds, patch, signal_handlers, thread_module

_graalpy_waitpid = os.waitpid
_graalpy_kill = gateway.with_glibc_messages(os.kill)
_orig_sleep = time.sleep


@patch('time', 'sleep')
def _patch_time(time, services):
    if replay.replaying():  # live, time.sleep stays GraalPy's builtin (CPython's repr and speed)
        time.sleep = _sleep
        replay.when_live(_restore_sleep)


@patch('subprocess', '_fork_exec', 'os')
def _patch_subprocess(subprocess, services):
    """A real OS child (subprocess) cannot use kernel pipes: subprocess gets GraalPy's own os.pipe (the other
    os calls already pass GraalPy's fds through), and kernel fds given for its standard streams are bridged
    (see graalpy_mp.os_bridge). The pids of the OS children it starts are noted, for waitpid."""
    import types
    real_os = types.ModuleType('os')
    real_os.__dict__.update(os.__dict__)
    real_os.pipe = os_fds.graalpy_function('pipe')
    subprocess.os = real_os
    graalpy_fork_exec = subprocess._fork_exec

    def fork_exec(*args):
        pid = os_bridge.fork_exec(graalpy_fork_exec, args)
        _os_children.add(pid)
        return pid
    subprocess._fork_exec = fork_exec


_os_children = set()  # pids of real OS children (subprocess) not yet reaped


def _wait_os_child(pid, options):
    """waitpid of a subprocess child through GraalPy, whose answer is (1, exit code) or (0, 0), with Linux's
    status encoding. Java reports a death by signal N as exit code 128 + N, as shells do: such codes are taken
    for signals (an OS child that exits with 129-192 itself reads as killed)."""
    if pid not in _os_children:
        raise gateway.error(errno.ECHILD)
    done, code = _graalpy_waitpid(pid, options)
    if not done:
        return 0, 0
    _os_children.discard(pid)
    os_bridge.child_reaped(pid)
    return pid, (code - 128 if 128 < code <= 192 else (code & 0xff) << 8)


# ---- processes ----

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


def fork():
    thread_module.refuse_at_shutdown('fork')
    threading = sys.modules.get('threading')
    if threading is not None and threading.active_count() > 1:
        raise RuntimeError(
            'graalpy-mp: os.fork() while other threads are running is not supported: the child is made by '
            're-executing the program, which cannot reproduce the other threads\' state '
            '(CPython 3.12 itself warns that forking a multi-threaded process may deadlock the child)')
    _run_hooks('before')
    pid = replay.fork()
    _run_hooks('after_in_child' if pid == 0 else 'after_in_parent')
    return pid


def waitpid(pid, options):
    if pid > 0 and not gateway.kernel.isKernelPid(pid):
        return _wait_os_child(pid, options)
    result = gateway.syscall('waitpid', (pid, options),
                             lambda: tuple(gateway.call(gateway.kernel.waitpid, pid, options)))
    return tuple(result)


def wait():
    return waitpid(-1, 0)


def kill(pid, sig):
    pid, sig = operator.index(pid), operator.index(sig)
    if (pid > 0 and not gateway.kernel.isKernelPid(pid)) or (pid < -1 and not gateway.kernel.isKernelPid(-pid)):
        return _graalpy_kill(pid, sig)  # a real OS process or group, e.g. a subprocess child
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


_graalpy_urandom = os.urandom


def urandom(size):
    """os.urandom, recorded: a forked child replays the bytes its parent got."""
    return gateway.syscall('urandom', (size,), lambda: _graalpy_urandom(size))


@patch('random', 'Random.seed', '_inst')
def _seed_random_from_urandom(random, services):
    """random's seeds come from os.urandom, which is recorded, so that what a program draws before os.fork()
    is the same in the re-executed child (GraalPy seeds from Java, which a replay cannot repeat). After a fork
    the child reseeds, as CPython's random does (it registered no hook: it was imported before os.fork existed)."""
    graalpy_seed = random.Random.seed

    def seed(self, a=None, version=2):
        if a is None:
            a = int.from_bytes(urandom(32), 'big')
        graalpy_seed(self, a, version)
    seed.__doc__ = graalpy_seed.__doc__
    random.Random.seed = seed
    random._inst.seed()
    register_at_fork(after_in_child=random._inst.seed)


def _restore_sleep():
    if time.sleep is _sleep:
        time.sleep = _orig_sleep


def _sleep(seconds):
    if replay.replaying() and isinstance(seconds, (int, float)) and seconds >= 0:
        return None  # the parent already slept: a replay does not wait again
    return _orig_sleep(seconds)  # also raises CPython's errors for a bad argument


_PATCHES = {
    'getpid': getpid, 'getppid': getppid, 'fork': fork,
    'register_at_fork': register_at_fork, 'waitpid': waitpid, 'wait': wait, 'kill': kill, 'killpg': killpg, 'waitstatus_to_exitcode': waitstatus_to_exitcode,
    'WIFEXITED': WIFEXITED, 'WEXITSTATUS': WEXITSTATUS, 'WIFSIGNALED': WIFSIGNALED, 'WTERMSIG': WTERMSIG,
    'WIFSTOPPED': WIFSTOPPED, 'WSTOPSIG': WSTOPSIG, 'WCOREDUMP': WCOREDUMP, 'WIFCONTINUED': WIFCONTINUED,
    'strerror': gateway.strerror, 'urandom': urandom,
}
_BUILTINS = gateway.builtins('os', _PATCHES)


@patch('os', *(name for name in _PATCHES if name not in ('fork', 'wait')))  # added: GraalPy has neither
def _patch_os(os, services):
    for name, fn in _BUILTINS.items():
        setattr(os, name, fn)
