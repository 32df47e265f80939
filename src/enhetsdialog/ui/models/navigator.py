"""Units and their agreements by year, as a two-level tree (unit -> agreement years)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from PySide6.QtCore import QAbstractItemModel, QModelIndex, QPersistentModelIndex, Qt

from enhetsdialog.domain.model import RevisionSummary
from enhetsdialog.services.org import UnitInfo

from enhetsdialog.ui.i18n import tr

SummaryRole = Qt.ItemDataRole.UserRole + 1  # RevisionSummary of an agreement row
UnitRole = Qt.ItemDataRole.UserRole + 2  # UnitInfo of a unit row
StatusRole = Qt.ItemDataRole.UserRole + 3  # Status of an agreement row
RemarksRole = Qt.ItemDataRole.UserRole + 4  # open remarks of an agreement row (int)

Index = QModelIndex | QPersistentModelIndex


@dataclass(slots=True)
class _UnitNode:
    info: UnitInfo
    agreements: list[RevisionSummary] = field(default_factory=list)


class NavigatorModel(QAbstractItemModel):
    """Column 0 names the unit or the year; column 1 shows the agreement's status.

    ``internalId`` is 0 for unit rows and ``unit_row + 1`` for agreement rows.
    """

    COLUMNS = 2

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._units: list[_UnitNode] = []

    def set_data(self, units: Sequence[UnitInfo], summaries: Sequence[RevisionSummary]) -> None:
        by_unit: dict[str, list[RevisionSummary]] = {}
        for s in summaries:
            by_unit.setdefault(s.unit_id, []).append(s)
        nodes = [
            _UnitNode(u, sorted(by_unit.get(u.unit.id, []), key=lambda s: -s.year))
            for u in sorted(units, key=lambda u: (u.service_area.name, u.unit.name))
        ]
        self.beginResetModel()
        self._units = nodes
        self.endResetModel()

    # --- lookups --------------------------------------------------------------------------------------

    def index_of_revision(self, revision_id: str) -> QModelIndex:
        for u_row, node in enumerate(self._units):
            for a_row, s in enumerate(node.agreements):
                if s.id == revision_id:
                    return self.index(a_row, 0, self.index(u_row, 0))
        return QModelIndex()

    def index_of_unit(self, unit_id: str) -> QModelIndex:
        for u_row, node in enumerate(self._units):
            if node.info.unit.id == unit_id:
                return self.index(u_row, 0)
        return QModelIndex()

    def summaries(self) -> list[RevisionSummary]:
        return [s for n in self._units for s in n.agreements]

    # --- QAbstractItemModel ---------------------------------------------------------------------------

    def index(self, row: int, column: int, parent: Index = QModelIndex()) -> QModelIndex:  # noqa: B008
        if column < 0 or column >= self.COLUMNS or row < 0:
            return QModelIndex()
        if not parent.isValid():
            return self.createIndex(row, column, 0) if row < len(self._units) else QModelIndex()
        if parent.internalId() == 0 and parent.column() == 0 and parent.row() < len(self._units):
            if row < len(self._units[parent.row()].agreements):
                return self.createIndex(row, column, parent.row() + 1)
        return QModelIndex()

    def parent(self, index: Index = QModelIndex()) -> QModelIndex:  # type: ignore[override]  # noqa: B008
        if not index.isValid() or index.internalId() == 0:
            return QModelIndex()
        return self.createIndex(index.internalId() - 1, 0, 0)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        if not parent.isValid():
            return len(self._units)
        if parent.internalId() == 0 and parent.column() == 0 and parent.row() < len(self._units):
            return len(self._units[parent.row()].agreements)
        return 0

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return self.COLUMNS

    def hasChildren(self, parent: Index = QModelIndex()) -> bool:  # noqa: B008
        return self.rowCount(parent) > 0

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        f = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if index.internalId() != 0:
            f |= Qt.ItemFlag.ItemNeverHasChildren
        return f

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return [tr("Enhet og år"), tr("Status")][section] if 0 <= section < self.COLUMNS else None
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        if index.internalId() == 0:
            if index.row() >= len(self._units):
                return None
            node = self._units[index.row()]
            if role == Qt.ItemDataRole.DisplayRole and index.column() == 0:
                return node.info.unit.name
            if role == Qt.ItemDataRole.ToolTipRole:
                leader = node.info.leader.name if node.info.leader else tr("ingen leder registrert")
                return f"{node.info.unit.name}\n{node.info.service_area.name}\n{tr('Leder')}: {leader}"
            if role == UnitRole:
                return node.info
            return None
        u_row = index.internalId() - 1
        if u_row >= len(self._units) or index.row() >= len(self._units[u_row].agreements):
            return None
        s = self._units[u_row].agreements[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            if index.column() == 0:
                return str(s.year) if s.number == 1 else tr("{year} (rev. {n})", year=s.year, n=s.number)
            return s.status.label
        if role == Qt.ItemDataRole.ToolTipRole:
            remarks = tr(", {n} åpne merknader", n=s.open_remarks) if s.open_remarks else ""
            return tr("{unit} {year}: {status}, {goals} mål{remarks}", unit=s.unit_name, year=s.year,
                      status=s.status.label, goals=s.goal_count, remarks=remarks)
        if role == Qt.ItemDataRole.AccessibleTextRole and index.column() == 0:
            year = str(s.year) if s.number == 1 else tr("{year} (rev. {n})", year=s.year, n=s.number)
            if not s.open_remarks:
                return year
            return year + ", " + (tr("1 åpen merknad") if s.open_remarks == 1 else tr("{n} åpne merknader", n=s.open_remarks))
        if role == RemarksRole:
            return s.open_remarks
        if role == SummaryRole:
            return s
        if role == StatusRole:
            return s.status
        if role == UnitRole:
            return self._units[u_row].info
        return None
