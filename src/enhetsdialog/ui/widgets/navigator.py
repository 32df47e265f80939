"""The left navigator: units and their agreements by year, with status and the number of open
remarks. Reads through the app context; asks for a revision to be opened; never opens anything itself.

Large databases (a director with years of history): with more than ``EXPAND_ALL_MAX`` agreements the
units start collapsed (their rows are fetched when expanded; the current agreement's unit is opened),
the status column has a width computed from one row per status rather than from every row, and
``ctx.changed`` re-reads only the units of the agreements in the Changes. The search then finds units
(their years come along); with few agreements it finds years too, as it always did."""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING

from PySide6.QtCore import (
    QItemSelectionModel,
    QModelIndex,
    QPersistentModelIndex,
    QPoint,
    QSize,
    QSortFilterProxyModel,
    Qt,
    Signal,
)
from PySide6.QtGui import QFontMetrics, QPainter
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMenu,
    QPushButton,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from enhetsdialog.domain.enums import Status
from enhetsdialog.i18n import _
from enhetsdialog.services.changes import Changes

from enhetsdialog.ui import theme
from enhetsdialog.ui.models.navigator import (
    AgreementsRole,
    NavigatorModel,
    RemarksRole,
    StatusRole,
    SummaryRole,
    UnitRole,
)
from enhetsdialog.ui.widgets.delegates import paint_chip

if TYPE_CHECKING:
    from enhetsdialog.domain.model import RevisionSummary
    from enhetsdialog.services import Services

    from enhetsdialog.ui.context import AppContext

Index = QModelIndex | QPersistentModelIndex


def _unit_agreements(services: Services, *, unit_id: str) -> list[RevisionSummary]:
    return services.agreements.list(unit_id=unit_id, latest_only=True)


