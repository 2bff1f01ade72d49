"""Overlay of the `os` path functions that GraalPy 25.0.3's java POSIX backend gets wrong, made as CPython makes
them (the host does the file calls on the process's own file system: dev.graalpymp.host.FileCalls):

- `link` made the new name at the existing file's path, so it failed with EEXIST every time;
- `rename`/`replace` of a name with a surrogate escape ended the process with a Java error (now EINVAL, as
  GraalPy answers for such a name everywhere else);
- `readlink` followed the whole chain of links instead of returning the link's own target;
- `utime` kept whole seconds (CPython sets nanoseconds), and took malformed `times`/`ns`;
- `mkdir` (and so `makedirs`) ignored `mode` and the program's `os.umask`; `umask` answered the new mask;
- `putenv`/`unsetenv` took names CPython refuses (empty, or with '=' for unsetenv);
- `device_encoding` was missing, and `chown`/`lchown` by path raised ENOSYS (an fd or dir_fd still does).

What the host cannot do by path (an fd, a dir_fd) stays GraalPy's.
"""

import errno
import math
import operator
import os

from graalpy_mp import gateway
from graalpy_mp.overlays import patch

_previous = {}  # name -> the function this overlay replaces (GraalPy's, or an earlier overlay's)
_services = None


@patch('os', 'link', 'rename', 'replace', 'readlink', 'utime', 'chown', 'lchown', 'mkdir', 'umask', 'putenv',
       'unsetenv')
def _patch(os, services):
    """Adds device_encoding too, which GraalPy lacks."""
    global _services
    _services = services
    for name, function in _FUNCTIONS.items():
        if name not in _previous:
            _previous[name] = getattr(os, name, None)
        setattr(os, name, function)


def _error(code, *filenames):
    """CPython's OSError for errno `code` on `filenames` (its subclass, glibc's text, both names)."""
    if len(filenames) == 2:
        return OSError(code, os.strerror(code), filenames[0], None, filenames[1])
    return OSError(code, os.strerror(code), filenames[0])


def _host(fn, filenames, *args):
    try:
        return fn(*args)
    except BaseException as exc:  # host exceptions are not Exception subclasses
        code = gateway.errno_of(exc)
        if code is not None:
            raise _error(code, *filenames) from None
        raise


def link(src, dst, *, src_dir_fd=None, dst_dir_fd=None, follow_symlinks=True):
    if src_dir_fd is not None or dst_dir_fd is not None or not follow_symlinks:
        raise NotImplementedError('link: src_dir_fd, dst_dir_fd and follow_symlinks=False are unavailable '
                                  'on this platform')
    _host(_services.link, (src, dst), os.fsdecode(src), os.fsdecode(dst))


def rename(src, dst, *, src_dir_fd=None, dst_dir_fd=None):
    _check_java_paths(src, dst)
    return _previous['rename'](src, dst, src_dir_fd=src_dir_fd, dst_dir_fd=dst_dir_fd)


def replace(src, dst, *, src_dir_fd=None, dst_dir_fd=None):
    _check_java_paths(src, dst)
    return _previous['replace'](src, dst, src_dir_fd=src_dir_fd, dst_dir_fd=dst_dir_fd)


def _check_java_paths(src, dst):
    """A str name with a surrogate escape (bytes that are not UTF-8) has no Java path: GraalPy answers EINVAL for
    it, as for every other call, but its rename and replace end the whole process with a Java error instead."""
    for name in (src, dst):
        name = os.fspath(name)
        if isinstance(name, str):
            try:
                name.encode('utf-8')
            except UnicodeEncodeError:
                raise _error(errno.EINVAL, src, dst) from None


def readlink(path, *, dir_fd=None):
    if dir_fd is not None:
        return _previous['readlink'](path, dir_fd=dir_fd)
    name = os.fspath(path)
    target = _host(_services.readlink, (path,), os.fsdecode(name))
    return os.fsencode(target) if isinstance(name, bytes) else target


