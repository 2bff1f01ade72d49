"""The kernel gateway: the one door from Python to graalpy-mp's Java kernel.

It owns the host's per-process services object (dev.graalpymp.host.HostServices) and its kernel system
calls, the set of this process's kernel fds, the translation of kernel errors into CPython's OSError
subclasses with glibc's messages, and the one declaration of which kernel calls an os.fork() child replays
(RECORDED). Overlays and graalpy_mp.mp reach the kernel through here, never through each other.
"""

import importlib
import operator
import os

import polyglot

from graalpy_mp import replay

# The kernel calls whose outcomes are recorded, so that a child re-executing the program up to its os.fork()
# gets the results its parent got (see graalpy_mp.replay). Calls not listed are made live in a
# replaying child too: they have no effect a replay must repeat (an AF_UNIX connection of a multiprocessing
# child, a semaphore, shared memory) or are not made before a fork.
RECORDED = frozenset({
    'pipe', 'socketpair', 'read', 'write', 'close', 'dup', 'dup2', 'fstat', 'get_blocking', 'set_blocking',
    'get_inheritable', 'set_inheritable', 'getpid', 'getppid', 'waitpid', 'kill', 'urandom', 'select', 'poll',
    'fork_transfer', 'status_flags', 'bytes_available', 'getpgrp', 'getpgid', 'getsid', 'setpgid', 'setsid',
    'sigprocmask', 'sigpending', 'sigwait', 'inherited_fds', 'send_message', 'recv_message', 'sendmsg',
    'recvmsg',
})

_services = None
kernel = None  # the kernel's system calls for this process (dev.graalpymp.kernel.Syscalls) as HostMembers
PIPE_CAPACITY = None  # how many bytes a kernel pipe holds (F_GETPIPE_SZ); no read of one returns more
# This process's kernel fds (each holds a GraalPy placeholder fd at the same number). KERNEL_FDS is the same set,
# read-only outside the gateway, for os.read/os.write's hot path to test without a call.
_kernel_fds = KERNEL_FDS = set()
_messages = {}  # errno -> glibc's message, as the kernel's table gave it
_graalpy_strerror = os.strerror


class BuiltinFunction(staticmethod):
    """An overlay's function as CPython's builtin it replaces: called directly it is the function, stored as a
    class attribute it does not become a method (`class T: open = io.open` then `self.open(path)`, as CPython's
    test_io does), its repr is a builtin's, and it pickles by name, as `module.name` (Pool.apply_async(os.getpid))."""

    def __repr__(self):
        return f'<built-in function {self.__wrapped__.__name__}>'

    def __reduce__(self):
        return builtin_named, self._home


def builtin(function, module, name):
    """`function` as the builtin `module.name`, where the overlay installs it."""
    wrapped = BuiltinFunction(function)
    wrapped._home = (module, name)
    return wrapped


def builtins(module, functions):
    """{name: BuiltinFunction} of `module` for {name: function}: made once, when the overlay is imported (a warm
    context does that ahead of its process), so that installing them is only setattr."""
    return {name: builtin(function, module, name) for name, function in functions.items()}


def builtin_named(home, name):
    """What a pickled BuiltinFunction becomes: the module's attribute in this process."""
    return getattr(importlib.import_module(home), name)


class HostMembers:
    """A kernel object whose methods are read from it once: a method of a host object read per call costs more
    than the call in GraalPy's interpreter (Python's attribute lookup fails over to interop's for every read),
    so each is kept here, on first use, as a plain attribute holding the bound host method."""

    def __init__(self, host):
        self._host = host

    def __getattr__(self, name):  # only on a first use
        method = getattr(self._host, name)
        setattr(self, name, method)
        return method


def install(services):
    global _services, kernel, PIPE_CAPACITY
    _services = services
    kernel = HostMembers(services.syscalls())
    PIPE_CAPACITY = kernel.pipeCapacity()


def services():
    """The host's per-process object."""
    return _services


def is_kernel_fd(fd):
    """Whether fd is one of this process's kernel fds (an int: True is not fd 1)."""
    return type(fd) is int and fd in _kernel_fds


def kernel_fds():
    return frozenset(_kernel_fds)


def own(*fds):
    """The fds are kernel fds of this process from now on."""
    _kernel_fds.update(fds)


