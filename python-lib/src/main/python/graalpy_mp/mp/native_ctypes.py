"""Shared ctypes objects of types without a type code (structures, unions, arrays, pointers and other ctypes
types), for `multiprocessing.sharedctypes`: real ctypes objects viewing kernel native memory in place
(`from_address` on a NativeSegment), in every process that holds one, as a forked child's ctypes objects view
CPython's shared arena. Writes are seen by every process at once; an object's type, fields, element access and
reprs are ctypes' own.

Each object viewing a segment keeps a reference to it (`_graalpy_mp_segment`, as CPython's keep `_wrapper`);
objects derived from it (an element, a field that is a structure) keep their base alive through ctypes'
`_b_base_`. The segment is freed when the last reference goes. An object sent to a child (as a fork would share
it, or through spawn's pickling) is rebuilt there as a view of the same memory at the same offset.

ctypes is imported only here, and only by programs that pass a ctypes type (so they have imported it).
Scalars named by type code or by their ctypes type stay in graalpy_mp.mp.sharedctypes, without ctypes.
"""

import sys
import weakref

_ATTRIBUTE = '_graalpy_mp_segment'


def _ctypes():
    import ctypes
    return ctypes


def is_ctypes_type(obj):
    ctypes = sys.modules.get('ctypes')
    return ctypes is not None and isinstance(obj, type) and issubclass(obj, _cdata(ctypes))


def is_ctypes_object(obj):
    ctypes = sys.modules.get('ctypes')
    return ctypes is not None and isinstance(obj, _cdata(ctypes))


def _cdata(ctypes):
    return ctypes.c_int.__mro__[-2]  # _ctypes._CData, the base of every ctypes type (not exported by name)


class _NativeSegment:
    """This process's reference to a kernel NativeSegment; closed when the last object viewing it goes."""

    def __init__(self, size=None, handle=None):
        from graalpy_mp.mp.sharedctypes import _calls, _close
        calls = _calls()
        if handle is None:
            handle = int(calls.createNative(size))
            self.address = int(calls.nativeSegment(handle).address())  # a Python int, not the host's long
        else:
            self.address = int(calls.retainNative(handle).address())
        self.handle = handle
        weakref.finalize(self, _close, handle).atexit = False  # children may still use it at our exit


def _view(type_, segment, offset=0):
    obj = type_.from_address(segment.address + offset)
    setattr(obj, _ATTRIBUTE, segment)
    return obj


def new_value(type_):
    """A zero-filled object of ctypes type `type_` in new shared memory (CPython's sharedctypes._new_value)."""
    obj = _view(type_, _NativeSegment(_ctypes().sizeof(type_)))
    from multiprocessing.reduction import ForkingPickler
    ForkingPickler.register(type_, reduce)  # as CPython's: spawn's pickling rebuilds it over the same memory
    return obj


def raw_value(type_, args):
    obj = new_value(type_)
    obj.__init__(*args)
    return obj


# An array type is named after its module as the code that first makes it runs in: CPython's sharedctypes.
_array_of = eval('lambda item_type, length: item_type * length', {'__name__': 'multiprocessing.sharedctypes'})


def raw_array(type_, size_or_initializer):
    if isinstance(size_or_initializer, int):
        return new_value(_array_of(type_, size_or_initializer))
    items = [_element(type_, item) for item in size_or_initializer]
    array = new_value(_array_of(type_, len(items)))
    array.__init__(*items)
    return array


def _element(type_, item):
    # graalpy-mp: GraalPy 25.0.3's ctypes stores a tuple into a structure element or field as a number
    # ("must be real number, not tuple") where CPython's builds the structure from it (type_(*item)): the
    # initializer's items are converted here, as the Python docs' sharedctypes example passes tuples.
    ctypes = _ctypes()
    if isinstance(item, tuple) and issubclass(type_, (ctypes.Structure, ctypes.Union)):
        return type_(*item)
    return item


def copy(obj):
    new = new_value(type(obj))
    _ctypes().pointer(new)[0] = obj
    return new


