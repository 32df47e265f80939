"""How the guided agreement behaves: autosave, undo/redo, nudges, read-only signed revisions, errors,
validation hints, remembered window state and clear messages when the database cannot be opened."""

from __future__ import annotations

import sqlite3
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from shiboken6 import isValid

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLineEdit

from enhetsdialog.domain.enums import IndicatorKind, Status
from enhetsdialog.storage.errors import DatabaseFullError, DatabaseLockedError
from tests.ui.conftest import reactivate, revision_of, settle


def open_draft(win: Any, services: Any, unit: str = "Byåsen", year: int = 2027) -> str:
    rid = revision_of(services, unit, year)
    assert win.open_revision(rid)
    return rid


def test_typing_is_saved_after_a_short_pause_without_a_save_button(qtbot: Any, window: Any, app_services: Any) -> None:
    rid = open_draft(window, app_services)
    where = window.editor.pages[0]
    where.challenges.setFocus()
    where.challenges.moveCursor(where.challenges.textCursor().MoveOperation.End)
    qtbot.keyClicks(where.challenges, " Og mer.")
    assert window.editor.saved_label.text() == "Lagrer …"
    qtbot.waitUntil(lambda: app_services.agreements.get(rid).revision.content.challenges.endswith("Og mer."), timeout=2000)
    qtbot.waitUntil(lambda: window.editor.saved_label.text() == "Alle endringer er lagret", timeout=2000)
    from PySide6.QtWidgets import QPushButton

    assert not [b for b in window.findChildren(QPushButton) if b.text().lower().startswith("lagre")]


def test_switching_step_flushes_pending_text(qtbot: Any, window: Any, app_services: Any) -> None:
    rid = open_draft(window, app_services)
    how = window.editor.pages[1]
    window.editor.go_to(1)
    how.value_open.setFocus()
    how.value_open.set_text("")
    qtbot.keyClicks(how.value_open, "Åpenhet betyr")
    window.editor.go_to(2)  # the debounce has not fired; the switch writes it now
    assert window.editor.session.autosaver.has_pending  # submitted, on its way
    qtbot.waitUntil(lambda: not window.ctx.busy, timeout=3000)
    assert app_services.agreements.get(rid).revision.content.value_open.endswith("Åpenhet betyr")


