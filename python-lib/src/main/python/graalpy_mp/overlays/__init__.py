"""Overlays: small patches of GraalPy's bundled stdlib at CPython's own seams, and the one applier of them.

Each overlay is a module that declares its patches:

    @patch('threading', 'Lock', '_active_limbo_lock')
    def _patch_threading(threading, services): ...

declares a function that patches GraalPy's module `threading`, with the names of it (its targets: attribute
paths such as 'BaseContext._is_graalpy', where `name[key]` is a key of a mapping) that it replaces or relies on.
`@uses('threading', '_active')` on any function declares names it relies on without patching the module.

`install_all` applies every overlay's patches in the order of OVERLAYS, each at once if its module is imported
already, otherwise when it is first imported (graalpy_mp.after_import): which modules a program, or a warm
context, imports first no longer matters. Before a patch runs, its targets are looked up in the module as GraalPy
made it; those absent are kept in `missing`, which test_overlay_targets reports, so that a GraalPy upgrade that
renames one fails there instead of leaving a patch that silently does nothing.

`services` is the host's per-process Java object (see dev.graalpymp.host.ProcessServices): the only door from
Python to the plugin's Java side.
"""

import importlib

from graalpy_mp import gateway, replay
from graalpy_mp.after_import import when_imported

# Order matters where one overlay builds on another: keep the list explicit. Names without a dot are this
# package's modules.
OVERLAYS = [
    'refused_modules', 'compile_optimize', 'atexit_calls', 'os_fds', 'os_process', 'os_wait', 'os_strerror',
    'os_urandom', 'time_sleep', 'os_subprocess', 'os_files', 'io_kernel_files', 'fcntl_kernel',
    'java_backend_limits', 'terminal_streams', 'select_kernel', 'select_epoll', 'thread_trace', 'thread_module',
    'thread_excepthook', 'signal_wakeup', 'signal_handlers', 'signal_masks', 'thread_locks', 'thread_sync',
    'thread_reuse', 'thread_local', 'traceback_frames', 'time_clocks', 'graalpy_mp.mp.overlay', 'socket_bind',
    'faulthandler_crashes',
]

_declared = {}  # overlay module name -> [(module name, targets, patch or None)], in declaration order
checked = set()  # (module name, target) looked up so far in this process
missing = []  # (module name, target) that the module did not have when its patch was about to run


def patch(module, *targets):
    """Declares the decorated `function(module, services)` as a patch of GraalPy's `module` (see above)."""
    def declare(function):
        _declared.setdefault(function.__module__, []).append((module, targets, function))
        return function
    return declare


def uses(module, *targets):
    """Declares names of `module` that the decorated function relies on (see above)."""
    def declare(function):
        _declared.setdefault(function.__module__, []).append((module, targets, None))
        return function
    return declare


def declared():
    """{overlay: [(module, targets), ...]} of the overlays imported so far."""
    return {overlay: [(module, targets) for module, targets, _ in patches] for overlay, patches in _declared.items()}


def import_all():
    """The overlay modules, imported but not installed (what a warm context does ahead of its process)."""
    return [importlib.import_module(name if '.' in name else f'{__name__}.{name}') for name in OVERLAYS]


def install_all(services):
    gateway.install(services)
    replay.start(services)
    for overlay in import_all():
        install(overlay.__name__, services)


def install(overlay, services):
    """Applies the patches `overlay` (a module name) declared, each when its module is imported."""
    for module, targets, function in _declared.get(overlay, ()):
        when_imported(module, _applier(targets, function, services))


def _applier(targets, function, services):
    def apply(module):
        name = module.__name__
        for target in targets:
            checked.add((name, target))
            if not _resolves(module, target):
                missing.append((name, target))
        if function is not None:
            function(module, services)
    return apply


_ABSENT = object()


def _resolves(module, target):
    value = module
    for part in target.split('.'):
        name, _, key = part.partition('[')
        value = getattr(value, name, _ABSENT)
        if key and value is not _ABSENT:
            value = value.get(key.rstrip(']').strip('\'"'), _ABSENT)
        if value is _ABSENT:
            return False
    return True
