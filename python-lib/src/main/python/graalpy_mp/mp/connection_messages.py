"""`multiprocessing.connection.Connection`'s messages on a kernel fd in one kernel call each
(dev.graalpymp.kernel.pipe.Messages frames them as CPython does: a 4-byte big-endian length, then the bytes).

CPython's `_recv_bytes` reads a message with two loops of `os.read` into an `io.BytesIO` and a `struct.unpack`,
its `_send_bytes` packs a header and concatenates: ~90 Python operations and three kernel calls per message
sent and received, each operation ~1 µs in GraalPy's interpreter, where a child's code runs for its first
seconds (and each call a crossing into Java once compiled). Every Pipe, Queue, Pool and manager message goes
through these two methods. Here they are one recorded kernel call each (an os.fork() child replays the message,
as it would replay the reads), with CPython's outcomes: EOFError at end of file before a message, OSError
"got end of file during message" inside one, None for a message longer than `maxsize` (its body left unread).
`send_bytes`, `recv_bytes` and `recv` skip CPython's memoryview, slice and BytesIO in their common case (a
whole bytes object, no maxlength). A connection on a fd that is not the kernel's (a TCP socket's) and a
subclass of Connection keep CPython's methods.
"""

import io

import polyglot

from graalpy_mp import gateway
from graalpy_mp.overlays import os_fds

# dev.graalpymp.kernel.pipe.Messages.receive's results below zero.
_END_OF_FILE, _TRUNCATED, _PENDING = -1, -2, -3
_LONG_MAX = (1 << 63) - 1
_kernel_fds = gateway.KERNEL_FDS


def install(connection):
    cls = connection.Connection
    original = {name: getattr(cls, name) for name in ('_send_bytes', '_recv_bytes', 'send_bytes', 'recv_bytes', 'recv')}
    loads = connection._ForkingPickler.loads

    def _send_bytes(self, buf):
        handle = self._handle
        if type(handle) is not int or handle not in _kernel_fds:
            return original['_send_bytes'](self, buf)
        _send(handle, _contents(buf))  # (CPython's 8-byte header is for > 2 GiB, which no GraalPy bytes holds)

    def _recv_bytes(self, maxsize=None):
        handle = self._handle
        if type(handle) is not int or handle not in _kernel_fds or (maxsize is not None and maxsize < 0):
            return original['_recv_bytes'](self, maxsize)
        got = _message(handle, maxsize)
        if got is None:
            return None  # longer than maxsize
        buffer = io.BytesIO(got)
        buffer.seek(0, io.SEEK_END)  # positioned after what was read, as CPython's (recv_bytes_into tells it)
        return buffer

    # The public methods' common case (a whole bytes object; an open Connection itself, not a subclass, whose
    # own _send_bytes/_recv_bytes CPython's methods would call) skips the memoryview, the slice and the BytesIO.
    def send_bytes(self, buf, offset=0, size=None):
        handle = self._handle
        if (offset != 0 or size is not None or type(self) is not cls or type(handle) is not int
                or handle not in _kernel_fds or not self._writable
                or not (type(buf) is bytes or (type(buf) is memoryview and buf.c_contiguous))):
            return original['send_bytes'](self, buf, offset, size)
        _send(handle, _contents(buf))  # a memoryview: what send() and the queues pass (a pickle's buffer)

    def recv_bytes(self, maxlength=None):
        handle = self._handle
        if (maxlength is not None or type(self) is not cls or type(handle) is not int
                or handle not in _kernel_fds or not self._readable):
            return original['recv_bytes'](self, maxlength)
        return _message(handle, None)

    def recv(self):
        handle = self._handle
        if type(self) is not cls or type(handle) is not int or handle not in _kernel_fds or not self._readable:
            return original['recv'](self)
        return loads(_message(handle, None))

    for name, method in (('_send_bytes', _send_bytes), ('_recv_bytes', _recv_bytes), ('send_bytes', send_bytes),
                         ('recv_bytes', recv_bytes), ('recv', recv)):
        method.__qualname__ = original[name].__qualname__
        method.__doc__ = original[name].__doc__
        setattr(cls, name, method)


def _contents(buf):
    """A bytes or bytearray with buf's bytes: itself, the object a whole memoryview shows, else one copy."""
    if type(buf) is bytes or type(buf) is bytearray:
        return buf
    data = buf.obj if type(buf) is memoryview else None
    if (type(data) is bytes or type(data) is bytearray) and buf.c_contiguous and len(data) == buf.nbytes:
        return data
    return bytes(buf)


def _send(handle, data):
    n = len(data)
    gateway.recorded_call('send_message', (handle, n), gateway.kernel.sendMessage, handle, gateway.storage(data), n)


def _message(handle, maxsize):
    """The next message's bytes (None if longer than maxsize), or CPython's error at end of file."""
    got = gateway.recorded_call('recv_message', (handle, maxsize), _receive, handle, maxsize)
    if type(got) is int:
        if got == _END_OF_FILE:
            raise EOFError
        raise OSError('got end of file during message')
    return got


def _receive(fd, maxsize):
    """The next message's bytes, an end-of-file code, or None if it is longer than maxsize."""
    buffer = os_fds.take_buffer()
    try:
        limit = -1 if maxsize is None else min(maxsize, _LONG_MAX)
        result = gateway.kernel.receiveMessage(fd, polyglot.storage(buffer), len(buffer), limit)
        if result >= 0:
            return bytes(buffer[:result])
        if result > _PENDING:
            return result
    finally:
        os_fds.give_back(buffer)
    length = _PENDING - result
    if maxsize is not None and length > maxsize:
        return None
    body = bytearray(length)  # longer than a pipe holds: read into a buffer of its own
    if gateway.kernel.receiveMessageBody(fd, polyglot.storage(body), length) < length:
        return _TRUNCATED
    return bytes(body)
