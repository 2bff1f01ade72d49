"""Fork by state transfer (README, "multiprocessing"): how multiprocessing's `fork` start method makes a child
without re-executing the program. The parent pickles, in one go, the globals of `__main__` and of the
program's own modules (outside Python's installation and site-packages) and the process object; functions and
classes of `__main__` (lambdas and closures too) travel by value, code through marshal (see `_code`); modules
travel by name; thread locks as copies; kernel objects (pipe connections, semaphores) as the same kernel object, since
the child inherits the parent's fd table as it is at the fork. The child context installs the globals in its
`__main__` and its imports of those modules, runs `process_obj._bootstrap()`, then ends as a forked child
does (`os._exit`).

What cannot travel (threads, open files, sockets of the parent's context...) becomes a stand-in in the
child's `__main__` that raises a clear error when used (in one of the program's modules it keeps the value
the child's import gives it); an argument of the process that cannot travel fails `start()` with an error
naming it.
"""

import _imp
import copyreg
import functools
import importlib
import io
import marshal
import os
import pickle
import pickletools
import sys
import types
import weakref

from graalpy_mp import gateway
from graalpy_mp import main as driver
from graalpy_mp.mp import logging_state, main_definitions, native_ctypes
from graalpy_mp.overlays import os_fds, signal_handlers, thread_locks, thread_module

_MAIN = '__main__'
_MAIN_DUNDERS_KEPT = ('__doc__', '__file__', '__cached__', '__package__', '__annotations__')
_EMPTY_CELL = '<graalpy-mp: empty cell>'


# ---- parent side ----

def start(process_obj, popen, child_sentinel, close_in_child):
    """Starts the child of `popen` (the fd table copied now) and returns its pid."""
    thread_module.refuse_at_shutdown('fork')  # CPython's os.fork() would
    from multiprocessing import context
    global _modules_by_value
    main = sys.modules[_MAIN]
    # A module of the program whose file is gone (a temporary one) cannot be imported by the child: it is made
    # there empty, and its functions and classes travel by value, as __main__'s do.
    gone = {module.__name__: module.__file__ for module in _user_modules() if not os.path.exists(module.__file__)}
    header = pickle.dumps((list(sys.argv), list(sys.path), dict(os.environ), os.getcwd(),
                           {k: main.__dict__[k] for k in _MAIN_DUNDERS_KEPT if k in main.__dict__}, gone,
                           main_definitions.source_to_send(driver.program())))
    context.set_spawning_popen(popen)  # spawn-only pickling (Queue, Condition, authkey) is allowed here
    _modules_by_value = frozenset(gone)
    try:
        body = _dumps_state(main, (process_obj, child_sentinel, tuple(close_in_child)))
    finally:
        context.set_spawning_popen(None)
        _modules_by_value = frozenset()
    return _start_child(lambda state: gateway.services().forkTransfer(state), (header, body))


def start_spawned(child_r, close_in_child, ignored):
    """Starts a child of the spawn start method, which reads from kernel pipe `child_r` what CPython's spawn
    sends its child (the preparation data, then the process object) and then keeps it as its parent sentinel.
    `ignored`: the signals it starts with SIG_IGN (an exec keeps them; handlers become SIG_DFL)."""
    thread_module.refuse_at_shutdown('fork')  # CPython's _posixsubprocess.fork_exec would
    return _start_child(lambda preparation: gateway.services().forkSpawn(preparation),
                        (dict(os.environ), child_r, tuple(close_in_child), tuple(ignored)))


def _start_child(fork, message):
    """The pid of the child that `fork` (the host's forkTransfer or forkSpawn) starts with `message` pickled."""
    pickled = pickle.dumps(message)
    return gateway.syscall('fork_transfer', (), lambda: fork(pickled))


