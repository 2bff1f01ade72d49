"""`os.supports_fd`, `supports_dir_fd`, `supports_follow_symlinks` and `supports_effective_ids` hold the `os`
functions themselves, as GraalPy's os module made them. The overlays before this one replace many of those
functions (os_fds, os_paths...), which left the sets holding the old objects: `os.stat in os.supports_dir_fd`
was False, and shutil.rmtree, for one, then took its path for platforms without fd functions. Each set gets the
function now under the same name; what a set says stays true, as every replacement hands the fd, dir_fd and
follow_symlinks cases it does not make itself to the function it replaced.
"""

from graalpy_mp.overlays import patch

_SETS = ('supports_fd', 'supports_dir_fd', 'supports_follow_symlinks', 'supports_effective_ids')


@patch('os', *_SETS)
def _patch(os, services):
    for name in _SETS:
        functions = getattr(os, name)
        for function in list(functions):
            current = getattr(os, function.__name__, function)
            if current is not function:
                functions.discard(function)
                functions.add(current)
