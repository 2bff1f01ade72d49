"""Runs a program as CPython's `python3` does: the __main__ module, sys.argv, sys.path[0], SystemExit,
uncaught exceptions through sys.excepthook, then the interpreter's shutdown sequence (non-daemon threads
joined, atexit handlers, standard streams flushed). The host calls `run` once per process and uses the
returned integer as the exit status.
"""

import atexit
import builtins
import os
import sys
import types

from graalpy_mp.overlays import thread_module

_SIGINT = 2
_PACKAGE_DIR = os.path.dirname(os.path.abspath(__file__)) + os.sep
_program = None  # (source, filename) of the code run as __main__, when this driver compiled it


def program():
    """(source, filename) of the code this process runs as __main__ (a script, -c, stdin; a multiprocessing
    child's parent's, see graalpy_mp.mp.main_definitions), or None (-m, a directory or zip)."""
    return _program


def remember_program(source, filename):
    global _program
    _program = (source, filename)


def run(start, services):
    """Run the process's program as __main__ and return the exit status.

    start: how this process starts (dev.graalpymp.host.ProcessStart): its kind, 'file' (a script, a directory
    or a zip with __main__.py), 'module' (-m), 'code' (-c) or 'stdin' (the program is read from standard input,
    as `python3 -` or `python3 < prog.py`) with its target, or 'transfer' or 'spawn' (a multiprocessing child,
    see graalpy_mp.mp.transfer) with what its parent pickled; the command line (argv, -P, the -X options as
    given, which become sys._xoptions), the signals it starts ignoring, and the record an os.fork() child
    replays first.
    services: the host's per-process Java object (dev.graalpymp.host.HostServices), handed to the overlays.
    """
    from graalpy_mp import overlays
    overlays.install_all(services, start.replayLog())
    load_native_interface()
    from graalpy_mp.overlays import signal_handlers
    signal_handlers.ignore_at_start(start.ignoredSignals())
    sys.argv[:] = list(start.argv())
    _apply_xoptions(start.xOptions())
    if sys.path and sys.path[0] == '':
        del sys.path[0]  # GraalPy's own placeholder for the program's directory; _set_path0 puts CPython's
    from graalpy_mp import replay
    try:
        _run_main(start)
        status = replay.end(0)
    except SystemExit as exc:
        status = replay.end(_exit_status(exc))
    except BaseException as exc:
        replay.end(None)  # a forked child still replaying: its traceback must be seen
        _report_uncaught(exc)
        status = 1
        if isinstance(exc, KeyboardInterrupt):
            # CPython ends by SIGINT after its exit sequence when a KeyboardInterrupt is not caught.
            services.endBySignal(_SIGINT)
    return _shutdown(status)


def load_native_interface():
    """Loads _ctypes (GraalPy's native interface) in the main thread before the program runs. GraalPy 25.0.3
    deadlocks when a thread other than the main one first imports it while the main thread waits to take the GIL
    back (a blocking call returning): the import waits for every thread of the context, holding the GIL. Measured:
    a manager's server thread importing a module that imports ctypes (CPython's _test_multiprocessing) hung the
    manager for good; 2-20 ms in a warm context, which the warm pool does ahead (then this is a dict lookup). A
    context without native access has no _ctypes."""
    try:
        import _ctypes  # noqa: F401
    except ImportError:
        pass


def adopt(environment, cwd):
    """A context made ahead of its launch (a warm one) takes the launch's environment ('NAME=value' strings)
    and working directory before the program starts."""
    set_environ(dict(entry.partition('=')[::2] for entry in environment))
    os.chdir(cwd)


def set_environ(wanted):
    """os.environ becomes `wanted` ({name: value}), changing only what differs: a pooled context has the last
    run's environment, a multiprocessing child its parent's program's, so few variables do (each change is a
    putenv or unsetenv)."""
    environ = os.environ
    for name in [name for name in environ if name not in wanted]:
        del environ[name]
    for name, value in wanted.items():
        if environ.get(name) != value:
            environ[name] = value


def _apply_xoptions(xoptions):
    """sys._xoptions as CPython builds it ('name' -> True, 'name=value' -> 'value'), and the options this
    runtime acts on: faulthandler, int_max_str_digits. The launcher has refused those it cannot honour
    (dev.graalpymp.host.cli.CommandLine)."""
    options = {}
    for option in xoptions:
        name, sep, value = option.partition('=')
        options[name] = value if sep else True
    sys._xoptions = options
    if 'faulthandler' in options:
        import faulthandler
        faulthandler.enable()
    digits = options.get('int_max_str_digits')
    if digits is not None:
        limit = int(digits) if isinstance(digits, str) and digits.isdigit() else -1
        if limit == 0 or limit >= 640:  # CPython's threshold; GraalPy's setter does not check it
            sys.set_int_max_str_digits(limit)
        else:
            print('Fatal Python error: config_init_int_max_str_digits: -X int_max_str_digits: invalid limit; '
                  'must be >= 640 or 0 for unlimited.\nPython runtime state: preinitialized\n', file=sys.stderr)
            raise SystemExit(1)