def _dumps_state(main, process_part):
    """__main__'s globals and those of the user's own modules (as a fork copies them), the signal dispositions
    that differ from a process's start (SIG_IGN, SIG_DFL, handlers), the logging configuration (see
    logging_state), and the process, as `_State`."""
    states = {_MAIN: _globals_of(main)}
    for module in _user_modules():
        states[module.__name__] = _globals_of(module)
    dispositions = signal_handlers.inherited()
    flags = signal_handlers.inherited_flags()
    logging_config = logging_state.snapshot(_dumps)
    try:
        return _State.dumps(states, (dispositions, flags, logging_config, process_part))
    except Exception:
        pass
    # Something cannot travel: find what and try again (the process itself must travel whole). In __main__
    # it becomes a stand-in, as does a handler; a user module's global keeps the value the child's import gives.
    for name, globals_ in states.items():
        for key, value in list(globals_.items()):
            reason = _why_untransferable(value)
            if reason and name == _MAIN:
                globals_[key] = _Untransferred(key, type(value).__qualname__, reason)
            elif reason:
                del globals_[key]
    for signum, disposition in list(dispositions.items()):
        reason = _why_untransferable(disposition)
        if reason:
            dispositions[signum] = _Untransferred(signum, type(disposition).__qualname__, reason,
                                                  what='the handler of signal {} ({})')
    try:
        return _State.dumps(states, (dispositions, flags, logging_config, process_part))
    except Exception as exc:
        raise RuntimeError(f'graalpy-mp: the process object cannot be transferred to the child process '
                           f'(multiprocessing fork start method by state transfer): '
                           f'{type(exc).__name__}: {exc}') from exc


class _State:
    """The parent's globals and the rest of the state, pickled by one pickler, so that an object reached twice
    (a handler that is also a global, two globals naming one list) is one object in the child, as after a fork;
    but each global as a pickle of its own, so that the child can do without one it cannot rebuild: a real fork
    copies memory, where rebuilding may fail (a `ShareableList` whose shared memory the parent has unlinked
    since; its unpickling attaches to it again)."""

    def __init__(self, index, data):
        self.index = index  # (module, name, type name, end offset in data) per global
        self.data = data

    @classmethod
    def dumps(cls, states, rest):
        buffer = io.BytesIO()
        pickler = _Pickler(buffer)
        index = []
        for module, globals_ in states.items():
            for name, value in globals_.items():
                pickler.dump(value)
                index.append((module, name, type(value).__qualname__, buffer.tell()))
        pickler.dump(rest)
        return cls(index, buffer.getvalue())

    def loads(self):
        """({module: {name: value}}, rest): a global of __main__ that fails to load becomes a stand-in saying
        why, one of a user module is left to the value the child's import gives it."""
        unpickler = pickle.Unpickler(io.BytesIO(self.data))
        states = {_MAIN: {}}
        for module, name, type_name, end in self.index:
            try:
                value = unpickler.load()
            except Exception as exc:
                value = _Untransferred(name, type_name, f'rebuilding it here failed: {type(exc).__name__}: {exc}')
                unpickler = self._unpickler_after(unpickler, end, value)
                if module != _MAIN:
                    continue
            states.setdefault(module, {})[name] = value
        return states, unpickler.load()

    def _unpickler_after(self, failed, end, stand_in):
        """An unpickler that goes on at `end` with what `failed` had made. An unpickler that failed keeps the
        rest of its frame, and its memo misses what the failed pickle would have added, which later pickles
        refer to by number: those entries become `stand_in`, as the objects were part of what failed."""
        memo = failed.memo.copy()
        made = 0
        stream = io.BytesIO(self.data[:end])
        while stream.tell() < end:
            made += sum(1 for opcode, _, _ in pickletools.genops(stream) if opcode.name == 'MEMOIZE')
        for number in range(made):
            memo.setdefault(number, stand_in)
        stream = io.BytesIO(self.data)
        stream.seek(end)
        unpickler = pickle.Unpickler(stream)
        unpickler.memo = memo
        return unpickler

def _why_untransferable(value):
    try:
        _dumps(value)
    except Exception as exc:
        return f'{type(exc).__name__}: {exc}'
    return None


def _globals_of(module):
    return {k: v for k, v in module.__dict__.items() if not _is_dunder(k)}


def _is_dunder(name):
    return name.startswith('__') and name.endswith('__')


