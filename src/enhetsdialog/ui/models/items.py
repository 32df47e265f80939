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

from enhetsdialog.domain import values
from enhetsdialog.domain.enums import ItemKind
from enhetsdialog.domain.errors import ValidationError
from enhetsdialog.domain.fields import FieldType
from enhetsdialog.domain.items import spec as kind_spec
from enhetsdialog.domain.rules import format_grouped
from enhetsdialog.domain.values import format_decimal, parse_decimal
from enhetsdialog.i18n import Text, _

ItemRole = Qt.ItemDataRole.UserRole + 1
KindRole = Qt.ItemDataRole.UserRole + 2  # the column kind ("text", "decimal", ...)
ValueRole = Qt.ItemDataRole.UserRole + 3  # the domain value of the cell

Index = QModelIndex | QPersistentModelIndex


@dataclass(frozen=True, slots=True)
class Column:
    field: str
    title: Text  # translated when shown
    kind: str = "text"  # text | decimal | year | date | enum | chip
    enum: type[Enum] | None = None
    width: int = 120
    stretch: bool = False
    optional: bool = False  # an enum column that may be empty
    placeholder: Text = ""
    tooltip: Text = ""


def parse_date(text: str) -> date | None:
    """``15.03.2027``, ``15.3.27`` or ISO; empty is None. Raises ValidationError with a hint."""
    return values.parse_date(text)


def parse_year(text: str) -> int | None:
    return values.parse_year(text)


format_date = values.format_date
format_date_input = values.format_date_input


def enum_label(value: Any) -> str:
    return str(value.label) if isinstance(value, Enum) and hasattr(value, "label") else ("" if value is None else str(value))


class ItemTableModel(QAbstractTableModel):
    """Rows are items (dataclasses with an ``id``); columns are :class:`Column` specs.

    Signals: ``edited(item_id, old, new)`` with dicts of domain values; ``invalid(str)`` with a hint
    when typed text cannot be used.
    """

    edited = Signal(str, object, object)
    invalid = Signal(str)

    def __init__(self, kind: ItemKind, columns: Sequence[Column], parent: Any = None) -> None:
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
                return str(spec.title)
            if role == Qt.ItemDataRole.ToolTipRole and spec.tooltip:
                return str(spec.tooltip)
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
            if spec.kind == "decimal":
                return format_decimal(value)  # edited as typed, without the group spaces
            if spec.kind == "date":
                return values.format_date_input(value)  # typed as dd.mm.yyyy in every language
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
            return f"{spec.title}: {self._display(spec, value) or _('tomt')}"
        return None

    @staticmethod
    def _display(spec: Column, value: Any) -> str:
        if value is None:
            return ""
        if spec.kind == "decimal":
            return format_grouped(value)  # 1 234,5 (a no-break space groups the digits)
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
                raise ValidationError(_("Velg en av verdiene i lista.")) from None
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
# Derived from the item declarations (domain/items.py): a declared field is a column. Only how wide a
# column is, and whether it is drawn as a chip, is the table's own business.

_KIND_OF_TYPE = {
    FieldType.TEXT: "text",
    FieldType.LONG_TEXT: "text",
    FieldType.DECIMAL: "decimal",
    FieldType.YEAR: "year",
    FieldType.DATE: "date",
    FieldType.ENUM: "enum",
}

# (kind, field) -> (width, stretch, drawn as a chip); columns not named here get DEFAULT_WIDTH
_LAYOUT: dict[tuple[ItemKind, str], tuple[int, bool, bool]] = {
    (ItemKind.ACTIVITY, "what"): (300, True, False),
    (ItemKind.ACTIVITY, "responsible"): (150, False, False),
    (ItemKind.ACTIVITY, "deadline"): (105, False, False),
    (ItemKind.ACTIVITY, "status"): (110, False, False),
    (ItemKind.INDICATOR, "kind"): (98, False, True),
    (ItemKind.INDICATOR, "name"): (200, True, False),
    (ItemKind.INDICATOR, "unit_of_measure"): (62, False, False),
    (ItemKind.INDICATOR, "baseline_value"): (62, False, False),
    (ItemKind.INDICATOR, "baseline_year"): (52, False, False),
    (ItemKind.INDICATOR, "target_value"): (62, False, False),
    (ItemKind.INDICATOR, "direction"): (122, False, False),
    (ItemKind.INDICATOR, "data_source"): (112, False, False),
    (ItemKind.INDICATOR, "frequency"): (96, False, False),
    (ItemKind.INDICATOR, "responsible"): (92, False, False),
    (ItemKind.SUPPORT_NEED, "area"): (140, False, False),
    (ItemKind.SUPPORT_NEED, "need"): (400, True, False),
    (ItemKind.PARTICIPANT, "role"): (200, False, False),
    (ItemKind.PARTICIPANT, "name"): (160, False, False),
    (ItemKind.PARTICIPANT, "how"): (220, True, False),
    (ItemKind.PARTICIPANT, "when"): (120, False, False),
}
DEFAULT_WIDTH = 120


def columns_of(kind: ItemKind | str) -> tuple[Column, ...]:
    k = kind_spec(kind)
    out = []
    for f in k.columns:
        width, stretch, chip = _LAYOUT.get((k.kind, f.name), (DEFAULT_WIDTH, False, False))
        out.append(
            Column(
                f.name,
                f.label,
                "chip" if chip else _KIND_OF_TYPE[f.type],
                f.enum,
                width=width,
                stretch=stretch,
                optional=f.optional,
                placeholder=f.placeholder or "",
                tooltip=f.hint or "",
            )
        )
    return tuple(out)


COLUMNS: dict[str, tuple[Column, ...]] = {k.value: columns_of(k) for k in ItemKind if k is not ItemKind.GOAL}


def make_model(kind: ItemKind | str, parent: Any = None) -> ItemTableModel:
    return ItemTableModel(ItemKind(kind), COLUMNS[ItemKind(kind).value], parent)
