"""A PDF and a printout of any agreement from the window, without archiving it (issue 11)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from PySide6.QtPrintSupport import QPrinter

from enhetsdialog.domain.enums import Status
from tests.ui.conftest import revision_of


def pdf_text(data: bytes) -> str:
    import pypdfium2

    doc = pypdfium2.PdfDocument(data)
    try:
        return "\n".join(doc[i].get_textpage().get_text_range() for i in range(len(doc)))
    finally:
        doc.close()


def page_count(data: bytes) -> int:
    import pypdfium2

    doc = pypdfium2.PdfDocument(data)
    try:
        return len(doc)
    finally:
        doc.close()


@pytest.fixture
def signed(app_services: Any) -> str:
    """Lade skole 2027 (agreed in the demo), signed by both with throw-away certificates."""
    from enhetsdialog.services.certificates import demo_sign_both

    rid = revision_of(app_services, "Lade", 2027)
    demo_sign_both(app_services, rid)
    return rid


def test_the_fil_menu_has_save_as_pdf_and_print_with_their_shortcuts(window: Any) -> None:
    texts = {a.text().replace("&", ""): a for a in window.file_menu.actions()}
    assert "Lagre som PDF …" in texts and "Skriv ut …" in texts
    assert texts["Skriv ut …"].shortcut().toString() == "Ctrl+P"
    assert texts["Lagre som PDF …"].shortcut().toString() == "Ctrl+Shift+S"
    director = {a.text().replace("&", "") for a in window.director.menu.actions()}
    assert "Skriv ut …" not in director  # a leader's action too: in Fil only


def test_a_draft_is_saved_marked_utkast_and_its_status_stays(qtbot: Any, window: Any, app_services: Any,
                                                             tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    rid = revision_of(app_services, "Helse- og velferdskontoret", 2027)
    assert window.open_revision(rid)
    target = tmp_path / "ut" / "avtale.pdf"
    target.parent.mkdir()
    from enhetsdialog.ui import documents

    asked: list[str] = []

    def ask(_parent: Any, _title: str, suggested: str, _filter: str) -> tuple[str, str]:
        asked.append(suggested)
        return str(target.with_suffix("")), ""  # no suffix typed: .pdf is added

    monkeypatch.setattr(documents.QFileDialog, "getSaveFileName", staticmethod(ask))
    assert window.director.save_pdf()
    qtbot.waitUntil(target.exists, timeout=20_000)
    qtbot.waitUntil(lambda: not window.ctx.busy, timeout=5000)
    assert asked and asked[0].endswith("Helse-og-velferdskontoret-2027-rev1.pdf")
    text = pdf_text(target.read_bytes())
    assert "UTKAST" in text and "velferdskontoret" in text
    assert app_services.agreements.revision(rid).status is Status.UTKAST


def test_the_signed_record_is_saved_exactly_as_stored_and_not_archived(qtbot: Any, window: Any, app_services: Any,
                                                                       tmp_path: Path, signed: str) -> None:
    from enhetsdialog.ui.documents import save_pdf

    rid = signed
    stored = app_services.signing.signed_pdf(rid)
    assert stored is not None and app_services.agreements.revision(rid).status is Status.SIGNERT
    done: list[Any] = []
    assert save_pdf(window.ctx, rid, window, path=tmp_path / "signert.pdf", on_done=done.append)
    qtbot.waitUntil(lambda: bool(done), timeout=20_000)
    assert (tmp_path / "signert.pdf").read_bytes() == stored
    assert app_services.agreements.revision(rid).status is Status.SIGNERT  # not «Arkivert»


def test_printing_puts_every_page_of_the_pdf_on_the_printer(qtbot: Any, window: Any, app_services: Any,
                                                           tmp_path: Path, signed: str) -> None:
    from enhetsdialog.ui.documents import print_agreement

    rid = signed
    printer = QPrinter(QPrinter.PrinterMode.ScreenResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(tmp_path / "utskrift.pdf"))
    pages: list[int] = []
    assert print_agreement(window.ctx, rid, window, printer=printer, on_done=pages.append)
    qtbot.waitUntil(lambda: bool(pages), timeout=30_000)
    expected = page_count(app_services.signing.signed_pdf(rid))
    assert pages == [expected]
    assert page_count((tmp_path / "utskrift.pdf").read_bytes()) == expected
    assert app_services.agreements.revision(rid).status is Status.SIGNERT


def test_the_meeting_can_save_its_agreement_as_pdf(qtbot: Any, window: Any, app_services: Any, tmp_path: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    rid = revision_of(app_services, "Solsiden", 2027)
    assert window.director.open_meeting(rid)
    assert window.director.current_revision() == rid
    from enhetsdialog.ui import documents

    target = tmp_path / "mote.pdf"
    monkeypatch.setattr(documents.QFileDialog, "getSaveFileName", staticmethod(lambda *a: (str(target), "")))
    window.director.actions["save_pdf"].trigger()
    qtbot.waitUntil(target.exists, timeout=20_000)
    text = pdf_text(target.read_bytes())
    assert "Solsiden" in text and "UTKAST" in text  # in dialogue: still marked as not final


def test_without_an_agreement_the_pdf_action_says_so(qtbot: Any, window: Any) -> None:
    window.new_agreement()
    assert window.mode() == "start"
    assert window.director.save_pdf() is False
    assert window.director.print_agreement() is False
