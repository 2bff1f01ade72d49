"""-O for code compiled at run time: GraalPy's compile() takes optimize=-1 ("the interpreter's level", the default,
which importlib's loaders and exec of source rely on) as level 0 even under -O, so asserts stayed in. Under -O the
default becomes sys.flags.optimize, as in CPython; an explicit level is left alone."""

import sys

from graalpy_mp.overlays import patch


@patch('builtins', 'compile')
def _patch(builtins, services):
    if not sys.flags.optimize:
        return
    original = builtins.compile

    def compile(source, filename, mode, flags=0, dont_inherit=False, optimize=-1, **kwargs):
        if optimize == -1:
            optimize = sys.flags.optimize
        return original(source, filename, mode, flags, dont_inherit, optimize, **kwargs)
    compile.__doc__ = original.__doc__
    builtins.compile = compile
