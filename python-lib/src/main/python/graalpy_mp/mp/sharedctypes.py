"""`multiprocessing.sharedctypes` without ctypes: RawValue, RawArray, Value, Array, copy and synchronized over
kernel shared memory, with the values, conversions, errors and reprs of CPython's ctypes-based objects.
Installed as the module `multiprocessing.sharedctypes` (CPython's imports ctypes, which this path must not).

Type codes are the `array` module's ('c' is c_char, 'u' c_wchar); a ctypes type object (c_int, c_double...)
works by its name. Each object is a segment of kernel memory: writes are visible to every process holding
it at once; a single value's load or store is atomic, anything larger needs the lock, as in CPython.
Other ctypes types (structures, unions, arrays...) give real ctypes objects over kernel native memory
(graalpy_mp.mp.native_ctypes).
"""

import struct
import weakref

from graalpy_mp import gateway
from graalpy_mp.mp import native_ctypes
from graalpy_mp.mp import semlock as _semlock

__all__ = ['RawValue', 'RawArray', 'Value', 'Array', 'copy', 'synchronized']

# typecode -> (ctypes name, struct format, the SharedSegment element accessor); CPython's typecode_to_type,
# with the sizes of x86-64 Linux.
_TYPES = {
    'c': ('c_char', 'c', 'Uint8'), 'u': ('c_wchar', 'I', 'Uint32'), 'b': ('c_byte', 'b', 'Int8'),
    'B': ('c_ubyte', 'B', 'Uint8'), 'h': ('c_short', 'h', 'Int16'), 'H': ('c_ushort', 'H', 'Uint16'),
    'i': ('c_int', 'i', 'Int32'), 'I': ('c_uint', 'I', 'Uint32'), 'l': ('c_long', 'l', 'Int64'),
    'L': ('c_ulong', 'L', 'Int64'), 'q': ('c_longlong', 'q', 'Int64'), 'Q': ('c_ulonglong', 'Q', 'Int64'),
    'f': ('c_float', 'f', 'Float32'), 'd': ('c_double', 'd', 'Float64'),
    '?': ('c_bool', '?', 'Uint8'),  # no type code in CPython's table: reached only as ctypes.c_bool
}
_UINT64 = 1 << 64
_INT64_MIN, _INT64_MAX = -(1 << 63), (1 << 63) - 1
# How an element of these types becomes the Python value and back; the others cross as they are.
_LOADS = {'c': lambda raw: bytes((raw,)), 'u': chr, '?': bool, 'L': lambda raw: raw % _UINT64,
          'Q': lambda raw: raw % _UINT64}
_STORES = {'c': lambda value: value[0], 'u': ord, '?': int,
           'L': lambda value: value - _UINT64 if value >> 63 else value,
           'Q': lambda value: value - _UINT64 if value >> 63 else value}
_CODES = 'cubBhHiIlLqQfd'
_BY_CTYPES_NAME = {name: code for code, (name, _, _) in _TYPES.items()}
_BY_CTYPES_NAME.update({'c_int8': 'b', 'c_uint8': 'B', 'c_int16': 'h', 'c_uint16': 'H', 'c_int32': 'i',
                        'c_uint32': 'I', 'c_int64': 'l', 'c_uint64': 'L', 'c_size_t': 'L', 'c_ssize_t': 'l'})


_shared_memory = None


def _calls():
    global _shared_memory  # one facade per process (this module is per context)
    if _shared_memory is None:
        _shared_memory = gateway.HostMembers(gateway.kernel.sharedMemory())
    return _shared_memory


