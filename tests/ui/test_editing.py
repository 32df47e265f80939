"""Numbers shown grouped, a nudge for a target on the wrong side, «Fjern» with «Angre», and no
stale error message after its row is gone (issue 11)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLineEdit

from enhetsdialog.domain.enums import Direction, ItemKind
from enhetsdialog.domain.items import ItemRef, Patch
from tests.ui.conftest import revision_of, settle

NBSP = "\u00a0"


def indicator_section(window: Any, app_services: Any) -> tuple[Any, str]:
    rid = revision_of(app_services, "Helse- og velferdskontoret", 2027)
    assert window.open_revision(rid)
    window.editor.go_to(3)
    return next(iter(window.editor.pages[3].sections.values())), rid


def first_indicator(app_services: Any, rid: str) -> Any:
    goal = sorted(app_services.agreements.get(rid).revision.content.goals, key=lambda g: g.position)[0]
    return sorted(goal.indicators, key=lambda i: i.position)[0]


def test_numbers_are_shown_grouped_and_edited_as_typed(qtbot: Any, window: Any, app_services: Any) -> None:
    section, rid = indicator_section(window, app_services)
    table, model = section.table, section.model
    col = model.column_of("target_value")
    ix = model.index(0, col)
    table.setCurrentIndex(ix)
    table.setFocus()
    qtbot.keyClick(table, Qt.Key.Key_F2)
    editor = QApplication.focusWidget()
    assert isinstance(editor, QLineEdit)
    editor.selectAll()
    qtbot.keyClicks(editor, "1234,5")
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    settle(qtbot, window)
    assert first_indicator(app_services, rid).target_value == Decimal("1234.5")
    assert model.index(0, col).data() == f"1{NBSP}234,5"
    assert model.index(0, col).data(Qt.ItemDataRole.EditRole) == "1234,5"
    # the grouped text is read back as the same number
    qtbot.keyClick(table, Qt.Key.Key_F2)
    editor = QApplication.focusWidget()
    editor.setText(f"12{NBSP}345,5")
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    settle(qtbot, window)
    assert first_indicator(app_services, rid).target_value == Decimal("12345.5")
    window.editor.go_to(5)
    from enhetsdialog.ui.steps.summary import agreement_html

    assert f"12{NBSP}345,5" in agreement_html(app_services.agreements.get(rid))
    assert "12 345,5" in window.editor.pages[5].browser.toPlainText()  # Qt's plain text has a plain space


def test_a_target_on_the_wrong_side_of_the_baseline_gets_a_nudge(qtbot: Any, window: Any, app_services: Any) -> None:
    section, rid = indicator_section(window, app_services)
    ind = first_indicator(app_services, rid)
    wrong = ind.baseline_value + 10 if ind.direction is Direction.LOWER else ind.baseline_value - 10
    window.ctx.op(lambda s: s.agreements.update_item(ItemRef(rid, ItemKind.INDICATOR, ind.id),
                                                     Patch.of(ItemKind.INDICATOR, target_value=wrong)))
    settle(qtbot, window)
    page = window.editor.pages[3]
    found = [n for n in page.nudge_panel.nudges() if n.code == "target_wrong_side"]
    assert found and found[0].anchor_id == ind.id and page.nudge_panel.isVisible()


def test_fjern_removes_at_once_and_angre_in_the_message_bar_puts_it_back(qtbot: Any, window: Any,
                                                                        app_services: Any) -> None:
    section, rid = indicator_section(window, app_services)
    ind = first_indicator(app_services, rid)
    rows = section.model.rowCount()
    section.table.setCurrentIndex(section.model.index(0, 1))
    qtbot.mouseClick(section.remove, Qt.MouseButton.LeftButton)
    settle(qtbot, window)
    assert section.model.rowCount() == rows - 1
    notice = window.editor.notice
    assert notice.isVisible() and ind.name[:20] in notice.label.text() and notice.undo_button.isVisible()
    qtbot.mouseClick(notice.undo_button, Qt.MouseButton.LeftButton)
    settle(qtbot, window)
    assert not notice.isVisible()
    assert first_indicator(app_services, rid).id == ind.id and section.model.rowCount() == rows


def test_the_notice_goes_away_when_something_else_is_done(qtbot: Any, window: Any, app_services: Any) -> None:
    section, rid = indicator_section(window, app_services)
    section.table.setCurrentIndex(section.model.index(0, 1))
    section.remove_current()
    settle(qtbot, window)
    assert window.editor.notice.isVisible()
    section.add(kind="prosess")
    settle(qtbot, window)
    assert not window.editor.notice.isVisible()  # «Angre» would now take back the new row


def test_an_error_message_goes_when_its_row_is_gone(qtbot: Any, window: Any, app_services: Any) -> None:
    section, rid = indicator_section(window, app_services)
    table, model = section.table, section.model
    table.setCurrentIndex(model.index(0, model.column_of("baseline_value")))
    table.setFocus()
    qtbot.keyClick(table, Qt.Key.Key_F2)
    editor = QApplication.focusWidget()
    editor.selectAll()
    qtbot.keyClicks(editor, "mye")
    assert section.hint.isVisible()
    qtbot.keyClick(editor, Qt.Key.Key_Escape)
    section.remove_current()
    settle(qtbot, window)
    assert not section.hint.isVisible()
