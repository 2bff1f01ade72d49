"""Threads themselves (threading.Thread, _thread.start_new_thread, threading.local, per-thread interpreter
state): CPython 3.12's semantics, return values and messages. Many tests check that nothing of a finished
thread (locals, trace/profile functions, exception state, contextvars) shows in a thread started after it,
which matters when host threads are reused. Runs unchanged under CPython 3.12 (the reference) and graalpy-mp."""

import _thread
import concurrent.futures
import contextlib
import contextvars
import decimal
import gc
import io
import re
import sys
import threading
import time
import unittest
import weakref

from test_threading_primitives import in_thread  # runs fn in a threading.Thread, returns or raises

WAIT = 10.0  # upper bound for waits that normally end at once; graalpy-mp starts threads slowly


def eventually(predicate, timeout=3.0):
    """Polls predicate, collecting garbage between tries, until it is true (-> True) or timeout (-> False)."""
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            return False
        gc.collect()
        time.sleep(0.02)
    return True


def run_thread(**kwargs):
    """Starts a threading.Thread(**kwargs), joins it and returns it."""
    t = threading.Thread(**kwargs)
    t.start()
    t.join()
    return t


def run_together(threads):
    """Starts all the threads, then joins them all."""
    for t in threads:
        t.start()
    for t in threads:
        t.join()


def in_raw_thread(fn, *args):
    """in_thread for a bare _thread thread; also waits until that thread has ended (_count back), so that the
    next thread started may be given the same host thread."""
    box, done, before = {}, threading.Event(), _thread._count()

    def run():
        try:
            box['result'] = fn(*args)
        except BaseException as exc:
            box['error'] = exc
        finally:
            done.set()

    _thread.start_new_thread(run, ())
    if not done.wait(WAIT):
        raise AssertionError('raw thread did not run')
    eventually(lambda: _thread._count() <= before, 2.0)  # not asserted here: test_count does
    if 'error' in box:
        raise box['error']
    return box['result']


@contextlib.contextmanager
def captured_stderr():
    old, sys.stderr = sys.stderr, io.StringIO()
    try:
        yield sys.stderr
    finally:
        sys.stderr = old


class Counted(threading.local):
    """A local subclass whose __init__ records each run (thread ident, args)."""
    inits = []
    kind = 'counted'  # class attribute: the same in all threads

    def __init__(self, a, b='b-default'):
        Counted.inits.append((threading.get_ident(), a, b))
        self.a, self.b, self.gen = a, b, None

    def describe(self):
        return f'{self.kind}:{self.a}'

    @property
    def ab(self):
        return self.a + self.b


PLAIN = threading.local()
COUNTED = Counted('x', b='y')


class Obj:
    pass


