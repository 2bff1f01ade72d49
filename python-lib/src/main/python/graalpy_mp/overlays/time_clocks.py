"""Overlay of `time`, `os.times` and `resource.getrusage`: CPython's clocks on Linux, CPU time per process.

Why: GraalPy's time.time() steps by milliseconds while get_clock_info('time') claims 1e-06; GraalPy has no
clock_gettime(_ns), clock_getres, clock_settime(_ns), CLOCK_* constants, pthread_getcpuclockid or os.times; and
its process_time and getrusage(RUSAGE_SELF) are the whole JVM's CPU time: every virtual process's. Here:
- time.time is GraalPy's nanosecond wall clock (time_ns, the JVM's clock_gettime(CLOCK_REALTIME)) in seconds;
  perf_counter is CLOCK_MONOTONIC, as on CPython/Linux; get_clock_info tells CPython's Linux answers;
- the CPU clocks count the host threads that run this process's code (dev.graalpymp.host.ProcessCpuClock):
  process_time, CLOCK_PROCESS_CPUTIME_ID, os.times, getrusage(RUSAGE_SELF); thread_time for the calling thread;
  RUSAGE_CHILDREN and os.times' children fields the children this process waited for, and theirs.
Limits: CLOCK_MONOTONIC_RAW, CLOCK_BOOTTIME and CLOCK_TAI are absent, as on a platform without them (the JVM
reads only CLOCK_REALTIME and CLOCK_MONOTONIC, and graalpy-mp's Java 21 baseline has no final FFM API to call
clock_gettime); clock_settime never sets the machine's clock (EPERM); a thread's CPU clock
(pthread_getcpuclockid) is readable from that thread only; getrusage's counters other than the times are 0,
its ru_maxrss the JVM's.
"""

import _thread
import errno
import operator
import os
import resource
import time

from graalpy_mp import gateway
from graalpy_mp.overlays import patch
from graalpy_mp.structseq import structseq

CLOCK_REALTIME, CLOCK_MONOTONIC, CLOCK_PROCESS_CPUTIME_ID, CLOCK_THREAD_CPUTIME_ID = 0, 1, 2, 3
_CLOCKS = {'CLOCK_REALTIME': 0, 'CLOCK_MONOTONIC': 1, 'CLOCK_PROCESS_CPUTIME_ID': 2, 'CLOCK_THREAD_CPUTIME_ID': 3}
_RUSAGE_SELF, _RUSAGE_CHILDREN, _RUSAGE_THREAD = 0, -1, 1
_TICKS = 100  # os.times' resolution: Linux's clock ticks (sysconf(SC_CLK_TCK))
_NANOS = 1_000_000_000

_time_ns = time.time_ns
_monotonic, _monotonic_ns = time.monotonic, time.monotonic_ns
_graalpy_getrusage = resource.getrusage
_graalpy_clock_info = time.get_clock_info


def _cpu(who):
    user, system = gateway.services().cpuTimes(who)
    return int(user), int(system)


def time_():
    return _time_ns() / 1e9


def process_time_ns():
    return sum(_cpu(0))


def process_time():
    return process_time_ns() / 1e9


def thread_time_ns():
    return sum(_cpu(2))


def thread_time():
    return thread_time_ns() / 1e9


def _thread_clock(clk_id):
    """The ident of the thread whose clock pthread_getcpuclockid made (Linux's encoding), or None."""
    return ~(clk_id >> 3) if clk_id < 0 and clk_id & 7 == 6 else None


def clock_gettime_ns(clk_id, /):
    clk_id = operator.index(clk_id)
    if clk_id == CLOCK_REALTIME:
        return _time_ns()
    if clk_id == CLOCK_MONOTONIC:
        return _monotonic_ns()
    if clk_id == CLOCK_PROCESS_CPUTIME_ID:
        return process_time_ns()
    if clk_id == CLOCK_THREAD_CPUTIME_ID:
        return thread_time_ns()
    ident = _thread_clock(clk_id)
    if ident is not None:
        if ident == _thread.get_ident():
            return thread_time_ns()
        raise OSError(errno.EINVAL, "graalpy-mp: another thread's CPU clock cannot be read (the JVM's "
                                    "per-thread CPU time is measured from the thread itself)")
    raise gateway.error(errno.EINVAL)


def clock_gettime(clk_id, /):
    return clock_gettime_ns(clk_id) / 1e9


def clock_getres(clk_id, /):
    clk_id = operator.index(clk_id)
    if clk_id in _CLOCKS.values() or _thread_clock(clk_id) is not None:
        return 1e-09
    raise gateway.error(errno.EINVAL)


