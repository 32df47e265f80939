"""Fixtures for the GUI tests. Qt runs offscreen; every path points into tmp_path (the autouse
fixture here repeats the root conftest on purpose, so these tests stay isolated on their own)."""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

# Before anything imports Qt: offscreen, with one 1920x1080 screen (the default 800x600 screen would
# clamp restored window geometry).
_SCREEN = os.path.join(tempfile.gettempdir(), "enhetsdialog-offscreen-screen.json")
with open(_SCREEN, "w", encoding="utf-8") as _fh:
    json.dump({"screens": [{"name": "Screen", "x": 0, "y": 0, "width": 1920, "height": 1080,
                            "logicalDpi": 96, "logicalBaseDpi": 96, "dpr": 1}]}, _fh)
os.environ["QT_QPA_PLATFORM"] = f"offscreen:configfile={_SCREEN}"


@pytest.fixture(autouse=True)
def _ui_paths(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    data = tmp_path / "data"
    monkeypatch.setenv("ENHETSDIALOG_DATA_DIR", str(data))
    monkeypatch.setenv("ENHETSDIALOG_DB", str(data / "enhetsdialog.sqlite3"))
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "home" / ".config"))


@pytest.fixture(scope="session")
def demo_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo municipality, written once per test session and copied for each test."""
    from enhetsdialog.services import open_services
    from enhetsdialog.services.demo import fill_demo

    path = tmp_path_factory.mktemp("demo") / "demo.sqlite3"
    services = open_services(path, auto_backup=False, backup_dir=path.parent / "backups")
    fill_demo(services)
    services.close()
    return path


@pytest.fixture
def demo_db(demo_template: Path, tmp_path: Path) -> Path:
    import sqlite3

    dest = tmp_path / "data" / "enhetsdialog.sqlite3"
    dest.parent.mkdir(parents=True, exist_ok=True)
    src = sqlite3.connect(demo_template)
    dst = sqlite3.connect(dest)
    src.backup(dst)
    dst.close()
    src.close()
    return dest


@pytest.fixture
def empty_db(tmp_path: Path) -> Path:
    return tmp_path / "data" / "enhetsdialog.sqlite3"


@pytest.fixture
def app_services(demo_db: Path) -> Iterator[Any]:
    from enhetsdialog.services import open_services

    services = open_services(demo_db, auto_backup=False, backup_dir=demo_db.parent / "backups")
    yield services
    services.close()


@pytest.fixture
def ctx(qapp: Any, app_services: Any) -> Iterator[Any]:
    from enhetsdialog.ui.context import AppContext
    from enhetsdialog.ui.settings import make_settings

    context = AppContext(app_services, make_settings())
    yield context
    context.shutdown()


@pytest.fixture
def window(qtbot: Any, app_services: Any) -> Iterator[Any]:
    """The main window over a copy of the demo database, shown offscreen at 1366x768."""
    from enhetsdialog.ui.app import create_main_window, make_application

    make_application()
    context, win = create_main_window(app_services)
    qtbot.addWidget(win)
    win.resize(1366, 768)
    win.show()
    qtbot.waitExposed(win)
    yield win
    win.close()
    context.shutdown()


def settle(qtbot: Any, win: Any) -> None:
    """Flush pending edits and wait until every write and reload has been delivered."""
    win.editor.session.flush()
    qtbot.waitUntil(lambda: not win.ctx.busy and not win.editor.session.autosaver.has_pending, timeout=5000)
    qtbot.wait(1)
    qtbot.waitUntil(lambda: not win.ctx.busy, timeout=5000)


def revision_of(services: Any, unit_prefix: str, year: int) -> str:
    rows = [r for r in services.agreements.list() if r.unit_name.startswith(unit_prefix) and r.year == year]
    assert rows, (unit_prefix, year)
    return str(rows[0].id)


def reactivate(qtbot: Any, win: Any) -> None:
    """Offscreen has no window manager that gives the focus back to the window after a dialog."""
    win.activateWindow()
    qtbot.waitUntil(win.isActiveWindow, timeout=2000)
