"""`multiprocessing.heap.BufferWrapper` on kernel shared memory: the shared state of
`multiprocessing.Barrier` (two C ints). CPython's maps an arena file into a memoryview; GraalPy 25.0 cannot
make a memoryview over memory outside its context, so `create_memoryview()` returns a shared byte array
(graalpy_mp.mp.sharedctypes) whose `cast(format)` gives the array of that C type over the same memory:
indexing, `len` and `cast`, which is what multiprocessing uses. Installed into multiprocessing.heap when it
is imported.
"""

from graalpy_mp.mp.sharedctypes import RawArrayObject, _CType, _Segment


class BufferWrapper:

    def __init__(self, size):
        if size < 0:
            raise ValueError(f'Size {size} out of bounds')
        self._segment = _Segment(size)
        self._size = size

    def create_memoryview(self):
        return _Bytes(self._segment, self._size)

    def __reduce__(self):
        return _rebuild, (self._segment.handle, self._size)


def _rebuild(handle, size):
    wrapper = BufferWrapper.__new__(BufferWrapper)
    wrapper._segment = _Segment(handle=handle)
    wrapper._size = size
    return wrapper


class _Bytes(RawArrayObject):
    """The segment as unsigned bytes, with memoryview's `cast`."""

    def __init__(self, segment, size):
        super().__init__(_CType('B'), size, segment)

    def cast(self, format):
        ctype = _CType(format)
        if len(self) % ctype.size:
            raise TypeError('memoryview: length is not a multiple of itemsize')
        return RawArrayObject(ctype, len(self) // ctype.size, self._segment)
