"""Overlay of `atexit` (register, unregister, _clear, _ncallbacks, _run_exitfuncs): CPython 3.12's reporting.

Why: GraalPy's `_run_exitfuncs` prints a failing callback as "Error in atexit._run_exitfuncs:" and then raises
the last failure again, so one failing atexit callback ended the program with status 1. CPython reports each
failure through `sys.unraisablehook` ("Exception ignored in atexit callback: <func>", SystemExit included),
runs the remaining callbacks and keeps the exit status. The callbacks live in a list per process, as CPython
keeps them per interpreter. Callbacks registered before this overlay was installed (in GraalPy's own list)
run after the others, which is their place in CPython's last-in-first-out order.
"""

import atexit
import sys

from graalpy_mp.overlays import patch

_native = {name: getattr(atexit, name) for name in ('register', 'unregister', '_clear', '_ncallbacks',
                                                    '_run_exitfuncs')}
_callbacks = []  # (func, args, kwargs) in registration order


def register(func, *args, **kwargs):
    if not callable(func):
        raise TypeError('the first argument must be callable')
    _callbacks.append((func, args, kwargs))
    return func


def unregister(func):
    _callbacks[:] = [entry for entry in _callbacks if not entry[0] == func]
    _native['unregister'](func)


def _clear():
    _callbacks.clear()
    _native['_clear']()


def _ncallbacks():
    return len(_callbacks) + _native['_ncallbacks']()


def _run_exitfuncs():
    while _callbacks:
        func, args, kwargs = _callbacks.pop()
        try:
            func(*args, **kwargs)
        except BaseException as exc:
            _report(exc, func)
    try:
        _native['_run_exitfuncs']()
    except BaseException:
        pass  # GraalPy has printed it already


def _report(exc, func):
    from graalpy_mp.main import without_plugin_frames
    tb = without_plugin_frames(exc.__traceback__)
    hook = sys.unraisablehook
    args = sys.UnraisableHookArgs((type(exc), exc, tb, 'Exception ignored in atexit callback', func))
    try:
        hook(args)
    except BaseException:
        sys.__unraisablehook__(args)


for _function in (register, unregister, _clear, _ncallbacks, _run_exitfuncs):
    _function.__module__ = 'atexit'
    _function.__doc__ = _native[_function.__name__].__doc__


@patch('atexit', *_native)
def _patch(atexit, services):
    for function in (register, unregister, _clear, _ncallbacks, _run_exitfuncs):
        setattr(atexit, function.__name__, function)
