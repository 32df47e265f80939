"""The one wrapper around platformdirs. Everything the app keeps on disk is found from here.

``ENHETSDIALOG_DATA_DIR`` moves the whole data folder (tests point it at a temporary folder);
``ENHETSDIALOG_DB`` or ``--db`` choose the database file; ``ENHETSDIALOG_CONFIG_DIR`` moves the
user's own settings (the profile).
"""

from __future__ import annotations

import os
from pathlib import Path

from platformdirs import user_config_path, user_data_path

from enhetsdialog import APP_ID, APP_NAME

DB_FILENAME = "enhetsdialog.sqlite3"


def data_dir() -> Path:
    override = os.environ.get("ENHETSDIALOG_DATA_DIR")
    if override:
        return Path(override).expanduser()

    return user_data_path(APP_NAME, appauthor=False, roaming=True)


def default_db_path() -> Path:
    return data_dir() / DB_FILENAME


def resolve_db_path(cli_value: str | os.PathLike[str] | None = None) -> Path:
    """``--db`` wins, then ``ENHETSDIALOG_DB``, then the default in the user data folder."""
    if cli_value:
        return Path(cli_value).expanduser()
    env = os.environ.get("ENHETSDIALOG_DB")
    if env:
        return Path(env).expanduser()
    return default_db_path()


def backup_dir_for(db_path: Path) -> Path:
    """Backups live beside the database they copy, in ``backups/``."""
    return db_path.parent / "backups"


def crash_log_path() -> Path:
    """Where unexpected errors are written in full (created 0600)."""
    return data_dir() / "crash.log"


def certificates_dir() -> Path:
    return data_dir() / "certificates"


def config_dir() -> Path:
    """The user's own settings (not shared with the database): ``ENHETSDIALOG_CONFIG_DIR``, else the
    platform's configuration folder."""
    override = os.environ.get("ENHETSDIALOG_CONFIG_DIR")
    if override:
        return Path(override).expanduser()

    return user_config_path(APP_NAME, appauthor=False, roaming=True)


def profile_path() -> Path:
    """Who the user is (name, role, title): one small JSON file per OS user."""
    return config_dir() / "profile.json"


def settings_org() -> tuple[str, str]:
    """Organisation and application names for QSettings (window geometry, last agreement)."""
    return (APP_ID, APP_NAME)