class _StatusDelegate(QStyledItemDelegate):
    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: Index) -> None:
        raw = index.data(StatusRole)  # a StrEnum arrives as str through QVariant
        if index.column() == 0:
            super().paint(painter, option, index)
            remarks = index.data(RemarksRole)
            if remarks:  # open remarks: a small count just after the year (never over it: a longer
                # status in nynorsk or English leaves the year's column narrower)
                opt = QStyleOptionViewItem(option)
                self.initStyleOption(opt, index)
                widget = opt.widget
                text = widget.style().subElementRect(QStyle.SubElement.SE_ItemViewItemText, opt, widget) \
                    if widget is not None else option.rect
                end = text.x() + QFontMetrics(opt.font).horizontalAdvance(opt.text) + 4
                paint_chip(painter, option.rect, str(remarks), theme.NUDGE, option.font,
                           left=max(0, end - option.rect.x()))
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
    EXPAND_ALL_MAX = 200  # up to this many agreements every unit is shown expanded
    REFRESH_UNITS_MAX = 20  # Changes touching more units than this re-read everything (still in place)

    open_revision = Signal(str)
    new_agreement = Signal(str)  # unit id ("" when no unit is selected)
    follow_up = Signal(str)  # open the agreement at its follow-up («Følg opp» in the context menu)

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName("Navigator")
        self.setMinimumWidth(200)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 14, 8, 10)
        layout.setSpacing(8)
        head = QHBoxLayout()
        title = QLabel(_("Avtaler"))
        title.setProperty("role", "subtitle")
        head.addWidget(title)
        head.addStretch(1)
        self.new_button = QPushButton(_("+ Ny"))
        self.new_button.setToolTip(_("Lag en ny avtale (Ctrl+N)"))
        self.new_button.clicked.connect(lambda: self.new_agreement.emit(self.current_unit_id() or ""))
        head.addWidget(self.new_button)
        layout.addLayout(head)
        # wide enough for the heading and its button in every language («Agreements  + New»)
        margins = layout.contentsMargins()
        self.setMinimumWidth(max(200, head.sizeHint().width() + margins.left() + margins.right()))
        self.search = QLineEdit()
        self.search.setPlaceholderText(_("Finn enhet …"))
        self.search.setClearButtonEnabled(True)
        self.search.setAccessibleName(_("Finn enhet"))
        layout.addWidget(self.search)
        self.model = NavigatorModel(self)
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setRecursiveFilteringEnabled(True)
        self.proxy.setAutoAcceptChildRows(True)  # the search finds units; their years come along
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
        self.tree.setAccessibleName(_("Enheter og avtaler"))
        self.tree.header().setStretchLastSection(False)
        self.tree.header().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.tree.header().setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        layout.addWidget(self.tree, 1)
        self.search.textChanged.connect(self._filter)
        self.tree.activated.connect(self._activated)
        self.tree.clicked.connect(self._activated)
        self.tree.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.tree.customContextMenuRequested.connect(self._context_menu)
        ctx.changed.connect(self._changed)
        self._current: str | None = None
        self._spanned = False
        self.reload()

    def reload(self) -> None:
        data = self.ctx.read(lambda s: (s.org.units(), s.agreements.list(latest_only=True)), None)
        if data is None:
            return
        units_before = self.model.rowCount()
        self.model.set_data(*data)  # in place when the units are the same
        self.search.setVisible(self.model.rowCount() > 8)
        if units_before != self.model.rowCount() or not self._spanned:
            self._span_units()
        self._after_refresh()

    def _after_refresh(self) -> None:
        header = self.tree.header()
        small = self.model.agreement_count() <= self.EXPAND_ALL_MAX
        if self.proxy.isRecursiveFilteringEnabled() != small:
            # small: everything is fetched, so the search finds years too; large: units only
            self.proxy.setRecursiveFilteringEnabled(small)
        if small:
            self.model.fetch_all()
            self.tree.expandAll()
            if header.sectionResizeMode(1) != QHeaderView.ResizeMode.ResizeToContents:
                header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        else:  # ResizeToContents would ask the delegate about every visible row, again and again
            if header.sectionResizeMode(1) != QHeaderView.ResizeMode.Fixed:
                header.setSectionResizeMode(1, QHeaderView.ResizeMode.Fixed)
            self._fit_status_column()
        if self._current:
            self.set_current(self._current)

    def _span_units(self) -> None:
        root = self.tree.rootIndex()
        for row in range(self.proxy.rowCount()):
            self.tree.setFirstColumnSpanned(row, root, True)
        self._spanned = True

    def _fit_status_column(self) -> None:
        """The width the widest status shown needs (one row per status, not every row)."""
        seen: dict[str, str] = {}
        for s in self.model.summaries():
            seen.setdefault(s.status, s.id)
        width = 0
        for rid in seen.values():
            ix = self.proxy.mapFromSource(self.model.index_of_revision(rid))
            if ix.isValid():
                width = max(width, self.tree.sizeHintForIndex(ix.siblingAtColumn(1)).width())
        if width and width != self.tree.header().sectionSize(1):
            self.tree.header().resizeSection(1, width)

    def _changed(self, changes: Changes) -> None:
        if changes.organisation:
            self.reload()
            return
        if not (changes.agreements or changes.status or changes.remarks):
            return
        units: set[str] = set()
        unknown = False
        for aid in changes.agreements | changes.remarks:
            unit = self.model.unit_of_agreement(aid)
            unknown |= unit is None
            units.add(unit or "")
        if changes.status:
            unknown |= not changes.revisions
            for rid in changes.revisions:
                unit = self.model.unit_of_revision(rid)
                unknown |= unit is None
                units.add(unit or "")
        if unknown or len(units) > self.REFRESH_UNITS_MAX:
            self.reload()  # something new (or much): read all, still updated in place
            return
        for unit_id in sorted(units):
            rows = self.ctx.read(partial(_unit_agreements, unit_id=unit_id), None)
            if rows is not None:
                self.model.set_unit_agreements(unit_id, rows)
        self._after_refresh()

    def _filter(self, text: str) -> None:
        self.proxy.setFilterFixedString(text.strip())
        self._span_units()
        shown = 0
        for row in range(self.proxy.rowCount()):
            shown += len(self.proxy.index(row, 0).data(AgreementsRole) or ())
        if shown <= self.EXPAND_ALL_MAX:
            self.tree.expandAll()

    def _activated(self, index: QModelIndex) -> None:
        summary = index.data(SummaryRole)
        if summary is not None and summary.id != self._current:
            self.open_revision.emit(summary.id)

    def _context_menu(self, pos: QPoint) -> None:
        summary = self.tree.indexAt(pos).data(SummaryRole)
        if summary is None:
            return
        menu = QMenu(self)
        menu.addAction(_("Åpne"), lambda: self.open_revision.emit(summary.id))
        menu.addAction(_("Følg opp"), lambda: self.follow_up.emit(summary.id))
        menu.popup(self.tree.viewport().mapToGlobal(pos))

    def set_current(self, revision_id: str | None) -> None:
        self._current = revision_id
        if revision_id is None:
            self.tree.clearSelection()
            return
        ix = self.proxy.mapFromSource(self.model.index_of_revision(revision_id))
        if ix.isValid():
            moved = ix != self.tree.currentIndex()
            if moved:  # not again on every refresh: the user may have closed the unit
                self.tree.expand(ix.parent())
            self.tree.selectionModel().setCurrentIndex(
                ix, QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows
            )
            if moved:
                self.tree.scrollTo(ix)

    def current_unit_id(self) -> str | None:
        info = self.tree.currentIndex().data(UnitRole)
        return info.unit.id if info is not None else None
