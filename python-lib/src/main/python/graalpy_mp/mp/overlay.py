"""Overlay of multiprocessing at CPython's seams, applied when multiprocessing is first imported:

- start methods as CPython 3.12 on Linux: `fork` (the default), `spawn`, `forkserver`; GraalPy's own
  `graalpy` method (threads in one context) is not offered;
- the `fork` start method's Popen makes the child by state transfer (graalpy_mp.mp.transfer); `spawn` (and
  `forkserver`, the same way) sends CPython's spawn data to a pooled context instead of a new OS process;
- importing it starts the host booting contexts for the children (with multiprocessing imported already);
- `os.sysconf('SC_SEM_NSEMS_MAX')` is -1 (no limit), as on Linux;
- the resource tracker is the host's, one per program (CPython starts a tracker process): what a program
  leaks is cleaned up, with CPython's warning, once its last process has ended;
- `multiprocessing.heap.BufferWrapper` (Barrier's shared state) on kernel shared memory (graalpy_mp.mp.heap);
- `multiprocessing.shared_memory` gets `_posixshmem.shm_open`/`shm_unlink` (graalpy_mp.mp.posixshmem);
- `multiprocessing.sharedctypes` (Value, Array...) on kernel shared memory, without ctypes;
- `_multiprocessing.SemLock`/`sem_unlink` on kernel semaphores (graalpy_mp.mp.semlock), so that locks,
  semaphores, conditions, events and queues work across processes;
- GraalPy's branches for its `graalpy` method stay off, so connections use os.pipe/os.read/os.write, which the
  os overlay serves from the kernel; a duplex Pipe() is a kernel socket pair; a message on a kernel fd is one
  kernel call (graalpy_mp.mp.connection_messages);
- AF_UNIX Listener/Client addresses (the default family, as on Linux) on the kernel's listeners
  (graalpy_mp.mp.unix_sockets): GraalPy has no AF_UNIX sockets;
- `reduction.HAVE_SEND_HANDLE`: fd passing over kernel socket pairs (graalpy_mp.overlays.socket_kernel).
"""

import os
import sys
import types

from graalpy_mp.overlays import os_fds, patch

START_METHODS = ['fork', 'spawn', 'forkserver']


@patch('os', 'sysconf', 'sysconf_names')
def _patch_sysconf(os, services):
    # Kernel semaphores have no system limit, as on Linux where sysconf(SC_SEM_NSEMS_MAX) is -1;
    # GraalPy answers 32, which makes ProcessPoolExecutor refuse to start.
    graalpy_sysconf = os.sysconf

    def sysconf(name):
        if name == 'SC_SEM_NSEMS_MAX' or name == os.sysconf_names.get('SC_SEM_NSEMS_MAX'):
            return -1
        return graalpy_sysconf(name)
    sysconf.__doc__ = graalpy_sysconf.__doc__
    os.sysconf = sysconf


@patch('multiprocessing.context', 'BaseContext._is_graalpy', "_concrete_contexts['graalpy']",
       "_concrete_contexts['fork']", 'ForkProcess._Popen', 'SpawnProcess._Popen', 'ForkServerProcess._Popen',
       'ForkContext._check_available', 'ForkServerContext._check_available', 'DefaultContext.get_all_start_methods',
       '_default_context._default_context')
def _patch_context(context, services):
    from graalpy_mp.mp import semlock
    native = sys.modules.get('_multiprocessing')
    if native is None:
        try:
            import _multiprocessing as native
        except ImportError:
            native = sys.modules['_multiprocessing'] = types.ModuleType('_multiprocessing')
    native.SemLock = semlock.SemLock
    native.sem_unlink = semlock.sem_unlink
    native.flags = getattr(native, 'flags', {'HAVE_SEM_OPEN': 1, 'HAVE_SEM_TIMEDWAIT': 1})

    # Value/Array/RawValue/RawArray import this module by name: ours, which needs no ctypes.
    from graalpy_mp.mp import sharedctypes
    sys.modules.setdefault('multiprocessing.sharedctypes', sharedctypes)

    context.BaseContext._is_graalpy = lambda self: False
    context.ForkProcess._Popen = staticmethod(_popen_fork)
    context.SpawnProcess._Popen = staticmethod(_popen_spawn)
    context.ForkServerProcess._Popen = staticmethod(_popen_forkserver)
    context.ForkServerContext._check_available = lambda self: None
    context.ForkContext._check_available = lambda self: None
    context._concrete_contexts.pop('graalpy', None)
    context.DefaultContext.get_all_start_methods = lambda self: list(START_METHODS)
    context._default_context._default_context = context._concrete_contexts['fork']
    # A program that imports multiprocessing will likely start children: their contexts start booting now.
    services.prewarmChildren()


@patch('multiprocessing.connection', 'Pipe', 'Connection', 'Connection._read', 'Connection._write',
       'Connection._send', 'Connection._recv', 'Connection._close', 'Connection._send_bytes',
       'Connection._recv_bytes', 'Connection.send_bytes', 'Connection.recv_bytes', 'Connection.recv',
       '_ForkingPickler', 'weakref', 'SocketListener', 'SocketClient', 'families', 'default_family',
       'address_type')
