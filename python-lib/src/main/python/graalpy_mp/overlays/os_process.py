"""Overlay of GraalPy's `os` (a frozen module: patched attribute by attribute): processes and pipes on the
kernel.

Patches os.fork, pipe, read, write, close, dup, dup2, fstat, get/set_blocking, get/set_inheritable, getpid,
getppid, waitpid, wait, kill, waitstatus_to_exitcode and the W* helpers, strerror (glibc's messages, as
CPython's: GraalPy's differ). Calls on fds and pids the kernel does not own go to
GraalPy's own functions. GraalPy's fd table keeps a placeholder (an fd on /dev/null) at every number the kernel
hands out, so the two tables never give out the same number and the first os.pipe() of a program is (3, 4),
as in CPython.

os.fork() by deterministic re-execution: the child is a fresh process that runs the program again from the
start, replaying this module's record of the parent's calls (results returned as recorded, nothing done
twice, output swallowed by the host) until the fork that returns 0, where it goes live. A call that differs
from the record ends the child with an error naming it.
"""

import errno
import gc
import operator
import os
import sys
import time

import polyglot

from graalpy_mp import strerror_table
from graalpy_mp.overlays import replay, thread_module

_graalpy = {name: getattr(os, name) for name in (
    'pipe', 'read', 'write', 'close', 'dup', 'dup2', 'fstat', 'get_blocking', 'set_blocking',
    'get_inheritable', 'set_inheritable', 'kill', 'open')}
_graalpy_waitpid = os.waitpid


def _with_glibc_messages(fn):
    """GraalPy's own function, its OSErrors carrying CPython's (glibc's) strerror."""
    def call(*args):
        try:
            return fn(*args)
        except OSError as exc:
            if exc.errno is None or exc.filename is not None:
                raise
            raise OSError(exc.errno, strerror_table.strerror(exc.errno)) from None
    return call


_orig = {name: _with_glibc_messages(fn) for name, fn in _graalpy.items()}
_orig_sleep = time.sleep

_sys = None
_services = None
_kfds = set()  # the numbers of this process's kernel fds (each with a GraalPy placeholder)


def install(services):
    global _sys, _services
    _services = services
    _sys = services.syscalls()
    replay.start(services)
    for name, fn in _PATCHES.items():
        setattr(os, name, fn)
    if replay.replaying():  # live, time.sleep stays GraalPy's builtin (CPython's repr and speed)
        time.sleep = _sleep
        replay.when_live(_restore_sleep)
    from graalpy_mp.overlays.after_import import when_imported
    when_imported('subprocess', _patch_subprocess)
    when_imported('random', _seed_random_from_urandom)


def _patch_subprocess(subprocess):
    """A real OS child (subprocess) cannot use kernel pipes: subprocess gets GraalPy's own os.pipe (the other
    os calls already pass GraalPy's fds through). The pids of the OS children it starts are noted, for
    waitpid."""
    import types
    real_os = types.ModuleType('os')
    real_os.__dict__.update(os.__dict__)
    real_os.pipe = _graalpy['pipe']
    subprocess.os = real_os
    graalpy_fork_exec = subprocess._fork_exec

    def fork_exec(*args, **kwargs):
        pid = graalpy_fork_exec(*args, **kwargs)
        _os_children.add(pid)
        return pid
    subprocess._fork_exec = fork_exec


_os_children = set()  # pids of real OS children (subprocess) not yet reaped


def _wait_os_child(pid, options):
    """waitpid of a subprocess child through GraalPy, whose answer is (1, exit code) or (0, 0), with Linux's
    status encoding. Java reports a death by signal N as exit code 128 + N, as shells do: such codes are taken
    for signals (an OS child that exits with 129-192 itself reads as killed)."""
    if pid not in _os_children:
        raise ChildProcessError(errno.ECHILD, strerror_table.strerror(errno.ECHILD))
    done, code = _graalpy_waitpid(pid, options)
    if not done:
        return 0, 0
    _os_children.discard(pid)
    return pid, (code - 128 if 128 < code <= 192 else (code & 0xff) << 8)


def is_kernel_fd(fd):
    """Whether fd is one of this process's kernel fds (for the select overlay)."""
    return fd in _kfds