def utime(path, times=None, *, ns=None, dir_fd=None, follow_symlinks=True):
    if times is not None and ns is not None:
        raise ValueError("utime: you may specify either 'times' or 'ns' but not both")
    if times is not None:
        if not isinstance(times, tuple) or len(times) != 2:
            raise TypeError("utime: 'times' must be either a tuple of two ints or None")
        nanos = tuple(_nanoseconds(t) for t in times)
    elif ns is not None:
        if not isinstance(ns, tuple) or len(ns) != 2:
            raise TypeError("utime: 'ns' must be a tuple of two ints")
        nanos = tuple(operator.index(n) for n in ns)
    else:
        nanos = None
    if nanos is None or dir_fd is not None or isinstance(path, int):
        # GraalPy's takes an ns=None as given: pass only what the caller gave
        given = {'ns': ns} if ns is not None else {'times': times} if times is not None else {}
        return _previous['utime'](path, dir_fd=dir_fd, follow_symlinks=follow_symlinks, **given)
    _host(_services.setFileTimes, (path,), os.fsdecode(os.fspath(path)), nanos[0], nanos[1], follow_symlinks)


def _nanoseconds(seconds):
    """CPython's conversion of a timestamp to nanoseconds: floats rounded toward minus infinity."""
    if isinstance(seconds, float):
        if not math.isfinite(seconds):
            raise ValueError('Invalid value NaN (not a number)' if math.isnan(seconds) else 'timestamp too large')
        fraction, whole = math.modf(seconds)
        nanos = math.floor(fraction * 1e9)
        return int(whole) * 10 ** 9 + nanos
    return operator.index(seconds) * 10 ** 9


def chown(path, uid, gid, *, dir_fd=None, follow_symlinks=True):
    uid, gid = _owner_id(uid, 'uid'), _owner_id(gid, 'gid')
    if isinstance(path, int) or dir_fd is not None:  # no path for the host: java_backend_limits' refusal
        return _previous['chown'](path, uid, gid, dir_fd=dir_fd, follow_symlinks=follow_symlinks)
    _host(_services.chown, (path,), os.fsdecode(os.fspath(path)), _c_uid(uid), _c_uid(gid), follow_symlinks)


def lchown(path, uid, gid):
    chown(path, uid, gid, follow_symlinks=False)


def _owner_id(value, kind):
    """CPython's uid/gid argument: an integer, -1 for 'unchanged'."""
    try:
        value = operator.index(value)
    except TypeError:
        raise TypeError(f'{kind} should be integer, not {type(value).__name__}') from None
    if value < -1:
        raise OverflowError(f'{kind} is less than minimum')
    if value > 0xFFFFFFFE:
        raise OverflowError(f'{kind} is greater than maximum')
    return value


def _c_uid(value):
    """A uid_t as the host's Java int holds it (the same 32 bits)."""
    return value - (1 << 32) if value >= 1 << 31 else value


def mkdir(path, mode=0o777, *, dir_fd=None):
    """GraalPy's makes the directory with the JVM's own umask; the mode is the program's, less its os.umask."""
    _previous['mkdir'](path, mode, dir_fd=dir_fd)
    os.chmod(path, mode & 0o7777 & ~_current_umask(), dir_fd=dir_fd)


_umask = None  # the program's umask, once asked for


def umask(mask, /):
    """GraalPy's answers the new mask where CPython answers the one before."""
    global _umask
    previous = _current_umask()
    _previous['umask'](mask)
    _umask = operator.index(mask) & 0o777
    return previous


def _current_umask():
    global _umask
    if _umask is None:
        _umask = 0o022  # GraalPy's own start value, which its os.open applies until the program sets one
        _previous['umask'](_umask)
    return _umask


def putenv(name, value):
    _check_name(name, 'putenv')
    return _previous['putenv'](name, value)


def unsetenv(name):
    _check_name(name, 'unsetenv')
    return _previous['unsetenv'](name)


def _check_name(name, function):
    raw = os.fsencode(name)
    if b'\0' in raw:
        raise ValueError('embedded null byte')
    if not raw or (b'=' in raw and function == 'unsetenv'):
        raise OSError(errno.EINVAL, os.strerror(errno.EINVAL))
    if b'=' in raw:
        raise ValueError('illegal environment variable name')


def device_encoding(fd):
    """CPython's: the locale's encoding for a terminal, else None."""
    if not os.isatty(fd):
        return None
    import locale
    return locale.getencoding()


_FUNCTIONS = {'link': link, 'rename': rename, 'replace': replace, 'readlink': readlink, 'utime': utime,
              'chown': chown, 'lchown': lchown, 'mkdir': mkdir, 'umask': umask, 'putenv': putenv,
              'unsetenv': unsetenv, 'device_encoding': device_encoding}
for _function in _FUNCTIONS.values():
    _function.__module__ = 'posix'
