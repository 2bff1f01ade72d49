"""Whether a main module only defines at its top level, judged on its syntax tree (see main_definitions, which
runs such a module's code again in a fork child): running its top level must bind names of its own namespace
and import modules, nothing else that anyone could see.

Allowed: docstrings, `pass`, imports, `def` and `class` (decorators, defaults, annotations, bases: expressions as
below; a class body by the same rules), assignments to plain names, `if`/`try` of such statements, and the
`if __name__ == '__main__':` block, which is skipped (its `else`, which would run, by the same rules). An
expression may read names and attributes, index, compute, build containers, lambdas and comprehensions, and call
the builtins and the stdlib functions of PURE_CALLS, which make or read values and act on nothing else (the
callee named as the module imported it, never shadowed by a name the module binds). Anything else (a call of the
program's own function, `print`, `open`, `Pool(...)`, an attribute or item assignment, a loop, `with`) makes the
module one that is never run again.
"""

import ast

_MAIN = '__main__'

# Builtins whose call runs no code of the program (no callable argument they would call back).
_PURE_BUILTINS = frozenset({
    'abs', 'all', 'any', 'ascii', 'bin', 'bool', 'bytearray', 'bytes', 'callable', 'chr', 'complex', 'dict',
    'divmod', 'float', 'format', 'frozenset', 'getattr', 'hasattr', 'hash', 'hex', 'id', 'int', 'isinstance',
    'issubclass', 'len', 'list', 'object', 'oct', 'ord', 'pow', 'property', 'range', 'repr', 'round', 'set',
    'slice', 'str', 'tuple', 'type', 'classmethod', 'staticmethod', 'memoryview',
})

# Stdlib functions and classes, by their qualified names, that make or read a value and act on nothing else.
PURE_CALLS = frozenset({
    'os.environ.get', 'os.getenv', 'os.cpu_count', 'os.getcwd', 'os.getpid', 'os.fspath', 'os.path.join',
    'os.path.dirname', 'os.path.basename', 'os.path.abspath', 'os.path.realpath', 'os.path.splitext',
    'os.path.exists', 'os.path.isfile', 'os.path.isdir', 'os.path.expanduser', 'os.path.normpath',
    'sys.getrecursionlimit', 'multiprocessing.cpu_count', 'multiprocessing.get_context',
    'collections.namedtuple', 'collections.defaultdict', 'collections.OrderedDict', 'collections.Counter',
    'collections.deque', 'typing.TypeVar', 'typing.NewType', 'typing.NamedTuple', 'dataclasses.field',
    'functools.partial', 'functools.lru_cache', 'functools.wraps', 're.compile', 'struct.Struct',
    'struct.calcsize', 'threading.Lock', 'threading.RLock', 'threading.Event', 'threading.Condition',
    'threading.Semaphore', 'threading.BoundedSemaphore', 'threading.local', 'queue.Queue', 'queue.SimpleQueue',
    'logging.getLogger', 'time.time', 'time.perf_counter', 'time.monotonic', 'datetime.timedelta',
    'datetime.datetime', 'datetime.date', 'pathlib.Path', 'enum.auto', 'itertools.count', 'decimal.Decimal',
    'fractions.Fraction', 'math.sqrt', 'math.log', 'math.ceil', 'math.floor', 'math.isqrt',
})


def check(source, filename):
    """Whether the module of `source` only defines at its top level (see above)."""
    try:
        tree = ast.parse(source, filename)
    except (SyntaxError, ValueError):
        return False
    return _Check(tree).module()


# Decorators of the stdlib that wrap or mark what they decorate and act on nothing else.
_PURE_DECORATORS = frozenset({
    'dataclasses.dataclass', 'functools.cache', 'functools.lru_cache', 'functools.wraps',
    'functools.total_ordering', 'functools.cached_property', 'functools.singledispatch', 'abc.abstractmethod',
    'contextlib.contextmanager', 'contextlib.asynccontextmanager', 'typing.overload', 'typing.final',
    'typing.runtime_checkable', 'enum.unique', 'unittest.skip', 'unittest.skipIf', 'unittest.skipUnless',
    'unittest.expectedFailure',
})
_PURE_BUILTIN_DECORATORS = frozenset({'property', 'staticmethod', 'classmethod'})
# A decorator `@name.<one of these>` of a name the module binds: a property's accessors, a singledispatch's cases.
_ACCESSOR_DECORATORS = frozenset({'setter', 'getter', 'deleter', 'register'})


