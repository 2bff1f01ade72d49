"""Overlay of `socket.socket.bind`: a TCP socket bound to port 0 reports the port the OS chose, as on CPython.

Why: GraalPy's java backend opens the OS socket of a SOCK_STREAM socket only once it knows whether the socket
listens or connects, so right after `bind((host, 0))` `getsockname()` says port 0, and socketserver and
http.server take that as their `server_address` (`server_port` 0; a client cannot reach them). Here port 0 is
replaced by a port the OS hands out at once to a probe socket (bound and listening, then closed: a listening
socket that accepted nothing leaves no TIME_WAIT), and the socket binds to that port. Limit: another process
could take that port between the probe and this socket's listen (EADDRINUSE then, where CPython cannot fail).
"""

import _socket

from graalpy_mp.overlays import patch


def _free_port(family, host):
    probe = _socket.socket(family, _socket.SOCK_STREAM)
    try:
        probe.bind((host, 0))
        probe.listen(1)
        return probe.getsockname()[1]
    finally:
        probe.close()


@patch('socket', 'socket.bind')
def _patch(socket, services):
    graalpy_bind = socket.socket.bind

    def bind(self, address):
        if (self.family in (_socket.AF_INET, _socket.AF_INET6) and self.type == _socket.SOCK_STREAM
                and isinstance(address, tuple) and len(address) >= 2 and address[1] == 0):
            address = (address[0], _free_port(self.family, address[0])) + address[2:]
        return graalpy_bind(self, address)
    bind.__doc__ = graalpy_bind.__doc__
    socket.socket.bind = bind

