"""Overlays: small patches of GraalPy's bundled stdlib at CPython's own seams, and the one applier of them.

Each overlay is a module that declares its patches:

    @patch('threading', 'Lock', '_active_limbo_lock')
    def _patch_threading(threading, services): ...

declares a function that patches GraalPy's module `threading`, with the names of it (its targets: attribute
paths such as 'BaseContext._is_graalpy', where `name[key]` is a key of a mapping) that it replaces or relies on.
`@uses('threading', '_active')` on any function declares names it relies on without patching the module.

`install_all` applies every overlay's patches in the order of OVERLAYS, each at once if its module is imported
already, otherwise when it is first imported (graalpy_mp.after_import): which modules a program, or a warm
context, imports first no longer matters. The targets are looked up in each module as GraalPy made it (for the
modules imported already, by `import_all`: in a warm context, ahead of its process; for the others, just before
their patches run); those absent are kept in `missing`, which test_overlay_targets reports, so that a GraalPy
upgrade that renames one fails there instead of leaving a patch that silently does nothing.

`services` is the host's per-process Java object (see dev.graalpymp.host.HostServices): the only door from
Python to the plugin's Java side.
"""

import importlib
import sys

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
    'socket_kernel',
    'faulthandler_crashes', 'os_paths', 'os_ids',
    'os_supports',  # last: the os functions as the overlays left them
]

_declared = {}  # overlay module name -> [_Declaration], in declaration order
missing = []  # (module name, target) that the module did not have before any patch


class _Declaration:
    """What `patch` or `uses` declared: a module's targets, each as its path, and the patch (None for `uses`)."""

    __slots__ = ('module', 'targets', 'paths', 'patch', 'checked')

    def __init__(self, module, targets, patch):
        self.module, self.targets, self.patch, self.checked = module, targets, patch, False
        self.paths = [_path(target) for target in targets]  # once, here: a warm context imports the overlays ahead


def patch(module, *targets):
    """Declares the decorated `function(module, services)` as a patch of GraalPy's `module` (see above)."""
    def declare(function):
        _declared.setdefault(function.__module__, []).append(_Declaration(module, targets, function))
        return function
    return declare


def uses(module, *targets):
    """Declares names of `module` that the decorated function relies on (see above)."""
    def declare(function):
        _declared.setdefault(function.__module__, []).append(_Declaration(module, targets, None))
        return function
    return declare


def _path(target):
    """'a.b[key]' -> [('a', ''), ('b', 'key')]: attribute names, each with the mapping key to read from it, if any."""
    path = []
    for part in target.split('.'):
        name, _, key = part.partition('[')
        path.append((name, key.rstrip(']').strip('\'"')))
    return path


def declared():
    """{overlay: [(module, targets), ...]} of the overlays imported so far."""
    return {overlay: [(d.module, d.targets) for d in declarations] for overlay, declarations in _declared.items()}


def unchecked():
    """The declared (module, target) not looked up yet: their modules have not been imported."""
    return [(d.module, target) for declarations in _declared.values() for d in declarations if not d.checked
            for target in d.targets]


def import_all():
    """The overlay modules, imported but not installed (what a warm context does ahead of its process), and the
    targets in modules imported already looked up, while nothing is patched."""
    overlays = [importlib.import_module(name if '.' in name else f'{__name__}.{name}') for name in OVERLAYS]
    for declarations in _declared.values():
        for declaration in declarations:
            module = sys.modules.get(declaration.module)
            if module is not None and not declaration.checked:
                _check(declaration, module)
    return overlays


def install_all(services, replay_log):
    """Installs every overlay for this process; `replay_log`: the record it replays first (see graalpy_mp.replay)."""
    gateway.install(services)
    replay.start(services, replay_log)
    for overlay in import_all():
        install(overlay.__name__, services)


def install(overlay, services):
    """Applies the patches `overlay` (a module name) declared, each when its module is imported."""
    for declaration in _declared.get(overlay, ()):
        when_imported(declaration.module, _applier(declaration, services))


def _applier(declaration, services):
    def apply(module):
        if not declaration.checked:
            _check(declaration, module)
        if declaration.patch is not None:
            declaration.patch(module, services)
    return apply


def _check(declaration, module):
    declaration.checked = True
    for target, path in zip(declaration.targets, declaration.paths):
        if not _resolves(module, path):
            missing.append((declaration.module, target))


_ABSENT = object()


def _resolves(value, path):
    for name, key in path:
        value = getattr(value, name, _ABSENT)
        if key and value is not _ABSENT:
            value = value.get(key, _ABSENT)
        if value is _ABSENT:
            return False
    return True