class LocalTest(unittest.TestCase):

    def test_values_are_per_thread(self):
        loc, barrier, seen = threading.local(), threading.Barrier(2), {}
        loc.x = 'main'

        def worker(name):
            seen[name] = vars(loc).copy()
            loc.x = name
            barrier.wait(WAIT)  # both threads have set their own x
            seen[name] = (seen[name], loc.x)
        run_together([threading.Thread(target=worker, args=(n,)) for n in ('t1', 't2')])
        self.assertEqual({'t1': ({}, 't1'), 't2': ({}, 't2')}, seen)
        self.assertEqual('main', loc.x)

    def test_new_thread_sees_empty_dict(self):
        loc = threading.local()
        loc.x = 1
        self.assertIs(_thread._local, type(loc))

        def check():
            with self.assertRaises(AttributeError) as cm:
                loc.x
            return loc.__dict__, str(cm.exception)
        expected = ({}, "'_thread._local' object has no attribute 'x'")
        self.assertEqual(expected, in_thread(check))
        self.assertEqual(expected, in_raw_thread(check))

    def test_subclass_init_once_per_thread(self):
        calls = []

        class Loc(threading.local):
            def __init__(self, a, b='dflt'):
                calls.append((threading.get_ident(), a, b))
        loc = Loc(1, b=2)
        loc.v = 0
        loc.v  # more uses in the creating thread: no new __init__
        self.assertEqual([(threading.get_ident(), 1, 2)], calls)

        def touch():
            loc.v = 1
            loc.v
            return threading.get_ident()
        idents = [in_thread(touch), in_raw_thread(touch), in_thread(touch)]
        self.assertEqual([(threading.get_ident(), 1, 2)] + [(i, 1, 2) for i in idents], calls)
        self.assertEqual(0, loc.v)

    def test_init_arguments_rejected(self):
        class NoInit(threading.local):
            pass
        for make in (lambda: threading.local(1), lambda: threading.local(a=1), lambda: NoInit(1)):
            with self.assertRaises(TypeError) as cm:
                make()
            self.assertEqual('Initialization arguments are not supported', str(cm.exception))

    def test_subclass_class_attributes_methods_properties(self):
        def check():
            before = vars(COUNTED).copy()  # what __init__ set for this thread
            COUNTED.kind = 'mine'  # shadows the class attribute in this thread only
            return before, COUNTED.describe(), COUNTED.ab
        self.assertEqual(({'a': 'x', 'b': 'y', 'gen': None}, 'mine:x', 'xy'), in_thread(check))
        self.assertEqual(('counted:x', 'counted'), (COUNTED.describe(), Counted.kind))

    def test_slots_are_not_thread_local(self):
        # CPython keeps __slots__ values in the object itself, so all threads share them.
        class Slotted(threading.local):
            __slots__ = ('s',)
        loc = Slotted()
        loc.s = 'shared'
        self.assertEqual('shared', in_thread(lambda: loc.s))

    def test_weakref_and_replacement(self):
        loc = threading.local()
        ref = weakref.ref(loc)
        self.assertIs(loc, ref())
        del loc
        self.assertTrue(eventually(lambda: ref() is None))
        # Locals made after others were dropped (perhaps at the same address) start out empty, also in a
        # thread that stays alive and filled the dropped ones.
        go, results, holder = [threading.Event() for _ in range(5)], [], {}

        def long_lived():
            for event in go:
                event.wait(WAIT)
                seen = vars(holder['loc']).copy()
                holder['loc'].mark = 'worker'
                results.append(seen)
        t = threading.Thread(target=long_lived)
        t.start()
        for n, event in enumerate(go):
            holder['loc'] = threading.local()
            self.assertEqual({}, vars(holder['loc']))
            holder['loc'].mark = 'main'
            event.set()
            self.assertTrue(eventually(lambda: len(results) > n or not t.is_alive()))
            del holder['loc']
        t.join()
        self.assertEqual([{}] * 5, results)

    def test_value_freed_when_thread_ends(self):
        loc, refs = threading.local(), []

        def store():
            obj = Obj()
            loc.obj = obj
            refs.append(weakref.ref(obj))
        in_thread(store)
        in_raw_thread(store)
        self.assertTrue(eventually(lambda: all(r() is None for r in refs)), 'thread-local value outlived its thread')

    @unittest.skipIf(sys.implementation.name == 'graalpy',
                     "known limit: GraalPy keeps a thread's value of a dropped local until that host thread next "
                     "touches its Java ThreadLocal map or ends (README, Limits)")
    def test_value_freed_when_local_dropped(self):
        loc, refs, stored, release = threading.local(), [], threading.Event(), threading.Event()

        def store():
            loc.obj = Obj()
            refs.append(weakref.ref(loc.obj))
            stored.set()
            release.wait(WAIT)
        t = threading.Thread(target=store)
        t.start()
        try:
            self.assertTrue(stored.wait(WAIT))
            del loc  # while its thread still runs
            self.assertTrue(eventually(lambda: refs[0]() is None), 'value outlived its (dropped) local')
        finally:
            release.set()
            t.join()

    def test_fresh_in_threads_after_finished_one(self):
        # Thread A fills the module-level locals and ends; each thread after it must start from scratch.
        def fill():
            PLAIN.a = COUNTED.gen = 'A'

        def check_and_fill(n):
            seen = (vars(PLAIN).copy(), COUNTED.gen)
            PLAIN.a = COUNTED.gen = n
            return seen
        for runner in (in_thread, in_raw_thread):
            with self.subTest(runner=runner.__name__):
                runner(fill)
                inits = len(Counted.inits)
                for n in range(12):
                    self.assertEqual(({}, None), runner(check_and_fill, n), f'thread #{n}')
                self.assertEqual(inits + 12, len(Counted.inits))  # __init__ ran once in each
                self.assertEqual({('x', 'y')}, {(a, b) for _, a, b in Counted.inits})
        self.assertEqual(({}, None), (vars(PLAIN), COUNTED.gen))

    def test_fresh_after_executor_shutdown(self):
        def task(gen):
            seen = (getattr(PLAIN, 'gen', None), COUNTED.gen)
            PLAIN.gen = COUNTED.gen = gen
            time.sleep(0.002)
            return seen
        for gen in range(5):
            with concurrent.futures.ThreadPoolExecutor(max_workers=2) as executor:
                seen = list(executor.map(task, [gen] * 6))
            # A worker may see what it stored itself in this generation, never an earlier generation's.
            self.assertLessEqual({v for pair in seen for v in pair}, {None, gen}, f'generation {gen}: {seen}')


