"""Process groups and sessions: os.setpgid, setsid, getpgid, getsid, and signals to a group (os.kill(0 | -pgid),
os.killpg) reaching every member, the sender's own handler running before kill returns. Each scenario runs in a
child that first leads a group of its own, so that under CPython no signal reaches the test runner's group.
Runs unchanged under CPython 3.12."""

import errno
import multiprocessing
import os
import signal
import time
import unittest

DEADLINE = 20


def _wait_for(flag):
    end = time.monotonic() + DEADLINE
    while not flag and time.monotonic() < end:
        time.sleep(0.01)
    return bool(flag)


def member(conn):
    got = []
    signal.signal(signal.SIGUSR1, lambda signum, frame: got.append(signum))
    conn.send(('ready', os.getpgrp(), os.getsid(0)))
    conn.send(('member got', _wait_for(got)))


def leader(conn, how):
    os.setpgid(0, 0)
    got = []
    signal.signal(signal.SIGUSR1, lambda signum, frame: got.append(signum))
    theirs, mine = multiprocessing.Pipe()
    child = multiprocessing.Process(target=member, args=(mine,))
    child.start()
    _, member_group, member_session = theirs.recv()
    if how == 'kill0':
        os.kill(0, signal.SIGUSR1)
    else:
        os.killpg(os.getpgrp(), signal.SIGUSR1)
    ran_before_return = list(got)
    conn.send({'group': os.getpgrp(), 'pid': os.getpid(), 'member group': member_group,
               'member pgid seen': os.getpgid(child.pid), 'session same': member_session == os.getsid(0),
               'leader ran before kill returned': ran_before_return == [signal.SIGUSR1],
               'member': theirs.recv()})
    child.join()


def session_leader(conn):
    os.setpgid(0, 0)
    try:
        os.setsid()
    except OSError as e:
        refused = e.errno
    else:
        refused = None
    conn.send(refused)


def new_session(conn):
    os.setsid()
    conn.send((os.getsid(0) == os.getpid(), os.getpgrp() == os.getpid()))


def blocked_member(keep_open):
    time.sleep(60)


def blocked_leader(keep_open, started):
    os.setpgid(0, 0)
    multiprocessing.Process(target=blocked_member, args=(keep_open,)).start()
    started.send('started')
    time.sleep(60)


class ProcessGroupTest(unittest.TestCase):

    def run_in_child(self, target, *args):
        theirs, mine = multiprocessing.Pipe()
        process = multiprocessing.Process(target=target, args=(mine,) + args)
        process.start()
        self.assertTrue(theirs.poll(DEADLINE), 'no report from the child')
        report = theirs.recv()
        process.join(DEADLINE)
        self.assertEqual(0, process.exitcode)
        return report

    def check_group_signal(self, how):
        report = self.run_in_child(leader, how)
        self.assertEqual(report['pid'], report['group'])
        self.assertEqual(report['group'], report['member group'])
        self.assertEqual(report['group'], report['member pgid seen'])
        self.assertTrue(report['session same'])
        self.assertTrue(report['leader ran before kill returned'])
        self.assertEqual(('member got', True), report['member'])

    def test_kill_zero_reaches_the_whole_group(self):
        self.check_group_signal('kill0')

    def test_killpg_reaches_the_whole_group(self):
        self.check_group_signal('killpg')

    def test_a_group_leader_cannot_start_a_session(self):
        self.assertEqual(errno.EPERM, self.run_in_child(session_leader))

    def test_setsid_starts_a_session_and_a_group(self):
        self.assertEqual((True, True), self.run_in_child(new_session))

    def test_killpg_from_outside_ends_every_member(self):
        keep_open, watch = multiprocessing.Pipe(duplex=False)
        started, report = multiprocessing.Pipe()
        process = multiprocessing.Process(target=blocked_leader, args=(watch, report))
        process.start()
        watch.close()
        self.assertEqual('started', started.recv())
        os.killpg(process.pid, signal.SIGTERM)
        process.join(DEADLINE)
        self.assertEqual(-signal.SIGTERM, process.exitcode)
        self.assertTrue(keep_open.poll(DEADLINE))
        with self.assertRaises(EOFError):  # the member, which held the other end, has died too
            keep_open.recv()

    def test_errors(self):
        with self.assertRaises(OSError) as caught:
            os.killpg(-1, 0)
        self.assertEqual(errno.EINVAL, caught.exception.errno)
        with self.assertRaises(OSError) as caught:
            os.setpgid(0, -1)
        self.assertEqual(errno.EINVAL, caught.exception.errno)
        with self.assertRaises(ProcessLookupError):
            os.killpg(2 ** 22 + 12345, 0)  # above Linux's largest pid: nobody's group
        with self.assertRaises(ProcessLookupError):
            os.getpgid(2 ** 22 + 12345)
        os.kill(0, 0)  # the caller's own group exists
        self.assertEqual(os.getpgrp(), os.getpgid(0))
        self.assertEqual(os.getpgrp(), os.getpgid(os.getpid()))
        self.assertIsInstance(os.getsid(0), int)


if __name__ == '__main__':
    unittest.main()
