"""AF_UNIX addresses for `multiprocessing.connection` (Listener, Client, and so managers' default family, as
on Linux): GraalPy has no AF_UNIX sockets, so a path address is served by the kernel's listeners and each
connection is a kernel socket pair, between the processes of this JVM. As a bound socket does, a listener
holds its path in the file system (a plain file here): a taken path is EADDRINUSE, and the listener removes it
when closed. An OS process outside the JVM cannot connect to such an address (use an AF_INET address).
"""

import errno
import os

from graalpy_mp import gateway
from graalpy_mp.overlays import os_fds


def _oserror(code, *filename):
    return OSError(code, os.strerror(code), *filename)


class UnixListener:
    """multiprocessing.connection.SocketListener for family 'AF_UNIX'."""

    def __init__(self, address, connection, util):
        self._connection = connection
        self._family = 'AF_UNIX'
        self._last_accepted = None
        abstract = util.is_abstract_socket_namespace(address)
        if not abstract:
            try:
                os.close(os.open(address, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600))
            except FileExistsError:
                raise _oserror(errno.EADDRINUSE) from None
        try:
            self._handle = gateway.call(gateway.kernel.unixListen, address)
        except BaseException:
            if not abstract:
                os.unlink(address)
            raise
        self._address = address
        self._unlink = None if abstract else util.Finalize(self, os.unlink, args=(address,), exitpriority=0)

    def accept(self):
        fd = os_fds.kernel_fd(gateway.kernel.unixAcceptAt, self._handle)
        self._last_accepted = ''  # the peer of an AF_UNIX connection has no address
        return self._connection.Connection(fd)

    def close(self):
        handle, self._handle = self._handle, None
        if handle is not None:
            gateway.kernel.unixClose(handle)
        unlink, self._unlink = self._unlink, None
        if unlink is not None:
            unlink()


def connect(address, connection, util):
    """multiprocessing.connection.SocketClient for an AF_UNIX address."""
    if not util.is_abstract_socket_namespace(address) and not os.path.exists(address):
        raise _oserror(errno.ENOENT)
    return connection.Connection(os_fds.kernel_fd(gateway.kernel.unixConnectAt, address))


def install(connection, util):
    graalpy_listener, graalpy_client = connection.SocketListener, connection.SocketClient

    def SocketListener(address, family, backlog=1):
        if family == 'AF_UNIX':
            return UnixListener(address, connection, util)
        return graalpy_listener(address, family, backlog)

    def SocketClient(address):
        if connection.address_type(address) == 'AF_UNIX':
            return connect(address, connection, util)
        return graalpy_client(address)

    connection.SocketListener = SocketListener
    connection.SocketClient = SocketClient
    if 'AF_UNIX' not in connection.families:
        connection.families.append('AF_UNIX')
    connection.default_family = 'AF_UNIX'  # as on Linux
