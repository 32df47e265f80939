"""A table of items with its buttons (add, remove, move) and a validation hint: used by the steps
for activities, indicators, support needs and participants."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from enhetsdialog.domain.model import Goal
from enhetsdialog.i18n import _

from enhetsdialog.ui import theme
from enhetsdialog.ui.models.items import make_model
from enhetsdialog.ui.session import AgreementSession, item_key
from enhetsdialog.ui.widgets.chips import clear_layout
from enhetsdialog.ui.widgets.table import ItemTable


def goal_title(n: int, goal: Goal) -> str:
    text = " ".join(goal.text.split()) or _("(målet har ingen tekst ennå)")
    return _("Mål {n}: {text}", n=n, text=text)


class ItemSection(QWidget):
    """``add_buttons``: (label, fields for the new item) per add button."""

    def __init__(self, session: AgreementSession, kind: str, *, goal_id: str | None = None,
                 add_buttons: Sequence[tuple[str, dict[str, Any]]] = (), empty_text: str = "",
                 first_field: str | None = None, title: str | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session, self.kind, self.goal_id = session, kind, goal_id
        self.first_field = first_field
        self.model = make_model(kind, self)
        self.model.set_dirty_check(lambda item_id, field: session.is_dirty(item_key(kind, item_id, field)))
        self.model.edited.connect(lambda item_id, old, new: session.update_item(kind, item_id, old, new))
        self.model.invalid.connect(self.show_hint)
        self.table = ItemTable(self.model, empty_text=empty_text)
        self.table.delegate.hint.connect(self.show_hint)
        self.table.setAccessibleName(empty_text)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(6)
        self.title_label = QLabel(title or "", self)
        self.title_label.setProperty("role", "field")
        self.title_label.setWordWrap(True)
        self.title_label.setVisible(title is not None)
        self.header = QHBoxLayout()
        self.header.setSpacing(8)
        self.header.addWidget(self.title_label, 1)
        layout.addLayout(self.header)
        layout.addWidget(self.table)
        self.hint = QLabel(self)
        self.hint.setWordWrap(True)
        self.hint.setStyleSheet(f"QLabel {{ {theme.chip_css(theme.ERROR, radius=6, pad='4px 8px')} }}")
        self.hint.hide()
        layout.addWidget(self.hint)
        row = QHBoxLayout()
        row.setSpacing(6)
        self._button_row = row
        self.extra_buttons: list[QPushButton] = []
        self.add_buttons: list[QPushButton] = []
        for label, fields in add_buttons:
            b = QPushButton(label)
            b.clicked.connect(lambda _=False, f=fields: self.add(**f))
            self.add_buttons.append(b)
            row.addWidget(b)
        row.addStretch(1)
        self.up = QPushButton(_("Opp"))
        self.down = QPushButton(_("Ned"))
        self.remove = QPushButton(_("Fjern"))
        self.up.setToolTip(_("Flytt den valgte raden opp"))
        self.down.setToolTip(_("Flytt den valgte raden ned"))
        self.remove.setToolTip(_("Fjern den valgte raden (kan angres med Ctrl+Z)"))
        self.up.clicked.connect(lambda: self.move_current(-1))
        self.down.clicked.connect(lambda: self.move_current(1))
        self.remove.clicked.connect(self.remove_current)
        for b in (self.up, self.down, self.remove):
            row.addWidget(b)
        layout.addLayout(row)
        self.table.selectionModel().currentChanged.connect(lambda *_: self._update_buttons())
        self.model.modelReset.connect(self._update_buttons)
        self._read_only = False
        self._hint_item: str | None = None
        self._update_buttons()

    def add_extra_button(self, text: str, slot: Any, tooltip: str = "") -> QPushButton:
        """A button after the add buttons that acts on the current row (disabled when read-only)."""
        b = QPushButton(text)
        b.setToolTip(tooltip)
        b.clicked.connect(lambda _=False: slot())
        self._button_row.insertWidget(len(self.add_buttons) + len(self.extra_buttons), b)
        self.extra_buttons.append(b)
        self._update_buttons()
        return b

    @property
    def read_only(self) -> bool:
        return self._read_only

    def set_title(self, title: str) -> None:
        self.title_label.setText(title)
        self.title_label.show()

    def set_items(self, items: Sequence[Any]) -> None:
        self.model.set_items(items)
        if self._hint_item is not None and self.model.row_of(self._hint_item) < 0:
            self.show_hint("")  # the row the message was about is gone
        self._update_buttons()

    def set_read_only(self, read_only: bool) -> None:
        self._read_only = read_only
        self.model.set_read_only(read_only)
        for b in self.add_buttons:
            b.setEnabled(not read_only)
        self._update_buttons()

    def _update_buttons(self) -> None:
        row = self.table.currentIndex().row() if self.table.currentIndex().isValid() else -1
        n = self.model.rowCount()
        editable = not self._read_only
        self.remove.setEnabled(editable and row >= 0)
        self.up.setEnabled(editable and row > 0)
        self.down.setEnabled(editable and 0 <= row < n - 1)
        for b in (self.up, self.down, self.remove, *self.extra_buttons):
            b.setVisible(n > 0)
        for b in self.extra_buttons:
            b.setEnabled(editable and row >= 0)

    def add(self, **fields: Any) -> None:
        self.session.add_item(self.kind, goal_id=self.goal_id, **fields)

    def remove_current(self) -> None:
        item_id = self.table.current_item_id()
        if item_id:
            self.session.remove_item(self.kind, item_id)

    def move_current(self, step: int) -> None:
        ix = self.table.currentIndex()
        item_id = self.table.current_item_id()
        if item_id is None:
            return
        target = ix.row() + step
        if 0 <= target < self.model.rowCount():
            self.session.move_item(self.kind, item_id, ix.row(), target)

    def focus_item(self, item_id: str, *, edit: bool = True) -> bool:
        return self.table.select_item(item_id, self.first_field, edit=edit and not self._read_only)

    def show_hint(self, message: str) -> None:
        self._hint_item = self.table.current_item_id() if message else None
        self.hint.setText(message)
        self.hint.setVisible(bool(message))

    def owns(self, item_id: str) -> bool:
        return self.model.row_of(item_id) >= 0

    def focus_table(self) -> None:
        self.table.setFocus(Qt.FocusReason.OtherFocusReason)


class GoalSections:
    """One ItemSection per goal, in goal order, laid out in ``box`` (steps 3 and 4).

    The sections are built anew only when the goals or their order change; otherwise their titles and
    items are updated in place. ``make`` builds the section for a goal, ``items_of`` gives a goal's items,
    ``on_clear`` (if any) runs before the sections are rebuilt.
    """

    def __init__(self, box: QVBoxLayout, *, make: Callable[[Goal], ItemSection],
                 items_of: Callable[[Goal], Sequence[Any]], no_goals_text: str,
                 on_clear: Callable[[], None] | None = None) -> None:
        self.box, self._make, self._items_of = box, make, items_of
        self._no_goals_text, self._on_clear = no_goals_text, on_clear
        self.sections: dict[str, ItemSection] = {}
        self._order: list[str] = []

    def reset(self) -> None:
        """Forget the goal order, so that the next ``show`` rebuilds (a revision was opened)."""
        self._order = []

    def show(self, goals: Sequence[Goal], read_only: bool) -> list[Goal]:
        """Show ``goals``; returns them in goal order."""
        ordered = sorted(goals, key=lambda g: g.position)
        if [g.id for g in ordered] != self._order:
            self._rebuild(ordered, read_only)
        for n, g in enumerate(ordered, start=1):
            section = self.sections[g.id]
            section.set_title(goal_title(n, g))
            section.set_items(sorted(self._items_of(g), key=lambda i: i.position))
        return ordered

    def _rebuild(self, goals: list[Goal], read_only: bool) -> None:
        clear_layout(self.box)
        self.sections = {}
        if self._on_clear is not None:
            self._on_clear()
        self._order = [g.id for g in goals]
        if not goals:
            none = QLabel(self._no_goals_text)
            none.setProperty("role", "guide")
            self.box.addWidget(none)
        for g in goals:
            section = self._make(g)
            section.set_read_only(read_only)
            self.box.addWidget(section)
            self.sections[g.id] = section
