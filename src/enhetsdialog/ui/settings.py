"""Window and session settings (QSettings): window geometry, the last open agreement and step.

QSettings is named from ``paths.settings_org()``. When ``ENHETSDIALOG_DATA_DIR`` is set (tests,
portable use) the settings live in an ini file inside that folder instead, so nothing touches a
real user's registry or ``~/.config``.
"""

from __future__ import annotations

import os

from PySide6.QtCore import QByteArray, QSettings

from enhetsdialog import paths

GEOMETRY = "window/geometry"
STATE = "window/state"
SPLITTER = "window/splitter"
LAST_REVISION = "editor/last_revision"
LAST_STEP = "editor/last_step"


def make_settings() -> QSettings:
    if os.environ.get("ENHETSDIALOG_DATA_DIR"):
        path = paths.data_dir() / "ui-settings.ini"
        return QSettings(str(path), QSettings.Format.IniFormat)
    org, app = paths.settings_org()
    return QSettings(org, app)


def get_str(settings: QSettings, key: str) -> str | None:
    value = settings.value(key)
    return str(value) if value not in (None, "") else None


def get_int(settings: QSettings, key: str, default: int = 0) -> int:
    try:
        return int(str(settings.value(key, default)))
    except (TypeError, ValueError):
        return default


def get_bytes(settings: QSettings, key: str) -> QByteArray | None:
    value = settings.value(key)
    return value if isinstance(value, QByteArray) and not value.isEmpty() else None
