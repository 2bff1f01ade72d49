"""Patches that wait for their module: `when_imported(name, patch)` runs `patch(module)` right after `name`
is first imported (at once if it is imported already), so that an overlay of a heavy module such as
multiprocessing costs nothing to programs that never import it.

The finder and loader are plain classes with the import protocol's methods: subclassing `importlib.abc` would
bring in importlib.resources, pathlib, inspect, re, enum... (1.5-2 s of every cold start-up on GraalPy).
"""

import sys

_patches = {}  # module name -> [patch, ...] still to run


def when_imported(name, patch):
    module = sys.modules.get(name)
    if module is not None:
        patch(module)
        return
    _patches.setdefault(name, []).append(patch)
    if _FINDER not in sys.meta_path:
        sys.meta_path.insert(0, _FINDER)


class _Finder:
    """Finds nothing itself: wraps the loader the other finders choose for a watched module."""

    def find_spec(self, name, path, target=None):
        if name not in _patches:
            return None
        for finder in sys.meta_path:
            if finder is self or not hasattr(finder, 'find_spec'):
                continue
            spec = finder.find_spec(name, path, target)
            if spec is not None:
                if spec.loader is not None and hasattr(spec.loader, 'exec_module'):
                    spec.loader = _PatchingLoader(spec.loader)
                return spec
        return None


class _PatchingLoader:
    def __init__(self, loader):
        self._loader = loader

    def create_module(self, spec):
        return self._loader.create_module(spec)

    def exec_module(self, module):
        self._loader.exec_module(module)
        for patch in _patches.pop(module.__name__, ()):
            patch(module)

    def __getattr__(self, name):  # get_source, get_code, is_package...: the real loader's
        return getattr(self._loader, name)


_FINDER = _Finder()
