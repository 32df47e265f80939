"""The keyboard in the tables, the SDG picker and on Oppsummering (issue 11)."""

from __future__ import annotations

from typing import Any

from shiboken6 import isValid

from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QApplication, QComboBox, QLineEdit

from enhetsdialog.domain.enums import Direction, Frequency, Status
from tests.ui.conftest import reactivate, revision_of, settle


def focused() -> Any:
    return QApplication.focusWidget()


def indicator_table(window: Any, app_services: Any) -> tuple[Any, Any, str]:
    rid = revision_of(app_services, "Helse- og velferdskontoret", 2027)
    assert window.open_revision(rid)
    window.editor.go_to(3)
    section = next(iter(window.editor.pages[3].sections.values()))
    return section, section.table, rid


def edit_cell(qtbot: Any, table: Any, field: str, row: int = 0) -> Any:
    ix = table.item_model.index(row, table.item_model.column_of(field))
    table.setCurrentIndex(ix)
    table.setFocus()
    qtbot.keyClick(table, Qt.Key.Key_F2)
    return focused()


def indicator(app_services: Any, rid: str, row: int = 0) -> Any:
    goal = sorted(app_services.agreements.get(rid).revision.content.goals, key=lambda g: g.position)[0]
    return sorted(goal.indicators, key=lambda i: i.position)[row]


def test_arrow_keys_change_a_combo_cell_and_tab_goes_on_to_the_next_cell(qtbot: Any, window: Any,
                                                                       app_services: Any) -> None:
    section, table, rid = indicator_table(window, app_services)
    before = indicator(app_services, rid)
    rows = section.model.rowCount()
    combo = edit_cell(qtbot, table, "direction")
    assert isinstance(combo, QComboBox)
    key = Qt.Key.Key_Up if before.direction is Direction.LOWER else Qt.Key.Key_Down
    qtbot.keyClick(combo, key)
    assert focused() is combo and combo.isVisible()  # still editing
    settle(qtbot, window)
    assert indicator(app_services, rid).direction is not before.direction  # and saved
    qtbot.keyClick(combo, Qt.Key.Key_Tab)
    editor = focused()
    assert isinstance(editor, QLineEdit) and table.isAncestorOf(editor)  # Datakilde, in the table
    assert table.currentIndex().column() == table.item_model.column_of("data_source")
    assert editor.selectedText() == editor.text()  # typing replaces the cell's text
    qtbot.keyClicks(editor, "SSB og KOSTRA")
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    settle(qtbot, window)
    assert section.model.rowCount() == rows  # no junk row
    assert indicator(app_services, rid).data_source == "SSB og KOSTRA"


def test_enter_on_a_combo_cell_keeps_the_focus_in_the_table(qtbot: Any, window: Any, app_services: Any) -> None:
    section, table, rid = indicator_table(window, app_services)
    rows = section.model.rowCount()
    combo = edit_cell(qtbot, table, "frequency")
    assert isinstance(combo, QComboBox)
    combo.setCurrentIndex(combo.findData(Frequency.TERTIAL.value))
    qtbot.keyClick(combo, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not isValid(combo) or not combo.isVisible(), timeout=2000)
    assert focused() is table
    qtbot.keyClick(table, Qt.Key.Key_Tab)
    assert focused() is table and table.currentIndex().column() == table.item_model.column_of("responsible")
    qtbot.keyClick(table, Qt.Key.Key_Space)  # starts editing the cell, adds nothing
    if isinstance(focused(), QLineEdit):
        qtbot.keyClick(focused(), Qt.Key.Key_Escape)
    settle(qtbot, window)
    assert section.model.rowCount() == rows
    assert indicator(app_services, rid).frequency is Frequency.TERTIAL


def test_tab_from_the_last_cell_leaves_the_table(qtbot: Any, window: Any, app_services: Any) -> None:
    section, table, _rid = indicator_table(window, app_services)
    model = table.item_model
    table.setCurrentIndex(model.index(model.rowCount() - 1, model.columnCount() - 1))
    table.setFocus()
    qtbot.keyClick(table, Qt.Key.Key_Tab)
    assert focused() is not table and not table.isAncestorOf(focused())


def test_a_number_that_cannot_be_used_is_never_dropped_in_silence(qtbot: Any, window: Any, app_services: Any) -> None:
    section, table, rid = indicator_table(window, app_services)
    before = indicator(app_services, rid).target_value
    editor = edit_cell(qtbot, table, "target_value")
    assert isinstance(editor, QLineEdit)
    editor.selectAll()
    qtbot.keyClicks(editor, "12,5x")
    qtbot.keyClick(editor, Qt.Key.Key_Tab)
    assert focused() is editor and editor.text() == "12,5x"  # still there, with the reason
    assert section.hint.isVisible() and "12,5x" in section.hint.text()
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    assert focused() is editor
    settle(qtbot, window)
    assert indicator(app_services, rid).target_value == before


def test_enter_in_the_sdg_picker_applies_the_choice(qtbot: Any, window: Any, app_services: Any) -> None:
    rid = revision_of(app_services, "Helse- og velferdskontoret", 2027)
    assert window.open_revision(rid)
    window.editor.go_to(0)
    where = window.editor.pages[0]
    before = list(where._current_goal().sdgs)
    picker = where.choose_sdgs()
    number = next(n for n in range(1, 18) if n not in before)
    tile = picker.tiles[number]
    tile.setFocus()
    qtbot.keyClick(tile, Qt.Key.Key_Space)
    assert tile.isChecked()
    qtbot.keyClick(tile, Qt.Key.Key_Return)
    assert tile.isChecked()  # not toggled back
    qtbot.waitUntil(lambda: not picker.isVisible(), timeout=2000)
    settle(qtbot, window)
    reactivate(qtbot, window)
    goal = sorted(app_services.agreements.get(rid).revision.content.goals, key=lambda g: g.position)[0]
    assert number in goal.sdgs


def test_on_oppsummering_tab_reaches_del_for_dialog_and_the_page_scrolls_to_it(qtbot: Any, window: Any,
                                                                               app_services: Any) -> None:
    rid = revision_of(app_services, "Helse- og velferdskontoret", 2027)
    assert window.open_revision(rid)
    window.editor.go_to(5)
    summary = window.editor.pages[5]
    summary.focus_first()  # Tab at once, while the page is still being laid out
    share = summary.status_buttons[Status.TIL_DIALOG]
    seen = []
    for _ in range(40):
        qtbot.keyClick(focused(), Qt.Key.Key_Tab)
        qtbot.wait(20)
        w = focused()
        seen.append(w)
        if summary.isAncestorOf(w):  # the focused control is on screen
            top = w.mapTo(summary.viewport(), QPoint(0, 0)).y()
            assert 0 <= top and top + min(w.height(), 60) <= summary.viewport().height(), w
        if w is share:
            break
    assert share in seen
