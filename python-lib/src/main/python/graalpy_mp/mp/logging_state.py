"""The `logging` configuration a fork child inherits (README, "multiprocessing"). A real fork copies the
parent's loggers with their levels and handlers, so a Pool worker logs as its parent set up (`basicConfig`,
`multiprocessing.log_to_stderr`, a logger's level). A child started by state transfer imports `logging` afresh,
so the parent's configuration travels with the rest of its state: every logger's level, propagate and disabled
flags, `logging.disable`'s level, and the handlers, one object per handler however many loggers share it.

A handler to the parent's sys.stdout or sys.stderr writes to the child's (the same fds, inherited); a
FileHandler opens its file again, in append mode; any other handler travels as it pickles, and one that cannot
(a socket's, a queue's of another context) is left out of the child's configuration, as a child cannot use it.
"""

import pickle
import sys

_STD_STREAMS = ('stdout', 'stderr')


def snapshot(dumps):
    """The configuration of this process's `logging` (None if the program never imported it), with handlers
    pickled by `dumps` (transfer's pickler) where they pickle."""
    logging = sys.modules.get('logging')
    if logging is None:
        return None
    handlers, recipes = {}, []  # id(handler) -> index into recipes

    def recipe_index(handler):
        if id(handler) not in handlers:
            recipe = _recipe(logging, handler, dumps)
            handlers[id(handler)] = None if recipe is None else len(recipes)
            if recipe is not None:
                recipes.append(recipe)
        return handlers[id(handler)]

    loggers = {}
    for name, logger in [('', logging.root)] + list(logging.Logger.manager.loggerDict.items()):
        if isinstance(logger, logging.Logger):
            indices = [recipe_index(handler) for handler in logger.handlers]
            loggers[name] = (logger.level, logger.propagate, logger.disabled,
                             [index for index in indices if index is not None])
    return logging.root.manager.disable, loggers, recipes


def _recipe(logging, handler, dumps):
    """How the child makes `handler`: ('file', ...), ('std', stream name, ...) or ('pickled', bytes)."""
    common = (handler.level, handler.formatter, list(handler.filters))
    try:
        if isinstance(handler, logging.FileHandler):
            return dumps(('file', handler.baseFilename, handler.encoding, handler.errors) + common)
        if type(handler) is logging.StreamHandler:
            for name in _STD_STREAMS:
                if handler.stream is getattr(sys, name):
                    return dumps(('std', name) + common)
        return dumps(('pickled', handler))
    except Exception:  # a handler of something that cannot travel: the child has none of it
        return None


def restore(state):
    """Configures the child's `logging` as `snapshot` found the parent's."""
    if state is None:
        return
    import logging
    disable, loggers, recipes = state
    handlers = [_handler(logging, pickle.loads(recipe)) for recipe in recipes]
    logging.disable(disable)
    for name, (level, propagate, disabled, indices) in loggers.items():
        logger = logging.getLogger(name) if name else logging.root
        logger.setLevel(level)
        logger.propagate, logger.disabled = propagate, disabled
        logger.handlers = [handlers[index] for index in indices]


def _handler(logging, recipe):
    kind = recipe[0]
    if kind == 'pickled':
        return recipe[1]
    if kind == 'file':
        _, filename, encoding, errors, level, formatter, filters = recipe
        handler = logging.FileHandler(filename, 'a', encoding=encoding, delay=True, errors=errors)
    else:
        _, stream, level, formatter, filters = recipe
        handler = logging.StreamHandler(getattr(sys, stream))
    handler.setLevel(level)
    handler.setFormatter(formatter)
    for filter_ in filters:
        handler.addFilter(filter_)
    return handler
