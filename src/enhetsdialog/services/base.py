"""The unit of work as a mechanism: ``@reads`` and ``@writes`` open the transaction around a service
method and hand it a :class:`~enhetsdialog.storage.uow.UnitOfWork`.

A write returns what changed: :class:`Changes`, or an :class:`Outcome` (a value and its Changes)
when the caller needs more than that. Calls compose: a service method called while another one's
transaction is open on the same database joins it, so a multi-record operation is one transaction
(committed once, or rolled back as a whole).
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Concatenate, Generic, ParamSpec, Protocol, TypeVar

from enhetsdialog.services.changes import Changes
from enhetsdialog.storage.database import Database
from enhetsdialog.storage.uow import UnitOfWork, reading, writing

P = ParamSpec("P")
R = TypeVar("R")
T = TypeVar("T")

_current: ContextVar[tuple[Database, UnitOfWork] | None] = ContextVar("enhetsdialog_uow", default=None)


@dataclass(frozen=True, slots=True)
class Outcome(Generic[T]):
    """What a write returns when it has a value besides what it changed."""

    value: T
    changes: Changes


class HasDatabase(Protocol):
    db: Database


S = TypeVar("S", bound=HasDatabase)


def _run(self: HasDatabase, write: bool, fn: Callable[[UnitOfWork], R]) -> R:
    current = _current.get()
    if current is not None and current[0] is self.db and (current[1].writable or not write):
        return fn(current[1])  # inside the caller's transaction
    with (writing if write else reading)(self.db) as uow:
        token = _current.set((self.db, uow))
        try:
            return fn(uow)
        finally:
            _current.reset(token)


def reads(method: Callable[Concatenate[S, UnitOfWork, P], R]) -> Callable[Concatenate[S, P], R]:
    """A service method that reads in one consistent snapshot."""

    @functools.wraps(method)
    def wrapper(self: S, /, *args: P.args, **kwargs: P.kwargs) -> R:
        return _run(self, False, lambda uow: method(self, uow, *args, **kwargs))

    return wrapper


def writes(method: Callable[Concatenate[S, UnitOfWork, P], R]) -> Callable[Concatenate[S, P], R]:
    """A service method that writes in one transaction: committed when it returns, rolled back when
    it raises (so a refused input leaves stored data exactly as it was)."""

    @functools.wraps(method)
    def wrapper(self: S, /, *args: P.args, **kwargs: P.kwargs) -> R:
        return _run(self, True, lambda uow: method(self, uow, *args, **kwargs))

    return wrapper


class Service:
    """Base of the services over one database."""

    def __init__(self, db: Database) -> None:
        self.db = db
