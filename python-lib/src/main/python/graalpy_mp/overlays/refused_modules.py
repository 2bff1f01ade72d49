"""Modules graalpy-mp refuses to import, with an ImportError that says why, instead of letting them end the JVM.

`_testcapi`, CPython's C-API test module that GraalPy ships: its functions call C-API functions GraalPy does not
implement (PyThread_start_new_thread...), and GraalPy answers those with abort(): the whole JVM ends, and with it
every program of a runtime server. CPython's own tests import it through test.support.import_helper, which turns
the ImportError into a skip, as on a CPython built without it.
"""

from graalpy_mp.overlays import patch

REFUSED = {
    '_testcapi': "GraalPy's build of it calls C-API functions GraalPy lacks, which abort the whole JVM "
                 "(and every other program of the runtime server)",
}


class _Refuser:
    """First on sys.meta_path: a refused name fails here before any finder loads its native library."""

    def find_spec(self, name, path, target=None):
        why = REFUSED.get(name)
        if why is not None:
            raise ImportError(f'graalpy-mp: {name} cannot be imported: {why}', name=name)
        return None


@patch('sys', 'meta_path')
def _refuse(sys, services):
    sys.meta_path.insert(0, _Refuser())
