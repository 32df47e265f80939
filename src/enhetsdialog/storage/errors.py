"""Environment failures of storage: distinct from bugs, each with one clear line for the user."""

from __future__ import annotations

from enhetsdialog.domain.errors import EnhetsdialogError


class StorageError(EnhetsdialogError):
    """The database could not be used as asked; stored data is unchanged."""


class NotSQLiteError(StorageError):
    pass


class ForeignDatabaseError(StorageError):
    pass


class NewerDatabaseError(StorageError):
    pass


class CorruptDatabaseError(StorageError):
    pass


class DatabaseFullError(StorageError):
    pass


class DatabaseLockedError(StorageError):
    pass


class DatabaseReadOnlyError(StorageError):
    pass


class ForeignWalError(StorageError):
    """The -wal file beside the database belongs to another database."""


class DatabaseTamperedError(StorageError):
    """The database was changed outside the app so that signed records are no longer protected."""
