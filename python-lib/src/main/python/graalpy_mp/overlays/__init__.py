"""Overlays: small patches of GraalPy's bundled stdlib at CPython's own seams.

Each overlay is a module of this package with an `install(services)` function; `install_all` runs them in the
order of OVERLAYS before the program starts. `services` is the host's per-process Java object (see
dev.graalpymp.host.ProcessServices): the only door from Python to the plugin's Java side.
"""

import importlib

from graalpy_mp import gateway
from graalpy_mp.overlays import replay

# Order matters where one overlay builds on another: keep the list explicit.
OVERLAYS = [
    'refused_modules', 'compile_optimize', 'atexit_calls', 'os_fds', 'os_process', 'os_files', 'io_kernel_files',
    'fcntl_kernel', 'java_backend_limits', 'terminal_streams', 'select_kernel', 'select_epoll',
    'thread_trace', 'thread_module', 'thread_excepthook', 'signal_wakeup',
    'signal_handlers', 'signal_masks', 'thread_locks', 'thread_sync', 'thread_reuse', 'thread_local',
    'traceback_frames', 'time_clocks', 'mp_context', 'socket_bind', 'faulthandler_crashes', 'os_paths', 'os_ids',
    'os_supports',  # last: the os functions as the overlays left them
]


def import_all():
    """The overlay modules, imported but not installed (what a warm context does ahead of its process)."""
    return [importlib.import_module(f'{__name__}.{name}') for name in OVERLAYS]


def install_all(services):
    gateway.install(services)
    replay.start(services)
    for overlay in import_all():
        overlay.install(services)
