"""`os.geteuid`, `getegid`, `getresuid` and `getresgid`, which GraalPy lacks (programs test `os.geteuid() == 0`
for root). A virtual process has the credentials of the JVM's OS process and cannot change them, so these read
that process's real, effective and saved ids from Linux's /proc/self/status, once.
"""

from graalpy_mp.overlays import patch

_ids = {}  # b'Uid' / b'Gid' -> (real, effective, saved)


@patch('os')
def _patch(os, services):
    """Adds geteuid, getegid, getresuid and getresgid, which GraalPy lacks (none is a target)."""
    for name, function in (('geteuid', geteuid), ('getegid', getegid), ('getresuid', getresuid),
                           ('getresgid', getresgid)):
        if not hasattr(os, name):
            function.__module__ = 'posix'
            setattr(os, name, function)


def _read(kind):
    if kind not in _ids:
        with open('/proc/self/status', 'rb') as status:
            for line in status:
                name, _, values = line.partition(b':')
                if name in (b'Uid', b'Gid'):
                    _ids[name] = tuple(int(value) for value in values.split()[:3])
    return _ids[kind]


def geteuid():
    """Return the current process's effective user id."""
    return _read(b'Uid')[1]


def getegid():
    """Return the current process's effective group id."""
    return _read(b'Gid')[1]


def getresuid():
    """Return a tuple of the current process's real, effective, and saved user ids."""
    return _read(b'Uid')


def getresgid():
    """Return a tuple of the current process's real, effective, and saved group ids."""
    return _read(b'Gid')
