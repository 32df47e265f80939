"""The GUI's entry point, free of Qt: can a window open here? Only then load Qt and start.

``enhetsdialog`` (no subcommand) calls :func:`run`. On a machine that lacks the X11 libraries Qt's
xcb plugin needs (or has no display), importing PySide6's widgets is where the process would abort
with an English message and no crash log; :func:`check_platform` says instead, in one line, which
packages to install (stderr and crash.log).
"""

from __future__ import annotations

import contextlib
import os
import sys
import time
from pathlib import Path

from enhetsdialog import paths
from enhetsdialog.fileio import append_private

from enhetsdialog.ui.platform_check import message, missing_for_window


def check_platform() -> int:
    """0 when Qt can open a window here; else say why in one line (stderr and crash.log) and return 1."""
    missing = missing_for_window()
    if not missing:
        return 0
    line = message(missing)
    print(f"enhetsdialog: {line}", file=sys.stderr)
    with contextlib.suppress(OSError):
        append_private(paths.crash_log_path(), f"{time.strftime('%Y-%m-%d %H:%M:%S')} {line}\n")
    return 1


def run(db_path: Path, smoke_test: bool = False) -> int:
    if smoke_test:
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    if check_platform():
        return 1
    # lazy on purpose: the services and Qt load only once a window can open. The services first:
    # PySide6 hooks every import made after it, which costs SQLAlchemy's hundreds of modules ~50 ms
    import enhetsdialog.services  # noqa: F401

    from enhetsdialog.ui.app import start

    return start(db_path, smoke_test=smoke_test)
