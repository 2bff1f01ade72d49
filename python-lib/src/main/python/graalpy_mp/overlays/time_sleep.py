"""Overlay of `time.sleep` while a forked child replays its parent's calls (see graalpy_mp.replay): the parent
has slept already, so the replay does not wait again."""

import time

from graalpy_mp import replay
from graalpy_mp.overlays import patch

_orig_sleep = time.sleep


@patch('time', 'sleep')
def _patch_time(time, services):
    if replay.replaying():  # live, time.sleep stays GraalPy's builtin (CPython's repr and speed)
        time.sleep = _sleep
        replay.when_live(_restore_sleep)


def _restore_sleep():
    if time.sleep is _sleep:
        time.sleep = _orig_sleep


def _sleep(seconds):
    if replay.replaying() and isinstance(seconds, (int, float)) and seconds >= 0:
        return None  # the parent already slept: a replay does not wait again
    return _orig_sleep(seconds)  # also raises CPython's errors for a bad argument
