"""Error types. ``DomainError`` and its children carry a message a user can read (bokmål)."""

from __future__ import annotations


class EnhetsdialogError(Exception):
    """Base of every error that is shown to a user as one clear line."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return self.message


class DomainError(EnhetsdialogError):
    """A rule of the domain was broken (e.g. a status change that is not allowed)."""


class FrozenRevisionError(DomainError):
    """Someone tried to change a signed (frozen) revision."""


class ValidationError(DomainError):
    """A value a user typed is not acceptable; the message says what is expected."""


class NotFoundError(EnhetsdialogError):
    """The thing asked for does not exist."""