def _run_main(start):
    kind, target, safe_path = start.kind(), start.target(), start.safePath()
    if kind == 'code':
        _set_path0('', safe_path)
        main = _fresh_main()
        main.__loader__ = _builtin_importer()
        del main.__cached__
        remember_program(target, '<string>')
        _exec(compile(target, '<string>', 'exec'), main)
    elif kind == 'module':
        _set_path0(os.getcwd(), safe_path)
        _fresh_main()  # runpy runs the module in the current __main__'s namespace
        import runpy
        # CPython's own entry point for -m; its frames appear in tracebacks, as with CPython.
        runpy._run_module_as_main(target, alter_argv=True)
    elif kind == 'stdin':
        _set_path0('', safe_path)
        main = _fresh_main()
        main.__file__ = '<stdin>'
        main.__loader__ = _builtin_importer()
        source = sys.stdin.buffer.read()
        remember_program(source, '<stdin>')
        _exec(compile(source, '<stdin>', 'exec'), main)
    elif kind == 'file':
        _run_path(target, safe_path)
    elif kind in ('transfer', 'spawn'):
        # A multiprocessing child: the parent's state (fork) or preparation (spawn), then the process's run().
        _fresh_main()
        from graalpy_mp.mp import transfer
        run_child = transfer.run_child if kind == 'transfer' else transfer.run_spawned
        run_child(start.pickled().encode('latin-1'))
    else:
        raise ValueError(f'unknown kind of program: {kind!r}')


def _run_path(path, safe_path):
    if os.path.isdir(path) or _is_zip(path):
        # A directory or zip archive with __main__.py: run it as CPython does, through runpy.
        _set_path0(path, safe_path)
        _fresh_main()
        import runpy
        runpy._run_module_as_main('__main__', alter_argv=False)
        return
    absolute = os.path.abspath(path)
    try:
        with open(path, 'rb') as f:
            source = f.read()
    except OSError as exc:
        sys.stderr.write(f"{sys.executable}: can't open file {absolute!r}: "
                         f"[Errno {exc.errno}] {exc.strerror}\n")
        raise SystemExit(2)
    _set_path0(os.path.dirname(os.path.realpath(path)), safe_path)
    main = _fresh_main()
    main.__file__ = absolute
    from importlib.machinery import SourceFileLoader
    main.__loader__ = SourceFileLoader('__main__', absolute)
    remember_program(source, absolute)
    _exec(compile(source, absolute, 'exec'), main)


def _is_zip(path):
    """True when CPython would run `path` as a zip archive: its zip importer accepts it (zipimport is loaded
    at start-up anyway; zipfile would cost a noticeable import on every run)."""
    import zipimport
    try:
        zipimport.zipimporter(path)
    except (zipimport.ZipImportError, OSError):
        return False
    return True


def _fresh_main():
    """A clean __main__ module, as CPython's: only the dunder names, no trace of this driver."""
    main = types.ModuleType('__main__')
    main.__builtins__ = builtins
    main.__annotations__ = {}
    main.__cached__ = None
    main.__package__ = None
    main.__spec__ = None
    sys.modules['__main__'] = main
    return main


def _builtin_importer():
    import importlib.machinery
    return importlib.machinery.BuiltinImporter


def _exec(code, module):
    exec(code, module.__dict__)


def _set_path0(entry, safe_path):
    if not safe_path:
        sys.path.insert(0, entry)


def _exit_status(exc):
    """CPython's handling of an uncaught SystemExit (Python/pythonrun.c: handle_system_exit)."""
    code = exc.code
    if code is None:
        return 0
    if isinstance(code, int):  # bool included: sys.exit(True) is 1
        code = int(code)
        if not -2 ** 63 <= code < 2 ** 63:
            return -1  # PyLong_AsLong fails: CPython exits with -1 (status 255)
        return (code + 2 ** 31) % 2 ** 32 - 2 ** 31  # CPython's cast to a C int
    try:
        sys.stderr.write(str(code) + '\n')
    except BaseException:
        pass
    return 1


def _report_uncaught(exc):
    """Print an uncaught exception through sys.excepthook, without this driver's frames."""
    tb = without_plugin_frames(exc.__traceback__)
    exc = exc.with_traceback(tb)
    sys.last_exc = exc
    sys.last_type, sys.last_value, sys.last_traceback = type(exc), exc, tb
    try:
        sys.excepthook(type(exc), exc, tb)
    except BaseException as hook_error:
        sys.stderr.write('Error in sys.excepthook:\n')
        sys.__excepthook__(type(hook_error), hook_error, hook_error.__traceback__)
        sys.stderr.write('\nOriginal exception was:\n')
        sys.__excepthook__(type(exc), exc, tb)


def is_plugin_file(filename):
    """Whether code from `filename` is this package's (driver, overlays): frames CPython would not show."""
    return filename.startswith(_PACKAGE_DIR)


def without_plugin_frames(tb):
    """The traceback without this package's frames (the driver, the overlays standing in for C functions of
    CPython, which have no frames there), so that what is printed is what CPython prints."""
    kept = []
    while tb is not None:
        if not is_plugin_file(tb.tb_frame.f_code.co_filename):
            kept.append(tb)
        tb = tb.tb_next
    for current, following in zip(kept, kept[1:] + [None]):
        current.tb_next = following
    return kept[0] if kept else None


def _shutdown(status):
    """CPython's Py_FinalizeEx order: join non-daemon threads, run atexit handlers, flush stdio."""
    threading = sys.modules.get('threading')
    if threading is not None:
        try:
            threading._shutdown()
        except SystemExit as exc:
            status = _exit_status(exc)
        except BaseException as exc:
            _report_uncaught(exc)
    thread_module.begin_finalizing()
    atexit._run_exitfuncs()
    for name in ('stdout', 'stderr'):
        stream = getattr(sys, name, None)
        if stream is None:
            continue
        try:
            stream.flush()
        except BaseException:
            # CPython reports a failed flush of stdout at exit with status 120.
            if name == 'stdout':
                status = 120
    return status
