"""Units and their agreements by year, as a two-level tree (unit -> agreement years).

Built for thousands of agreements (a director with years of history): the children of a unit are
exposed lazily (``canFetchMore``/``fetchMore``, called by the view when a unit is expanded), and
``set_data``/``set_unit_agreements`` update in place (``dataChanged``; rows inserted or removed only
where agreements come or go), so a refresh neither resets the model nor loses the selection."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from PySide6.QtCore import QAbstractItemModel, QModelIndex, QPersistentModelIndex, Qt

from enhetsdialog.domain.model import RevisionSummary
from enhetsdialog.i18n import _, ngettext
from enhetsdialog.services.org import UnitInfo

SummaryRole = Qt.ItemDataRole.UserRole + 1  # RevisionSummary of an agreement row
UnitRole = Qt.ItemDataRole.UserRole + 2  # UnitInfo of a unit row
StatusRole = Qt.ItemDataRole.UserRole + 3  # Status of an agreement row
RemarksRole = Qt.ItemDataRole.UserRole + 4  # open remarks of an agreement row (int)
AgreementsRole = Qt.ItemDataRole.UserRole + 5  # the RevisionSummary list of a unit row (fetched or not)

Index = QModelIndex | QPersistentModelIndex


@dataclass(slots=True)
class _UnitNode:
    info: UnitInfo
    agreements: list[RevisionSummary] = field(default_factory=list)
    shown: int = 0  # how many of ``agreements`` are rows of the model (lazy: 0 until fetched)


def _ordered(summaries: Iterable[RevisionSummary]) -> list[RevisionSummary]:
    return sorted(summaries, key=lambda s: -s.year)


class NavigatorModel(QAbstractItemModel):
    """Column 0 names the unit or the year; column 1 shows the agreement's status.

    ``internalId`` is 0 for unit rows and ``unit_row + 1`` for agreement rows.
    """

    COLUMNS = 2

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._units: list[_UnitNode] = []
        self._row_of_unit: dict[str, int] = {}
        self._unit_of_revision: dict[str, str] = {}  # revision id -> unit id
        self._unit_of_agreement: dict[str, str] = {}  # agreement id -> unit id

    def set_data(self, units: Sequence[UnitInfo], summaries: Sequence[RevisionSummary]) -> None:
        """Every unit and its agreements. The same units as before: updated in place, else a reset."""
        by_unit: dict[str, list[RevisionSummary]] = {}
        for s in summaries:
            by_unit.setdefault(s.unit_id, []).append(s)
        ordered = sorted(units, key=lambda u: (u.service_area.name, u.unit.name))
        if [u.unit.id for u in ordered] == [n.info.unit.id for n in self._units]:
            for row, info in enumerate(ordered):
                node = self._units[row]
                if info != node.info:
                    node.info = info
                    self.dataChanged.emit(self.index(row, 0), self.index(row, self.COLUMNS - 1))
                self._replace(row, _ordered(by_unit.get(info.unit.id, [])))
            return
        self.beginResetModel()
        self._units = [_UnitNode(u, _ordered(by_unit.get(u.unit.id, []))) for u in ordered]
        self._row_of_unit = {n.info.unit.id: row for row, n in enumerate(self._units)}
        self._unit_of_revision = {s.id: s.unit_id for s in summaries if s.unit_id in self._row_of_unit}
        self._unit_of_agreement = {s.agreement_id: s.unit_id for s in summaries if s.unit_id in self._row_of_unit}
        self.endResetModel()

    def set_unit_agreements(self, unit_id: str, summaries: Sequence[RevisionSummary]) -> bool:
        """The agreements of one unit (an incremental refresh); False when the unit is not here."""
        row = self._row_of_unit.get(unit_id)
        if row is None:
            return False
        self._replace(row, _ordered(summaries))
        return True

    def _replace(self, row: int, new: list[RevisionSummary]) -> None:
        node = self._units[row]
        old = node.agreements
        for s in old:
            self._unit_of_revision.pop(s.id, None)
            self._unit_of_agreement.pop(s.agreement_id, None)
        for s in new:
            self._unit_of_revision[s.id] = s.unit_id
            self._unit_of_agreement[s.agreement_id] = s.unit_id
        if [s.agreement_id for s in old] == [s.agreement_id for s in new]:
            node.agreements = new  # the same rows: a new revision or status shows in place
            changed = [i for i in range(node.shown) if old[i] != new[i]]
            if changed:
                parent = self.index(row, 0)
                self.dataChanged.emit(self.index(changed[0], 0, parent),
                                      self.index(changed[-1], self.COLUMNS - 1, parent))
            return
        parent = self.index(row, 0)
        lazy = node.shown == 0 and bool(old)  # not fetched yet: it stays so
        if node.shown:
            self.beginRemoveRows(parent, 0, node.shown - 1)
            node.agreements, node.shown = [], 0
            self.endRemoveRows()
        if new and not lazy:
            self.beginInsertRows(parent, 0, len(new) - 1)
            node.agreements, node.shown = new, len(new)
            self.endInsertRows()
            return
        node.agreements = new
        if lazy and not new:
            self.dataChanged.emit(parent, self.index(row, self.COLUMNS - 1))  # no longer has children

    def fetch_all(self) -> None:
        for row in range(len(self._units)):
            self._fetch(row)

    def _fetch(self, row: int) -> None:
        node = self._units[row]
        if node.shown < len(node.agreements):
            self.beginInsertRows(self.index(row, 0), node.shown, len(node.agreements) - 1)
            node.shown = len(node.agreements)
            self.endInsertRows()

    # --- lookups --------------------------------------------------------------------------------------

    def index_of_revision(self, revision_id: str) -> QModelIndex:
        """The row of a revision (fetching its unit's rows if need be); invalid when it is not here."""
        unit_id = self._unit_of_revision.get(revision_id)
        row = self._row_of_unit.get(unit_id) if unit_id is not None else None
        if row is None:
            return QModelIndex()
        self._fetch(row)
        for a_row, s in enumerate(self._units[row].agreements):
            if s.id == revision_id:
                return self.index(a_row, 0, self.index(row, 0))
        return QModelIndex()

    def index_of_unit(self, unit_id: str) -> QModelIndex:
        row = self._row_of_unit.get(unit_id)
        return self.index(row, 0) if row is not None else QModelIndex()

    def unit_of_agreement(self, agreement_id: str) -> str | None:
        return self._unit_of_agreement.get(agreement_id)

    def unit_of_revision(self, revision_id: str) -> str | None:
        return self._unit_of_revision.get(revision_id)

    def agreement_count(self) -> int:
        return sum(len(n.agreements) for n in self._units)

    def summaries(self) -> list[RevisionSummary]:
        return [s for n in self._units for s in n.agreements]

    # --- QAbstractItemModel ---------------------------------------------------------------------------

    def index(self, row: int, column: int, parent: Index = QModelIndex()) -> QModelIndex:  # noqa: B008
        if column < 0 or column >= self.COLUMNS or row < 0:
            return QModelIndex()
        if not parent.isValid():
            return self.createIndex(row, column, 0) if row < len(self._units) else QModelIndex()
        if parent.internalId() == 0 and parent.column() == 0 and parent.row() < len(self._units):
            if row < self._units[parent.row()].shown:
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
            return self._units[parent.row()].shown
        return 0

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return self.COLUMNS

    def hasChildren(self, parent: Index = QModelIndex()) -> bool:  # noqa: B008
        if not parent.isValid():
            return bool(self._units)
        if parent.internalId() == 0 and parent.column() == 0 and parent.row() < len(self._units):
            return bool(self._units[parent.row()].agreements)
        return False

    def canFetchMore(self, parent: Index) -> bool:
        if parent.isValid() and parent.internalId() == 0 and parent.column() == 0 and parent.row() < len(self._units):
            node = self._units[parent.row()]
            return node.shown < len(node.agreements)
        return False

    def fetchMore(self, parent: Index) -> None:
        if self.canFetchMore(parent):
            self._fetch(parent.row())

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        f = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if index.internalId() != 0:
            f |= Qt.ItemFlag.ItemNeverHasChildren
        return f

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return [_("Enhet og år"), _("Status")][section] if 0 <= section < self.COLUMNS else None
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
                leader = node.info.leader.name if node.info.leader else _("ingen leder registrert")
                return f"{node.info.unit.name}\n{node.info.service_area.name}\n{_('Leder')}: {leader}"
            if role == UnitRole:
                return node.info
            if role == AgreementsRole:
                return node.agreements
            return None
        u_row = index.internalId() - 1
        if u_row >= len(self._units) or index.row() >= self._units[u_row].shown:
            return None
        s = self._units[u_row].agreements[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            if index.column() == 0:
                return str(s.year) if s.number == 1 else _("{year} (rev. {n})", year=s.year, n=s.number)
            return s.status.label
        if role == Qt.ItemDataRole.ToolTipRole:
            remarks = _(", {n} åpne merknader", n=s.open_remarks) if s.open_remarks else ""
            return _("{unit} {year}: {status}, {goals} mål{remarks}", unit=s.unit_name, year=s.year,
                      status=s.status.label, goals=s.goal_count, remarks=remarks)
        if role == Qt.ItemDataRole.AccessibleTextRole and index.column() == 0:
            year = str(s.year) if s.number == 1 else _("{year} (rev. {n})", year=s.year, n=s.number)
            if not s.open_remarks:
                return year
            return year + ", " + (ngettext("{n} åpen merknad", "{n} åpne merknader", s.open_remarks))
        if role == RemarksRole:
            return s.open_remarks
        if role == SummaryRole:
            return s
        if role == StatusRole:
            return s.status
        if role == UnitRole:
            return self._units[u_row].info
        return None