def _patch_connection(connection, services):
    # A multiprocessing child's warm context imports this module ahead of its process (importing it costs a
    # child ~40 ms: tempfile, shutil, random...), so before os_fds replaced os.read/os.write/os.close: what
    # Connection bound of them then (class attributes, default arguments) becomes the overlay's.
    cls = connection.Connection
    for name in ('_read', '_write'):
        setattr(cls, name, os_fds.replaced(cls.__dict__[name]))
    for name in ('_send', '_recv', '_close'):
        function = cls.__dict__[name]
        function.__defaults__ = tuple(os_fds.replaced(value) for value in function.__defaults__ or ())

    def Pipe(duplex=True):
        """CPython's Pipe on Unix, with the socket pair of a duplex pipe made in the kernel (a GraalPy
        socket would stay in this process's context)."""
        if duplex:
            fd1, fd2 = os_fds.socketpair()
            return connection.Connection(fd1), connection.Connection(fd2)
        fd1, fd2 = os.pipe()
        return connection.Connection(fd1, writable=False), connection.Connection(fd2, readable=False)
    Pipe.__module__ = connection.__name__
    connection.Pipe = Pipe
    # GraalPy closes a connection's fd from a weakref.finalize where CPython has __del__; a finalize also runs
    # at exit, before multiprocessing's own exit handler still writes to the pool's queues: not at exit.
    connection.weakref = types.SimpleNamespace(finalize=_finalize_not_at_exit)
    from multiprocessing import util
    from graalpy_mp.mp import connection_messages, unix_sockets
    connection_messages.install(connection)
    unix_sockets.install(connection, util)


@patch('multiprocessing.resource_tracker', 'ensure_running', 'register', 'unregister',
       '_resource_tracker.ensure_running', '_resource_tracker.register', '_resource_tracker.unregister')
def _patch_resource_tracker(resource_tracker, services):
    # CPython's tracker is a process that every process of the program talks to over a pipe and that cleans
    # up after the last one has gone; here the host keeps it (graalpy_mp processes share no OS pipe with it).
    tracker = services.resourceTracker()
    warning_set = False

    def register(name, rtype):
        nonlocal warning_set
        _check_message('REGISTER', name, rtype)
        if not warning_set:  # on first use: it reads resource_tracker's source
            tracker.setWarningFormat(_leak_warning_format(resource_tracker))
            warning_set = True
        tracker.register(name, rtype)

    def unregister(name, rtype):
        _check_message('UNREGISTER', name, rtype)
        tracker.unregister(name, rtype)

    resource_tracker.ensure_running = lambda: None
    resource_tracker.register = register
    resource_tracker.unregister = unregister
    resource_tracker._resource_tracker.ensure_running = resource_tracker.ensure_running
    resource_tracker._resource_tracker.register = register
    resource_tracker._resource_tracker.unregister = unregister


def _check_message(command, name, rtype):
    """CPython's tracker refuses a name whose message would not fit one atomic pipe write (PIPE_BUF >= 512)."""
    if len(f'{command}:{name}:{rtype}\n'.encode('ascii')) > 512:
        raise ValueError('msg too long')


def _leak_warning_format(resource_tracker):
    """The leak warning as `warnings` prints it from CPython's tracker: its file, line and source line, with
    {count} and {type} for the host to fill in."""
    import linecache
    import warnings
    file = resource_tracker.__file__
    line = next((number for number, text in enumerate(linecache.getlines(file), 1)
                 if "warnings.warn('resource_tracker: There appear to be" in text), 0)
    return warnings.formatwarning(
        'resource_tracker: There appear to be {count} leaked {type} objects to clean up at shutdown',
        UserWarning, file, line)


@patch('multiprocessing.reduction', 'HAVE_SEND_HANDLE', 'send_handle', 'recv_handle')
def _patch_reduction(reduction, services):
    # CPython's test is whether socket.socket has sendmsg: GraalPy's own sockets have none, but the kernel's
    # socket pairs, which send_handle/recv_handle wrap, do (graalpy_mp.overlays.socket_kernel).
    reduction.HAVE_SEND_HANDLE = True


@patch('multiprocessing.heap', 'BufferWrapper')
def _patch_heap(heap, services):
    from graalpy_mp.mp.heap import BufferWrapper
    heap.BufferWrapper = BufferWrapper


@patch('multiprocessing.shared_memory', '_posixshmem.shm_unlink', 'SharedMemory.__init__')  # shm_open is added
def _patch_shared_memory(shared_memory, services):
    from graalpy_mp.mp import posixshmem
    # The directory is the host's, where its resource tracker removes what a program leaked.
    posixshmem.install(shared_memory._posixshmem, str(services.resourceTracker().sharedMemoryDirectory()))
    posixshmem.map_directly(shared_memory.SharedMemory, services)


def _finalize_not_at_exit(obj, func, *args, **kwargs):
    import weakref
    finalizer = weakref.finalize(obj, func, *args, **kwargs)
    finalizer.atexit = False
    return finalizer


def _popen_fork(process_obj):
    from graalpy_mp.mp.popen_transfer import Popen
    return Popen(process_obj)


def _popen_spawn(process_obj):
    from graalpy_mp.mp.popen_transfer import SpawnPopen
    return SpawnPopen(process_obj)


def _popen_forkserver(process_obj):
    # A fresh child importing the main module, as spawn: no separate server process to fork from.
    from graalpy_mp.mp.popen_transfer import SpawnPopen
    return SpawnPopen(process_obj, 'forkserver')
