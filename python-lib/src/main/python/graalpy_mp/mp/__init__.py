"""multiprocessing on the kernel: CPython's seams (SemLock, the fork start method, its Popen) implemented
over the plugin's virtual processes; installed by graalpy_mp.overlays.mp_context when multiprocessing is
imported."""