class _CType:
    """One C scalar type: how its values are checked, wrapped and stored."""

    def __init__(self, code):
        self.code = code
        self.name, fmt, self.accessor = _TYPES[code]
        self.load = _LOADS.get(code)  # None: the element is the value
        self._store = _STORES.get(code)
        self.struct = struct.Struct('@' + fmt)
        self.size = self.struct.size
        self.integer = code in 'bBhHiIlLqQ'
        self.signed = code in 'bhilq'
        self.real = code in 'fd'

    def convert(self, value):
        """The value as C stores it (ctypes wraps integers silently, checks types)."""
        if self.integer:
            if isinstance(value, float) or not hasattr(type(value), '__index__'):
                raise TypeError(f"'{type(value).__name__}' object cannot be interpreted as an integer")
            bits = self.size * 8
            value = value.__index__() & ((1 << bits) - 1)
            if self.signed and value >= 1 << (bits - 1):
                value -= 1 << bits
            return value
        if self.real:
            if not isinstance(value, (int, float)) and not hasattr(type(value), '__float__'):
                raise TypeError(f'must be real number, not {type(value).__name__}')
            value = float(value)
            return struct.unpack('f', struct.pack('f', value))[0] if self.code == 'f' else value
        if self.code == 'c':
            if isinstance(value, int) and 0 <= value < 256:
                return bytes([value])
            if not isinstance(value, (bytes, bytearray)) or len(value) != 1:
                raise TypeError('one character bytes, bytearray or integer expected')
            return bytes(value)
        if self.code == 'u':
            if not isinstance(value, str):
                raise TypeError(f'unicode string expected instead of {type(value).__name__} instance')
            if len(value) != 1:
                raise TypeError('one character unicode string expected')
            return value
        return bool(value)

    def store(self, value):
        """The value as the segment's element accessor takes it. An int in a long's range or a float goes as
        it is (no conversion, fewer Python operations): the accessor keeps an int's low bits, as C wraps it, and
        rounds a float to the element's precision."""
        kind = type(value)
        if kind is int and self.integer and _INT64_MIN <= value <= _INT64_MAX or kind is float and self.real:
            return value
        value = self.convert(value)
        return value if self._store is None else self._store(value)

    def element_access(self, memory):
        """The SharedSegment's (load, store) of this type, as bound host methods: taking an offset, and an offset
        and a value as store() makes it."""
        return (getattr(memory, 'get' + self.accessor),
                getattr(memory, 'put' + self.accessor.replace('Uint', 'Int')))

    def pack(self, value):
        value = self.convert(value)
        return self.struct.pack(ord(value) if self.code == 'u' else value)

    def unpack(self, data):
        value = self.struct.unpack(data)[0]
        return chr(value) if self.code == 'u' else value


def _ctype(typecode_or_type):
    """The scalar type of a type code or of a ctypes scalar type named after one; None for another ctypes
    type (a native_ctypes object)."""
    if isinstance(typecode_or_type, str) and typecode_or_type in _CODES:
        return _CType(typecode_or_type)
    if native_ctypes.is_ctypes_type(typecode_or_type):
        code = _BY_CTYPES_NAME.get(typecode_or_type.__name__)
        # a subclass of c_int... (its own class) or a same-named type of another kind is ctypes' own
        return _CType(code) if code and typecode_or_type.__module__ == 'ctypes' else None
    raise TypeError('this type has no size')  # what ctypes.sizeof says of anything else


class _Segment:
    """A reference to kernel shared memory (`memory`, the kernel's SharedSegment, which Python calls directly);
    dropped when the last Python object using it goes."""

    def __init__(self, size=None, handle=None):
        calls = _calls()
        if handle is None:
            handle = calls.create(size)
            self.memory = calls.segment(handle)
        else:
            self.memory = calls.retain(handle)
        self.handle = handle
        weakref.finalize(self, _close, handle).atexit = False  # children may still use it at our exit

    def read(self, offset, length):
        """The bytes at offset, in a bytearray the kernel fills through its storage (no conversion)."""
        data = bytearray(length)
        self.memory.read(offset, gateway.storage(data), length)
        return data

    def write(self, offset, data):
        self.memory.write(offset, gateway.storage(data), len(data))


def _close(handle):
    try:
        _calls().close(handle)
    except BaseException:
        pass


class RawValueObject:
    """A C scalar in shared memory (what ctypes' c_int(...) is in CPython's sharedctypes)."""

    def __init__(self, ctype, segment):
        self._type = ctype
        self._segment = segment
        self._load, self._store = ctype.element_access(segment.memory)  # one host call per access
        self._loaded = ctype.load

    @property
    def value(self):
        raw = self._load(0)
        return raw if self._loaded is None else self._loaded(raw)

    @value.setter
    def value(self, value):
        self._store(0, self._type.store(value))

    def __reduce__(self):
        _assert_spawning(self)
        return _rebuild_value, (self._type.code, self._segment.handle)

    def __repr__(self):
        return f'{self._type.name}({self.value!r})'