class StartNewThreadTest(unittest.TestCase):

    def test_returns_ident(self):
        box, done = {}, threading.Event()

        def run():
            box.update(ident=_thread.get_ident(), tident=threading.get_ident(), caller=sys._getframe().f_back)
            done.set()
        ident = _thread.start_new_thread(run, ())
        self.assertTrue(done.wait(WAIT))
        self.assertIs(int, type(ident))
        self.assertEqual((ident, ident), (box['ident'], box['tident']))
        self.assertNotEqual(threading.get_ident(), ident)
        self.assertIsNone(box['caller'])  # the function is the thread's first frame

    def test_argument_errors(self):
        cases = [((1, ()), 'first arg must be callable'), ((print, [1]), '2nd arg must be a tuple'),
                 ((print, (), []), 'optional 3rd arg must be a dictionary'),
                 ((print,), 'start_new_thread expected at least 2 arguments, got 1')]
        before = _thread._count()
        for args, message in cases:
            with self.assertRaises(TypeError) as cm:
                _thread.start_new_thread(*args)
            self.assertEqual(message, str(cm.exception))
        self.assertEqual(before, _thread._count())

    def test_args_and_kwargs_passed(self):
        box, done = [], threading.Event()
        _thread.start_new_thread(lambda a, b, *, c: (box.append((a, b, c)), done.set()), (1, 2), {'c': 3})
        self.assertTrue(done.wait(WAIT))
        self.assertEqual([(1, 2, 3)], box)

    def test_exception_goes_to_unraisablehook(self):
        got, done = [], threading.Event()

        def boom(x, *, y):
            raise ValueError(x + y)
        old, sys.unraisablehook = sys.unraisablehook, lambda u: (got.append(u), done.set())
        try:
            _thread.start_new_thread(boom, ('a',), {'y': 'b'})
            self.assertTrue(done.wait(WAIT))
        finally:
            sys.unraisablehook = old
        (u,) = got
        self.assertEqual((ValueError, ('ab',)), (u.exc_type, u.exc_value.args))
        self.assertEqual('Exception ignored in thread started by', u.err_msg)
        self.assertIs(boom, u.object)
        self.assertIs(boom.__code__, u.exc_traceback.tb_frame.f_code)  # no wrapper's frame above boom's
        self.assertIsNone(u.exc_traceback.tb_next)

    def test_default_unraisable_output(self):
        def boom():
            raise ValueError('raw boom')
        with captured_stderr() as err:
            before = _thread._count()
            _thread.start_new_thread(boom, ())
            eventually(lambda: 'ValueError' in err.getvalue() and _thread._count() <= before)
        lines = err.getvalue().splitlines()
        self.assertTrue(lines and lines[0].startswith('Exception ignored in thread started by: <function '), lines)
        self.assertIn('Traceback (most recent call last):', lines)
        self.assertIn("    raise ValueError('raw boom')", lines)
        self.assertEqual('ValueError: raw boom', lines[-1])

    def test_system_exit_is_silent(self):
        got = []
        old_hook, sys.unraisablehook = sys.unraisablehook, got.append
        try:
            with captured_stderr() as err:
                before = _thread._count()
                _thread.start_new_thread(sys.exit, (3,))  # the thread's function itself raises SystemExit
                _thread.start_new_thread(_thread.exit, ())
                self.assertTrue(eventually(lambda: _thread._count() <= before))
                time.sleep(0.1)
        finally:
            sys.unraisablehook = old_hook
        self.assertEqual(([], ''), (got, err.getvalue()))
        self.assertEqual('still works', in_raw_thread(lambda: 'still works'))

    def test_count(self):
        before, release, started = _thread._count(), threading.Event(), []
        for _ in range(5):
            _thread.start_new_thread(lambda: (started.append(1), release.wait(WAIT)), ())
        try:
            self.assertTrue(eventually(lambda: len(started) == 5))
            self.assertEqual(before + 5, _thread._count())
        finally:
            release.set()
        # The count drops a little after the functions return.
        self.assertTrue(eventually(lambda: _thread._count() == before), f'{_thread._count()} != {before}')


