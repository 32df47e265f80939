"""Dialogue meeting mode: step pages, notes saved after typing stops, and "Marker enighet" only when
every remark is resolved. Also the profile dialog asked at first start."""

from __future__ import annotations

from typing import Any

import pytest

from enhetsdialog.domain.enums import Role, Section, Status
from tests.ui.director_conftest import as_director, revision_id, settle, show

from enhetsdialog.ui.director.meeting import SUMMARY, MeetingView
from enhetsdialog.ui.director.profile import ProfileDialog, current_profile

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