class RawArrayObject:
    """A C array in shared memory: indexable, sliceable, iterable like ctypes' arrays."""

    def __init__(self, ctype, length, segment):
        self._type = ctype
        self._length = length
        self._segment = segment
        self._load, self._store = ctype.element_access(segment.memory)

    def __len__(self):
        return self._length

    def _index(self, index):
        index = index.__index__()
        if index < 0:
            index += self._length
        if not 0 <= index < self._length:
            raise IndexError('invalid index')
        return index

    def _all(self):
        size = self._type.size
        data = self._segment.read(0, size * self._length)
        return [self._type.unpack(data[i * size:(i + 1) * size]) for i in range(self._length)]

    def __getitem__(self, index):
        if isinstance(index, slice):
            items = self._all()[index]
            return b''.join(items) if self._type.code == 'c' else ''.join(items) if self._type.code == 'u' \
                else items
        raw = self._load(self._index(index) * self._type.size)
        load = self._type.load
        return raw if load is None else load(raw)

    def __setitem__(self, index, value):
        size = self._type.size
        if isinstance(index, slice):
            positions = range(*index.indices(self._length))
            values = list(value)
            if len(values) != len(positions):
                raise ValueError('Can only assign sequence of same size')
            if index.step in (None, 1) and positions:
                self._segment.write(positions[0] * size, b''.join(self._type.pack(v) for v in values))
                return
            for position, item in zip(positions, values):
                self._store(position * size, self._type.store(item))
            return
        self._store(self._index(index) * size, self._type.store(value))

    def __iter__(self):
        return iter(self._all())

    # c_char arrays: the bytes up to the first NUL, and all of them
    @property
    def value(self):
        if self._type.code == 'c':
            return self[:].split(b'\0', 1)[0]
        if self._type.code == 'u':
            return self[:].split('\0', 1)[0]
        raise AttributeError(f"'{self._type.name}_Array_{self._length}' object has no attribute 'value'")

    @value.setter
    def value(self, value):
        if self._type.code not in 'cu':
            raise AttributeError(f"'{self._type.name}_Array_{self._length}' object has no attribute 'value'")
        if len(value) > self._length:
            raise ValueError('byte string too long' if self._type.code == 'c' else 'string too long')
        padded = value + (b'\0' if self._type.code == 'c' else '\0') * (len(value) < self._length)
        self[:len(padded)] = padded if self._type.code == 'u' else [bytes([b]) for b in padded]

    @property
    def raw(self):
        if self._type.code != 'c':
            raise AttributeError(f"'{self._type.name}_Array_{self._length}' object has no attribute 'raw'")
        return self[:]

    def __reduce__(self):
        _assert_spawning(self)
        return _rebuild_array, (self._type.code, self._length, self._segment.handle)

    def __repr__(self):
        return (f'<multiprocessing.sharedctypes.{self._type.name}_Array_{self._length} object at '
                f'{id(self):#x}>')


def _assert_spawning(obj):
    # CPython's: shared memory reaches a child as it starts (fork, spawn), never through a queue or a pipe
    from multiprocessing import context
    if context.get_spawning_popen() is None:
        name = type(obj).__name__ if isinstance(obj, SynchronizedBase) else \
            f'{obj._type.name}_Array_{obj._length}' if isinstance(obj, RawArrayObject) else obj._type.name
        raise RuntimeError(f'{name} objects should only be shared between processes through inheritance')


def _rebuild_value(code, handle):
    return RawValueObject(_CType(code), _Segment(handle=handle))


def _rebuild_array(code, length, handle):
    return RawArrayObject(_CType(code), length, _Segment(handle=handle))


def RawValue(typecode_or_type, *args):
    """Returns a C object allocated from shared memory."""
    ctype = _ctype(typecode_or_type)
    if ctype is None:
        return native_ctypes.raw_value(typecode_or_type, args)
    obj = RawValueObject(ctype, _Segment(ctype.size))
    if args:
        obj.value = args[0]
    return obj


def RawArray(typecode_or_type, size_or_initializer):
    """Returns a C array allocated from shared memory."""
    ctype = _ctype(typecode_or_type)
    if ctype is None:
        return native_ctypes.raw_array(typecode_or_type, size_or_initializer)
    if isinstance(size_or_initializer, int):
        return RawArrayObject(ctype, size_or_initializer, _Segment(ctype.size * size_or_initializer))
    items = list(size_or_initializer)
    obj = RawArrayObject(ctype, len(items), _Segment(ctype.size * len(items)))
    obj[:] = items
    return obj


def Value(typecode_or_type, *args, lock=True, ctx=None):
    """Return a synchronization wrapper for a Value."""
    return _with_lock(RawValue(typecode_or_type, *args), lock, ctx)


def Array(typecode_or_type, size_or_initializer, *, lock=True, ctx=None):
    """Return a synchronization wrapper for a RawArray."""
    return _with_lock(RawArray(typecode_or_type, size_or_initializer), lock, ctx)


def _with_lock(obj, lock, ctx):
    if lock in (True, None):
        from multiprocessing import context
        ctx = ctx or context._default_context.get_context()
        lock = ctx.RLock()
    elif lock is False:
        return obj
    if not hasattr(lock, 'acquire'):
        raise AttributeError(f"{lock!r} has no method 'acquire'")
    return synchronized(obj, lock, ctx)


