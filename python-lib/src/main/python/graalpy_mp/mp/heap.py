"""`multiprocessing.heap.BufferWrapper` on kernel shared memory: the shared state of
`multiprocessing.Barrier` (two C ints). CPython's maps an arena file into a memoryview; GraalPy 25.0 cannot
make a memoryview over memory outside its context, so `create_memoryview()` returns a view that reads and
writes the kernel segment per item: indexing, `len` and `cast`, which is what multiprocessing uses.
Installed into multiprocessing.heap when it is imported.
"""

import struct

from graalpy_mp.mp.sharedctypes import _Segment


class BufferWrapper:

    def __init__(self, size):
        if size < 0:
            raise ValueError(f'Size {size} out of bounds')
        self._segment = _Segment(size)
        self._size = size

    def create_memoryview(self):
        return SharedView(self._segment, self._size, 'B')

    def __reduce__(self):
        return _rebuild, (self._segment.handle, self._size)


def _rebuild(handle, size):
    wrapper = BufferWrapper.__new__(BufferWrapper)
    wrapper._segment = _Segment(handle=handle)
    wrapper._size = size
    return wrapper


class SharedView:
    """A one-dimensional view of a kernel segment with a struct format, like a memoryview's."""

    def __init__(self, segment, nbytes, format):
        self._segment = segment
        self._struct = struct.Struct(format)
        self.format = format
        self.itemsize = self._struct.size
        self.nbytes = nbytes - nbytes % self.itemsize

    def cast(self, format):
        if self.nbytes % struct.calcsize(format):
            raise TypeError('memoryview: length is not a multiple of itemsize')
        return SharedView(self._segment, self.nbytes, format)

    def __len__(self):
        return self.nbytes // self.itemsize

    def _offset(self, index):
        index = index.__index__()
        length = len(self)
        if index < 0:
            index += length
        if not 0 <= index < length:
            raise IndexError('index out of bounds on dimension 1')
        return index * self.itemsize

    def __getitem__(self, index):
        data = self._segment.read(self._offset(index), self.itemsize)
        return self._struct.unpack(data)[0]

    def __setitem__(self, index, value):
        self._segment.write(self._offset(index), self._struct.pack(value))
