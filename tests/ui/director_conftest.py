"""Helpers for the director's GUI tests (imported explicitly; the fixtures ``ctx`` and
``app_services`` come from tests/ui/conftest.py)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, QEvent
from PySide6.QtWidgets import QWidget

from enhetsdialog.domain.enums import Role

DIRECTOR = "Kari Nordahl"  # the demo director of Oppvekst og utdanning
PASSWORD = "hemmelig-passord"


def revision_id(services: Any, unit_prefix: str, year: int) -> str:
    rows = [r for r in services.agreements.list(latest_only=False) if r.unit_name.startswith(unit_prefix) and r.year == year]
    assert rows, f"no agreement for {unit_prefix} {year}"
    return str(max(rows, key=lambda r: r.number).id)


def as_director(services: Any, name: str = DIRECTOR) -> None:
    services.settings.set_profile(name, Role.DIREKTOR, "Kommunaldirektør")


def settle(ctx: Any) -> None:
    """Let every submitted job finish and every queued event (timers at 0, deferred deletes) run."""
    for _ in range(3):
        assert ctx.wait_idle(20_000)
        QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
        QCoreApplication.processEvents()


def show(qtbot: Any, widget: QWidget, size: tuple[int, int] = (1366, 768)) -> QWidget:
    qtbot.addWidget(widget)
    widget.resize(*size)
    widget.show()
    QCoreApplication.processEvents()
    return widget


def make_certificate(tmp_path: Path, name: str) -> Path:
    from enhetsdialog.pdf.certificates import create_personal_certificate

    path = tmp_path / f"{name.split()[0].lower()}.p12"
    path.write_bytes(create_personal_certificate(name, None, PASSWORD.encode()))
    return path
