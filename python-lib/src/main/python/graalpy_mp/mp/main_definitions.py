"""The definitions of `__main__` made again in a fork child by state transfer, so that it runs its parent's
compiled code (README, "Compiled code shared").

Every context of the engine shares a module's parsed code, and with it the call targets its `def` and `class`
statements make, and so the JIT's compiled code: a function its parent (or an earlier run of the program)
compiled runs compiled in the child from its first call. A code object that reaches the child any other way
(marshal, or `co_consts` of the same module's code, which GraalPy 25.0.3 materializes with a new root node each
time) has a call target of its own, which the child's JIT must profile and compile afresh: a Pool worker ran a
1M-iteration loop of `__main__` in 0.2-0.8 s per call where its parent took 1-7 ms.

So when the program's main module does nothing at its top level but define (imports, `def`, `class`, plain
assignments, the `if __name__ == '__main__':` block, which is skipped), the child runs that module code once in
its `__main__`, as a spawn child runs its parent's main module, and the functions and classes that travel by value
become those definitions, with the parent's state (defaults, attributes, globals) put on them. A program whose
top level calls anything (a call could print, start a process, open a file) gets no such run: its functions
travel by value alone, as before. A definition whose code differs from the parent's (the file was changed since,
the function was made by `exec`) travels by value too.
"""

import functools
import marshal
import sys
import types

from graalpy_mp.mp import definitions_only

_MAIN = '__main__'

# In the child: whether the main module's definitions ran, and the objects already given to a pickled parent
# object (one object each: two parent objects of the same code stay two).
_executed = False
_handed_out = set()


# ---- parent side ----

_verdict = (None, None)  # (program, what source_to_send answers for it): every Process.start() asks


def source_to_send(program):
    """(source, filename) of the program's main module when its top level only defines, else None. `program`:
    what graalpy_mp.main compiled as __main__, or None."""
    global _verdict
    if program is None:
        return None
    if _verdict[0] is not program:
        _verdict = (program, program if definitions_only.check(*program) else None)
    return _verdict[1]


# ---- child side ----

def execute(main, program):
    """Runs the main module's definitions in `main` (the child's __main__) under another name, so that its
    `if __name__ == '__main__':` block is skipped. A definition that fails (an import the child cannot make)
    ends the run there: what it defined before serves, the rest travels by value."""
    global _executed
    source, filename = program
    try:
        code = compile(source, filename, 'exec')  # the parent's very source: the engine's parsed code
    except (SyntaxError, ValueError):
        return
    namespace = main.__dict__
    namespace['__name__'] = '__mp_main__'
    sys.modules['__mp_main__'] = main  # what a class's __module__ names meanwhile (dataclass looks it up)
    try:
        exec(code, namespace)
    except Exception:
        pass
    finally:
        namespace['__name__'] = _MAIN
        del sys.modules['__mp_main__']
    _executed = True


def function(globals_module, qualname, data):
    """The function the main module's run defined at `qualname` if its code is the parent's (marshalled as
    `data`), once; else None."""
    found = _defined(globals_module, qualname)
    if isinstance(found, (staticmethod, classmethod)):
        found = found.__func__
    for _ in range(_UNWRAPS):
        if type(found) is types.FunctionType and marshal.dumps(found.__code__) == data:
            return _hand_out(found)
        found = _wrapped(found)
    return None


_UNWRAPS = 4  # decorators of the stdlib around one definition (lru_cache around contextmanager's helper...)


def _wrapped(found):
    """The function a stdlib decorator's wrapper wraps (functools.wraps, lru_cache, cache), else None: the name of
    a decorated definition holds the wrapper, and the parent's wrapper sends the wrapped function by value."""
    if type(found) is types.FunctionType:
        return found.__dict__.get('__wrapped__')
    if isinstance(found, functools._lru_cache_wrapper):
        return found.__wrapped__
    return None


def cls(metaclass, qualname, bases):
    """The class the main module's run defined at `qualname`, if made as the parent's was (the same metaclass and
    bases; an Enum's members are then the parent's, as they are made by its body), once; else None. Not a ctypes
    type (its layout travels its own way, see native_ctypes). Its __module__ is set back to __main__."""
    found = _defined(_MAIN, qualname)
    if not isinstance(found, type) or type(found) is not metaclass or found.__bases__ != bases \
            or metaclass.__module__ in ('_ctypes', 'ctypes'):
        return None
    found.__module__ = _MAIN
    return _hand_out(found)


def was_defined(obj):
    """Whether `obj` is one of the definitions handed out for a parent's object."""
    return id(obj) in _handed_out


def _defined(globals_module, qualname):
    if not _executed or globals_module != _MAIN or '<locals>' in qualname:
        return None
    found = sys.modules[_MAIN]
    for part in qualname.split('.'):
        found = vars(found).get(part) if hasattr(found, '__dict__') else None
        if found is None:
            return None
    return found


def _hand_out(found):
    if id(found) in _handed_out:
        return None
    _handed_out.add(id(found))
    return found
