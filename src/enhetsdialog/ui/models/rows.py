"""A read-only table of records, one a row (signatures, trust anchors, the archive's checks, the rows of
a CSV import): the row bookkeeping and the column headers once; a subclass says what a cell shows."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Generic, TypeVar

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

from enhetsdialog.i18n import LazyText

Index = QModelIndex | QPersistentModelIndex
R = TypeVar("R")


class RowTableModel(QAbstractTableModel, Generic[R]):
    """``TITLES`` are the column headers (lazy, translated when shown); :meth:`cell` is what column
    ``col`` of record ``r`` gives for ``role`` (None: nothing)."""

    TITLES: tuple[LazyText, ...] = ()

    def __init__(self, parent: Any = None, rows: Sequence[R] = ()) -> None:
        super().__init__(parent)
        self._rows: list[R] = list(rows)

    def set_rows(self, rows: Sequence[R]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    @property
    def rows(self) -> list[R]:
        return list(self._rows)

    def row_at(self, row: int) -> R | None:
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.TITLES)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole and 0 <= section < len(self.TITLES):
            return str(self.TITLES[section])
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        r = self.row_at(index.row()) if index.isValid() else None
        return None if r is None else self.cell(r, index.column(), role)

    def cell(self, r: R, col: int, role: int) -> Any:
        raise NotImplementedError
