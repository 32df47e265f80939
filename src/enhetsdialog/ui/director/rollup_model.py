"""The roll-up as a tree model (``domain/rollup.py`` → Qt): plans → plan goals (in hierarchy order,
sub-goals under their goal) → the units' goals that link to them; then «FNs bærekraftsmål» → each SDG
→ the units' goals. A plan goal or SDG no unit contributes to has no children and says «Ingen enhet
bidrar» in the second column (in the error colour, and to a screen reader in the text itself).

Nodes are kept in a flat list and addressed by their number (``createIndex(row, column, number)``),
so no Python object has to outlive Qt's pointer. Tested with qtmodeltester.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from PySide6.QtCore import QAbstractItemModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor, QFont

from enhetsdialog.domain.enums import IndicatorStatus
from enhetsdialog.domain.rollup import Contribution, Rollup, plan_title
from enhetsdialog.i18n import N_, _, ngettext

from enhetsdialog.ui import theme

# the portfolio's role: the agreement a row opens (re-exported)
from enhetsdialog.ui.director.models import RevisionIdRole as RevisionIdRole

Index = QModelIndex | QPersistentModelIndex
NobodyRole = Qt.ItemDataRole.UserRole + 20


@dataclass(eq=False, slots=True)
class Node:
    texts: tuple[str, str, str, str]
    parent: int  # -1: a top-level row
    row: int
    children: list[int] = field(default_factory=list)
    revision_id: str | None = None
    nobody: bool = False
    heading: bool = False  # a plan, or the SDG group


def _statuses(c: Contribution) -> str:
    counts: Counter[IndicatorStatus] = Counter(i.status for i in c.indicators)
    return ", ".join(f"{s.label} {n}" for s, n in counts.items()) or _("ingen indikatorer")


class RollupModel(QAbstractItemModel):
    COLUMNS = (N_("Planmål / enhet"), N_("Enhetens mål"), N_("Indikatorer"), N_("Vurdering"))

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._nodes: list[Node] = []
        self._top: list[int] = []

    # --- filling ---------------------------------------------------------------------------------------------

    def _add(self, parent: int, texts: tuple[str, str, str, str], **kw: Any) -> int:
        siblings = self._nodes[parent].children if parent >= 0 else self._top
        number = len(self._nodes)
        self._nodes.append(Node(texts, parent, len(siblings), **kw))
        siblings.append(number)
        return number

    def _contribution(self, parent: int, c: Contribution) -> None:
        verdict = c.assessment.label if c.assessment else _("ikke vurdert")
        unit = _("{unit} ({status})", unit=c.unit_name, status=c.agreement_status.label.lower())
        goal = _("Mål {n}: {text}", n=c.goal_number, text=" ".join(c.goal_text.split()))
        self._add(parent, (unit, goal, _statuses(c), verdict), revision_id=c.revision_id)

    def set_rollup(self, rollup: Rollup | None) -> None:
        self.beginResetModel()
        self._nodes, self._top = [], []
        if rollup is not None:
            plan_node: dict[str, int] = {}
            goal_node: dict[str, tuple[int, str]] = {}
            for row in rollup.plan_goals:
                plan = row.plan
                if plan.id not in plan_node:
                    plan_node[plan.id] = self._add(-1, (plan_title(plan.kind.label, plan.name), "", "", ""), heading=True)
                # a sub-goal under its goal in the same plan; a goal whose parent is in another plan
                # (a HØP goal under a KPS goal) stays in its own plan
                up = goal_node.get(row.plan_goal.parent_id or "")
                parent = up[0] if up is not None and up[1] == plan.id else plan_node[plan.id]
                if row.nobody:
                    second = _("Ingen enhet bidrar")
                elif not row.contributions:
                    second = _("Ingen enhet direkte; {n} via delmålene", n=row.units_via_subgoals)
                else:
                    second = ngettext("{n} enhet", "{n} enheter", row.units)
                text = f"{row.plan_goal.code} {row.plan_goal.text}".strip()
                node = self._add(parent, (text, second, "", ""), nobody=row.nobody)
                goal_node[row.plan_goal.id] = (node, plan.id)
                for c in row.contributions:
                    self._contribution(node, c)
            sdg_top = self._add(-1, (_("FNs bærekraftsmål"), "", "", ""), heading=True)
            for s in rollup.sdgs:
                second = _("Ingen enhet bidrar") if s.nobody else ngettext("{n} enhet", "{n} enheter", s.units)
                node = self._add(sdg_top, (f"{s.sdg.number}. {s.sdg.name}", second, "", ""), nobody=s.nobody)
                for c in s.contributions:
                    self._contribution(node, c)
        self.endResetModel()

    # --- QAbstractItemModel --------------------------------------------------------------------------------------

    def _node(self, index: Index) -> Node | None:
        if not index.isValid():
            return None
        n = index.internalId()
        return self._nodes[n] if 0 <= n < len(self._nodes) else None

    def index(self, row: int, column: int, parent: Index = QModelIndex()) -> QModelIndex:  # noqa: B008
        if column < 0 or column >= len(self.COLUMNS) or row < 0:
            return QModelIndex()
        node = self._node(parent)
        if parent.isValid() and (node is None or parent.column() != 0):
            return QModelIndex()
        siblings = node.children if node is not None else self._top
        if row >= len(siblings):
            return QModelIndex()
        return self.createIndex(row, column, siblings[row])

    def parent(self, index: Index = QModelIndex()) -> QModelIndex:  # type: ignore[override]  # noqa: B008
        node = self._node(index)
        if node is None or node.parent < 0:
            return QModelIndex()
        p = self._nodes[node.parent]
        return self.createIndex(p.row, 0, node.parent)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        if not parent.isValid():
            return len(self._top)
        if parent.column() != 0:
            return 0
        node = self._node(parent)
        return len(node.children) if node is not None else 0

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return len(self.COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation is Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole and 0 <= section < len(self.COLUMNS):
            return str(self.COLUMNS[section])
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        node = self._node(index)
        if node is None:
            return None
        col = index.column()
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return node.texts[col] or (None if role == Qt.ItemDataRole.ToolTipRole else "")
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return " – ".join(t for t in node.texts if t)
        if role == RevisionIdRole:
            return node.revision_id
        if role == NobodyRole:
            return node.nobody
        if role == Qt.ItemDataRole.ForegroundRole and node.nobody and col == 1:
            return QBrush(QColor(theme.ERROR.fg))
        if role == Qt.ItemDataRole.FontRole and (node.heading or (node.nobody and col == 1)):
            f = QFont()
            f.setBold(True)
            return f
        return None
