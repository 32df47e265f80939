"""The goals of an agreement as a list model (step 1 shows and reorders them)."""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QAbstractListModel, QModelIndex, QPersistentModelIndex, Qt

from enhetsdialog.domain.model import Goal
from enhetsdialog.i18n import _

GoalRole = Qt.ItemDataRole.UserRole + 1
LinkedRole = Qt.ItemDataRole.UserRole + 2  # bool: the goal links upward (plan goal or SDG)
NumberRole = Qt.ItemDataRole.UserRole + 3

Index = QModelIndex | QPersistentModelIndex


class GoalListModel(QAbstractListModel):
    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._goals: list[Goal] = []

    def set_goals(self, goals: Sequence[Goal]) -> None:
        new = [dataclasses.replace(g) for g in sorted(goals, key=lambda g: g.position)]
        if [g.id for g in new] != [g.id for g in self._goals]:
            self.beginResetModel()
            self._goals = new
            self.endResetModel()
            return
        for row, (old, g) in enumerate(zip(self._goals, new, strict=True)):
            self._goals[row] = g
            if (old.text, old.plan_goal_ids, old.sdgs) != (g.text, g.plan_goal_ids, g.sdgs):
                ix = self.index(row, 0)
                self.dataChanged.emit(ix, ix)

    def set_text(self, goal_id: str, text: str) -> None:
        """Show typed text at once (the snapshot follows after the autosave)."""
        row = self.row_of(goal_id)
        if row >= 0 and self._goals[row].text != text:
            self._goals[row].text = text
            ix = self.index(row, 0)
            self.dataChanged.emit(ix, ix)

    def goal(self, row: int) -> Goal:
        return self._goals[row]

    def goals(self) -> list[Goal]:
        return list(self._goals)

    def row_of(self, goal_id: str) -> int:
        return next((row for row, g in enumerate(self._goals) if g.id == goal_id), -1)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._goals)

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemNeverHasChildren

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._goals):
            return None
        g = self._goals[index.row()]
        linked = bool(g.plan_goal_ids or g.sdgs)
        if role == Qt.ItemDataRole.DisplayRole:
            return g.text.strip() or _("(målet har ingen tekst ennå)")
        if role == Qt.ItemDataRole.ToolTipRole:
            return g.text if linked else _("{text}\n\nMålet er ikke knyttet til et planmål eller bærekraftsmål.", text=g.text)
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return _("Mål {n}: {text}", n=index.row() + 1, text=g.text)
        if role == GoalRole:
            return g
        if role == LinkedRole:
            return linked
        if role == NumberRole:
            return index.row() + 1
        return None
