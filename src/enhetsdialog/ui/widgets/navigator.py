"""The left navigator: units and their agreements by year, with status and the number of open
remarks. Reads through the app context; asks for a revision to be opened; never opens anything itself."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import (
    QItemSelectionModel,
    QModelIndex,
    QPersistentModelIndex,
    QSize,
    QSortFilterProxyModel,
    Qt,
    Signal,
)
from PySide6.QtGui import QPainter
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from enhetsdialog.domain.enums import Status
from enhetsdialog.services.changes import Changes

from enhetsdialog.ui import theme
from enhetsdialog.ui.i18n import tr
from enhetsdialog.ui.models.navigator import NavigatorModel, RemarksRole, StatusRole, SummaryRole, UnitRole
from enhetsdialog.ui.widgets.delegates import paint_chip

if TYPE_CHECKING:
    from enhetsdialog.ui.context import AppContext

Index = QModelIndex | QPersistentModelIndex


class _StatusDelegate(QStyledItemDelegate):
    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: Index) -> None:
        raw = index.data(StatusRole)  # a StrEnum arrives as str through QVariant
        if index.column() == 0:
            super().paint(painter, option, index)
            remarks = index.data(RemarksRole)
            if remarks:  # open remarks: a small count at the right end of the year
                paint_chip(painter, option.rect, str(remarks), theme.NUDGE, option.font, right=6)
            return
        if index.column() != 1 or not raw:
            super().paint(painter, option, index)
            return
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        opt.text = ""
        widget = opt.widget
        if widget is not None:
            widget.style().drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, widget)
        status = Status(raw)
        paint_chip(painter, opt.rect, status.label, theme.STATUS_CHIPS[status], opt.font, left=2)

    def sizeHint(self, option: QStyleOptionViewItem, index: Index) -> QSize:
        s = super().sizeHint(option, index)
        return QSize(s.width() + 16, max(s.height(), 28))


class NavigatorPanel(QFrame):
    open_revision = Signal(str)
    new_agreement = Signal(str)  # unit id ("" when no unit is selected)

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName("Navigator")
        self.setMinimumWidth(200)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 14, 8, 10)
        layout.setSpacing(8)
        head = QHBoxLayout()
        title = QLabel(tr("Avtaler"))
        title.setProperty("role", "subtitle")
        head.addWidget(title)
        head.addStretch(1)
        self.new_button = QPushButton(tr("+ Ny"))
        self.new_button.setToolTip(tr("Lag en ny avtale (Ctrl+N)"))
        self.new_button.clicked.connect(lambda: self.new_agreement.emit(self.current_unit_id() or ""))
        head.addWidget(self.new_button)
        layout.addLayout(head)
        self.search = QLineEdit()
        self.search.setPlaceholderText(tr("Finn enhet …"))
        self.search.setClearButtonEnabled(True)
        self.search.setAccessibleName(tr("Finn enhet"))
        layout.addWidget(self.search)
        self.model = NavigatorModel(self)
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setRecursiveFilteringEnabled(True)
        self.proxy.setAutoAcceptChildRows(True)
        self.proxy.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.tree = QTreeView()
        self.tree.setObjectName("NavigatorTree")
        self.tree.setModel(self.proxy)
        self.tree.setItemDelegate(_StatusDelegate(self.tree))
        self.tree.setHeaderHidden(True)
        self.tree.setRootIsDecorated(True)
        self.tree.setIndentation(14)
        self.tree.setUniformRowHeights(True)
        self.tree.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.tree.setAccessibleName(tr("Enheter og avtaler"))
        self.tree.header().setStretchLastSection(False)
        self.tree.header().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.tree.header().setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        layout.addWidget(self.tree, 1)
        self.search.textChanged.connect(self._filter)
        self.tree.activated.connect(self._activated)
        self.tree.clicked.connect(self._activated)
        ctx.changed.connect(self._changed)
        self._current: str | None = None
        self.reload()

    def reload(self) -> None:
        data = self.ctx.read(lambda s: (s.org.units(), s.agreements.list(latest_only=True)), ([], []))
        assert data is not None
        self.model.set_data(*data)
        self.search.setVisible(self.model.rowCount() > 8)
        for row in range(self.proxy.rowCount()):
            self.tree.setFirstColumnSpanned(row, self.tree.rootIndex(), True)
        self.tree.expandAll()
        if self._current:
            self.set_current(self._current)

    def _changed(self, changes: Changes) -> None:
        if changes.agreements or changes.status or changes.organisation or changes.remarks:
            self.reload()

    def _filter(self, text: str) -> None:
        self.proxy.setFilterFixedString(text.strip())
        for row in range(self.proxy.rowCount()):
            self.tree.setFirstColumnSpanned(row, self.tree.rootIndex(), True)
        self.tree.expandAll()

    def _activated(self, index: QModelIndex) -> None:
        summary = index.data(SummaryRole)
        if summary is not None and summary.id != self._current:
            self.open_revision.emit(summary.id)

    def set_current(self, revision_id: str | None) -> None:
        self._current = revision_id
        if revision_id is None:
            self.tree.clearSelection()
            return
        ix = self.proxy.mapFromSource(self.model.index_of_revision(revision_id))
        if ix.isValid():
            self.tree.selectionModel().setCurrentIndex(
                ix, QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows
            )

    def current_unit_id(self) -> str | None:
        info = self.tree.currentIndex().data(UnitRole)
        return info.unit.id if info is not None else None
