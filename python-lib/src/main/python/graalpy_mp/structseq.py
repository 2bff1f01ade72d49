"""Tuple types with named fields that behave as CPython's structseq types (os.times_result,
signal.struct_siginfo, ...), for the results graalpy-mp's overlays build where GraalPy has no such type."""


def structseq(qualified_name, fields):
    """A tuple subclass named `qualified_name` ('module.name'): built from one sequence of len(fields) values,
    each readable by name, with CPython's repr and length check, picklable."""
    module, _, name = qualified_name.rpartition('.')
    size = len(fields)

    def __new__(cls, sequence):
        sequence = tuple(sequence)
        if len(sequence) != size:
            raise TypeError(f'{qualified_name}() takes a {size}-sequence ({len(sequence)}-sequence given)')
        return tuple.__new__(cls, sequence)

    def __repr__(self):
        return f'{qualified_name}(' + ', '.join(f'{n}={v!r}' for n, v in zip(fields, self)) + ')'

    def __reduce__(self):
        return type(self), (tuple(self),)

    namespace = {'__new__': __new__, '__repr__': __repr__, '__reduce__': __reduce__, '__module__': module,
                 'n_fields': size, 'n_sequence_fields': size, 'n_unnamed_fields': 0, '_fields': tuple(fields)}
    namespace.update({field: property(lambda self, i=i: self[i]) for i, field in enumerate(fields)})
    return type(name, (tuple,), namespace)