class ThreadTest(unittest.TestCase):

    def test_default_names(self):
        def target():
            pass
        first, second = threading.Thread(target=target), threading.Thread(target=lambda: None)
        m1 = re.fullmatch(r'Thread-(\d+) \(target\)', first.name)
        m2 = re.fullmatch(r'Thread-(\d+) \(<lambda>\)', second.name)
        self.assertTrue(m1 and m2, (first.name, second.name))
        self.assertEqual(int(m1.group(1)) + 1, int(m2.group(1)))
        self.assertRegex(threading.Thread().name, r'^Thread-\d+$')
        self.assertRegex(type('Sub', (threading.Thread,), {})().name, r'^Thread-\d+$')
        self.assertEqual('given', threading.Thread(target=target, name='given').name)

    def test_current_and_main_thread(self):
        main = threading.main_thread()
        self.assertIs(main, threading.current_thread())
        self.assertEqual(('MainThread', threading._MainThread), (main.name, type(main)))
        for n in range(5):  # one after another: each sees its own Thread object, not a predecessor's
            box = {}
            t = run_thread(name=f'w{n}', target=lambda: box.update(
                cur=threading.current_thread(), name=threading.current_thread().name, main=threading.main_thread()))
            self.assertEqual((t, f'w{n}', main), (box['cur'], box['name'], box['main']))

    def test_enumerate_and_active_count(self):
        before, release = threading.active_count(), threading.Event()
        self.assertEqual(before, len(threading.enumerate()))
        threads = [threading.Thread(target=release.wait) for _ in range(3)]
        for t in threads:
            t.start()
        try:
            listed = threading.enumerate()
            self.assertTrue(all(t in listed for t in threads))
            self.assertIn(threading.main_thread(), listed)
            self.assertEqual(before + 3, threading.active_count())
        finally:
            release.set()
            for t in threads:
                t.join()
        self.assertFalse(any(t in threading.enumerate() for t in threads))
        self.assertEqual(before, threading.active_count())

    def test_lifecycle_and_join_timeout(self):
        release = threading.Event()
        t = threading.Thread(target=release.wait, name='W')
        self.assertEqual((False, '<Thread(W, initial)>', None, None), (t.is_alive(), repr(t), t.ident, t.native_id))
        t.start()
        try:
            self.assertTrue(t.is_alive())
            self.assertEqual(f'<Thread(W, started {t.ident})>', repr(t))
            self.assertIs(int, type(t.native_id))
            start = time.monotonic()
            self.assertIsNone(t.join(0.3))  # the thread waits for `release`: join times out
            elapsed = time.monotonic() - start
            self.assertTrue(0.29 <= elapsed < 5.0, elapsed)
            self.assertTrue(t.is_alive())
        finally:
            release.set()
        t.join()
        self.assertFalse(t.is_alive())
        self.assertEqual(f'<Thread(W, stopped {t.ident})>', repr(t))
        t.join(0)  # joining a finished thread again is fine

    def test_misuse_errors(self):
        def error(fn):
            with self.assertRaises(RuntimeError) as cm:
                fn()
            return str(cm.exception)
        t = threading.Thread(target=lambda: None)
        self.assertEqual('cannot join thread before it is started', error(t.join))
        self.assertEqual('cannot join current thread', error(threading.current_thread().join))
        self.assertEqual('cannot join current thread', in_thread(lambda: error(threading.current_thread().join)))
        t.start()
        self.assertEqual('threads can only be started once', error(t.start))
        t.join()
        self.assertEqual('cannot set daemon status of active thread', error(lambda: setattr(t, 'daemon', True)))

    def test_daemon(self):
        self.assertEqual((False, True), (threading.Thread().daemon, threading.Thread(daemon=True).daemon))
        before_start = threading.Thread()
        before_start.daemon = True  # allowed before start
        self.assertTrue(before_start.daemon)
        box = {}
        run_thread(daemon=True, target=lambda: box.update(
            r=(threading.Thread().daemon, threading.Thread(daemon=False).daemon)))
        self.assertEqual((True, False), box['r'])  # inherited from the creating thread unless given
        release = threading.Event()
        t = threading.Thread(target=release.wait)
        t.start()
        try:
            with self.assertRaises(RuntimeError) as cm:
                t.daemon = True
            self.assertEqual('cannot set daemon status of active thread', str(cm.exception))
            self.assertFalse(t.daemon)
        finally:
            release.set()
            t.join()

    def test_idents_of_live_threads_differ(self):
        barrier, seen = threading.Barrier(4), []

        def run():
            seen.append((threading.get_ident(), threading.get_native_id(), threading.current_thread()))
            barrier.wait(WAIT)  # all four are alive at once
        run_together([threading.Thread(target=run) for _ in range(4)])
        self.assertEqual(5, len({s[0] for s in seen} | {threading.get_ident()}))
        self.assertEqual(5, len({s[1] for s in seen} | {threading.get_native_id()}))
        for ident, native_id, thread in seen:
            self.assertEqual((ident, native_id), (thread.ident, thread.native_id))

    def test_trace_and_profile_do_not_leak(self):
        events = []

        def tracer(frame, event, arg):
            events.append(('trace', frame.f_code.co_name))
            return tracer

        def traced_a():
            return 1

        def set_and_end():
            sys.settrace(tracer)
            sys.setprofile(lambda frame, event, arg: events.append(('profile', frame.f_code.co_name)))
            traced_a()  # the thread ends with both still set

        def later():
            def traced_b():
                return 2
            traced_b()
            return sys.gettrace(), sys.getprofile()
        for runner in (in_thread, in_raw_thread):
            with self.subTest(runner=runner.__name__):
                events.clear()
                runner(set_and_end)
                self.assertLessEqual({('trace', 'traced_a'), ('profile', 'traced_a')}, set(events))
                for _ in range(3):
                    self.assertEqual((None, None), in_thread(later))
                    self.assertEqual((None, None), in_raw_thread(later))
                self.assertFalse([e for e in events if e[1] in ('traced_b', 'later')], events)
        self.assertEqual((None, None), (sys.gettrace(), sys.getprofile()))

    def test_threading_settrace_only_while_set(self):
        def tracer(frame, event, arg):
            return None

        def profiler(frame, event, arg):
            pass

        def hooks():
            return sys.gettrace(), sys.getprofile()
        threading.settrace(tracer)
        threading.setprofile(profiler)
        try:
            self.assertEqual((None, None), hooks())  # not for the calling thread
            self.assertEqual((tracer, profiler), in_thread(hooks))
            self.assertEqual((None, None), in_raw_thread(hooks))  # nor for bare threads
        finally:
            threading.settrace(None)
            threading.setprofile(None)
        for _ in range(3):
            self.assertEqual((None, None), in_thread(hooks))
            self.assertEqual((None, None), in_raw_thread(hooks))

    def test_exception_state_does_not_leak(self):
        def end_while_handling():
            try:
                raise KeyError('handled')
            except KeyError:
                return sys.exc_info()[0]  # returns from inside the except block

        def state():
            return sys.exc_info(), sys.exception()
        for runner in (in_thread, in_raw_thread):
            self.assertIs(KeyError, runner(end_while_handling))
            for _ in range(3):
                self.assertEqual(((None, None, None), None), in_thread(state))
                self.assertEqual(((None, None, None), None), in_raw_thread(state))

    def test_contextvars_and_decimal_context_start_fresh(self):
        var = contextvars.ContextVar('var')
        var.set('main')  # a thread starts with an empty context in 3.12: it does not see this

        def set_and_end():
            var.set('A')
            decimal.getcontext().prec = 5

        def state():
            return var.get('unset'), decimal.getcontext().prec
        for runner in (in_thread, in_raw_thread):
            with self.subTest(runner=runner.__name__):
                runner(set_and_end)
                for _ in range(3):
                    self.assertEqual(('unset', 28), in_thread(state))
                    self.assertEqual(('unset', 28), in_raw_thread(state))
        self.assertEqual('main', var.get())

    def test_default_excepthook_output(self):
        def run():
            raise KeyError('k')
        with captured_stderr() as err:
            run_thread(target=run, name='Boomer')
        lines = err.getvalue().splitlines()
        self.assertEqual(['Exception in thread Boomer:', 'Traceback (most recent call last):'], lines[:2])
        self.assertIn("    raise KeyError('k')", lines)
        self.assertEqual("KeyError: 'k'", lines[-1])
        with captured_stderr() as err:
            run_thread(target=sys.exit, args=(4,))  # SystemExit ends a thread silently
        self.assertEqual('', err.getvalue())

    def test_custom_excepthook(self):
        def run():
            raise ValueError('v')
        got = []
        threading.excepthook = got.append
        try:
            t = run_thread(target=run)
            s = run_thread(target=sys.exit, args=(3,))  # a custom hook sees SystemExit too
        finally:
            threading.excepthook = threading.__excepthook__
        args, exit_args = got
        self.assertEqual((ValueError, ('v',), t), (args.exc_type, args.exc_value.args, args.thread))
        self.assertIs(args.exc_value.__traceback__, args.exc_traceback)
        self.assertEqual((SystemExit, s), (exit_args.exc_type, exit_args.thread))


if __name__ == '__main__':
    unittest.main()
