"""Job kinds register a handler here; the Celery task looks them up by name."""

from collections.abc import Callable

HANDLERS: dict[str, Callable] = {}


def handler(kind: str):
    def register(fn):
        HANDLERS[kind] = fn
        return fn

    return register
