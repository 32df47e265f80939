"""Shared fixtures. Every test runs with its data folder, database and HOME in tmp_path, so no test
can touch a real user's data."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

# the live test PKI (certomancer on 127.0.0.1) and the SoftHSM2 token, for any test directory
pytest_plugins = ["tests.pki.plugin"]

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


@pytest.fixture(autouse=True)
def _isolated_paths(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    data = tmp_path / "data"
    monkeypatch.setenv("ENHETSDIALOG_DATA_DIR", str(data))
    monkeypatch.setenv("ENHETSDIALOG_DB", str(data / "enhetsdialog.sqlite3"))
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "home" / ".local" / "share"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "home" / ".config"))
    monkeypatch.setenv("ENHETSDIALOG_CONFIG_DIR", str(tmp_path / "config"))


@pytest.fixture(autouse=True)
def _bokmaal(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Every test starts in bokmål (the source language) whatever the machine's locale, and a test
    that changes the language (a CLI run in-process, ``set_language``) does not leak it."""
    from enhetsdialog import i18n

    monkeypatch.delenv(i18n.ENV_OVERRIDE, raising=False)
    for var in ("LC_ALL", "LC_MESSAGES", "LANG", "LANGUAGE"):
        monkeypatch.setenv(var, "C.UTF-8")
    i18n.set_language(i18n.SOURCE_LANGUAGE)
    yield
    i18n.set_language(i18n.SOURCE_LANGUAGE)


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "test.sqlite3"


@pytest.fixture
def services(db_path: Path) -> Iterator[object]:
    from enhetsdialog.services import open_services

    s = open_services(db_path, auto_backup=False, backup_dir=db_path.parent / "backups")
    yield s
    s.close()


@pytest.fixture
def demo_services(services: object) -> object:
    from enhetsdialog.services import Services
    from enhetsdialog.services.demo import fill_demo

    assert isinstance(services, Services)
    fill_demo(services)
    return services
