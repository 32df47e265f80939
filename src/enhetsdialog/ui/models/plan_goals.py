"""The plan catalogue as a tree of goals: KPS goals, under them kommunedelplan goals, under those HØP
goals (following each goal's parent). Items are checkable; the picker filters it by text."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from PySide6.QtCore import QAbstractItemModel, QModelIndex, QPersistentModelIndex, Qt

from enhetsdialog.domain.model import Plan, PlanGoal
from enhetsdialog.i18n import N_, LazyText, _

PlanGoalRole = Qt.ItemDataRole.UserRole + 1
PlanRole = Qt.ItemDataRole.UserRole + 2
SearchRole = Qt.ItemDataRole.UserRole + 3  # code, text and plan name, for filtering

Index = QModelIndex | QPersistentModelIndex

SHORT_KIND: dict[str, LazyText] = {
    "kps": N_("KPS"), "kommunedelplan": N_("Kommunedelplan"), "temaplan": N_("Temaplan"), "hop": N_("HØP"),
}


@dataclass(slots=True)
class _Node:
    goal: PlanGoal
    plan: Plan | None
    parent: int  # index in the node list; -1 for the top level
    children: list[int] = field(default_factory=list)
    row: int = 0


class PlanGoalTreeModel(QAbstractItemModel):
    """``internalId`` is the node number + 1. Column 0: code and text (checkable); column 1: plan."""

    COLUMNS = 2

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._nodes: list[_Node] = []
        self._top: list[int] = []
        self._checked: set[str] = set()

    def set_catalogue(self, plans: Sequence[Plan], goals: Sequence[PlanGoal]) -> None:
        by_plan = {p.id: p for p in plans}
        ids = {g.id for g in goals}

        def order(g: PlanGoal) -> tuple[int, str, str]:
            plan = by_plan.get(g.plan_id)
            return (plan.kind.level if plan else 9, g.code, g.text)

        nodes = [_Node(g, by_plan.get(g.plan_id), -1) for g in sorted(goals, key=order)]
        pos = {n.goal.id: i for i, n in enumerate(nodes)}
        top: list[int] = []
        for i, n in enumerate(nodes):
            parent = n.goal.parent_id
            if parent and parent in ids:
                n.parent = pos[parent]
                siblings = nodes[n.parent].children
            else:
                siblings = top
            n.row = len(siblings)
            siblings.append(i)
        self.beginResetModel()
        self._nodes, self._top = nodes, top
        self.endResetModel()

    def set_checked(self, ids: Iterable[str]) -> None:
        self._checked = set(ids)
        if self._nodes:
            self._emit_all()

    def checked(self) -> list[str]:
        return sorted(self._checked)

    def _emit_all(self) -> None:
        def walk(parent: QModelIndex) -> None:
            n = self.rowCount(parent)
            if n:
                self.dataChanged.emit(self.index(0, 0, parent), self.index(n - 1, 0, parent),
                                      [Qt.ItemDataRole.CheckStateRole])
                for r in range(n):
                    walk(self.index(r, 0, parent))
        walk(QModelIndex())

    def index_of(self, plan_goal_id: str) -> QModelIndex:
        for i, n in enumerate(self._nodes):
            if n.goal.id == plan_goal_id:
                return self.createIndex(n.row, 0, i + 1)
        return QModelIndex()

    def _node(self, index: Index) -> _Node | None:
        i = index.internalId() - 1 if index.isValid() else -1
        return self._nodes[i] if 0 <= i < len(self._nodes) else None

    # --- QAbstractItemModel -----------------------------------------------------------------------------

    def index(self, row: int, column: int, parent: Index = QModelIndex()) -> QModelIndex:  # noqa: B008
        if row < 0 or not 0 <= column < self.COLUMNS:
            return QModelIndex()
        if parent.isValid():
            p = self._node(parent)
            if p is None or parent.column() != 0:
                return QModelIndex()
            children = p.children
        else:
            children = self._top
        if row >= len(children):
            return QModelIndex()
        return self.createIndex(row, column, children[row] + 1)

    def parent(self, index: Index = QModelIndex()) -> QModelIndex:  # type: ignore[override]  # noqa: B008
        n = self._node(index)
        if n is None or n.parent < 0:
            return QModelIndex()
        return self.createIndex(self._nodes[n.parent].row, 0, n.parent + 1)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        if not parent.isValid():
            return len(self._top)
        if parent.column() != 0:
            return 0
        n = self._node(parent)
        return len(n.children) if n else 0

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return self.COLUMNS

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole and 0 <= section < 2:
            return [_("Planmål"), _("Plan")][section]
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        f = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if index.column() == 0:
            f |= Qt.ItemFlag.ItemIsUserCheckable
        return f

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        n = self._node(index)
        if n is None:
            return None
        g = n.goal
        if role == Qt.ItemDataRole.DisplayRole:
            if index.column() == 0:
                return f"{g.code}  {g.text}" if g.code else g.text
            return str(SHORT_KIND.get(n.plan.kind.value, n.plan.kind.label)) if n.plan else ""
        if role == Qt.ItemDataRole.ToolTipRole:
            return f"{g.code} {g.text}\n{n.plan.name}" if n.plan else g.text
        if role == Qt.ItemDataRole.CheckStateRole and index.column() == 0:
            return Qt.CheckState.Checked if g.id in self._checked else Qt.CheckState.Unchecked
        if role == PlanGoalRole:
            return g
        if role == PlanRole:
            return n.plan
        if role == SearchRole:
            return f"{g.code} {g.text} {n.plan.name if n.plan else ''}"
        return None

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        n = self._node(index)
        if n is None or role != Qt.ItemDataRole.CheckStateRole or index.column() != 0:
            return False
        checked = value in (Qt.CheckState.Checked, Qt.CheckState.Checked.value, 2, True)
        if checked:
            self._checked.add(n.goal.id)
        else:
            self._checked.discard(n.goal.id)
        self.dataChanged.emit(index, index, [Qt.ItemDataRole.CheckStateRole])
        return True


def plan_goal_label(goal: PlanGoal, plan: Plan | None) -> str:
    kind = str(SHORT_KIND.get(plan.kind.value, "")) if plan else ""
    return _("{kind} {code}", kind=kind, code=goal.code).strip() if goal.code else kind
