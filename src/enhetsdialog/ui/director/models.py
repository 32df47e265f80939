"""Qt models of the director's views: adapters over service results (tested with qtmodeltester).

* :class:`SectionCountModel` - open remarks per section (a navigator can show it next to each step)
* :class:`PortfolioModel` - the director's units for a year, one row per agreement
* :class:`DifferenceModel` - the differences between two revisions (domain.compare)
* :class:`RevisionChoiceModel` - agreements to pick from (the compare view's pickers)
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from PySide6.QtCore import (
    QAbstractListModel,
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
)
from PySide6.QtGui import QBrush, QColor

from enhetsdialog import i18n
from enhetsdialog.domain.compare import Difference, DiffKind
from enhetsdialog.domain.enums import Section, Status
from enhetsdialog.domain.model import RevisionSummary
from enhetsdialog.i18n import N_, LazyText, _, ngettext

from enhetsdialog.ui import theme

Index = QModelIndex | QPersistentModelIndex

SectionRole = Qt.ItemDataRole.UserRole + 1
CountRole = Qt.ItemDataRole.UserRole + 2
SummaryRole = Qt.ItemDataRole.UserRole + 3
SortRole = Qt.ItemDataRole.UserRole + 4
RevisionIdRole = Qt.ItemDataRole.UserRole + 5
DifferenceRole = Qt.ItemDataRole.UserRole + 6

SECTION_ORDER: tuple[Section, ...] = (
    Section.HELE, Section.HVOR, Section.HVORDAN, Section.ENKLERE, Section.LYKKES, Section.SAMSKAPING,
)

MARK_COLOURS: dict[DiffKind, theme.Chip] = {
    DiffKind.ADDED: theme.RESULTAT,
    DiffKind.REMOVED: theme.ERROR,
    DiffKind.CHANGED: theme.Chip("#7A4F00", theme.NUDGE.bg, "#B7791F"),
    DiffKind.MOVED: theme.SIGNED,
}
DIFF_LABELS: dict[DiffKind, LazyText] = {
    DiffKind.ADDED: N_("Lagt til"),
    DiffKind.REMOVED: N_("Fjernet"),
    DiffKind.CHANGED: N_("Endret"),
    DiffKind.MOVED: N_("Flyttet"),
}


def format_time(value: datetime | None) -> str:
    if value is None:
        return ""
    return i18n.format_datetime(value)


class SectionCountModel(QAbstractListModel):
    """One row per section (Hele avtalen first): its label and the number of open remarks."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._counts: dict[Section, int] = {}

    def set_counts(self, counts: Mapping[Section, int]) -> None:
        new = {s: int(counts.get(s, 0)) for s in SECTION_ORDER}
        if new == self._counts:
            return
        self._counts = new
        if self.rowCount():
            self.dataChanged.emit(self.index(0), self.index(len(SECTION_ORDER) - 1))

    def count(self, section: Section) -> int:
        return self._counts.get(section, 0)

    def total(self) -> int:
        return sum(self._counts.values())

    def row_of(self, section: Section) -> int:
        return SECTION_ORDER.index(section)

    def section_at(self, row: int) -> Section:
        return SECTION_ORDER[row]

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(SECTION_ORDER)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(SECTION_ORDER):
            return None
        section = SECTION_ORDER[index.row()]
        n = self._counts.get(section, 0)
        if role == Qt.ItemDataRole.DisplayRole:
            return f"{section.label}  ({n})" if n else section.label
        if role == Qt.ItemDataRole.ToolTipRole:
            return ngettext("{n} åpen merknad", "{n} åpne merknader", n)
        if role == SectionRole:
            return section.value
        if role == CountRole:
            return n
        return None


# --- portfolio ---------------------------------------------------------------------------------------------


@dataclass(slots=True)
class PortfolioRow:
    summary: RevisionSummary
    nudges: int | None = None  # None until counted


