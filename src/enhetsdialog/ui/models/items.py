"""Table models over the items of an agreement (activities, indicators, support needs, participants).

An :class:`ItemTableModel` is an adapter over a list of domain dataclasses taken from the session's
snapshot. Editing a cell validates the text as the services would (Norwegian decimal comma, dates as
15.03.2027), shows the new value at once and emits :attr:`ItemTableModel.edited`; the step turns that
into an undoable command. A new snapshot updates rows in place, cell by cell, so an open editor or
the selection is not disturbed.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from enum import Enum
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal

from enhetsdialog.domain.enums import ActivityStatus, Direction, Frequency, IndicatorKind, SupportArea
from enhetsdialog.domain.errors import ValidationError
from enhetsdialog.domain.rules import format_decimal, parse_decimal

from enhetsdialog.ui.i18n import tr

ItemRole = Qt.ItemDataRole.UserRole + 1
KindRole = Qt.ItemDataRole.UserRole + 2  # the column kind ("text", "decimal", ...)
ValueRole = Qt.ItemDataRole.UserRole + 3  # the domain value of the cell

Index = QModelIndex | QPersistentModelIndex


@dataclass(frozen=True, slots=True)
class Column:
    field: str
    title: str
    kind: str = "text"  # text | decimal | year | date | enum | chip
    enum: type[Enum] | None = None
    width: int = 120
    stretch: bool = False
    optional: bool = False  # an enum column that may be empty
    placeholder: str = ""
    tooltip: str = ""


def parse_date(text: str) -> date | None:
    """``15.03.2027``, ``15.3.27`` or ISO; empty is None. Raises ValidationError with a hint."""
    s = text.strip()
    if not s:
        return None
    try:
        return date.fromisoformat(s)
    except ValueError:
        pass
    try:
        d, m, y = (int(x) for x in s.replace("/", ".").replace("-", ".").split("."))
        if y < 100:
            y += 2000
        return date(y, m, d)
    except (ValueError, TypeError):
        raise ValidationError(tr("«{text}» er ikke en dato. Skriv for eksempel 15.03.2027.", text=s)) from None


def parse_year(text: str) -> int | None:
    s = text.strip()
    if not s:
        return None
    if not s.isdigit() or not 2000 <= int(s) <= 2100:
        raise ValidationError(tr("«{text}» er ikke et årstall. Skriv for eksempel 2026.", text=s))
    return int(s)


def format_date(value: date | None) -> str:
    return value.strftime("%d.%m.%Y") if value else ""


def enum_label(value: Any) -> str:
    return str(value.label) if isinstance(value, Enum) and hasattr(value, "label") else ("" if value is None else str(value))


class ItemTableModel(QAbstractTableModel):
    """Rows are items (dataclasses with an ``id``); columns are :class:`Column` specs.

    Signals: ``edited(item_id, old, new)`` with dicts of domain values; ``invalid(str)`` with a hint
    when typed text cannot be used.
    """

    edited = Signal(str, object, object)
    invalid = Signal(str)

    def __init__(self, kind: str, columns: Sequence[Column], parent: Any = None) -> None:
        super().__init__(parent)
        self.kind = kind
        self.columns = list(columns)
        self._items: list[Any] = []
        self._read_only = False
        self._is_dirty: Callable[[str, str], bool] = lambda _item_id, _field: False

    # --- feeding -------------------------------------------------------------------------------------

    def set_dirty_check(self, fn: Callable[[str, str], bool]) -> None:
        """``fn(item_id, field)``: true while an edit of that cell has not reached the database."""
        self._is_dirty = fn

    def set_items(self, items: Sequence[Any]) -> None:
        new = [dataclasses.replace(i) for i in items]
        if [i.id for i in new] != [i.id for i in self._items]:
            self.beginResetModel()
            self._items = new
            self.endResetModel()
            return
        for row, (old_item, new_item) in enumerate(zip(self._items, new, strict=True)):
            changed = []
            for col, spec in enumerate(self.columns):
                if self._is_dirty(old_item.id, spec.field):  # the user's edit is on its way: keep it
                    setattr(new_item, spec.field, getattr(old_item, spec.field))
                elif getattr(old_item, spec.field) != getattr(new_item, spec.field):
                    changed.append(col)
            self._items[row] = new_item
            for col in changed:
                ix = self.index(row, col)
                self.dataChanged.emit(ix, ix)

    def set_read_only(self, read_only: bool) -> None:
        if read_only != self._read_only:
            self._read_only = read_only
            if self._items:
                self.dataChanged.emit(self.index(0, 0), self.index(len(self._items) - 1, len(self.columns) - 1))

    def item(self, row: int) -> Any:
        return self._items[row]

    def items(self) -> list[Any]:
        return list(self._items)

    def row_of(self, item_id: str) -> int:
        for row, it in enumerate(self._items):
            if it.id == item_id:
                return row
        return -1

    def column_of(self, field: str) -> int:
        for col, spec in enumerate(self.columns):
            if spec.field == field:
                return col
        return -1

    # --- QAbstractItemModel ---------------------------------------------------------------------------

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._items)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.columns)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and 0 <= section < len(self.columns):
            spec = self.columns[section]
            if role == Qt.ItemDataRole.DisplayRole:
                return spec.title
            if role == Qt.ItemDataRole.ToolTipRole and spec.tooltip:
                return spec.tooltip
        if orientation == Qt.Orientation.Vertical and role == Qt.ItemDataRole.DisplayRole and 0 <= section < len(self._items):
            return str(section + 1)
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        f = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemNeverHasChildren
        if not self._read_only:
            f |= Qt.ItemFlag.ItemIsEditable
        return f

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not (0 <= index.row() < len(self._items)) or not (0 <= index.column() < len(self.columns)):
            return None
        item = self._items[index.row()]
        spec = self.columns[index.column()]
        value = getattr(item, spec.field)
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(spec, value)
        if role == Qt.ItemDataRole.EditRole:
            if spec.kind in ("enum", "chip"):
                return value.value if isinstance(value, Enum) else ""
            return self._display(spec, value)
        if role == Qt.ItemDataRole.ToolTipRole:
            description = item.description if hasattr(item, "description") else ""
            if spec.field == "name" and description:
                return f"{value}\n\n{description}"
            text = self._display(spec, value)
            return text if len(text) > 30 else None
        if role == Qt.ItemDataRole.TextAlignmentRole and spec.kind in ("decimal", "year"):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == ItemRole:
            return item
        if role == KindRole:
            return spec.kind
        if role == ValueRole:
            return value
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return f"{spec.title}: {self._display(spec, value) or tr('tomt')}"
        return None

    @staticmethod
    def _display(spec: Column, value: Any) -> str:
        if value is None:
            return ""
        if spec.kind == "decimal":
            return format_decimal(value)
        if spec.kind == "date":
            return format_date(value)
        if spec.kind in ("enum", "chip"):
            return enum_label(value)
        return str(value)

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if role != Qt.ItemDataRole.EditRole or not index.isValid() or self._read_only:
            return False
        item = self._items[index.row()]
        spec = self.columns[index.column()]
        try:
            new = self._parse(spec, value)
        except ValidationError as e:
            self.invalid.emit(str(e))
            return False
        old = getattr(item, spec.field)
        if new == old:
            return True
        setattr(item, spec.field, new)
        self.dataChanged.emit(index, index)
        self.edited.emit(item.id, {spec.field: old}, {spec.field: new})
        return True

    @staticmethod
    def _parse(spec: Column, value: Any) -> Any:
        if spec.kind in ("enum", "chip"):
            assert spec.enum is not None
            if isinstance(value, spec.enum):
                return value
            if value in (None, "") and spec.optional:
                return None
            try:
                return spec.enum(value)
            except ValueError:
                raise ValidationError(tr("Velg en av verdiene i lista.")) from None
        text = "" if value is None else str(value)
        if spec.kind == "decimal":
            if isinstance(value, Decimal):
                return value
            return parse_decimal(text)
        if spec.kind == "year":
            return parse_year(text)
        if spec.kind == "date":
            if isinstance(value, date):
                return value
            return parse_date(text)
        return text.strip()


# --- the columns of each kind of item ------------------------------------------------------------------

ACTIVITY_COLUMNS = (
    Column("what", tr("Tiltak"), stretch=True, width=300, placeholder=tr("Hva skal gjøres?")),
    Column("responsible", tr("Ansvarlig"), width=150),
    Column("deadline", tr("Frist"), "date", width=105, placeholder="dd.mm.åååå",
           tooltip=tr("Skriv datoen slik: 15.03.2027")),
    Column("status", tr("Status"), "enum", ActivityStatus, width=110),
)

INDICATOR_COLUMNS = (
    Column("kind", tr("Type"), "chip", IndicatorKind, width=98,
           tooltip=tr("Prosess: kvaliteten i arbeidet. Resultat: kvaliteten i det som kommer ut av det.")),
    Column("name", tr("Indikator"), stretch=True, width=200),
    Column("unit_of_measure", tr("Enhet"), width=62, tooltip=tr("Måleenhet, for eksempel %, antall eller dager")),
    Column("baseline_value", tr("Nå"), "decimal", width=62, tooltip=tr("Utgangsverdi. Bruk komma: 7,8")),
    Column("baseline_year", tr("År"), "year", width=52, tooltip=tr("Året utgangsverdien gjelder")),
    Column("target_value", tr("Mål"), "decimal", width=62, tooltip=tr("Målverdi. Bruk komma: 4,5")),
    Column("direction", tr("Retning"), "enum", Direction, width=122),
    Column("data_source", tr("Kilde"), width=112, tooltip=tr("Datakilde")),
    Column("frequency", tr("Hvor ofte"), "enum", Frequency, width=96, optional=True,
           tooltip=tr("Hvor ofte indikatoren måles")),
    Column("responsible", tr("Ansvarlig"), width=92),
)

SUPPORT_COLUMNS = (
    Column("area", tr("Område"), "enum", SupportArea, width=140),
    Column("need", tr("Hva trenger vi?"), stretch=True, width=400),
)

PARTICIPANT_COLUMNS = (
    Column("role", tr("Rolle"), width=200, placeholder=tr("Tillitsvalgt, verneombud, elevråd …")),
    Column("name", tr("Navn"), width=160),
    Column("how", tr("Hvordan"), stretch=True, width=220),
    Column("when", tr("Når"), width=120),
)

COLUMNS: dict[str, tuple[Column, ...]] = {
    "activity": ACTIVITY_COLUMNS,
    "indicator": INDICATOR_COLUMNS,
    "support_need": SUPPORT_COLUMNS,
    "participant": PARTICIPANT_COLUMNS,
}


def make_model(kind: str, parent: Any = None) -> ItemTableModel:
    return ItemTableModel(kind, COLUMNS[kind], parent)