def _user_modules():
    """The modules loaded from files outside Python's installation, its site-packages and this plugin: the
    program's own (a child imports the others afresh, with the state they have after import)."""
    for name, module in list(sys.modules.items()):
        file = getattr(module, '__file__', None)
        if name in (_MAIN, '__mp_main__') or not isinstance(file, str) or module is sys.modules.get(_MAIN):
            continue
        if _is_users(file):
            yield module


@functools.lru_cache(maxsize=None)  # per file: every Process.start() asks again for every module
def _is_users(file):
    return not os.path.realpath(file).startswith(_installation_roots())


@functools.lru_cache(maxsize=1)
def _installation_roots():
    import site
    import sysconfig
    import graalpy_mp
    outside = {sys.prefix, sys.base_prefix, sys.exec_prefix, os.path.dirname(os.path.dirname(graalpy_mp.__file__))}
    outside.update(sysconfig.get_paths().values())
    outside.update(site.getsitepackages() + [site.getusersitepackages()])
    return tuple(os.path.join(os.path.realpath(path), '') for path in outside if path)


def _dumps(obj):
    buffer = io.BytesIO()
    _Pickler(buffer).dump(obj)
    return buffer.getvalue()


class _Pickler(pickle.Pickler):
    """Pickles what a fork would have copied."""

    def __init__(self, file):
        super().__init__(file, pickle.HIGHEST_PROTOCOL)
        from multiprocessing import reduction
        # multiprocessing's own reducers (methods of builtins, sockets...) as ForkingPickler has them
        self.dispatch_table = copyreg.dispatch_table.copy()
        self.dispatch_table.update(reduction.ForkingPickler._extra_reducers)

    def reducer_override(self, obj):
        kind = type(obj)
        if kind is types.FunctionType:
            return _reduce_function(obj) if _travels_by_value(obj) else NotImplemented
        if isinstance(obj, type):
            return _reduce_class(obj) if _travels_by_value(obj) else NotImplemented
        if kind is types.ModuleType:
            return _module, (obj.__name__,)
        if kind is types.CodeType:
            return _code, (marshal.dumps(obj),)
        if kind in (staticmethod, classmethod):
            return kind, (obj.__func__,)
        if kind is property:
            return property, (obj.fget, obj.fset, obj.fdel, obj.__doc__)
        if kind is types.MappingProxyType:  # a dataclass field's metadata, a class's read-only view
            return _mapping_proxy, (dict(obj),)
        for name in ('stdin', 'stdout', 'stderr', '__stdin__', '__stdout__', '__stderr__'):
            if obj is getattr(sys, name, None):
                return _std_stream, (name,)
        if kind in _THREAD_LOCKS:
            return _reduce_thread_lock(obj)
        if kind in _WEAK_KINDS:
            return _reduce_weak(obj)
        if kind is functools._lru_cache_wrapper and _travels_by_value(obj):
            return _reduce_lru_cached(obj)
        if native_ctypes.is_ctypes_object(obj):
            return native_ctypes.reduce(obj)  # shared memory as itself, anything else copied
        return _reduce_kernel_object(obj)


_THREAD_LOCKS = (thread_locks.lock, thread_locks.RLock, type(thread_locks._native_lock()),
                 type(thread_locks._native_rlock()))


def _reduce_thread_lock(lock):
    """A thread lock is copied as a fork copies it: a Lock locked or not (so Conditions, Events and
    queue.Queue travel too); an RLock held by the thread that starts the process is held by the child's main
    thread as often. (An RLock held by another thread arrives free: that thread does not exist in the child.)"""
    if isinstance(lock, (thread_locks.RLock, type(thread_locks._native_rlock()))):
        return _thread_rlock, (lock._recursion_count() if lock._is_owned() else 0,)
    return _thread_lock, (lock.locked(),)


def _reduce_lru_cached(wrapper):
    """A function of __main__ under functools.lru_cache (or cache) pickles by its name, which the child's __main__
    does not hold yet while the parent's globals are being loaded: it travels as the cache made again around the
    function, which travels by value. Limit: the cache starts empty (a fork would copy what it holds)."""
    parameters = wrapper.cache_parameters()
    return _lru_cached, (wrapper.__wrapped__, parameters['maxsize'], parameters['typed']), wrapper.__dict__


