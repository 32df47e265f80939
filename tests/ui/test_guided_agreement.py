"""A leader creates an agreement and walks the four questions by keyboard and mouse; what the
services return afterwards is what was typed."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from shiboken6 import isValid

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QComboBox, QLineEdit

from enhetsdialog.domain.enums import ActivityStatus, Direction, IndicatorKind, SupportArea
from tests.ui.conftest import reactivate, settle


def focused() -> Any:
    return QApplication.focusWidget()


def type_into_cell(qtbot: Any, text: str) -> None:
    editor = focused()
    assert isinstance(editor, QLineEdit), type(editor)
    qtbot.keyClicks(editor, text)
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not isValid(editor) or not editor.isVisible(), timeout=2000)  # Enter closes it (queued)


@pytest.mark.qt_log_ignore("propagateSizeHints")
def test_create_and_walk_all_four_steps(qtbot: Any, window: Any, app_services: Any) -> None:
    win, services = window, app_services
    unit = next(u for u in services.org.units() if u.unit.name == "Lade skole")

    # --- start: a blank agreement for a year with nothing before it --------------------------------
    win.new_agreement(unit.unit.id)
    start = win.start
    assert win.mode() == "start"
    start.year.setFocus()
    start.year.selectAll()
    qtbot.keyClicks(start.year, "2031")
    assert start.year.value() == 2031
    assert start.blank_button.isVisible() and not start.copy_button.isVisible()
    qtbot.mouseClick(start.blank_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: win.mode() == "agreement", timeout=5000)
    editor = win.editor
    rid = editor.session.revision_id
    assert editor.current_step() == 0
    full = services.agreements.get(rid)
    assert full.revision.year == 2031 and full.unit.id == unit.unit.id

    # --- 1 Hvor vil vi? ---------------------------------------------------------------------------
    where = editor.pages[0]
    qtbot.mouseClick(where.challenges.viewport(), Qt.MouseButton.LeftButton)
    qtbot.keyClicks(where.challenges, "Mange elever kjeder seg i timene.")
    qtbot.mouseClick(where.add_goal, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: focused() is where.goal_text, timeout=5000)
    qtbot.keyClicks(where.goal_text, "Alle elever opplever mestring")
    qtbot.keyClick(where.goal_text, Qt.Key.Key_Tab)
    assert focused() is where.goal_desc
    qtbot.keyClicks(where.goal_desc, "Variert undervisning i alle fag.")
    assert where.goal_model.index(0, 0).data() == "Alle elever opplever mestring"
    picker = where.choose_sdgs()
    qtbot.mouseClick(picker.tiles[4], Qt.MouseButton.LeftButton)
    picker.accept()
    settle(qtbot, win)
    reactivate(qtbot, win)  # offscreen has no window manager to give the focus back after a dialog
    where.goal_desc.setFocus()

    # --- 2 Hvordan kommer vi dit? (keyboard: Ctrl+PgDown, then Tab between the fields) -----------
    qtbot.keyClick(where.goal_desc, Qt.Key.Key_PageDown, Qt.KeyboardModifier.ControlModifier)
    assert editor.current_step() == 1
    how = editor.pages[1]
    how.value_open.setFocus()
    for field, text in (
        (how.value_open, "Vi deler planene tidlig."),
        (how.value_competent, "Vi lærer av hverandre."),
        (how.value_brave, "Vi prøver nye ting."),
        (how.courage_trials, "Elevstyrte prosjekter."),
        (how.courage_learning, "Vi evaluerer etter seks uker."),
        (how.culture, "Felles språk om læring."),
    ):
        assert focused() is field
        qtbot.keyClicks(field, text)
        qtbot.keyClick(field, Qt.Key.Key_Tab)

    # --- 3 Hva gjør det enklere? (Alt+3; a new activity, typed cell by cell) ---------------------
    qtbot.keyClick(focused(), Qt.Key.Key_3, Qt.KeyboardModifier.AltModifier)
    assert editor.current_step() == 2
    easier = editor.pages[2]
    goal_id = services.agreements.get(rid).revision.content.goals[0].id
    section = easier.activity_sections[goal_id]
    qtbot.mouseClick(section.add_buttons[0], Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: isinstance(focused(), QLineEdit) and section.table.isAncestorOf(focused()), timeout=5000)
    type_into_cell(qtbot, "Elevråd i alle klasser")
    table = section.table
    qtbot.keyClick(table, Qt.Key.Key_Right)
    qtbot.keyClicks(table, "R")  # typing starts editing the cell
    type_into_cell(qtbot, "ektor")
    qtbot.keyClick(table, Qt.Key.Key_Right)
    qtbot.keyClick(table, Qt.Key.Key_F2)
    type_into_cell(qtbot, "15.03.2031")
    qtbot.keyClick(table, Qt.Key.Key_Right)
    qtbot.keyClick(table, Qt.Key.Key_F2)
    combo = focused()
    assert isinstance(combo, QComboBox)
    combo.setCurrentIndex(combo.findData(ActivityStatus.IN_PROGRESS.value))
    qtbot.keyClick(combo, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not isValid(combo) or not combo.isVisible(), timeout=2000)
    qtbot.mouseClick(easier.support.add_buttons[1], Qt.MouseButton.LeftButton)  # + Økonomi
    qtbot.waitUntil(lambda: isinstance(focused(), QLineEdit) and easier.support.table.isAncestorOf(focused()), timeout=5000)
    type_into_cell(qtbot, "Hjelp med budsjettoppfølging")
    easier.structures.setFocus()
    qtbot.keyClicks(easier.structures, "Faste teammøter.")

    # --- 4 Hvordan vet vi om vi lykkes? (a click on the step bar) ----------------------------------
    qtbot.mouseClick(editor.step_bar.buttons[3], Qt.MouseButton.LeftButton)
    assert editor.current_step() == 3
    success = editor.pages[3]
    isec = success.sections[goal_id]
    assert [c.property("kind") for c in isec.findChildren(type(isec.title_label)) if c.property("kind")] == [
        "prosess", "resultat"]
    qtbot.mouseClick(isec.add_buttons[1], Qt.MouseButton.LeftButton)  # + Resultatindikator
    qtbot.waitUntil(lambda: isinstance(focused(), QLineEdit) and isec.table.isAncestorOf(focused()), timeout=5000)
    type_into_cell(qtbot, "Andel elever som opplever mestring")
    t = isec.table
    for text in ("%", "61,5", "2030", "75"):
        qtbot.keyClick(t, Qt.Key.Key_Right)
        qtbot.keyClick(t, Qt.Key.Key_F2)
        type_into_cell(qtbot, text)
    qtbot.mouseClick(isec.add_buttons[0], Qt.MouseButton.LeftButton)  # + Prosessindikator
    qtbot.waitUntil(lambda: isec.model.rowCount() == 2 and isinstance(focused(), QLineEdit), timeout=5000)
    type_into_cell(qtbot, "Antall elevråd gjennomført")
    success.follow_up.setFocus()
    qtbot.keyClicks(success.follow_up, "Vi ser på tallene hvert tertial.")

    # --- Samskaping ----------------------------------------------------------------------------------
    qtbot.keyClick(focused(), Qt.Key.Key_PageDown, Qt.KeyboardModifier.ControlModifier)
    assert editor.current_step() == 4
    co = editor.pages[4]
    qtbot.mouseClick(co.participants.add_buttons[0], Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: isinstance(focused(), QLineEdit) and co.participants.table.isAncestorOf(focused()), timeout=5000)
    type_into_cell(qtbot, "Tillitsvalgt")
    co.users_voice.setFocus()
    qtbot.keyClicks(co.users_voice, "Elevrådet ville ha mer praktisk læring.")
    qtbot.keyClick(co.users_voice, Qt.Key.Key_6, Qt.KeyboardModifier.AltModifier)
    assert editor.current_step() == 5
    settle(qtbot, win)

    # --- what the services return ----------------------------------------------------------------
    c = services.agreements.get(rid).revision.content
    assert c.challenges == "Mange elever kjeder seg i timene."
    assert [g.text for g in c.goals] == ["Alle elever opplever mestring"]
    goal = c.goals[0]
    assert goal.description == "Variert undervisning i alle fag."
    assert goal.sdgs == [4]
    assert (c.value_open, c.value_competent, c.value_brave) == (
        "Vi deler planene tidlig.", "Vi lærer av hverandre.", "Vi prøver nye ting.")
    assert c.courage_trials == "Elevstyrte prosjekter."
    assert c.courage_learning == "Vi evaluerer etter seks uker."
    assert c.culture_leadership == "Felles språk om læring."
    [activity] = goal.activities
    assert (activity.what, activity.responsible, activity.deadline, activity.status) == (
        "Elevråd i alle klasser", "Rektor", date(2031, 3, 15), ActivityStatus.IN_PROGRESS)
    [need] = c.support_needs
    assert (need.area, need.need) == (SupportArea.OKONOMI, "Hjelp med budsjettoppfølging")
    assert c.structures == "Faste teammøter."
    kinds = {i.kind: i for i in goal.indicators}
    res = kinds[IndicatorKind.RESULTAT]
    assert (res.name, res.unit_of_measure, res.baseline_value, res.baseline_year, res.target_value, res.direction) == (
        "Andel elever som opplever mestring", "%", Decimal("61.5"), 2030, Decimal("75"), Direction.HIGHER)
    assert kinds[IndicatorKind.PROSESS].name == "Antall elevråd gjennomført"
    assert c.follow_up_plan == "Vi ser på tallene hvert tertial."
    assert [p.role for p in c.participants] == ["Tillitsvalgt"]
    assert c.users_voice == "Elevrådet ville ha mer praktisk læring."
    # the summary shows it all, and the goal now has both kinds of indicators
    summary = editor.pages[5]
    html = summary.browser.toPlainText()
    assert "Alle elever opplever mestring" in html and "Andel elever som opplever mestring" in html
    assert not [n for n in summary.nudge_panel.nudges() if n.code == "missing_indicator_kind"]


def test_copy_forward_from_the_start_page(qtbot: Any, window: Any, app_services: Any) -> None:
    win = window
    unit = next(u for u in app_services.org.units() if u.unit.name == "Byåsen ungdomsskole")
    win.new_agreement(unit.unit.id)
    assert win.start.year.value() == 2028  # the year after the latest agreement
    assert win.start.copy_button.text() == "Ny avtale for 2028 basert på 2027"
    qtbot.mouseClick(win.start.copy_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: win.mode() == "agreement", timeout=5000)
    full = app_services.agreements.get(win.editor.session.revision_id)
    assert full.revision.year == 2028
    assert [g.text for g in full.revision.content.goals][:1] == ["Alle elever skal ha et trygt og godt skolemiljø"]
    # the navigator shows it with its status
    ix = win.navigator.model.index_of_revision(full.revision.id)
    assert ix.isValid() and win.navigator.model.index(ix.row(), 1, ix.parent()).data() == "Utkast"
