"""Who is acting, from where: set by middleware for requests, by commands and jobs otherwise."""

import contextvars
from contextlib import contextmanager
from dataclasses import dataclass


@dataclass(frozen=True)
class Actor:
    user_id: int | None = None
    label: str = "system"
    ip: str | None = None
    path: str = ""


_current: contextvars.ContextVar[Actor] = contextvars.ContextVar("duo_actor", default=Actor())


def current_actor() -> Actor:
    return _current.get()


@contextmanager
def acting_as(actor: Actor):
    token = _current.set(actor)
    try:
        yield actor
    finally:
        _current.reset(token)