def _lru_cached(function, maxsize, typed):
    return functools.lru_cache(maxsize=maxsize, typed=typed)(function)


_WEAK_KINDS = (weakref.ReferenceType, weakref.WeakMethod, weakref.WeakValueDictionary, weakref.WeakKeyDictionary,
               weakref.WeakSet)


def _reduce_weak(obj):
    """Weak references as a fork copies them: to the child's copy of their referent (one object with the global
    or the value that refers to it, as all travel in one pickle), and alive as long as something there holds it.
    A reference to a dead object stays dead; weak containers are rebuilt from their live contents. Limit: a
    reference's callback does not travel (GraalPy 25.0.3 cannot read it: its `__callback__` is a method of the
    reference, not the callback), so none runs in the child when its referent dies."""
    kind = type(obj)
    if kind in (weakref.WeakValueDictionary, weakref.WeakKeyDictionary):
        return kind, (dict(obj.items()),)
    if kind is weakref.WeakSet:
        return kind, (list(obj),)
    referent = obj()
    if referent is None:
        return _DeadReference, ()
    if kind is weakref.WeakMethod:
        return kind, (referent,)
    return weakref.ref, (referent,)


class _DeadReference:
    """A weak reference whose referent was collected before the process started: calling it gives None."""

    def __call__(self):
        return None

    def __repr__(self):
        return f'<weakref at {id(self):#x}; dead>'


_modules_by_value = frozenset()  # while a fork child's state is pickled: the program's modules whose file is gone


def _travels_by_value(obj):
    """Functions and classes that a name cannot find in the child: those of __main__ (or of a module whose file
    is gone), lambdas, closures."""
    module_name = getattr(obj, '__module__', None)
    if module_name is None or module_name in (_MAIN, '__mp_main__') or module_name in _modules_by_value:
        return True
    found = sys.modules.get(module_name)
    for part in obj.__qualname__.split('.'):
        found = getattr(found, part, None)
    return found is not obj


def _reduce_function(fn):
    cells = len(fn.__closure__ or ())
    state = {
        'defaults': fn.__defaults__, 'kwdefaults': fn.__kwdefaults__, 'dict': fn.__dict__,
        'qualname': fn.__qualname__, 'module': fn.__module__, 'doc': fn.__doc__,
        'annotations': fn.__annotations__,
        'closure': tuple(_cell_value(cell) for cell in fn.__closure__ or ()),
    }
    globals_module = fn.__globals__.get('__name__', _MAIN)
    code = fn.__code__
    return _function, (marshal.dumps(code), globals_module, fn.__name__, fn.__qualname__, cells), state, None, \
        None, _fill_function


def _cell_value(cell):
    try:
        return cell.cell_contents
    except ValueError:
        return _EMPTY_CELL


def _reduce_class(cls):
    ctypes_type = native_ctypes.is_ctypes_type(cls)
    if ctypes_type:
        made = native_ctypes.reduce_class(cls)  # an array or pointer type: from its item type
        if made is not None:
            return made
    attributes = dict(vars(cls))
    for name in _CLASS_OWN + _slots(cls):
        attributes.pop(name, None)
    namespace = {'__module__': cls.__module__, '__qualname__': cls.__qualname__}
    if '__slots__' in vars(cls):
        namespace['__slots__'] = vars(cls)['__slots__']
    if ctypes_type:
        namespace.update(native_ctypes.split_layout(cls, attributes))
    return _class, (type(cls), cls.__name__, cls.__bases__, namespace), attributes, None, None, _fill_class


# What a class's own making gives it, not its attributes to copy (a slot's name is its descriptor's too).
_CLASS_OWN = ('__dict__', '__weakref__', '_abc_impl', '__module__', '__qualname__', '__slots__')


def _slots(cls):
    slots = vars(cls).get('__slots__', ())
    return (slots,) if isinstance(slots, str) else tuple(slots)


