"""The standard streams of real OS processes (subprocess) where GraalPy cannot connect them: pumped by the parent.

GraalPy's subprocess (its java POSIX backend) connects a child's stream only to a pipe it made itself
(stdin/stdout/stderr=PIPE); any other fd given (`stdout=w`, `stdout=open(path, 'w')`) is ignored and the child
inherits the JVM's own stream, and a kernel fd (an os.pipe() of this runtime) cannot reach an OS process at
all. So each such stream becomes a GraalPy pipe, and a pump thread of the parent copies between it and the fd
the program gave: fd -> child for stdin, child -> fd for stdout/stderr, until end of file. The same holds for an
inherited stdout/stderr when the program's own streams are not the JVM's (the runtime server's client, an
embedder's buffers): the pump writes to the program's fd 1 or 2. Waiting for the child (os.waitpid, so
Popen.wait) waits for its output pumps, so that the child's output comes before what the program prints next.

Limits: the stdin pump reads ahead of the child (bytes it took but the child never read are gone), an
inherited stdin stays the JVM's (under the runtime server, /dev/null), output written by a grandchild after
the child's end is waited for at most PUMP_WAIT seconds, and `pass_fds` of a kernel fd is refused (the child
would need the same number).
"""

import _thread

from graalpy_mp import gateway
from graalpy_mp.overlays import os_fds

PUMP_WAIT = 5.0
_CHUNK = 1 << 16
# Positions in _posixsubprocess.fork_exec's arguments (as CPython 3.12's subprocess calls it)
_FDS_TO_KEEP = 3
_STREAMS = ((6, 7, 0), (9, 8, 1), (11, 10, 2))  # (the child's fd, the parent's end of a PIPE, default fd)
_pumps = {}  # pid -> locks released when that child's output pumps end


def fork_exec(graalpy_fork_exec, args):
    """subprocess's _fork_exec with the child's streams that GraalPy would lose pumped."""
    kept = [fd for fd in args[_FDS_TO_KEEP] if gateway.is_kernel_fd(fd)]
    if kept:
        raise os_fds.unsupported(f'pass_fds={kept} to a real OS process (subprocess)')
    args = list(args)
    own_streams = gateway.services().osStandardStreams()
    graalpy_pipe, close = os_fds.graalpy_function('pipe'), os_fds.graalpy_function('close')
    bridges = []  # (the program's fd, a GraalPy pipe (read end, write end), stdin?)
    stdout = args[9]
    for child_index, parent_index, default in _STREAMS:
        fd, to_child = args[child_index], child_index == 6
        if args[parent_index] != -1:
            continue  # a PIPE: GraalPy connects it
        if child_index == 11 and fd == stdout != -1:
            args[child_index] = args[9]  # stderr=STDOUT: GraalPy merges the two when the fds are equal
            continue
        if fd == -1:
            if to_child or own_streams >> default & 1:
                continue  # inherited, and the JVM's stream is the program's
            fd = default
        ends = graalpy_pipe()
        args[child_index], args[parent_index] = (ends[0], ends[1]) if to_child else (ends[1], ends[0])
        bridges.append((fd, ends, to_child))
    try:
        pid = graalpy_fork_exec(*args)
    except BaseException:
        for _, ends, _ in bridges:
            for end in ends:
                close(end)
        raise
    done = []
    for fd, (read_end, write_end), to_child in bridges:
        # GraalPy replaced the parent's end with the child's stream; the other end is unused
        close(read_end if to_child else write_end)
        own = os_fds.dup(fd)  # the pump's own reference: the program may close its fd at once
        finished = _thread.allocate_lock()
        finished.acquire()
        if to_child:
            _thread.start_new_thread(_pump, (own, write_end, finished))
        else:
            _thread.start_new_thread(_pump, (read_end, own, finished))
            done.append(finished)
    if done and pid > 0:
        _pumps[pid] = done
    return pid


def child_reaped(pid):
    """The OS child `pid` has ended: its output pumps finish (up to PUMP_WAIT seconds for a grandchild's)."""
    for finished in _pumps.pop(pid, ()):
        if finished.acquire(True, PUMP_WAIT):
            finished.release()


def _pump(source, target, finished):
    """Copies source to target until EOF (or the target's reader is gone), then closes both."""
    try:
        while True:
            data = os_fds.read(source, _CHUNK)
            if not data:
                break
            view = memoryview(data)
            while view:
                view = view[os_fds.write(target, view):]
    except OSError:
        pass  # EPIPE: the reader went away, as a real pipe's writer would see
    finally:
        for fd in (source, target):
            try:
                os_fds.close(fd)
            except OSError:
                pass
        finished.release()
