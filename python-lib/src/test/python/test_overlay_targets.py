"""The names of GraalPy's modules that graalpy-mp's overlays replace or rely on (their declared targets) still exist:
after a GraalPy upgrade this fails with every missing name at once, instead of an overlay silently patching
nothing. Under CPython 3.12 only the behaviour checks run (the overlays need GraalPy), against CPython's own
stdlib, whose seams the overlays patch."""

import importlib
import re
import sys
import threading
import types
import unittest

GRAALPY = sys.implementation.name == 'graalpy'


@unittest.skipUnless(GRAALPY, "the targets are GraalPy's names, and the overlays run on GraalPy only")
class DeclaredTargetsTest(unittest.TestCase):

    def test_every_declared_target_exists_in_graalpy(self):
        from graalpy_mp import overlays
        declared = {(module, target) for patches in overlays.declared().values()
                    for module, targets in patches for target in targets}
        problems = []
        for module in sorted({module for module, _ in declared}):
            try:
                importlib.import_module(module)  # applies its patches, which look their targets up first
            except ImportError as exc:
                problems.append(f'{module} (cannot be imported: {exc})')
        problems += [f'{module}.{target}' for module, target in sorted(set(overlays.missing))]
        problems += [f'{module}.{target} (never looked up: its module was not patched)'
                     for module, target in overlays.unchecked()]
        self.assertEqual([], problems, "names of GraalPy's modules that the overlays replace or rely on are missing")
        self.assertGreater(len(declared), 150)

    def test_every_overlay_declares_its_patches(self):
        from graalpy_mp import overlays
        names = [name if '.' in name else f'graalpy_mp.overlays.{name}' for name in overlays.OVERLAYS]
        self.assertEqual([], [name for name in names if not overlays.declared().get(name)])

    def test_a_missing_target_is_reported(self):
        from graalpy_mp import overlays
        module = types.ModuleType('graalpy_mp_test_targets')
        module.present = types.SimpleNamespace(method=len)
        module.table = {'key': 1}
        patched = []
        targets = ('present', 'present.method', "table['key']", 'absent', 'present.absent', "table['absent']")
        declaration = overlays._Declaration(module.__name__, targets, lambda m, services: patched.append(m))
        saved = list(overlays.missing)
        try:
            overlays._applier(declaration, None)(module)
            reported = overlays.missing[len(saved):]
        finally:
            overlays.missing[:] = saved
        self.assertEqual([('graalpy_mp_test_targets', target) for target in targets[3:]], reported)
        self.assertEqual([module], patched)


class ReliedOnBehaviourTest(unittest.TestCase):
    """What the overlays rely on that is not a module's attribute."""

    def test_rlock_repr_tells_owner_and_count(self):
        # thread_locks' RLock.__repr__ reads its owner and count from the native RLock's repr
        import _thread
        native = _thread.RLock
        if GRAALPY:
            from graalpy_mp.overlays import thread_locks
            native = thread_locks._native_rlock
        lock = native()
        with lock:
            match = re.search(r'owner=(-?\d+) count=(\d+)', repr(lock))
            self.assertIsNotNone(match, repr(lock))
            self.assertEqual('1', match[2])

    def test_instance_attributes_of_conditions_and_semaphores(self):
        # thread_sync's Condition.__init__ sets the hooks and `_waiters`, which CPython's other methods use, and its
        # Semaphore.acquire reads `_cond` and `_value`, as CPython's release does.
        uses = {
            threading.Condition.notify_all: {'_waiters'},
            threading.Condition._at_fork_reinit: {'_lock', '_waiters'},
            threading.Condition._is_owned: {'_lock'},
            threading.Semaphore.release: {'_cond', '_value'},
        }
        for method, names in uses.items():
            self.assertLessEqual(names, set(method.__code__.co_names), method.__qualname__)


if __name__ == '__main__':
    unittest.main()