def synchronized_class(obj, base_classes, cache):
    """CPython's choice of wrapper for a ctypes object: (Synchronized, SynchronizedArray, SynchronizedString)
    for a simple value, an array, a c_char array; for a structure, a class with one locked property per field,
    made once per structure type."""
    ctypes = _ctypes()
    synchronized, synchronized_array, synchronized_string, base, locked_property = base_classes
    if isinstance(obj, ctypes._SimpleCData):
        return synchronized
    if isinstance(obj, ctypes.Array):
        return synchronized_string if obj._type_ is ctypes.c_char else synchronized_array
    cls = type(obj)
    try:
        return cache[cls]
    except KeyError:
        namespace = {field[0]: locked_property(field[0]) for field in cls._fields_}
        made = cache[cls] = type('Synchronized' + cls.__name__, (base,), namespace)
        return made


# ---- travelling to a child ----

def reduce(obj):
    """A ctypes object as it reaches a child: a view of the same shared memory if it views some (itself or
    through its bases), else a copy of its bytes, as a fork copies it."""
    from multiprocessing import context
    if context.get_spawning_popen() is None:
        raise RuntimeError(f'{type(obj).__name__} objects should only be shared between processes through '
                           f'inheritance')
    found = _shared_base(obj)
    if found is None:
        # graalpy-mp: not ctypes' own pickling, which GraalPy 25.0.3 cannot load ("PyCStructType.__new__()
        # missing 1 required positional argument")
        return _copied, (type(obj), bytes(obj), dict(getattr(obj, '__dict__', {})))
    segment, _ = found
    offset = _address(obj) - segment.address
    if isinstance(obj, _ctypes().Array):
        return _rebuild, (obj._type_, obj._length_, segment.handle, offset)
    return _rebuild, (type(obj), None, segment.handle, offset)


def _shared_base(obj):
    base = obj
    while base is not None:
        segment = getattr(base, '__dict__', {}).get(_ATTRIBUTE)
        if segment is not None:
            return segment, base
        base = base._b_base_
    return None


def _address(obj):
    # graalpy-mp: GraalPy 25.0.3's ctypes.addressof of an object made by from_address is not the address (nor
    # an int arithmetic accepts); a pointer to the object cast to c_void_p is.
    ctypes = _ctypes()
    return ctypes.cast(ctypes.pointer(obj), ctypes.c_void_p).value


def _copied(type_, data, attributes):
    obj = type_.from_buffer_copy(data)
    obj.__dict__.update(attributes)
    return obj


def _rebuild(type_, length, handle, offset):
    return _view(type_ if length is None else _array_of(type_, length), _NativeSegment(handle=handle), offset)


def reduce_class(cls):
    """A ctypes array or pointer type to travel by value (the fork start method's transfer of __main__'s
    classes): made again from its item type; None for any other class."""
    ctypes = _ctypes()
    if issubclass(cls, ctypes.Array) and hasattr(cls, '_length_'):
        return _array_type, (cls._type_, cls._length_)
    if issubclass(cls, ctypes._Pointer) and hasattr(cls, '_type_'):
        return ctypes.POINTER, (cls._type_,)
    return None


def split_layout(cls, attributes):
    """For a structure or union class travelling by value: takes out of `attributes` what its class body must
    hold when it is made (ctypes reads the layout then, and makes the field descriptors, which cannot be
    pickled, from `_fields_`), and returns that; {} for any other class."""
    ctypes = _ctypes()
    if not issubclass(cls, (ctypes.Structure, ctypes.Union)):
        return {}
    field_type = _field_type(ctypes)
    for name, value in list(attributes.items()):
        if isinstance(value, field_type):
            del attributes[name]
    return {name: attributes.pop(name) for name in ('_pack_', '_align_', '_swappedbytes_', '_anonymous_',
                                                    '_fields_') if name in attributes}


def _array_type(item_type, length):  # _array_of by a name pickle finds
    return _array_of(item_type, length)


def _field_type(ctypes):
    class Probe(ctypes.Structure):  # CField, which ctypes does not export
        _fields_ = [('a', ctypes.c_int)]
    return type(Probe.a)
