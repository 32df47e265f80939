"""Error types. ``EnhetsdialogError`` and its children carry a message a user can read.

The message is a :class:`~enhetsdialog.i18n.LazyText` (or already translated text): it is
translated where it is shown (the CLI's one line, the GUI's error bar), in the language current
there, not where the error is raised. ``message_id`` and ``params`` keep what the message says in a
form that does not depend on the language (tests, logs).
"""

from __future__ import annotations

from typing import Any

from enhetsdialog.i18n import LazyText, Text


class EnhetsdialogError(Exception):
    """Base of every error that is shown to a user as one clear line."""

    def __init__(self, message: Text) -> None:
        super().__init__(message)
        self._message = message

    @property
    def message(self) -> str:
        """The message in the current language."""
        return str(self._message)

    @property
    def message_id(self) -> str:
        return self._message.message if isinstance(self._message, LazyText) else self._message

    @property
    def params(self) -> dict[str, Any]:
        return dict(self._message.params) if isinstance(self._message, LazyText) else {}

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
