"""Overlay of `os.urandom` (recorded) and of `random`'s seeding from it: what a program draws before os.fork() is
drawn the same in the child that re-executes it (see graalpy_mp.replay)."""

import os

from graalpy_mp import gateway
from graalpy_mp.overlays import os_process, patch

_graalpy_urandom = os.urandom


def urandom(size):
    """os.urandom, recorded: a forked child replays the bytes its parent got."""
    return gateway.syscall('urandom', (size,), lambda: _graalpy_urandom(size))


@patch('random', 'Random.seed', '_inst')
def _seed_random_from_urandom(random, services):
    """random's seeds come from os.urandom, which is recorded, so that what a program draws before os.fork()
    is the same in the re-executed child (GraalPy seeds from Java, which a replay cannot repeat). After a fork
    the child reseeds, as CPython's random does (it registered no hook: it was imported before os.fork existed)."""
    graalpy_seed = random.Random.seed

    def seed(self, a=None, version=2):
        if a is None:
            a = int.from_bytes(urandom(32), 'big')
        graalpy_seed(self, a, version)
    seed.__doc__ = graalpy_seed.__doc__
    random.Random.seed = seed
    random._inst.seed()
    os_process.register_at_fork(after_in_child=random._inst.seed)


_URANDOM = gateway.builtin(urandom, 'os', 'urandom')


@patch('os', 'urandom')
def _patch_os(os, services):
    os.urandom = _URANDOM