def clock_settime_ns(clk_id, time_ns, /):
    clk_id, time_ns = operator.index(clk_id), operator.index(time_ns)
    if clk_id != CLOCK_REALTIME:
        raise gateway.error(errno.EINVAL)
    raise OSError(errno.EPERM, 'graalpy-mp: clock_settime does not set the machine\'s clock')


def clock_settime(clk_id, time, /):
    clk_id = operator.index(clk_id)
    if not isinstance(time, (int, float)):
        raise TypeError(f"'{type(time).__name__}' object cannot be interpreted as an integer")
    return clock_settime_ns(clk_id, int(time * _NANOS))


def pthread_getcpuclockid(thread_id, /):
    thread_id = operator.index(thread_id)
    return (~thread_id << 3) | 6


_CLOCK_INFO = {  # CPython 3.12's answers on Linux
    'time': ('clock_gettime(CLOCK_REALTIME)', False, True),
    'monotonic': ('clock_gettime(CLOCK_MONOTONIC)', True, False),
    'perf_counter': ('clock_gettime(CLOCK_MONOTONIC)', True, False),
    'process_time': ('clock_gettime(CLOCK_PROCESS_CPUTIME_ID)', True, False),
    'thread_time': ('clock_gettime(CLOCK_THREAD_CPUTIME_ID)', True, False),
}


def get_clock_info(name, /):
    info = _graalpy_clock_info(name)  # its errors for an unknown name
    implementation, monotonic, adjustable = _CLOCK_INFO[name]
    info.implementation, info.monotonic, info.adjustable, info.resolution = (
        implementation, monotonic, adjustable, 1e-09)
    return info


# os.times()'s result, as CPython's structseq.
times_result = structseq('posix.times_result', ('user', 'system', 'children_user', 'children_system', 'elapsed'))


def _seconds_in_ticks(nanos):
    return (nanos * _TICKS // _NANOS) / _TICKS


def times():
    user, system = _cpu(0)
    children_user, children_system = _cpu(1)
    return times_result(_seconds_in_ticks(n) for n in (
        user, system, children_user, children_system, _monotonic_ns()))


def getrusage(who, /):
    base = {_RUSAGE_SELF: 0, _RUSAGE_CHILDREN: 1, _RUSAGE_THREAD: 2}.get(who)
    if base is None:
        raise ValueError('invalid who parameter')
    user, system = _cpu(base)
    graalpy = _graalpy_getrusage(resource.RUSAGE_SELF)
    max_rss = graalpy.ru_maxrss if base != 1 else 0
    return resource.struct_rusage((user / 1e9, system / 1e9, max_rss) + (0,) * 13)


_FUNCTIONS = {
        'time': time_, 'process_time': process_time, 'process_time_ns': process_time_ns,
        'thread_time': thread_time, 'thread_time_ns': thread_time_ns, 'clock_gettime': clock_gettime,
        'clock_gettime_ns': clock_gettime_ns, 'clock_getres': clock_getres, 'clock_settime': clock_settime,
        'clock_settime_ns': clock_settime_ns, 'pthread_getcpuclockid': pthread_getcpuclockid,
        'get_clock_info': get_clock_info,
}
for _name, _function in _FUNCTIONS.items():
    _function.__name__ = _function.__qualname__ = _name
    _function.__module__ = 'time'
times.__module__ = 'posix'
getrusage.__module__ = 'resource'
_BUILTINS = gateway.builtins('time', _FUNCTIONS)
_TIMES = gateway.builtin(times, 'os', 'times')
_GETRUSAGE = gateway.builtin(getrusage, 'resource', 'getrusage')


# clock_gettime(_ns), clock_getres, clock_settime(_ns) and pthread_getcpuclockid are added: GraalPy has none
@patch('time', 'time', 'process_time', 'process_time_ns', 'thread_time', 'thread_time_ns', 'get_clock_info',
       'time_ns', 'monotonic', 'monotonic_ns', 'perf_counter', 'perf_counter_ns')
def _patch_time(time, services):
    for name, value in _CLOCKS.items():
        setattr(time, name, value)
    for name, function in _BUILTINS.items():
        setattr(time, name, function)
    time.perf_counter, time.perf_counter_ns = _monotonic, _monotonic_ns


@patch('os')  # os.times is added: GraalPy has none
def _patch_os(os, services):
    os.times = _TIMES
    os.times_result = times_result


@patch('resource', 'getrusage', 'RUSAGE_SELF', 'struct_rusage')
def _patch_resource(resource, services):
    resource.getrusage = _GETRUSAGE
