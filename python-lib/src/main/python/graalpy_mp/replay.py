"""The record a forked child replays (see overlays.os_process): every kernel call of this process, in order, with its
outcome. A child's record is its parent's up to the fork, ending with that fork returning 0; the child
replays it to exhaustion and then goes live, so nested forks simply extend the chain.
"""

import marshal
import os
import sys

# A child must replay every result its parent got (os.read data included): past this many bytes of record a
# process stops recording and a later os.fork() fails, instead of the record growing without bound.
RECORD_LIMIT = 64 << 20
_ENTRY_COST = 64  # bytes counted for a call besides the data it returned

_services = None
_history = []     # (name, args, outcome) of every call so far, replayed ones included
_pending = None   # what is left to replay, or None once live
_recorded = 0     # the record's size, as counted against RECORD_LIMIT
_overflow = None  # the number of the call that passed RECORD_LIMIT, once it has
_on_live = []     # callbacks for the end of the replay


def start(services, log):
    """`log`: the record to replay (a marshal blob as latin-1 characters, see dev.graalpymp.host.ProcessStart),
    or None for a process that starts live."""
    global _services, _pending
    _services = services
    if log is not None:
        _pending = list(marshal.loads(log.encode('latin-1')))
        if not _pending:
            _go_live()


def replaying():
    return _pending is not None


def forked_here():
    """Whether this is a child replaying and its record's next call is a fork: the one its parent made here."""
    return bool(_pending) and _pending[0][0] == 'fork'


def call(name, args, live):
    """The result of kernel call `name(*args)`: replayed from the record, or made by `live()` and recorded."""
    if _pending is not None:
        return _replay(name, args)
    try:
        result = live()
    except OSError as exc:
        failed(name, args, exc)
        raise
    _record((name, args, ('ok', result)))
    return result


def live():
    """Whether this process makes its kernel calls itself (then it records them with made() and failed())."""
    return _pending is None


def made(name, args, result):
    """Records a live call's result."""
    _record((name, args, ('ok', result)))


def failed(name, args, error):
    """Records a live call's OSError."""
    _record((name, args, ('error', error.errno, error.strerror)))


def _record(entry):
    global _recorded, _overflow
    if _overflow is not None:
        return
    result = entry[2][-1]
    _recorded += _ENTRY_COST + (len(result) if isinstance(result, bytes) else 0)
    if _recorded > RECORD_LIMIT:
        _overflow = len(_history) + 1
        _history.clear()
        return
    _history.append(entry)


def fork():
    """os.fork(): 0 in the child, the child's pid in the parent."""
    if _pending is not None:
        return _replay('fork', ())
    if _overflow is not None:
        raise RuntimeError(
            f'graalpy-mp: os.fork() cannot make a child of this process: its child would re-execute the program '
            f'replaying every kernel call made before the fork, and that record (os.read data included) passed '
            f'{RECORD_LIMIT >> 20} MiB at call #{_overflow}. Fork before moving that much data, or use '
            f'multiprocessing, whose children start from a copy of the state instead.')
    child_log = marshal.dumps(_history + [('fork', (), ('ok', 0))])
    pid = _services.fork(child_log)
    _record(('fork', (), ('ok', pid)))
    return pid


def _replay(name, args):
    index = len(_history)
    recorded_name, recorded_args, outcome = _pending.pop(0)
    if (recorded_name, recorded_args) != (name, args):
        diverged(_describe(recorded_name, recorded_args), _describe(name, args), index)
    _record((recorded_name, recorded_args, outcome))
    if not _pending:
        _go_live()
    if outcome[0] == 'error':
        raise OSError(outcome[1], outcome[2])
    return outcome[1]


def diverged(recorded, made, index=None):
    """The re-execution did not do what the parent did: the child ends at once, saying why on stderr, with status
    1. Not an exception: the program's own `except` (a test runner's, a server loop's) would catch it and go on
    running the parent's code a second time in the child."""
    _go_live()
    where = f' at call #{index + 1}' if index is not None else ''
    sys.stderr.write(
        f'graalpy-mp: os.fork() child diverged from its parent{where}: the parent made {recorded}, the child '
        f're-executing the program made {made}. The child is created by running the program again up to the '
        f'fork, so everything before os.fork() must happen the same way in both.\n')
    sys.stderr.flush()
    os._exit(1)


def _describe(name, args):
    return f'{name}{args!r}' if len(args) != 1 else f'{name}({args[0]!r})'


def when_live(callback):
    """Calls `callback()` when this process stops replaying (at once if it never replayed)."""
    if _pending is None:
        callback()
    else:
        _on_live.append(callback)


def _go_live():
    global _pending
    _pending = None
    _services.goLive()
    while _on_live:
        _on_live.pop(0)()


def end(status):
    """The program ended (status, or None for an uncaught exception about to be printed): a child still
    replaying never reached the fork it was made for; its error output must be seen and the end explained."""
    if _pending is None:
        return status
    missing = _describe(*_pending[0][:2])
    _go_live()
    if status is not None:
        sys.stderr.write(f'graalpy-mp: os.fork() child diverged from its parent: the program ended (status '
                         f'{status}) before making {missing}, which its parent made before the fork\n')
        return 1
    return status
