"""Overlay of `subprocess` for real OS children, which cannot use the kernel's pipes (see graalpy_mp.os_bridge)."""

import os

from graalpy_mp import os_bridge
from graalpy_mp.overlays import os_fds, os_wait, patch


@patch('subprocess', '_fork_exec', 'os')
def _patch_subprocess(subprocess, services):
    """A real OS child (subprocess) cannot use kernel pipes: subprocess gets GraalPy's own os.pipe (the other
    os calls already pass GraalPy's fds through), and kernel fds given for its standard streams are bridged
    (see graalpy_mp.os_bridge). The pids of the OS children it starts are noted, for waitpid."""
    import types
    real_os = types.ModuleType('os')
    real_os.__dict__.update(os.__dict__)
    real_os.pipe = os_fds.graalpy_function('pipe')
    subprocess.os = real_os
    graalpy_fork_exec = subprocess._fork_exec

    def fork_exec(*args):
        pid = os_bridge.fork_exec(graalpy_fork_exec, args)
        os_wait.note_os_child(pid)
        return pid
    subprocess._fork_exec = fork_exec