def copy(obj):
    """A new shared object with obj's contents."""
    if native_ctypes.is_ctypes_object(obj):
        return native_ctypes.copy(obj)
    if isinstance(obj, RawArrayObject):
        return RawArray(obj._type.code, obj[:] if obj._type.code not in 'cu' else list(obj))
    return RawValue(obj._type.code, obj.value)


def synchronized(obj, lock=None, ctx=None):
    if isinstance(obj, SynchronizedBase):
        raise AssertionError('object already synchronized')
    if lock is None:
        from multiprocessing import context
        lock = (ctx or context._default_context.get_context()).RLock()
    if isinstance(obj, RawArrayObject):
        return (SynchronizedString if obj._type.code == 'c' else SynchronizedArray)(obj, lock)
    if native_ctypes.is_ctypes_object(obj):
        return native_ctypes.synchronized_class(
            obj, (Synchronized, SynchronizedArray, SynchronizedString, SynchronizedBase, _locked_property),
            _class_cache)(obj, lock)
    return (_SynchronizedElement if _kernel_rlock(lock) else Synchronized)(obj, lock)


# structure type -> its Synchronized class (CPython's is weak; GraalPy cannot weakly reference a ctypes type)
_class_cache = {}


class SynchronizedBase:

    def __init__(self, obj, lock=None, ctx=None):
        self._obj = obj
        self._lock = lock
        self.acquire = lock.acquire
        self.release = lock.release

    def __enter__(self):
        return self._lock.__enter__()

    def __exit__(self, *args):
        return self._lock.__exit__(*args)

    def __reduce__(self):
        _assert_spawning(self)
        return synchronized, (self._obj, self._lock)

    def get_obj(self):
        return self._obj

    def get_lock(self):
        return self._lock

    def __repr__(self):
        return f'<{type(self).__name__} wrapper for {self._obj}>'


def _locked_property(name):
    """The wrapped object's attribute `name`, read and written under the wrapper's lock: through the lock's own
    acquire and release (as CPython's make_property does), two Python calls fewer than `with`, whose
    __enter__/__exit__ are a multiprocessing.synchronize layer over them."""
    def get(self):
        self.acquire()
        try:
            return getattr(self._obj, name)
        finally:
            self.release()

    def set(self, value):
        self.acquire()
        try:
            setattr(self._obj, name, value)
        finally:
            self.release()
    return property(get, set)


class Synchronized(SynchronizedBase):
    value = _locked_property('value')


class _SynchronizedElement(Synchronized):
    """A Synchronized RawValue under a kernel RLock (the default): its value read or written under the lock in
    one kernel call (LockedElement) instead of five Python calls and three kernel calls."""

    def __init__(self, obj, lock):
        super().__init__(obj, lock)
        ctype = obj._type
        element = gateway.call(obj._segment.memory.underLock, lock._semlock._use, ctype.accessor)
        self._load, self._store = (element.loadFloat, element.storeFloat) if ctype.real else \
            (element.loadInteger, element.storeInteger)
        self._loaded = ctype.load
        self._type = ctype

    @property
    def value(self):
        try:
            raw = self._load()
        except BaseException as exc:  # a wait's EINTR; host exceptions are not Exception subclasses
            gateway.raise_os_error(exc)
            raise
        return raw if self._loaded is None else self._loaded(raw)

    @value.setter
    def value(self, value):
        value = self._type.store(value)
        try:
            self._store(value)
        except BaseException as exc:
            gateway.raise_os_error(exc)
            raise


_SynchronizedElement.__name__ = _SynchronizedElement.__qualname__ = 'Synchronized'  # its repr, its errors


def _kernel_rlock(lock):
    """Whether `lock` is a multiprocessing RLock on a kernel semaphore (not a Manager's, not threading's)."""
    semlock = getattr(lock, '_semlock', None)
    return isinstance(semlock, _semlock.SemLock) and semlock.kind == _semlock.RECURSIVE_MUTEX


class SynchronizedArray(SynchronizedBase):

    def __len__(self):
        return len(self._obj)

    def __getitem__(self, i):
        with self._lock:
            return self._obj[i]

    def __setitem__(self, i, value):
        with self._lock:
            self._obj[i] = value

    def __getslice__(self, start, stop):
        with self._lock:
            return self._obj[start:stop]

    def __setslice__(self, start, stop, values):
        with self._lock:
            self._obj[start:stop] = values


class SynchronizedString(SynchronizedArray):
    value = _locked_property('value')
    raw = _locked_property('raw')
