"""`time.sleep` as CPython's. GraalPy 25.0.3's builtin sleeps an int until the wall clock's next whole second after
the deadline (`time.sleep(1)` took 1.8 s, `time.sleep(2)` 3.0 s, `time.sleep(0)`, the idiom that lets other threads
run, up to a second: multiprocessing's Pool.terminate() calls it once per task it drops), a float in whole
milliseconds, accepts any number (a Fraction; CPython wants a float or an integer), says "must be non-negative" for
NaN and ends the process with a Java exception for 10**30. Here the argument is checked and converted as CPython's
`_PyTime_FromSecondsObject` does and the kernel waits (`Syscalls.sleep`, the GIL released): a signal's handler runs
in the main thread during the sleep, which then goes on with the time left (PEP 475).

While a forked child replays its parent's calls (see graalpy_mp.replay), the parent has slept already: the replay
checks the argument and does not wait again.
"""

import math
import operator

from graalpy_mp import gateway, replay
from graalpy_mp.overlays import patch

_NANOS = 10 ** 9
_TIME_T = 2 ** 63  # _PyTime_t: signed 64-bit nanoseconds


def _nanoseconds(seconds):
    """CPython's conversion for a timeout (_PyTime_ROUND_TIMEOUT: rounded up), with its errors."""
    if isinstance(seconds, float):
        if math.isnan(seconds):
            raise ValueError('Invalid value NaN (not a number)')
        scaled = seconds * 1e9
        if not -_TIME_T <= scaled < _TIME_T:
            raise OverflowError('timestamp out of range for platform time_t')
        nanos = math.ceil(scaled)
    else:
        nanos = operator.index(seconds) * _NANOS  # "'str' object cannot be interpreted as an integer"
        if not -_TIME_T <= nanos < _TIME_T:
            raise OverflowError('timestamp too large to convert to C _PyTime_t')
    if nanos < 0:
        raise ValueError('sleep length must be non-negative')
    return nanos


def sleep(seconds):
    """sleep(seconds)

Delay execution for a given number of seconds.  The argument may be
a floating point number for subsecond precision."""
    nanos = _nanoseconds(seconds)
    if replay.live():
        gateway.call(gateway.kernel.sleep, nanos)


_SLEEP = gateway.builtin(sleep, 'time', 'sleep')


@patch('time', 'sleep')
def _patch_time(time, services):
    time.sleep = _SLEEP