def _reduce_kernel_object(obj):
    """Connections and semaphores name kernel objects the child inherits: they travel as themselves."""
    connection = sys.modules.get('multiprocessing.connection')
    if connection is not None and isinstance(obj, connection._ConnectionBase):
        if obj._handle is None:
            raise OSError('handle is closed')
        return _connection, (type(obj), obj._handle, obj._readable, obj._writable)
    process = sys.modules.get('multiprocessing.process')
    if process is not None and isinstance(obj, process.BaseProcess):
        # A fork copies the Process objects too; their Popen (waiting on this process's children) stays.
        state = {k: v for k, v in obj.__dict__.items() if k != '_popen'}
        state['_popen'] = None
        return object.__new__, (type(obj),), state
    synchronize = sys.modules.get('multiprocessing.synchronize')
    if synchronize is not None and isinstance(obj, synchronize.SemLock):
        state = {k: v for k, v in obj.__dict__.items() if k not in ('acquire', 'release')}
        return object.__new__, (type(obj),), state, None, None, _fill_semlock
    return NotImplemented


class _Untransferred:
    """Stands in the child for a global of `__main__` (or a signal handler) that could not travel."""

    def __init__(self, name, type_name, reason, what='the global {!r} ({}) of __main__'):
        self.__dict__.update(_name=name, _type_name=type_name, _reason=reason, _what=what)

    def _error(self):
        return RuntimeError(
            f'graalpy-mp: {self._what.format(self._name, self._type_name)} was not transferred to this child '
            f'process (multiprocessing fork start method by state transfer): {self._reason}')

    def __getattr__(self, name):
        if name.startswith('__') and name.endswith('__'):
            raise AttributeError(name)  # protocol lookups (pickle, copy, repr helpers) see a plain object
        raise self._error()

    def __call__(self, *args, **kwargs):
        raise self._error()

    def _operation(self, *args):  # what Python looks up on the type: indexing, len(), iteration, `with`
        raise self._error()

    __getitem__ = __setitem__ = __delitem__ = __len__ = __iter__ = __contains__ = __enter__ = _operation

    def __dir__(self):  # what a manager's server asks of an object it serves: say why there is nothing
        raise self._error()

    def __repr__(self):
        return f'<{self._type_name} {self._name!r}: not transferred to this process>'


# ---- rebuilt in the child (these names are what the pickle refers to) ----

def _module(name):
    if name in (_MAIN, '__mp_main__'):
        return sys.modules[_MAIN]
    import importlib
    return importlib.import_module(name)


def _code(data):
    """The code the parent marshalled as `data`, rebuilt by replace() as compile() builds code. GraalPy 25.0.3's
    marshal.loads gives a generator's or coroutine's code a plain function's call target (a function made from
    it runs the body at the call: a Java NullPointerException, or wrong locals); replace() makes it afresh.

    Limit: the child compiles this code on its own. The parent's function runs the call target its module's
    MAKE_FUNCTION made, which every context of the engine shares with its compiled code; a code object reached
    any other way (marshal, or co_consts of the same module's code, which GraalPy materializes with a new root
    node each time) has a call target of its own. Measured in a warm server: a 1M-iteration loop of __main__
    runs compiled (1-7 ms) from its first call in the parent and in an os.fork() child (which re-executes the
    module), 0.2-0.8 s per call in a Pool worker until the worker's JIT has compiled its copy.

    replace() leaves the frames of the new code without a file name (tracebacks said `File ""`, with no source
    line): GraalPy keeps a frame's file name per code unit, which _imp._fix_co_filename sets, as an import does."""
    code = marshal.loads(data).replace()
    _imp._fix_co_filename(code, code.co_filename)
    return code


def _mapping_proxy(mapping):
    return types.MappingProxyType(mapping)


def _std_stream(name):
    return getattr(sys, name)


def _function(code, globals_module, name, qualname, cells):
    defined = main_definitions.function(globals_module, qualname, code)
    if defined is not None:
        return defined  # the parent's compiled code
    namespace = _module(globals_module).__dict__
    closure = tuple(types.CellType() for _ in range(cells)) or None
    return types.FunctionType(_code(code), namespace, name, None, closure)


