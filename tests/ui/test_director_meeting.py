"""Dialogue meeting mode: step pages, notes saved after typing stops, and "Marker enighet" only when
every remark is resolved. Also the profile dialog asked at first start."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from PySide6.QtCore import Qt

from enhetsdialog.domain.enums import Role, Section, Status
from tests.ui.director_conftest import PASSWORD, as_director, make_certificate, revision_id, settle, show

from enhetsdialog.ui.director.meeting import SUMMARY, MeetingView
from enhetsdialog.ui.director.profile import ProfileDialog, current_profile
from enhetsdialog.ui.signing_dialog import SigningDialog

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")


def _meeting(qtbot: Any, ctx: Any, services: Any) -> tuple[MeetingView, str]:
    as_director(services)
    rid = revision_id(services, "Solsiden", 2027)
    view = MeetingView(ctx)
    show(qtbot, view)
    assert view.open(rid)
    settle(ctx)
    return view, rid


def test_steps_show_their_part_and_remarks(qtbot: Any, ctx: Any, app_services: Any) -> None:
    view, rid = _meeting(qtbot, ctx, app_services)
    assert len(view.pages) == 6
    assert view.current_step() == 0
    view.next_button.click()
    assert view.current_step() == 1 and view.step_bar.current() == 1
    # step 1 shows the goals in large type and the open remark on goal 1
    first = view.pages[0]
    texts = [first.blocks.itemAt(i).widget().block.heading for i in range(first.blocks.count())]  # type: ignore[union-attr]
    goals = sorted(app_services.agreements.get(rid).revision.content.goals, key=lambda g: g.position)
    assert [g.text for g in goals] == texts[1:]
    assert len(view.cells[Section.HVOR.value].cards) == 1
    assert len(view.cells[Section.HVORDAN.value].cards) == 1
    assert "1 åpen" in first.remarks_title.text()  # type: ignore[attr-defined]
    # keyboard: Ctrl+PgDown / Alt+n while the meeting has focus
    view.activateWindow()
    view.next_button.setFocus()
    qtbot.keyClick(view.next_button, Qt.Key.Key_PageDown, Qt.KeyboardModifier.ControlModifier)
    assert view.current_step() == 2
    qtbot.keyClick(view.next_button, Qt.Key.Key_6, Qt.KeyboardModifier.AltModifier)
    assert view.current_step() == 5


def test_notes_are_saved_after_typing_stops(qtbot: Any, ctx: Any, app_services: Any) -> None:
    view, rid = _meeting(qtbot, ctx, app_services)
    view.notes["hvor"].setPlainText("Målene står. Tolk på foreldremøtene.")
    view.notes[SUMMARY].setPlainText("Neste møte i mars.")
    assert "lagres" in view.saved_label.text()
    qtbot.waitUntil(lambda: app_services.agreements.get(rid).revision.meeting_notes.get("hvor") ==
                    "Målene står. Tolk på foreldremøtene.", timeout=3000)
    settle(ctx)
    notes = app_services.agreements.get(rid).revision.meeting_notes
    assert notes[SUMMARY] == "Neste møte i mars."
    assert view.saved_label.text() == "Notatene er lagret."
    view.go_to(len(view.pages) - 1)
    assert "Tolk på foreldremøtene." in view.decided.text()


def test_enighet_only_when_every_remark_is_resolved(qtbot: Any, ctx: Any, app_services: Any) -> None:
    view, rid = _meeting(qtbot, ctx, app_services)
    view.go_to(len(view.pages) - 1)
    assert view.agree_button.isVisible() and not view.agree_button.isEnabled()
    assert "2 åpne merknader" in view.verdict.text()
    assert "Alle merknader må være løst før enighet" in view.verdict.text()
    # resolve the open remarks from the meeting's own cards
    for step in (Section.HVOR.value, Section.HVORDAN.value):
        for card in list(view.cells[step].cards):
            if not card.remark.resolved:
                card.resolve_button.click()
                settle(ctx)
    assert view.column.open_count() == 0
    assert view.agree_button.isEnabled()
    view.agree_button.click()
    settle(ctx)
    assert app_services.agreements.get(rid).revision.status is Status.ENIGHET
    assert view.sign_button.isVisible() and not view.agree_button.isVisible()
    assert "signere" in view.verdict.text()


def test_profile_dialog_saves_name_role_and_title(qtbot: Any, ctx: Any, app_services: Any) -> None:
    assert current_profile(ctx) is None
    dialog = ProfileDialog(ctx, first_start=True)
    qtbot.addWidget(dialog)
    dialog.save()  # empty name: says so, saves nothing
    assert dialog.message.isVisibleTo(dialog) and current_profile(ctx) is None
    dialog.name.setText("  Kari   Nordahl ")
    dialog.role.setCurrentIndex(dialog.role.findData(Role.DIREKTOR))
    dialog.title.setText("Kommunaldirektør")
    dialog.save()
    settle(ctx)
    profile = current_profile(ctx)
    assert profile is not None and (profile.name, profile.role, profile.title) == ("Kari Nordahl", Role.DIREKTOR, "Kommunaldirektør")
    assert dialog.saved == profile


def _drive_signing(qtbot: Any, ctx: Any, dialog: SigningDialog, certificate: Path) -> None:
    dialog.set_certificate(certificate)
    dialog.password.setText(PASSWORD)
    dialog.preview_button.click()
    qtbot.waitUntil(lambda: dialog.preview is not None, timeout=10_000)
    with qtbot.waitSignal(dialog.signed, timeout=20_000):
        dialog.sign_button.click()
    settle(ctx)


def _open_signing(view: MeetingView, role: Role) -> SigningDialog:
    found = [d for d in view.findChildren(SigningDialog) if d.isVisible() and d.role is role]
    assert len(found) == 1, found
    return found[0]


def test_both_sign_in_turn_from_the_meeting(qtbot: Any, ctx: Any, app_services: Any, tmp_path: Path) -> None:
    rid = revision_id(app_services, "Lade", 2027)  # agreed in the demo
    full = app_services.agreements.get(rid)
    view = MeetingView(ctx)
    show(qtbot, view)
    assert view.open(rid, step=len(view.pages) - 1)
    settle(ctx)
    assert view.sign_button.isVisible() and view.reopen_button.isVisible()
    view.sign_button.click()
    _drive_signing(qtbot, ctx, _open_signing(view, Role.LEDER), make_certificate(tmp_path, full.leader.name))
    # the director's dialog follows by itself
    _drive_signing(qtbot, ctx, _open_signing(view, Role.DIREKTOR), make_certificate(tmp_path, full.director.name))
    signed = app_services.agreements.get(rid)
    assert signed.revision.status is Status.SIGNERT
    assert not [d for d in view.findChildren(SigningDialog) if d.isVisible()]
    assert full.leader.name in view.verdict.text() and full.director.name in view.verdict.text()
    assert not view.sign_button.isVisible()
    assert all(edit.isReadOnly() for edit in view.notes.values())