def kernel_call(fn, *args):
    """A kernel call with CPython's OSErrors (for the other overlays)."""
    return _k(fn, *args)


def syscalls():
    return _sys


def services():
    """The host's per-process object (graalpy_mp.mp starts children through it)."""
    return _services


def _k(fn, *args):
    """Calls the kernel, turning its errno errors into CPython's OSError subclasses."""
    try:
        return fn(*args)
    except BaseException as exc:  # host exceptions are not Exception subclasses
        if isinstance(exc, polyglot.ForeignException) and hasattr(exc, 'errno'):
            raise OSError(exc.errno(), exc.strerror()) from None
        raise


def _void(fn, *args):
    """A kernel call without a result (Java's void is a foreign None, which the record cannot hold)."""
    _k(fn, *args)


def _placeholder():
    """A GraalPy fd on /dev/null that holds a number for a kernel fd: a real fd, so the OS's limit applies.
    At that limit (EMFILE, ENFILE), garbage collections first: fds that CPython's reference counting would
    have closed already (a dropped multiprocessing Connection closes in its __del__) wait for GraalPy's
    collector, whose finalizers run a little later (one collection was not always enough: 2 of 9 runs of 1000
    thread pools under `ulimit -n 300` failed). The error then names no file, as CPython's os.pipe()."""
    for collections in range(_COLLECTIONS_AT_FD_LIMIT + 1):
        try:
            return _orig['open'](os.devnull, os.O_RDONLY | os.O_CLOEXEC)
        except OSError as exc:
            if exc.errno not in (errno.EMFILE, errno.ENFILE):
                raise
            if collections == _COLLECTIONS_AT_FD_LIMIT:
                raise OSError(exc.errno, exc.strerror) from None
        gc.collect()


_COLLECTIONS_AT_FD_LIMIT = 2


def adopt_inherited_fds():
    """A child that did not replay its way to the fork (multiprocessing's fork by state transfer) holds its
    parent's kernel fds from the start: give each its GraalPy placeholder at the same number."""
    for fd in _sys.kernelFds():
        if fd in _kfds:
            continue
        placeholder = _placeholder()
        if placeholder != fd:
            _orig['dup2'](placeholder, fd, False)
            _orig['close'](placeholder)
        _kfds.add(fd)


# ---- file descriptors ----

def pipe():
    return _kernel_pair('pipe', _sys.pipeAt)


def socketpair():
    """A kernel socketpair(AF_UNIX, SOCK_STREAM) as two fds (for a duplex multiprocessing Pipe)."""
    return _kernel_pair('socketpair', _sys.socketpairAt)


def _kernel_pair(name, install_at):
    """Two new kernel fds at the numbers of two GraalPy placeholders, recorded (and replayed) as `name`."""
    a, b = _placeholder(), _placeholder()
    fds = replay.call(name, (), lambda: (_void(install_at, a, b), (a, b))[1])
    if tuple(fds) != (a, b):
        replay.diverged(f'{name}() -> {tuple(fds)}', f'{name}() -> {(a, b)}')
    _kfds.update(fds)
    return a, b


def kernel_fd(install_at, *args):
    """A new kernel fd that `install_at(*args, fd)` installs at the number of a GraalPy placeholder (an
    AF_UNIX connection). Not recorded: an os.fork child does not replay it."""
    fd = _placeholder()
    try:
        _k(install_at, *args, fd)
    except BaseException:
        _orig['close'](fd)
        raise
    _kfds.add(fd)
    return fd


def read(fd, n):
    if fd not in _kfds:
        return _orig['read'](fd, n)
    return replay.call('read', (fd, n), lambda: _k(_sys.readLatin1, fd, n).encode('latin-1'))


def write(fd, data):
    if fd not in _kfds:
        return _orig['write'](fd, data)
    if not isinstance(data, bytes):
        data = bytes(memoryview(data))  # bytearray, memoryview, array...: one copy, as os.write takes buffers
    return replay.call('write', (fd, len(data)), lambda: _k(_sys.write, fd, data))


def close(fd):
    if fd not in _kfds:
        return _orig['close'](fd)
    replay.call('close', (fd,), lambda: _void(_sys.close, fd))
    _kfds.discard(fd)
    _orig['close'](fd)