class PortfolioModel(QAbstractTableModel):
    """Columns: unit, service area, year, status, open remarks, nudges, goals, last change.

    :data:`SortRole` gives values that sort correctly (numbers, status order, time)."""

    UNIT, AREA, YEAR, STATUS, REMARKS, NUDGES, GOALS, CHANGED = range(8)
    TITLES = (
        N_("Enhet"), N_("Tjenesteområde"), N_("År"), N_("Status"), N_("Åpne merknader"), N_("Påminnelser"),
        N_("Mål"), N_("Sist endret"),
    )
    _STATUS_ORDER = {s: i for i, s in enumerate(Status)}

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._rows: list[PortfolioRow] = []
        self._by_id: dict[str, int] = {}

    def set_summaries(self, summaries: Sequence[RevisionSummary], nudges: Mapping[str, int] | None = None) -> None:
        known = nudges or {}
        self.beginResetModel()
        self._rows = [PortfolioRow(s, known.get(s.id)) for s in summaries]
        self._by_id = {r.summary.id: i for i, r in enumerate(self._rows)}
        self.endResetModel()

    def set_nudges(self, counts: Mapping[str, int]) -> None:
        rows = [self._by_id[rid] for rid in counts if rid in self._by_id]
        for rid, n in counts.items():
            if rid in self._by_id:
                self._rows[self._by_id[rid]].nudges = n
        if rows:
            self.dataChanged.emit(self.index(min(rows), self.NUDGES), self.index(max(rows), self.NUDGES))

    def summaries(self) -> list[RevisionSummary]:
        return [r.summary for r in self._rows]

    def row_of(self, revision_id: str) -> int:
        return self._by_id.get(revision_id, -1)

    def nudges_of(self, revision_id: str) -> int | None:
        row = self._by_id.get(revision_id)
        return None if row is None else self._rows[row].nudges

    def missing_nudges(self) -> list[str]:
        return [r.summary.id for r in self._rows if r.nudges is None]

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.TITLES)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and 0 <= section < len(self.TITLES):
            if role == Qt.ItemDataRole.DisplayRole:
                return str(self.TITLES[section])
            if role == Qt.ItemDataRole.ToolTipRole and section == self.NUDGES:
                return _("Vennlige påminnelser om avtalen: mange mål, mål uten kobling oppover, manglende indikatorer")
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        row = self._rows[index.row()]
        s, col = row.summary, index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            if col == self.UNIT:
                return s.unit_name if s.is_latest else _("{unit} (rev. {n})", unit=s.unit_name, n=s.number)
            if col == self.AREA:
                return s.service_area
            if col == self.YEAR:
                return str(s.year)
            if col == self.STATUS:
                return s.status.label
            if col == self.REMARKS:
                return str(s.open_remarks) if s.open_remarks else "–"
            if col == self.NUDGES:
                return "…" if row.nudges is None else (str(row.nudges) if row.nudges else "–")
            if col == self.GOALS:
                return str(s.goal_count)
            if col == self.CHANGED:
                return format_time(s.updated_at)
            return None
        if role == SortRole:
            if col == self.UNIT:
                return s.unit_name.casefold()
            if col == self.AREA:
                return s.service_area.casefold()
            if col == self.YEAR:
                return s.year
            if col == self.STATUS:
                return self._STATUS_ORDER[s.status]
            if col == self.REMARKS:
                return s.open_remarks
            if col == self.NUDGES:
                return -1 if row.nudges is None else row.nudges
            if col == self.GOALS:
                return s.goal_count
            if col == self.CHANGED:
                return s.updated_at.timestamp() if s.updated_at else 0.0
            return None
        if role == Qt.ItemDataRole.TextAlignmentRole and col in (self.YEAR, self.REMARKS, self.NUDGES, self.GOALS):
            return int(Qt.AlignmentFlag.AlignCenter)
        if role == Qt.ItemDataRole.ForegroundRole:
            if col == self.STATUS:
                return QBrush(QColor(theme.STATUS_CHIPS[s.status].fg))
            if col == self.REMARKS and s.open_remarks:
                return QBrush(QColor(theme.ERROR.fg))
            if col == self.NUDGES and row.nudges:
                return QBrush(QColor(theme.NUDGE.fg))
            return None
        if role == Qt.ItemDataRole.BackgroundRole and col == self.STATUS:
            return QBrush(QColor(theme.STATUS_CHIPS[s.status].bg))
        if role == Qt.ItemDataRole.ToolTipRole and col == self.UNIT:
            return _("{unit} {year}: dobbeltklikk eller Enter for å åpne gjennomgangen", unit=s.unit_name, year=s.year)
        if role == SummaryRole:
            return s
        if role == RevisionIdRole:
            return s.id
        return None


