"""Overlay of `traceback.clear_frames`, which unittest's assertRaises calls on every exception it catches.

GraalPy 25.0 gives no frame for a traceback entry whose frame still runs in another thread (the second time
that code runs): reading `tb.tb_frame` binds nothing, and calling `.clear()` on it kills the process with a
Java NullPointerException. Such exceptions are common with pools: multiprocessing.Pool and ThreadPool re-raise
in the caller what failed in their handler threads. CPython cannot clear a running frame either (RuntimeError,
ignored there): the frame is skipped the same way here.
"""

from graalpy_mp.overlays import patch


@patch('traceback', 'clear_frames')
def _patch(traceback, services):
    def clear_frames(tb):
        "Clear all references to local variables in the frames of a traceback."
        while tb is not None:
            try:
                frame = tb.tb_frame
                frame.clear()
            except (RuntimeError, NameError):  # still executing (NameError: GraalPy gave no frame)
                pass
            tb = tb.tb_next
    traceback.clear_frames = clear_frames
