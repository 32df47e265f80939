"""A table for the items of one list (activities of a goal, indicators, ...).

It is as tall as its rows (the page scrolls, not the table), wraps long text, moves cell by cell with
Tab (and with the arrow keys; the last cell hands the focus on), starts editing when one types, saves
on Enter and shows a friendly line when it is empty.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QItemSelectionModel, QModelIndex, Qt, QTimer
from PySide6.QtGui import QColor, QPainter, QPaintEvent
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QSizePolicy, QTableView, QWidget

from enhetsdialog.ui import theme
from enhetsdialog.ui.models.items import ItemTableModel
from enhetsdialog.ui.widgets.delegates import ItemDelegate


class ItemTable(QTableView):
    def __init__(self, model: ItemTableModel, *, empty_text: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setModel(model)
        self.delegate = ItemDelegate(self)
        self.setItemDelegate(self.delegate)
        self._empty_text = empty_text
        self.setWordWrap(True)
        self.setTabKeyNavigation(False)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
            | QAbstractItemView.EditTrigger.AnyKeyPressed
            | QAbstractItemView.EditTrigger.SelectedClicked
        )
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)
        self.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.verticalHeader().hide()
        self.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        header = self.horizontalHeader()
        header.setHighlightSections(False)
        header.setMinimumSectionSize(40)
        self._stretch = next((c for c, spec in enumerate(model.columns) if spec.stretch), -1)
        self._needed = sum(spec.width for spec in model.columns)
        self._stretching = False
        for col, spec in enumerate(model.columns):
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.Interactive)
            self.setColumnWidth(col, spec.width)
        self._update_stretch()
        # narrower than its columns, the table scrolls sideways itself rather than widening the page
        self.setMinimumWidth(360)
        self._fit_timer = QTimer(self)
        self._fit_timer.setSingleShot(True)
        self._fit_timer.setInterval(0)
        self._fit_timer.timeout.connect(self.fit)
        for signal in (model.modelReset, model.rowsInserted, model.rowsRemoved, model.dataChanged, model.layoutChanged):
            signal.connect(self._fit_timer.start)
        header.sectionResized.connect(lambda *_: self._fit_timer.start())
        self.fit()

    @property
    def item_model(self) -> ItemTableModel:
        model = self.model()
        assert isinstance(model, ItemTableModel)
        return model

    def _update_stretch(self) -> None:
        """Fill the width with the wide column while everything fits; when the table is narrower than
        its columns, keep their widths and scroll sideways instead of squeezing the text."""
        if self._stretch < 0:
            return
        fits = self.viewport().width() >= self._needed
        if fits != self._stretching:
            self._stretching = fits
            header = self.horizontalHeader()
            if fits:
                header.setSectionResizeMode(self._stretch, QHeaderView.ResizeMode.Stretch)
            else:
                header.setSectionResizeMode(self._stretch, QHeaderView.ResizeMode.Interactive)
                self.setColumnWidth(self._stretch, self.item_model.columns[self._stretch].width)

    def fit(self) -> None:
        """Make the table exactly as tall as its rows."""
        self._update_stretch()
        self.resizeRowsToContents()
        for row in range(self.item_model.rowCount()):
            if self.rowHeight(row) < 34:
                self.setRowHeight(row, 34)
        rows = sum(self.rowHeight(r) for r in range(self.item_model.rowCount()))
        height = self.horizontalHeader().height() + 2 * self.frameWidth() + max(rows, 40)
        if self.horizontalHeader().length() > self.viewport().width():
            height += self.horizontalScrollBar().sizeHint().height()
        if self.height() != height:
            self.setFixedHeight(height)

    def resizeEvent(self, e: Any) -> None:
        super().resizeEvent(e)
        self._fit_timer.start()

    def current_item_id(self) -> str | None:
        ix = self.currentIndex()
        if not ix.isValid() or ix.row() >= self.item_model.rowCount():
            return None
        return str(self.item_model.item(ix.row()).id)

    def select_item(self, item_id: str, field: str | None = None, *, edit: bool = False) -> bool:
        row = self.item_model.row_of(item_id)
        if row < 0:
            return False
        col = self.item_model.column_of(field) if field else 0
        ix = self.item_model.index(row, max(0, col))
        self.setCurrentIndex(ix)
        self.selectionModel().select(ix, QItemSelectionModel.SelectionFlag.ClearAndSelect)
        self.setFocus(Qt.FocusReason.OtherFocusReason)
        if edit:
            self.edit(ix)
        return True

    def focusNextPrevChild(self, next: bool) -> bool:
        """Tab moves cell by cell while there is a next cell (the last cell hands the focus on, as
        Shift+Tab does from the first), so a Tab after a change never jumps to the buttons below."""
        ix = self.currentIndex()
        if self.hasFocus() and ix.isValid():
            cols, rows = self.item_model.columnCount(), self.item_model.rowCount()
            flat = ix.row() * cols + ix.column() + (1 if next else -1)
            if 0 <= flat < rows * cols:
                self.setCurrentIndex(self.item_model.index(flat // cols, flat % cols))
                return True
        return super().focusNextPrevChild(next)

    def paintEvent(self, e: QPaintEvent) -> None:
        super().paintEvent(e)
        if self.item_model.rowCount(QModelIndex()) == 0 and self._empty_text:
            p = QPainter(self.viewport())
            p.setPen(QColor(theme.MUTED))
            p.drawText(self.viewport().rect().adjusted(12, 0, -12, 0),
                       int(Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft), self._empty_text)
            p.end()
