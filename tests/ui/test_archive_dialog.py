"""The archive dialog: check first, the result per agreement in a table (qtmodeltester), nothing
marked before the user says yes, keyboard only, refused agreements say why; a screenshot."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from enhetsdialog.domain.enums import Status
from tests.integration.helpers import freeze_as_signed

from enhetsdialog.ui.archive_dialog import ArchiveChecksModel, ArchiveDialog

from .conftest import revision_of
from .director_conftest import settle, show


@pytest.fixture
def two_signed(app_services: Any) -> list[str]:
    rids = [revision_of(app_services, "Lade", 2027), revision_of(app_services, "Byåsen", 2027)]
    for rid in rids:
        freeze_as_signed(app_services, rid)
    return rids


def alt(dialog: ArchiveDialog, key: Qt.Key) -> None:
    """Alt+key as a user types it, to the widget that has the focus; a button's mnemonic clicks it
    after its press animation."""
    QTest.keyClick(dialog.focusWidget() or dialog, key, Qt.KeyboardModifier.AltModifier)
    QTest.qWait(300)


def _check(qtbot: Any, dialog: ArchiveDialog) -> None:
    with qtbot.waitSignal(dialog.checked, timeout=90_000):
        alt(dialog, Qt.Key.Key_K)  # &Kontroller


def test_check_lists_each_agreement_and_asks_before_marking(
    qtbot: Any, qtmodeltester: Any, ctx: Any, app_services: Any, two_signed: list[str], tmp_path: Path
) -> None:
    dialog = ArchiveDialog(ctx, year=2027, directory=tmp_path / "arkiv")
    asked: list[str] = []
    dialog.confirm = lambda text: asked.append(text) is not None and False  # says no
    show(qtbot, dialog, (820, 600))
    assert not dialog.archive_button.isEnabled()
    _check(qtbot, dialog)
    qtmodeltester.check(dialog.model)
    assert dialog.model.rowCount() == 2
    assert {dialog.model.index(r, 0).data() for r in range(2)} == {"Lade skole", "Byåsen ungdomsskole"}
    assert all(dialog.model.index(r, 3).data().startswith("✓ Kan arkiveres") for r in range(2))
    assert "2 avtaler kan arkiveres nå." in dialog.summary.text()
    assert dialog.table.hasFocus() and dialog.archive_button.isEnabled()
    QTest.keyClick(dialog.table, Qt.Key.Key_Down)
    assert "revisjon 1" in dialog.details.toPlainText()
    alt(dialog, Qt.Key.Key_A)  # &Arkiver … -> no
    assert asked and "2 avtaler blir skrevet" in asked[0]
    assert {app_services.agreements.revision(r).status for r in two_signed} == {Status.SIGNERT}
    assert not (tmp_path / "arkiv").exists()
    dialog.confirm = lambda text: True
    with qtbot.waitSignal(dialog.exported, timeout=60_000):
        alt(dialog, Qt.Key.Key_A)
    settle(ctx)
    assert {app_services.agreements.revision(r).status for r in two_signed} == {Status.ARKIVERT}
    assert "2 avtaler fikk status «Arkivert» nå." in dialog.details.toPlainText()
    # checking again: both delivered before, nothing to archive
    _check(qtbot, dialog)
    assert all("Levert før" in dialog.model.index(r, 3).data() for r in range(2))
    assert not dialog.archive_button.isEnabled()
    # a changed year or folder needs a new check
    dialog.directory.setText(str(tmp_path / "annen"))
    assert dialog.plan is None and "kontroller på nytt" in dialog.summary.text()


def test_refused_agreements_say_why_and_the_screenshot(
    qtbot: Any, ctx: Any, app_services: Any, two_signed: list[str], tmp_path: Path
) -> None:
    from cryptography.hazmat.primitives.serialization import Encoding, pkcs12

    from enhetsdialog.pdf.certificates import create_personal_certificate

    cert = pkcs12.load_key_and_certificates(create_personal_certificate("Kommunens CA", None, b"x"), b"x")[1]
    assert cert is not None
    # Lade signed by an unknown issuer now that the municipality trusts only its CA: refused
    app_services.signing.trust.add(cert.public_bytes(Encoding.PEM))
    dialog = ArchiveDialog(ctx, year=2027, directory=tmp_path / "arkiv")
    show(qtbot, dialog, (900, 620))
    _check(qtbot, dialog)
    assert all(dialog.model.index(r, 3).data().startswith("✗ Arkiveres ikke") for r in range(2))
    assert "betrodd utsteder" in dialog.model.index(0, 3).data(Qt.ItemDataRole.ToolTipRole)
    assert not dialog.archive_button.isEnabled()
    dialog.table.selectRow(0)
    assert "betrodd utsteder" in dialog.details.toPlainText()
    shot = tmp_path / "archive-dialog.png"
    assert dialog.grab().save(str(shot)) and shot.stat().st_size > 10_000


def test_model_is_empty_before_a_check(qtmodeltester: Any) -> None:
    model = ArchiveChecksModel()
    qtmodeltester.check(model)
    assert model.rowCount() == 0 and model.headerData(0, Qt.Orientation.Horizontal) == "Enhet"