def dup(fd):
    if fd not in _kfds:
        return _orig['dup'](fd)
    new = _orig['dup'](fd)  # GraalPy picks the number; the kernel follows
    replay.call('dup', (fd, new), lambda: _k(_sys.dup2, fd, new, False))
    _kfds.add(new)
    return new


def dup2(fd, fd2, inheritable=True):
    if fd in _kfds:
        _orig['dup2'](fd, fd2, inheritable)
        replay.call('dup2', (fd, fd2, inheritable), lambda: _k(_sys.dup2, fd, fd2, inheritable))
        _kfds.add(fd2)
        return fd2
    if fd2 in _kfds:
        result = _orig['dup2'](fd, fd2, inheritable)
        replay.call('close', (fd2,), lambda: _void(_sys.close, fd2))
        _kfds.discard(fd2)
        return result
    return _orig['dup2'](fd, fd2, inheritable)


def fstat(fd):
    if fd not in _kfds:
        return _orig['fstat'](fd)
    mode, ino, size = replay.call('fstat', (fd,), lambda: tuple(_k(_sys.fstat, fd)))
    now = int(time.time())
    return os.stat_result((mode, ino, 0, 1, os.getuid(), os.getgid(), size, now, now, now))


def get_blocking(fd):
    if fd not in _kfds:
        return _orig['get_blocking'](fd)
    return replay.call('get_blocking', (fd,), lambda: _k(_sys.getBlocking, fd))


def set_blocking(fd, blocking):
    if fd not in _kfds:
        return _orig['set_blocking'](fd, blocking)
    replay.call('set_blocking', (fd, bool(blocking)), lambda: _void(_sys.setBlocking, fd, bool(blocking)))


def get_inheritable(fd):
    if fd not in _kfds:
        return _orig['get_inheritable'](fd)
    return replay.call('get_inheritable', (fd,), lambda: _k(_sys.getInheritable, fd))


def set_inheritable(fd, inheritable):
    if fd not in _kfds:
        return _orig['set_inheritable'](fd, inheritable)
    replay.call('set_inheritable', (fd, bool(inheritable)),
                lambda: _void(_sys.setInheritable, fd, bool(inheritable)))


# ---- processes ----

def getpid():
    return replay.call('getpid', (), _sys.getpid)


def getppid():
    return replay.call('getppid', (), _sys.getppid)


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
    if pid > 0 and not _sys.isKernelPid(pid):
        return _wait_os_child(pid, options)
    result = replay.call('waitpid', (pid, options), lambda: tuple(_k(_sys.waitpid, pid, options)))
    return tuple(result)


def wait():
    return waitpid(-1, 0)


def kill(pid, sig):
    if not _sys.isKernelPid(pid):
        return _orig['kill'](pid, sig)  # a real OS process, e.g. a subprocess child
    replay.call('kill', (pid, int(sig)), lambda: _void(_sys.kill, pid, int(sig)))


# The wait-status helpers with Linux's encoding (GraalPy's get signals wrong: WTERMSIG(15) == -113).

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
    return replay.call('urandom', (size,), lambda: _graalpy_urandom(size))


def _seed_random_from_urandom(random):
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
    'pipe': pipe, 'read': read, 'write': write, 'close': close, 'dup': dup, 'dup2': dup2, 'fstat': fstat,
    'get_blocking': get_blocking, 'set_blocking': set_blocking, 'get_inheritable': get_inheritable,
    'set_inheritable': set_inheritable, 'getpid': getpid, 'getppid': getppid, 'fork': fork,
    'register_at_fork': register_at_fork, 'waitpid': waitpid, 'wait': wait, 'kill': kill, 'waitstatus_to_exitcode': waitstatus_to_exitcode,
    'WIFEXITED': WIFEXITED, 'WEXITSTATUS': WEXITSTATUS, 'WIFSIGNALED': WIFSIGNALED, 'WTERMSIG': WTERMSIG,
    'WIFSTOPPED': WIFSTOPPED, 'WSTOPSIG': WSTOPSIG, 'WCOREDUMP': WCOREDUMP, 'WIFCONTINUED': WIFCONTINUED,
    'strerror': strerror_table.strerror, 'urandom': urandom,
}