class PortfolioFilter(QSortFilterProxyModel):
    """Sorts on :data:`SortRole`; filters by service area, status and a text (unit or area name)."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.setSortRole(SortRole)
        self.setSortCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self._area: str | None = None
        self._statuses: frozenset[Status] | None = None
        self._text = ""

    def set_area(self, area: str | None) -> None:
        self.beginFilterChange()
        self._area = area or None
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def set_statuses(self, statuses: frozenset[Status] | None) -> None:
        self.beginFilterChange()
        self._statuses = statuses
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def set_text(self, text: str) -> None:
        self.beginFilterChange()
        self._text = text.strip().casefold()
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def filterAcceptsRow(self, source_row: int, source_parent: Index) -> bool:
        model = self.sourceModel()
        s = model.data(model.index(source_row, 0, source_parent), SummaryRole)
        if s is None:
            return False
        if self._area is not None and s.service_area != self._area:
            return False
        if self._statuses is not None and s.status not in self._statuses:
            return False
        if self._text and self._text not in s.unit_name.casefold() and self._text not in s.service_area.casefold():
            return False
        return True


# --- compare ------------------------------------------------------------------------------------------------


class DifferenceModel(QAbstractListModel):
    """The differences, one per row, with the colour of their kind as decoration."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._items: list[Difference] = []

    def set_differences(self, items: Sequence[Difference]) -> None:
        self.beginResetModel()
        self._items = list(items)
        self.endResetModel()

    def differences(self) -> list[Difference]:
        return list(self._items)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._items)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._items):
            return None
        d = self._items[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return d.description
        if role == Qt.ItemDataRole.ToolTipRole:
            return f"{str(DIFF_LABELS[d.kind])} · {d.section.label}\n{d.description}"
        if role == Qt.ItemDataRole.DecorationRole:
            return QColor(MARK_COLOURS[d.kind].border if d.kind is DiffKind.CHANGED else MARK_COLOURS[d.kind].fg)
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return f"{str(DIFF_LABELS[d.kind])}: {d.description}"
        if role == DifferenceRole:
            return d
        return None


class RevisionChoiceModel(QAbstractListModel):
    """Agreements (every revision) to pick from: "Lade skole 2027 · rev. 1 · Enighet"."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._rows: list[RevisionSummary] = []

    def set_summaries(self, rows: Sequence[RevisionSummary]) -> None:
        self.beginResetModel()
        self._rows = sorted(rows, key=lambda r: (r.unit_name.casefold(), -r.year, -r.number))
        self.endResetModel()

    def summaries(self) -> list[RevisionSummary]:
        return list(self._rows)

    def row_of(self, revision_id: str) -> int:
        return next((i for i, r in enumerate(self._rows) if r.id == revision_id), -1)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        r = self._rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return _("{unit} {year} · rev. {n} · {status}", unit=r.unit_name, year=r.year, n=r.number,
                      status=r.status.label)
        if role == RevisionIdRole:
            return r.id
        if role == SummaryRole:
            return r
        return None
