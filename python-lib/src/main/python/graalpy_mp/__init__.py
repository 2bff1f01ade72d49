"""graalpy-mp: CPython's process and thread concurrency inside one JVM.

This package is the Python side of the plugin. It is put on the Python path of every context the host
creates; `graalpy_mp.main` runs a program the way CPython's `python3` does, and the overlays (added by the
process and multiprocessing capabilities) patch GraalPy's bundled stdlib at CPython's own seams.
"""