def test_undo_and_redo_of_typing_and_of_a_removed_goal(qtbot: Any, window: Any, app_services: Any) -> None:
    rid = open_draft(window, app_services)
    editor = window.editor
    where = editor.pages[0]
    before = app_services.agreements.get(rid).revision.content
    where.challenges.setFocus()
    where.challenges.moveCursor(where.challenges.textCursor().MoveOperation.End)
    qtbot.keyClicks(where.challenges, " Nytt avsnitt.")
    settle(qtbot, window)
    # Ctrl+Z in the text field goes to the agreement's undo stack
    qtbot.keyClick(where.challenges, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert where.challenges.text() == before.challenges
    settle(qtbot, window)
    assert app_services.agreements.get(rid).revision.content.challenges == before.challenges
    qtbot.keyClick(where.challenges, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert where.challenges.text().endswith(" Nytt avsnitt.")
    settle(qtbot, window)

    # remove the second goal (with its activities, indicators and links), then undo
    goal = sorted(before.goals, key=lambda g: g.position)[1]
    where.select_goal(goal.id)
    qtbot.mouseClick(where.remove, Qt.MouseButton.LeftButton)
    settle(qtbot, window)
    assert [g.id for g in app_services.agreements.get(rid).revision.content.goals] == [
        g.id for g in sorted(before.goals, key=lambda g: g.position) if g.id != goal.id]
    assert where.goal_model.rowCount() == len(before.goals) - 1
    assert "fjerning av mål" in editor.undo_action.text()
    editor.undo_action.trigger()
    settle(qtbot, window)
    restored = app_services.agreements.get(rid).revision.content.goal(goal.id)
    assert restored.position == goal.position
    assert [a.what for a in restored.activities] == [a.what for a in goal.activities]
    assert [(i.name, i.baseline_value) for i in restored.indicators] == [(i.name, i.baseline_value) for i in goal.indicators]
    assert (restored.plan_goal_ids, restored.sdgs) == (goal.plan_goal_ids, goal.sdgs)
    editor.redo_action.trigger()
    settle(qtbot, window)
    assert goal.id not in {g.id for g in app_services.agreements.get(rid).revision.content.goals}


def test_undo_of_a_cell_edit_and_of_a_reorder(qtbot: Any, window: Any, app_services: Any) -> None:
    rid = open_draft(window, app_services)
    editor = window.editor
    editor.go_to(2)
    easier = editor.pages[2]
    goal = sorted(app_services.agreements.get(rid).revision.content.goals, key=lambda g: g.position)[0]
    section = easier.activity_sections[goal.id]
    first = section.model.item(0)
    responsible = first.responsible
    col = section.model.column_of("responsible")
    assert section.model.setData(section.model.index(0, col), "Hele personalet")
    settle(qtbot, window)
    assert app_services.agreements.get(rid).revision.content.goal(goal.id).activities[0].responsible == "Hele personalet"
    editor.session.undo_stack.undo()
    settle(qtbot, window)
    assert app_services.agreements.get(rid).revision.content.goal(goal.id).activities[0].responsible == responsible
    assert section.model.index(0, col).data() == responsible
    # move the first activity down, then undo
    section.table.select_item(first.id)
    qtbot.mouseClick(section.down, Qt.MouseButton.LeftButton)
    settle(qtbot, window)
    order = [a.id for a in app_services.agreements.get(rid).revision.content.goal(goal.id).activities]
    assert order[1] == first.id
    editor.session.undo_stack.undo()
    settle(qtbot, window)
    assert app_services.agreements.get(rid).revision.content.goal(goal.id).activities[0].id == first.id


@pytest.mark.qt_log_ignore("propagateSizeHints")
def test_nudges_appear_and_disappear_as_the_content_changes(qtbot: Any, window: Any, app_services: Any) -> None:
    unit = next(u for u in app_services.org.units() if u.unit.name == "Lade skole")
    rid = app_services.agreements.create(unit.unit.id, 2032).created
    assert window.open_revision(rid)
    editor = window.editor
    where, success, summary = editor.pages[0], editor.pages[3], editor.pages[5]
    assert not where.nudge_panel.nudges()
    where.add_goal.click()
    settle(qtbot, window)
    codes = [n.code for n in where.nudge_panel.nudges()]
    assert codes == ["no_upward_link"] and where.nudge_panel.isVisibleTo(where)
    # linking the goal to an SDG takes the nudge away
    picker = where.choose_sdgs()
    picker.tiles[3].click()
    picker.accept()
    settle(qtbot, window)
    reactivate(qtbot, window)
    assert not where.nudge_panel.nudges() and not where.nudge_panel.isVisibleTo(where)
    # indicators: both kinds are asked for
    goal_id = app_services.agreements.get(rid).revision.content.goals[0].id
    editor.go_to(3)
    section = success.sections[goal_id]
    def missing() -> list[str]:
        return sorted(
            str(c.property("kind")) for c in section.findChildren(type(section.title_label))
            if c.property("kind") and c.isVisibleTo(section)
        )

    assert missing() == ["prosess", "resultat"]
    assert [n.code for n in success.nudge_panel.nudges()] == ["missing_indicator_kind"]
    section.add_buttons[0].click()  # + Prosessindikator
    settle(qtbot, window)
    assert missing() == ["resultat"]
    section.add_buttons[1].click()  # + Resultatindikator
    settle(qtbot, window)
    assert missing() == []
    assert {n.code for n in success.nudge_panel.nudges()} == {"indicator_incomplete"}
    # more than five goals: a gentle nudge on step 1, listed in the summary with a jump
    editor.go_to(0)
    for _ in range(5):
        where.add_goal.click()
        settle(qtbot, window)
    assert "many_goals" in [n.code for n in where.nudge_panel.nudges()]
    editor.go_to(5)
    nudge = next(n for n in summary.nudge_panel.nudges() if n.code == "no_upward_link")
    summary.nudge_panel.activated.emit(nudge)
    assert editor.current_step() == 0
    assert where._goal_id == nudge.anchor_id
    assert QApplication.focusWidget() is where.pick_plans
    # removing goals takes the many-goals nudge away again
    for _ in range(2):
        where.remove.click()
        settle(qtbot, window)
    assert "many_goals" not in [n.code for n in where.nudge_panel.nudges()]


def test_indicator_numbers_take_a_decimal_comma_and_explain_mistakes(qtbot: Any, window: Any, app_services: Any) -> None:
    rid = open_draft(window, app_services)
    editor = window.editor
    editor.go_to(3)
    goal = sorted(app_services.agreements.get(rid).revision.content.goals, key=lambda g: g.position)[0]
    section = editor.pages[3].sections[goal.id]
    table = section.table
    # the two kinds are visibly distinct: a chip per row with its own colour
    kinds = [section.model.index(r, 0).data() for r in range(section.model.rowCount())]
    assert set(kinds) == {IndicatorKind.PROSESS.label, IndicatorKind.RESULTAT.label}
    row_id = section.model.item(0).id
    table.select_item(row_id, "target_value")
    qtbot.keyClick(table, Qt.Key.Key_F2)
    cell = QApplication.focusWidget()
    assert isinstance(cell, QLineEdit)
    cell.selectAll()
    qtbot.keyClicks(cell, "ni og et halvt")
    assert section.hint.isVisibleTo(section) and "ikke et tall" in section.hint.text()
    qtbot.keyClick(cell, Qt.Key.Key_Return)  # Enter is held back while the text is not a number
    assert isValid(cell) and cell.isVisible()
    cell.selectAll()
    qtbot.keyClicks(cell, "9,5")
    assert not section.hint.isVisibleTo(section)
    qtbot.keyClick(cell, Qt.Key.Key_Return)
    settle(qtbot, window)
    content = app_services.agreements.get(rid).revision.content
    assert content.goal(goal.id).indicators[0].target_value == Decimal("9.5")
    assert section.model.index(0, section.model.column_of("target_value")).data() == "9,5"


def test_a_signed_revision_is_read_only_and_a_new_revision_is_the_way_to_change_it(
    qtbot: Any, window: Any, app_services: Any
) -> None:
    from tests.integration.helpers import freeze_as_signed

    rid = revision_of(app_services, "Byåsen", 2026)
    if app_services.agreements.revision(rid).status is not Status.SIGNERT:
        freeze_as_signed(app_services, rid)  # a real signature: the database accepts no other kind
    window.navigator.reload()
    assert window.open_revision(rid)
    editor = window.editor
    assert editor.banner.isVisibleTo(window) and "signert" in editor.banner.label.text()
    where = editor.pages[0]
    before = where.challenges.text()
    assert where.challenges.isReadOnly()
    where.challenges.setFocus()
    qtbot.keyClicks(where.challenges, "endring")
    assert where.challenges.text() == before
    assert not where.add_goal.isEnabled() and not where.pick_plans.isEnabled()
    editor.go_to(3)
    section = next(iter(editor.pages[3].sections.values()))
    assert not section.add_buttons[0].isEnabled()
    assert not section.model.flags(section.model.index(0, 1)) & Qt.ItemFlag.ItemIsEditable
    editor.go_to(5)
    assert not editor.pages[5].status_buttons  # no status action on a signed revision
    assert not editor.session.autosaver.has_pending
    # "Lag ny revisjon" opens revision 2, editable, and the signed one stays as it was
    qtbot.mouseClick(editor.banner.button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: editor.session.revision_id != rid, timeout=3000)
    new = app_services.agreements.get(editor.session.revision_id).revision
    assert new.number == 2 and not new.frozen and new.status is Status.UTKAST
    assert not editor.banner.isVisibleTo(window)
    assert not editor.pages[0].challenges.isReadOnly()
    assert app_services.agreements.get(rid).revision.frozen


def test_status_action_follows_the_domain_rules(qtbot: Any, window: Any, app_services: Any) -> None:
    rid = open_draft(window, app_services)
    summary = window.editor.pages[5]
    window.editor.go_to(5)
    assert [b.text() for b in summary.status_buttons.values()] == ["Del for dialog …"]  # it writes the package too
    qtbot.mouseClick(summary.status_buttons[Status.TIL_DIALOG], Qt.MouseButton.LeftButton)
    settle(qtbot, window)
    assert app_services.agreements.get(rid).revision.status is Status.TIL_DIALOG
    assert [b.text() for b in summary.status_buttons.values()] == ["Trekk tilbake til utkast", "Start dialog"]
    ix = window.navigator.model.index_of_revision(rid)
    assert window.navigator.model.index(ix.row(), 1, ix.parent()).data() == "Til dialog"


@pytest.mark.parametrize("error", [DatabaseFullError, DatabaseLockedError])
def test_a_failed_save_shows_an_error_bar_and_keeps_the_text(
    qtbot: Any, window: Any, app_services: Any, monkeypatch: pytest.MonkeyPatch, error: type[Exception]
) -> None:
    rid = open_draft(window, app_services)
    where = window.editor.pages[0]
    real = app_services.agreements.set_text
    message = "Disken er full. Endringen ble ikke lagret; det som var lagret fra før, er uendret."

    def failing(*_a: Any, **_k: Any) -> Any:
        raise error(message)

    monkeypatch.setattr(app_services.agreements, "set_text", failing)
    where.challenges.setFocus()
    where.challenges.moveCursor(where.challenges.textCursor().MoveOperation.End)
    qtbot.keyClicks(where.challenges, " Viktig tekst")
    qtbot.waitUntil(lambda: window.error_bar.isVisible(), timeout=3000)
    assert window.error_bar.message() == message
    assert window.error_bar.retry.isVisible()
    assert where.challenges.text().endswith(" Viktig tekst")  # what the user typed stays on screen
    assert window.editor.saved_label.text() == "Ikke lagret ennå – prøver igjen"
    # the disk has room again: "Prøv igjen" saves it and the bar goes away
    monkeypatch.setattr(app_services.agreements, "set_text", real)
    qtbot.mouseClick(window.error_bar.retry, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not window.error_bar.isVisible(), timeout=3000)
    assert app_services.agreements.get(rid).revision.content.challenges.endswith(" Viktig tekst")
    assert where.challenges.text().endswith(" Viktig tekst")


def test_keyboard_moves_between_steps_from_anywhere(qtbot: Any, window: Any, app_services: Any) -> None:
    open_draft(window, app_services)
    editor = window.editor
    editor.go_to(0)
    where = editor.pages[0]
    where.challenges.setFocus()
    qtbot.keyClick(where.challenges, Qt.Key.Key_PageDown, Qt.KeyboardModifier.ControlModifier)
    assert editor.current_step() == 1
    qtbot.keyClick(QApplication.focusWidget() or window, Qt.Key.Key_PageUp, Qt.KeyboardModifier.ControlModifier)
    assert editor.current_step() == 0
    for n in range(1, 7):
        qtbot.keyClick(QApplication.focusWidget() or window, getattr(Qt.Key, f"Key_{n}"), Qt.KeyboardModifier.AltModifier)
        assert editor.current_step() == n - 1
    # a table has focus: the shortcuts still work
    editor.go_to(2)
    table = next(iter(editor.pages[2].activity_sections.values())).table
    table.setFocus()
    qtbot.keyClick(table, Qt.Key.Key_PageDown, Qt.KeyboardModifier.ControlModifier)
    assert editor.current_step() == 3
    # Tab walks through step 2's fields in reading order
    editor.go_to(1)
    how = editor.pages[1]
    how.value_open.setFocus()
    order = [how.value_open, how.value_competent, how.value_brave, how.courage_trials, how.courage_learning, how.culture]
    for expected in order[1:]:
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
        assert QApplication.focusWidget() is expected


def test_window_size_and_last_agreement_are_remembered(qtbot: Any, app_services: Any) -> None:
    from enhetsdialog.ui.app import create_main_window, make_application

    make_application()
    ctx, win = create_main_window(app_services)
    qtbot.addWidget(win)
    win.resize(1200, 700)
    win.show()
    rid = revision_of(app_services, "Solsiden", 2027)
    win.open_revision(rid)
    win.editor.go_to(3)
    win.close()
    ctx.shutdown()
    ctx2, win2 = create_main_window(app_services)
    qtbot.addWidget(win2)
    win2.show()
    assert (win2.width(), win2.height()) == (1200, 700)
    assert win2.mode() == "agreement" and win2.editor.session.revision_id == rid
    assert win2.editor.current_step() == 3
    win2.close()
    ctx2.shutdown()


def test_first_start_with_an_empty_database_offers_the_demo(qtbot: Any, empty_db: Path) -> None:
    from enhetsdialog.services import open_services

    from enhetsdialog.ui.app import create_main_window, make_application

    make_application()
    services = open_services(empty_db, auto_backup=False)
    ctx, win = create_main_window(services)
    qtbot.addWidget(win)
    win.show()
    assert win.mode() == "start"
    assert win.start.demo_button.isVisible() and not win.start.blank_button.isVisible()
    qtbot.mouseClick(win.start.demo_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: win.start.unit.count() > 0, timeout=5000)
    assert win.navigator.model.rowCount() == win.start.unit.count()
    win.close()
    ctx.shutdown()
    services.close()


@pytest.mark.parametrize("content", [b"", b"not a database at all", "foreign"])
def test_a_database_that_cannot_be_opened_gets_a_norwegian_dialog(
    qtbot: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, content: bytes | str, capsys: pytest.CaptureFixture[str]
) -> None:
    from PySide6.QtWidgets import QMessageBox

    from enhetsdialog.ui import launch

    path = tmp_path / "other.sqlite3"
    if content == "foreign":
        con = sqlite3.connect(path)
        con.execute("CREATE TABLE music (title TEXT)")
        con.commit()
        con.close()
    elif content:
        path.write_bytes(content)  # type: ignore[arg-type]
    else:
        path.mkdir()
    shown: list[tuple[str, str]] = []
    def record(box: QMessageBox) -> int:
        shown.append((box.text(), box.informativeText()))
        return 0

    monkeypatch.setattr(QMessageBox, "exec", record)
    before = path.read_bytes() if path.is_file() else None
    assert launch.run(path) == 1
    [(title, detail)] = shown
    assert title == "Enhetsdialog kan ikke åpne databasen."
    assert "Ingenting er endret" in detail and str(path) in detail
    assert "Traceback" not in capsys.readouterr().err
    if before is not None:
        assert path.read_bytes() == before


def test_closing_with_unsaved_text_asks_first(
    qtbot: Any, window: Any, app_services: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    from PySide6.QtWidgets import QMessageBox

    rid = open_draft(window, app_services)
    assert window.windowTitle() == "Byåsen ungdomsskole 2027 – Enhetsdialog"
    where = window.editor.pages[0]
    real = app_services.agreements.set_text

    def locked(*_a: Any, **_k: Any) -> Any:
        raise DatabaseLockedError("Databasen er opptatt av et annet program. Endringen ble ikke lagret; prøv igjen.")

    monkeypatch.setattr(app_services.agreements, "set_text", locked)
    where.challenges.setFocus()
    qtbot.keyClicks(where.challenges, "!")
    qtbot.waitUntil(window.error_bar.isVisible, timeout=3000)
    asked: list[str] = []

    def stay(box: QMessageBox) -> int:  # the user presses Escape: "Bli her og prøv igjen"
        asked.append(box.text())
        return 0

    monkeypatch.setattr(QMessageBox, "exec", stay)
    window.close()
    assert asked == ["Noe av det du har skrevet, er ikke lagret ennå."]
    assert window.isVisible()  # the user stays; nothing is lost
    monkeypatch.setattr(app_services.agreements, "set_text", real)
    window.error_bar.retry.click()
    settle(qtbot, window)
    assert app_services.agreements.get(rid).revision.content.challenges.startswith("!")


def test_undo_shows_the_step_where_the_change_is(qtbot: Any, window: Any, app_services: Any) -> None:
    rid = open_draft(window, app_services)
    editor = window.editor
    editor.go_to(4)
    co = editor.pages[4]
    before = len(app_services.agreements.get(rid).revision.content.participants)
    co.participants.table.select_item(co.participants.model.item(0).id)
    co.participants.remove.click()
    settle(qtbot, window)
    assert len(app_services.agreements.get(rid).revision.content.participants) == before - 1
    editor.go_to(0)
    editor.undo_action.trigger()
    settle(qtbot, window)
    assert editor.current_step() == 4
    assert len(app_services.agreements.get(rid).revision.content.participants) == before
    # a text undone from another step brings its step back too
    editor.go_to(1)
    how = editor.pages[1]
    how.value_brave.setFocus()
    qtbot.keyClicks(how.value_brave, " Modig!")
    settle(qtbot, window)
    editor.go_to(3)
    editor.undo_action.trigger()
    assert editor.current_step() == 1 and not how.value_brave.text().endswith(" Modig!")
