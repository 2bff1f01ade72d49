"""multiprocessing on the kernel: CPython's seams (SemLock, the fork start method, its Popen) implemented
over the plugin's virtual processes; installed by graalpy_mp.mp.overlay when multiprocessing is
imported."""