def disown(fd):
    _kernel_fds.discard(fd)


def strerror(code, /):
    """os.strerror: glibc's message for errno `code` (GraalPy's are Java's, e.g. "Bad file number"), from the
    kernel's table (dev.graalpymp.kernel.Errno), the one the kernel's own errors carry."""
    code = operator.index(code)
    message = _messages.get(code)
    if message is None:
        if kernel is None or not -2 ** 31 <= code < 2 ** 31:
            return _graalpy_strerror(code)  # before the process began; or CPython's OverflowError
        message = _messages[code] = str(kernel.strerror(code))
    return message


strerror.__doc__ = _graalpy_strerror.__doc__
strerror.__module__ = 'posix'


def fileno(obj):
    """The fd of an int or of an object with fileno(), as os.fsync, fcntl and select take them."""
    if isinstance(obj, int):
        fd = obj
    elif hasattr(obj, 'fileno'):
        fd = obj.fileno()
        if not isinstance(fd, int):
            raise TypeError('fileno() returned a non-integer')
    else:
        raise TypeError('argument must be an int, or have a fileno() method.')
    if fd < 0:
        raise ValueError(f'file descriptor cannot be a negative integer ({fd})')
    return fd


def with_glibc_messages(fn):
    """GraalPy's own function `fn`, its OSErrors carrying CPython's (glibc's) strerror."""
    def call(*args, **kwargs):
        try:
            return fn(*args, **kwargs)
        except OSError as exc:
            if exc.errno is None or exc.filename is not None:
                raise
            raise OSError(exc.errno, strerror(exc.errno)) from None
    return call


def error(errno_, filename=None):
    """The OSError CPython raises for errno_: its subclass (BlockingIOError, BrokenPipeError...), glibc's text."""
    if filename is None:
        return OSError(errno_, strerror(errno_))
    return OSError(errno_, strerror(errno_), filename)


def storage(data):
    """The Java array holding a bytes/bytearray's contents (GraalPy's polyglot.storage; it may be longer than
    the object), for a kernel call to read or fill without converting element by element (the buffers it fills
    are bytearrays made here, always managed). An object whose contents live in native memory (C extensions)
    has no such array: a managed copy stands in for one the kernel reads."""
    try:
        return polyglot.storage(data)
    except NotImplementedError:
        return polyglot.storage(bytearray(data))


def call(fn, *args):
    """A kernel call, its errno errors raised as CPython's OSErrors."""
    try:
        return fn(*args)
    except BaseException as exc:  # host exceptions are not Exception subclasses
        raise_os_error(exc)
        raise


def raise_os_error(exc):
    """Raises CPython's OSError for `exc` if it is a kernel errno error (then returns nothing): for a hot path
    that makes its kernel call itself, inside `try`, rather than through call()."""
    error = _os_error(exc)
    if error is not None:
        raise error from None


def _os_error(exc):
    if errno_of(exc) is not None:
        return OSError(exc.errno(), exc.strerror())
    return None


def errno_of(exc):
    """The errno of a kernel errno error (a host exception), else None."""
    if isinstance(exc, polyglot.ForeignException) and hasattr(exc, 'errno'):
        return exc.errno()
    return None


def void(fn, *args):
    """A kernel call without a result (Java's void is a foreign None, which a record cannot hold)."""
    call(fn, *args)


def syscall(name, args, live):
    """The outcome of kernel call `name(*args)`, made by `live()`: recorded, or replayed in a child re-executing
    its way to a fork, when RECORDED says so."""
    if name in RECORDED:
        return replay.call(name, args, live)
    return live()


def recorded_call(name, args, fn, *call_args):
    """syscall(name, args, lambda: call(fn, *call_args)) for a RECORDED call, in three Python calls fewer when
    live (os.read and os.write: GraalPy's interpreter, where a child's code runs at first, pays ~1 us a call)."""
    if not replay.live():
        return replay.call(name, args, lambda: call(fn, *call_args))
    try:
        result = fn(*call_args)
    except BaseException as exc:  # host exceptions are not Exception subclasses
        error = _os_error(exc)
        if error is None:
            raise
        replay.failed(name, args, error)
        raise error from None
    replay.made(name, args, result)
    return result