class _Check:

    def __init__(self, tree):
        self.tree = tree
        self.imported = {}  # a name the top level's imports bind -> the qualified name it stands for
        self.bound = set()  # every other name bound anywhere (a def, a class, an assignment, an ambiguous import)
        for node in ast.walk(tree):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
                self.bound.add(node.name)
            elif isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store):
                self.bound.add(node.id)
            elif isinstance(node, (ast.Import, ast.ImportFrom)):
                for name, qualified in _imported_names(node):
                    if self.imported.setdefault(name, qualified) != qualified:
                        self.bound.add(name)  # imported twice, as two things: never taken for either

    def module(self):
        return all(self.statement(s, top_level=True) for s in self.tree.body)

    def statement(self, statement, top_level):
        kind = type(statement)
        if kind is ast.Expr:
            return isinstance(statement.value, ast.Constant)  # a docstring
        if kind in (ast.Pass, ast.Import, ast.ImportFrom):
            return True
        if kind in (ast.FunctionDef, ast.AsyncFunctionDef):
            arguments = statement.args
            values = arguments.defaults + [d for d in arguments.kw_defaults if d]
            values += [a.annotation for a in _all_arguments(arguments) if a.annotation is not None]
            return (all(map(self.decorator, statement.decorator_list))
                    and all(map(self.expression, values + ([statement.returns] if statement.returns else []))))
        if kind is ast.ClassDef:
            values = statement.bases + [k.value for k in statement.keywords]
            return (all(map(self.decorator, statement.decorator_list)) and all(map(self.expression, values))
                    and self.block(statement.body, top_level=False))
        if kind is ast.Assign:
            return all(map(_names_only, statement.targets)) and self.expression(statement.value)
        if kind is ast.AnnAssign:
            return (_names_only(statement.target) and self.expression(statement.annotation)
                    and (statement.value is None or self.expression(statement.value)))
        if kind is ast.If:
            if top_level and _is_main_guard(statement.test):
                return self.block(statement.orelse, top_level)  # the block itself is skipped
            return (self.expression(statement.test) and self.block(statement.body, top_level)
                    and self.block(statement.orelse, top_level))
        if kind is ast.Try:
            blocks = [statement.body, statement.orelse, statement.finalbody] + [h.body for h in statement.handlers]
            return (all(self.expression(h.type) for h in statement.handlers if h.type is not None)
                    and all(self.block(block, top_level) for block in blocks))
        return False

    def block(self, statements, top_level):
        return all(self.statement(s, top_level) for s in statements)

    def expression(self, expression):
        """No call in it but of PURE_CALLS or _PURE_BUILTINS (a lambda's body runs later: not checked)."""
        pending = [expression]
        while pending:
            node = pending.pop()
            if isinstance(node, (ast.Await, ast.Yield, ast.YieldFrom)):
                return False
            if isinstance(node, ast.Call) and not self.pure_callee(node.func):
                return False
            if isinstance(node, ast.Lambda):
                pending.extend(node.args.defaults + [d for d in node.args.kw_defaults if d])
                continue
            pending.extend(ast.iter_child_nodes(node))
        return True

    def decorator(self, expression):
        """Applying it calls it: one of the stdlib's that only wrap or mark, made by a pure call if called."""
        if isinstance(expression, ast.Call):
            arguments = expression.args + [k.value for k in expression.keywords]
            return self.qualified(expression.func) in _PURE_DECORATORS and all(map(self.expression, arguments))
        if isinstance(expression, ast.Attribute) and expression.attr in _ACCESSOR_DECORATORS \
                and isinstance(expression.value, ast.Name) and expression.value.id in self.bound:
            return True
        return (self.qualified(expression) in _PURE_DECORATORS
                or self.builtin(expression) in _PURE_BUILTIN_DECORATORS)

    def pure_callee(self, func):
        return self.builtin(func) in _PURE_BUILTINS or self.qualified(func) in PURE_CALLS

    def builtin(self, expression):
        """The builtin a bare name stands for (when the module binds that name to nothing), else None."""
        if isinstance(expression, ast.Name) and expression.id not in self.bound \
                and expression.id not in self.imported:
            return expression.id
        return None

    def qualified(self, expression):
        """'module.attr...' for an imported name and attributes of it, else None."""
        path = []
        while isinstance(expression, ast.Attribute):
            path.append(expression.attr)
            expression = expression.value
        if not isinstance(expression, ast.Name) or expression.id not in self.imported \
                or expression.id in self.bound:
            return None
        return '.'.join([self.imported[expression.id]] + path[::-1])


def _imported_names(statement):
    """(name bound, qualified name it stands for) of an import statement; a relative import stands for nothing
    known (its names are given an impossible qualified name)."""
    for alias in statement.names:
        if isinstance(statement, ast.Import):
            if alias.asname:
                yield alias.asname, alias.name
            else:
                top = alias.name.partition('.')[0]
                yield top, top
        elif statement.level == 0 and statement.module:
            yield alias.asname or alias.name, f'{statement.module}.{alias.name}'
        else:
            yield alias.asname or alias.name, '<relative>'


def _all_arguments(arguments):
    extra = [a for a in (arguments.vararg, arguments.kwarg) if a is not None]
    return arguments.posonlyargs + arguments.args + arguments.kwonlyargs + extra


def _names_only(target):
    if isinstance(target, (ast.Tuple, ast.List)):
        return all(map(_names_only, target.elts))
    return isinstance(target, ast.Name)


def _is_main_guard(test):
    if not (isinstance(test, ast.Compare) and len(test.ops) == 1 and isinstance(test.ops[0], ast.Eq)):
        return False
    sides = [test.left, test.comparators[0]]
    names = [s for s in sides if isinstance(s, ast.Name) and s.id == '__name__']
    constants = [s for s in sides if isinstance(s, ast.Constant) and s.value == _MAIN]
    return len(names) == 1 and len(constants) == 1