def _fill_function(fn, state):
    fn.__defaults__ = state['defaults']
    fn.__kwdefaults__ = state['kwdefaults']
    fn.__dict__.update(state['dict'])
    fn.__qualname__ = state['qualname']
    fn.__module__ = state['module']
    fn.__doc__ = state['doc']
    fn.__annotations__ = state['annotations']
    for cell, value in zip(fn.__closure__ or (), state['closure']):
        if value is not _EMPTY_CELL:
            cell.cell_contents = value


def _class(metaclass, name, bases, namespace):
    defined = main_definitions.cls(metaclass, namespace['__qualname__'], bases)
    if defined is not None:
        return defined  # its methods: the parent's compiled code
    return types.new_class(name, bases, {'metaclass': metaclass}, lambda ns: ns.update(namespace))


def _fill_class(cls, attributes):
    if main_definitions.was_defined(cls):  # the definition's attributes the parent's class no longer has go
        kept = set(_CLASS_OWN + _slots(cls)).union(attributes)
        for name in [name for name in vars(cls) if name not in kept]:
            delattr(cls, name)
    for name, value in attributes.items():
        try:
            setattr(cls, name, value)
        except (AttributeError, TypeError):
            pass  # read-only on this class (a __doc__ of some metaclasses): the skeleton's stays


def _thread_lock(locked):
    lock = thread_locks.lock()
    if locked:
        lock.acquire()
    return lock


def _thread_rlock(count):
    lock = thread_locks.RLock()
    for _ in range(count):
        lock.acquire()
    return lock


def _connection(cls, handle, readable, writable):
    return cls(handle, readable, writable)


def _fill_semlock(obj, state):
    obj.__dict__.update(state)
    obj._make_methods()


# ---- child side ----

def run_child(state):
    """The program of a child started by `start` (never returns: os._exit with the process's exit code, as
    a forked child)."""
    os_fds.adopt_inherited_fds()
    header, body = pickle.loads(state)
    argv, path, environ, cwd, dunders, gone, program = pickle.loads(header)
    for name, file in gone.items():  # filled with the parent's globals below
        if name not in sys.modules:
            sys.modules[name] = types.ModuleType(name)
            sys.modules[name].__file__ = file
    sys.argv[:] = argv
    sys.path[:] = path
    driver.set_environ(environ)
    os.chdir(cwd)
    main = sys.modules[_MAIN]
    main.__dict__.update(dunders)
    if program is not None:
        driver.remember_program(*program)  # for this process's own children
        main_definitions.execute(main, program)
    states, (dispositions, flags, logging_config, (process_obj, child_sentinel, close_in_child)) = body.loads()
    for name, globals_ in states.items():
        (main if name == _MAIN else importlib.import_module(name)).__dict__.update(globals_)
    if program is not None:  # what the definitions bound that the parent no longer has
        for name in [name for name in main.__dict__ if name not in states[_MAIN] and not _is_dunder(name)]:
            del main.__dict__[name]
    signal_handlers.inherit(dispositions, flags)
    logging_state.restore(logging_config)
    for fd in close_in_child:
        os.close(fd)
    code = 1
    try:
        code = process_obj._bootstrap(parent_sentinel=child_sentinel)
    finally:
        os._exit(code)


def run_spawned(preparation):
    """The program of a child started by `start_spawned`: CPython's spawn_main on the pipe from the parent:
    prepare (the parent's main module imported as __mp_main__), the process object, its run; raises SystemExit
    with the process's exit code, as spawn_main does (the interpreter then exits normally)."""
    os_fds.adopt_inherited_fds()
    environ, child_r, close_in_child, ignored = pickle.loads(preparation)
    from multiprocessing import spawn
    signal_handlers.inherit_ignored(ignored)
    driver.set_environ(environ)
    for fd in close_in_child:
        os.close(fd)
    parent_sentinel = os.dup(child_r)
    sys.exit(spawn._main(child_r, parent_sentinel))
