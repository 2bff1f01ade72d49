"""Overlay of `os.strerror`: glibc's messages, as CPython's (GraalPy's differ), from the kernel's errno table (see
graalpy_mp.gateway)."""

from graalpy_mp import gateway
from graalpy_mp.overlays import patch

_STRERROR = gateway.builtin(gateway.strerror, 'os', 'strerror')


@patch('os', 'strerror')
def _patch(os, services):
    os.strerror = _STRERROR
