"""Signing end to end with generated personal certificates (leader, then director), the verify
dialog on a good and a tampered file, the archive dialog, and agreement packages."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
from PySide6.QtGui import QDropEvent
from PySide6.QtWidgets import QApplication

from enhetsdialog.domain.enums import Role, Status
from tests.ui.director_conftest import PASSWORD, make_certificate, revision_id, settle, show

from enhetsdialog.ui.archive_dialog import ArchiveDialog
from enhetsdialog.ui.director import packages
from enhetsdialog.ui.signing_dialog import CreateCertificateDialog, SigningDialog
from enhetsdialog.ui.verify_dialog import VerifyDialog

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")


def _sign(qtbot: Any, ctx: Any, rid: str, role: Role, certificate: Path) -> SigningDialog:
    dialog = SigningDialog(ctx, rid, role)
    show(qtbot, dialog, (640, 480))
    settle(ctx)
    dialog.set_certificate(certificate)
    dialog.password.setText(PASSWORD)
    assert not dialog.sign_button.isEnabled()  # not before the user has seen who they sign as
    dialog.preview_button.click()
    qtbot.waitUntil(lambda: dialog.preview is not None, timeout=10_000)
    assert dialog.sign_button.isEnabled()
    with qtbot.waitSignal(dialog.signed, timeout=20_000):
        dialog.sign_button.click()
    settle(ctx)
    assert dialog.result() == SigningDialog.DialogCode.Accepted
    assert dialog.password.text() == ""  # never kept
    return dialog


@pytest.fixture
def signed_lade(qtbot: Any, ctx: Any, app_services: Any, tmp_path: Path) -> str:
    """Lade skole 2027 (status enighet in the demo) signed by leader and director in the dialogs."""
    rid = revision_id(app_services, "Lade", 2027)
    full = app_services.agreements.get(rid)
    assert full.revision.status is Status.ENIGHET
    leader = make_certificate(tmp_path, full.leader.name)
    director = make_certificate(tmp_path, full.director.name)

    # preview says who signs, with the self-signed warning
    dialog = SigningDialog(ctx, rid, Role.LEDER)
    show(qtbot, dialog, (640, 480))
    dialog.set_certificate(leader)
    dialog.password.setText(PASSWORD)
    dialog.request_preview()
    qtbot.waitUntil(lambda: dialog.preview is not None, timeout=10_000)
    assert full.leader.name in dialog.signer.text()
    assert dialog.signer.text().startswith(f"Du signerer som <b>{full.leader.name}</b>")  # one sentence, name in bold
    assert "(Enhetsleder)</span>" in dialog.signer.text()
    assert "CN=" + full.leader.name in dialog.details.text()
    assert dialog.self_signed.isVisibleTo(dialog)
    assert "Selvsignert – utstederen er ikke en kjent sertifikatutsteder" in dialog.self_signed.text()
    # changing the password takes the confirmation away until the preview is shown again
    dialog.password.setText("noe annet")
    assert not dialog.sign_button.isEnabled()
    dialog.reject()

    _sign(qtbot, ctx, rid, Role.LEDER, leader)
    after_leader = app_services.agreements.get(rid)
    assert after_leader.revision.frozen and [s.role for s in after_leader.signatures] == [Role.LEDER]
    _sign(qtbot, ctx, rid, Role.DIREKTOR, director)
    done = app_services.agreements.get(rid)
    assert done.revision.status is Status.SIGNERT
    assert {s.role for s in done.signatures} == {Role.LEDER, Role.DIREKTOR}
    return rid


def test_wrong_password_is_said_plainly(qtbot: Any, ctx: Any, app_services: Any, tmp_path: Path) -> None:
    rid = revision_id(app_services, "Lade", 2027)
    dialog = SigningDialog(ctx, rid, Role.LEDER)
    show(qtbot, dialog, (640, 480))
    dialog.set_certificate(make_certificate(tmp_path, "Ingrid Solberg"))
    dialog.password.setText("feil-passord")
    dialog.request_preview()
    qtbot.waitUntil(lambda: dialog.message.isVisibleTo(dialog), timeout=10_000)
    assert "Feil passord" in dialog.message.text()
    assert not dialog.sign_button.isEnabled()
    # someone else's certificate: said before signing
    dialog.set_certificate(make_certificate(tmp_path, "Kari Nordahl"))
    dialog.password.setText(PASSWORD)
    dialog.request_preview()
    qtbot.waitUntil(lambda: "Kari Nordahl" in dialog.message.text(), timeout=10_000)
    assert "Ingrid Solberg" in dialog.message.text()  # both names, and nothing can be signed
    assert dialog.preview is None and not dialog.sign_button.isEnabled()
    # director before leader is refused with the rule in words
    other = SigningDialog(ctx, rid, Role.DIREKTOR)
    show(qtbot, other, (640, 480))
    other.set_certificate(make_certificate(tmp_path, "Kari Nordahl"))
    other.password.setText(PASSWORD)
    other.request_preview()
    qtbot.waitUntil(lambda: other.message.isVisibleTo(other), timeout=10_000)
    assert "Enhetslederen signerer først" in other.message.text()


def test_create_personal_certificate(qtbot: Any, qapp: Any, demo_db: Path, tmp_path: Path) -> None:
    from enhetsdialog.services import open_services

    from enhetsdialog.ui.context import AppContext
    from enhetsdialog.ui.settings import make_settings

    services = open_services(demo_db, auto_backup=False, certificates_dir=tmp_path / "certs")
    context = AppContext(services, make_settings())
    try:
        dialog = CreateCertificateDialog(context, name="Kari Nordahl")
        qtbot.addWidget(dialog)
        dialog.password.setText("hemmelig1")
        dialog.repeat.setText("hemmelig2")
        dialog.create_certificate()
        assert "ikke like" in dialog.message.text()
        dialog.repeat.setText("hemmelig1")
        dialog.create_certificate()
        settle(context)
        assert dialog.path is not None and dialog.path.parent == tmp_path / "certs" and dialog.path.suffix == ".p12"
        assert dialog.password.text() == ""
        assert services.signing.personal_certificates() == [dialog.path]
    finally:
        context.shutdown()
        services.close()


def test_verify_good_and_tampered(qtbot: Any, ctx: Any, app_services: Any, signed_lade: str, tmp_path: Path) -> None:
    pdf = app_services.signing.signed_pdf(signed_lade)
    good = tmp_path / "lade.pdf"
    good.write_bytes(pdf)
    dialog = VerifyDialog(ctx)
    show(qtbot, dialog, (900, 640))
    dialog.verify_file(good)
    qtbot.waitUntil(lambda: dialog.report is not None, timeout=20_000)
    report = dialog.report
    assert report is not None and report.ok and report.complete
    assert dialog.verdict.property("state") == "ok"
    assert "Gyldig og komplett" in dialog.verdict_title.text()
    assert dialog.signatures.rowCount() == 2
    names = {dialog.signatures.index(r, 1).data() for r in range(2)}
    full = app_services.agreements.get(signed_lade)
    assert names == {full.leader.name, full.director.name}
    assert [dialog.signatures.index(r, 2).data() for r in range(2)] == ["Stemmer", "Stemmer"]  # identity
    assert dialog.signatures.index(0, 5).data() == "Selvlaget (svakere)"
    assert dialog.signatures.index(0, 6).data() == "Nei"  # self-made: not trusted
    assert report.embedded_fingerprint and report.embedded_fingerprint[:4].upper() in dialog.fingerprint.text()
    assert "stemmer med innholdet" in dialog.fingerprint.text()

    # a PDF dropped on the main window opens the verify dialog with it
    assert packages.handle_drop(ctx, [good])
    opened = [w for w in QApplication.topLevelWidgets() if isinstance(w, VerifyDialog) and w.isVisible() and w is not dialog]
    assert len(opened) == 1
    qtbot.waitUntil(lambda: opened[0].report is not None, timeout=20_000)
    assert opened[0].report is not None and opened[0].report.ok
    opened[0].close()
    settle(ctx)

    # one changed byte inside the signed range: not valid, with the reasons
    data = bytearray(pdf)
    at = data.find(b"/Producer")
    assert at > 0
    data[at + 1] = ord("p")
    bad = tmp_path / "lade-endret.pdf"
    bad.write_bytes(bytes(data))
    dialog.report = None
    dialog.verify_file(bad)
    qtbot.waitUntil(lambda: dialog.report is not None, timeout=20_000)
    assert dialog.report is not None and not dialog.report.ok
    assert dialog.verdict.property("state") == "bad"
    assert "Ikke gyldig" in dialog.verdict_title.text()
    assert dialog.report.reasons and dialog.report.reasons[0][:20] in dialog.verdict_text.text()

    # not a PDF at all, dropped on the dialog
    junk = tmp_path / "tull.pdf"
    junk.write_bytes(b"ikke en pdf")
    dialog.report = None
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(junk))])
    drop = QDropEvent(QPointF(10, 10), Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton,
                      Qt.KeyboardModifier.NoModifier)
    dialog.dropEvent(drop)
    qtbot.waitUntil(lambda: dialog.report is not None, timeout=10_000)
    assert dialog.verdict.property("state") == "bad"


def test_archive_dialog(qtbot: Any, ctx: Any, app_services: Any, signed_lade: str, tmp_path: Path) -> None:
    target = tmp_path / "arkiv"
    dialog = ArchiveDialog(ctx, year=2027, directory=target)
    dialog.confirm = lambda text: True
    show(qtbot, dialog, (760, 560))
    with qtbot.waitSignal(dialog.checked, timeout=60_000):
        dialog.check_button.click()
    with qtbot.waitSignal(dialog.exported, timeout=60_000):
        dialog.archive_button.click()
    settle(ctx)
    report = dialog.report
    assert report is not None and len(report.documents) == 1 and report.newly_archived == 1
    assert (target / report.documents[0] / f"{report.documents[0]}.pdf").is_file()
    assert "1 avtale er levert" in dialog.details.toPlainText()
    assert app_services.agreements.get(signed_lade).revision.status is Status.ARKIVERT


def test_packages_export_import_and_drop(qtbot: Any, ctx: Any, app_services: Any, tmp_path: Path) -> None:
    sol = revision_id(app_services, "Solsiden", 2027)
    exported: list[Any] = []
    path = tmp_path / "solsiden.enhetsavtale"
    assert packages.export_agreement(ctx, sol, path=path, on_done=exported.append)
    settle(ctx)
    assert path.is_file() and exported and exported[0].remarks >= 2
    reports: list[Any] = []
    assert packages.import_package(ctx, path=path, on_done=reports.append)
    settle(ctx)
    assert reports and not reports[0].changed
    dialog = packages.ImportReportDialog(ctx, reports[0])
    qtbot.addWidget(dialog)
    assert "ikke noe nytt" in " ".join(dialog.lines)
    assert packages.can_drop([str(path)]) and not packages.can_drop(["notat.txt"])
    assert packages.handle_drop(ctx, [path])
    settle(ctx)
    shown = [w for w in QApplication.topLevelWidgets() if isinstance(w, packages.ImportReportDialog) and w.isVisible()]
    assert shown and shown[0].report.agreement_id == exported[0].agreement_id
    for w in shown:
        w.close()  # deletes itself
    settle(ctx)
    assert not packages.handle_drop(ctx, [tmp_path / "notat.txt"])
    conflicts = packages.ConflictDialog(ctx)
    qtbot.addWidget(conflicts)
    assert conflicts.list.cards == []


def test_import_conflict_keep_theirs(qtbot: Any, ctx: Any, app_services: Any, demo_db: Path, tmp_path: Path) -> None:
    import sqlite3

    from enhetsdialog.services import open_services

    sol = revision_id(app_services, "Solsiden", 2027)
    app_services.exchange.export_to(sol, tmp_path / "first.enhetsavtale")  # both machines know this version
    other_db = tmp_path / "other.sqlite3"
    src, dst = sqlite3.connect(demo_db), sqlite3.connect(other_db)
    src.backup(dst)
    src.close()
    dst.close()
    other = open_services(other_db, auto_backup=False, backup_dir=tmp_path / "other-backups")
    try:
        other.agreements.set_text(sol, "challenges", "Endret hos lederen.")
        other.exchange.export_to(sol, tmp_path / "theirs.enhetsavtale")
    finally:
        other.close()
    app_services.agreements.set_text(sol, "challenges", "Endret hos direktøren.")

    reports: list[Any] = []
    packages.import_package(ctx, path=tmp_path / "theirs.enhetsavtale", on_done=reports.append)
    settle(ctx)
    assert reports and reports[0].conflicts
    dialog = packages.ImportReportDialog(ctx, reports[0])
    show(qtbot, dialog, (640, 520))
    assert dialog.conflicts_widget is not None and len(dialog.conflicts_widget.cards) == 1
    card = dialog.conflicts_widget.cards[0]
    assert card.model.rowCount() >= 1  # how theirs differs from mine
    card.take_theirs.click()
    settle(ctx)
    assert dialog.conflicts_widget.cards == []
    assert app_services.agreements.get(sol).revision.content.challenges == "Endret hos lederen."


def test_trust_dialog_adds_and_removes_an_anchor_and_check_dialog_reports(qtbot: Any, ctx: Any, app_services: Any, tmp_path: Path) -> None:
    from cryptography.hazmat.primitives.serialization import Encoding, pkcs12

    from enhetsdialog.pdf.certificates import create_personal_certificate

    from enhetsdialog.ui.check_dialog import CheckDialog
    from enhetsdialog.ui.trust_dialog import TrustDialog

    _key, cert, _chain = pkcs12.load_key_and_certificates(create_personal_certificate("Kommunens CA", None, b"passord1"), b"passord1")
    assert cert is not None
    pem = tmp_path / "ca.pem"
    pem.write_bytes(cert.public_bytes(Encoding.PEM))
    dialog = TrustDialog(ctx)
    show(qtbot, dialog, (720, 380))
    settle(ctx)
    assert dialog.model.rowCount() == 0
    dialog.add_file(pem)
    qtbot.waitUntil(lambda: dialog.model.rowCount() == 1, timeout=10_000)
    assert "Kommunens CA" in dialog.model.index(0, 0).data()
    assert [a.subject for a in app_services.signing.trust.anchors()] == ["CN=Kommunens CA"]
    dialog.add_file(tmp_path / "finnes-ikke.pem")
    assert dialog.message.isVisibleTo(dialog) and "finnes-ikke.pem" in dialog.message.text()
    dialog.table.selectRow(0)
    dialog.remove_selected()
    qtbot.waitUntil(lambda: dialog.model.rowCount() == 0, timeout=10_000)
    assert app_services.signing.trust.anchors() == []

    check = CheckDialog(ctx)
    show(qtbot, check, (640, 360))
    qtbot.waitUntil(lambda: check.report is not None, timeout=60_000)
    assert check.report is not None and check.report.ok
    assert "i orden" in check.title.text()
