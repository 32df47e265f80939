"""The portfolio: the director's units for a year - status, open remarks, nudges, last change.

Sortable and filterable (year, service area, status, a search text); double-click or Enter opens an
agreement (:attr:`PortfolioView.open_requested`). The table is a :class:`PortfolioModel` behind a
:class:`PortfolioFilter` (QSortFilterProxyModel).

Opening reads one light list (``agreements.list``); the nudge counts need each agreement's content,
so they are counted on the worker in small batches after the table is shown ("…" until then) and
kept per revision and last change, so a later refresh only counts what changed.

Hosting (main window)::

    self.portfolio = PortfolioView(ctx)
    self.stack.addWidget(self.portfolio)
    self.portfolio.open_requested.connect(lambda rid: (self.review.open(rid), self.stack.setCurrentWidget(self.review)))
    # show it: self.portfolio.load(); self.stack.setCurrentWidget(self.portfolio)
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QModelIndex, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent, QKeySequence, QShortcut, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from enhetsdialog.domain.enums import Role, Status
from enhetsdialog.domain.model import RevisionSummary
from enhetsdialog.domain.rules import nudges
from enhetsdialog.services.changes import Changes

from enhetsdialog.ui.director.models import PortfolioFilter, PortfolioModel, RevisionIdRole
from enhetsdialog.ui.director.profile import current_profile
from enhetsdialog.ui.director.review import VIEW_STYLE
from enhetsdialog.ui.i18n import tr

if TYPE_CHECKING:
    from enhetsdialog.services import Services

    from enhetsdialog.ui.context import AppContext

NUDGE_BATCH = 25  # agreements counted per worker job (keeps the worker free for the user's writes)
YEAR_KEY = "director/portfolio_year"
AREA_KEY = "director/portfolio_area"


def count_nudges(services: Services, revision_ids: Sequence[str]) -> dict[str, int]:
    """Runs on the worker: the number of nudges of each revision."""
    return {rid: len(nudges(services.agreements.revision(rid).content)) for rid in revision_ids}


class PortfolioView(QWidget):
    """Signals: ``open_requested(revision_id)``."""

    open_requested = Signal(str)

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.model = PortfolioModel(self)
        self.proxy = PortfolioFilter(self)
        self.proxy.setSourceModel(self.model)
        self._nudge_cache: dict[str, tuple[datetime | None, int]] = {}
        self._pending: list[str] = []
        self._counting = False
        self._loaded = False
        self._year: int | None = None
        self._stale = False
        self._refresh_timer = QTimer(self)
        self._refresh_timer.setSingleShot(True)
        self._refresh_timer.setInterval(0)
        self._refresh_timer.timeout.connect(self._refresh_if_stale)
        self.setObjectName("PortfolioView")
        self.setStyleSheet(VIEW_STYLE)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.setSpacing(0)

        header = QFrame()
        header.setObjectName("ViewHeader")
        hl = QVBoxLayout(header)
        hl.setContentsMargins(20, 12, 20, 10)
        hl.setSpacing(8)
        top = QHBoxLayout()
        title = QLabel(tr("Portefølje"))
        title.setProperty("role", "title")
        self.summary = QLabel()
        self.summary.setProperty("role", "meta")
        top.addWidget(title)
        top.addSpacing(12)
        top.addWidget(self.summary, 1, Qt.AlignmentFlag.AlignVCenter)
        hl.addLayout(top)
        filters = QHBoxLayout()
        filters.setSpacing(8)
        self.year = QComboBox()
        self.year.setAccessibleName(tr("År"))
        self.area = QComboBox()
        self.area.setAccessibleName(tr("Tjenesteområde"))
        self.area.setMinimumContentsLength(22)
        self.status = QComboBox()
        self.status.setAccessibleName(tr("Status"))
        self.status.addItem(tr("Alle statuser"), None)
        self.status.addItem(tr("Trenger dialog (til dialog, i dialog)"), "dialog")
        for st in Status:
            self.status.addItem(tr(st.label), st.value)
        self.search = QLineEdit()
        self.search.setPlaceholderText(tr("Søk etter enhet …"))
        self.search.setAccessibleName(tr("Søk etter enhet"))
        self.search.setClearButtonEnabled(True)
        for label, widget in ((tr("&År:"), self.year), (tr("&Tjenesteområde:"), self.area), (tr("&Status:"), self.status)):
            lab = QLabel(label)
            lab.setBuddy(widget)
            filters.addWidget(lab)
            filters.addWidget(widget)
            filters.addSpacing(6)
        filters.addWidget(self.search, 1)
        hl.addLayout(filters)
        outer.addWidget(header)

        self.table = QTableView()
        self.table.setObjectName("PortfolioTable")
        self.table.setModel(self.proxy)
        self.table.setSortingEnabled(True)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.setShowGrid(False)
        self.table.setWordWrap(False)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 14)
        head = self.table.horizontalHeader()
        head.setStretchLastSection(False)
        head.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        head.setSectionResizeMode(PortfolioModel.UNIT, QHeaderView.ResizeMode.Stretch)
        for col, width in ((PortfolioModel.AREA, 220), (PortfolioModel.YEAR, 60), (PortfolioModel.STATUS, 110),
                           (PortfolioModel.REMARKS, 150), (PortfolioModel.NUDGES, 110), (PortfolioModel.GOALS, 60),
                           (PortfolioModel.CHANGED, 140)):
            self.table.setColumnWidth(col, width)
        self.table.sortByColumn(PortfolioModel.UNIT, Qt.SortOrder.AscendingOrder)
        self.table.setAccessibleName(tr("Enhetenes avtaler"))
        # Enter and double-click open (not ``activated``: it also fires on a single click on some platforms)
        self.table.doubleClicked.connect(self._activated)
        self.table.installEventFilter(self)
        body = QVBoxLayout()
        body.setContentsMargins(20, 14, 20, 8)
        body.addWidget(self.table)
        self.hint = QLabel(tr("Dobbeltklikk eller trykk Enter for å åpne en avtale i gjennomgangen."))
        self.hint.setProperty("role", "hint")
        body.addWidget(self.hint)
        outer.addLayout(body, 1)
        QShortcut(QKeySequence("Ctrl+F"), self, lambda: self.search.setFocus(Qt.FocusReason.ShortcutFocusReason),
                  Qt.ShortcutContext.WidgetWithChildrenShortcut)

        self.year.activated.connect(self._year_chosen)
        self.area.activated.connect(self._area_chosen)
        self.status.activated.connect(lambda _row: self._status_chosen())
        self.search.textChanged.connect(self._search)
        self.proxy.rowsInserted.connect(self._update_summary)
        self.proxy.rowsRemoved.connect(self._update_summary)
        self.proxy.modelReset.connect(self._update_summary)
        self.proxy.layoutChanged.connect(self._update_summary)
        ctx.changed.connect(self._on_changed)

    # --- loading ------------------------------------------------------------------------------------------

    def load(self, year: int | None = None) -> None:
        """Read the agreements of ``year`` (default: the last chosen, or the latest year there is)."""
        if year is not None:
            self._year = year
        elif self._year is None:
            saved = self.ctx.settings.value(YEAR_KEY)
            self._year = int(saved) if saved not in (None, "") and str(saved).isdigit() else None
        rows = self.ctx.read(lambda s: s.agreements.list(latest_only=True), default=[]) or []
        years = sorted({r.year for r in rows}, reverse=True)
        if self._year not in years:
            self._year = years[0] if years else None
        self.year.clear()
        for y in years:
            self.year.addItem(str(y), y)
        if self._year is not None:
            self.year.setCurrentIndex(years.index(self._year))
        self._set_rows([r for r in rows if r.year == self._year], rows)
        self._loaded = True

    def _set_rows(self, rows: list[RevisionSummary], all_rows: list[RevisionSummary]) -> None:
        known = {r.id: self._nudge_cache[r.id][1] for r in rows
                 if r.id in self._nudge_cache and self._nudge_cache[r.id][0] == r.updated_at}
        areas = sorted({r.service_area for r in all_rows}, key=str.casefold)
        chosen = self.area.currentData() if self.area.count() else self._default_area(areas)
        self.area.clear()
        self.area.addItem(tr("Alle tjenesteområder"), "")
        for a in areas:
            self.area.addItem(a, a)
        index = self.area.findData(chosen or "")
        self.area.setCurrentIndex(max(0, index))
        self.proxy.set_area(self.area.currentData() or None)
        self.model.set_summaries(rows, known)
        self._update_summary()
        self._pending = self.model.missing_nudges()
        self._count_next()

    def _default_area(self, areas: list[str]) -> str:
        saved = self.ctx.settings.value(AREA_KEY)
        if isinstance(saved, str) and saved in areas:
            return saved
        profile = current_profile(self.ctx)
        if profile is None or profile.role is not Role.DIREKTOR:
            return ""
        units = self.ctx.read(lambda s: s.org.units(), default=[]) or []
        mine = {u.service_area.name for u in units if u.director is not None and u.director.name == profile.name}
        return next(iter(mine)) if len(mine) == 1 else ""

    def refresh(self) -> None:
        self._stale = False
        self.load(self._year)

    # --- nudge counts on the worker ---------------------------------------------------------------------------

    def _count_next(self) -> None:
        if self._counting or not self._pending:
            return
        batch, self._pending = self._pending[:NUDGE_BATCH], self._pending[NUDGE_BATCH:]
        self._counting = True
        self.ctx.submit(lambda s: count_nudges(s, batch), on_done=self._counted, on_error=self._count_failed,
                        broadcast=False)

    def _counted(self, counts: dict[str, int]) -> None:
        self._counting = False
        stamps = {s.id: s.updated_at for s in self.model.summaries()}
        for rid, n in counts.items():
            self._nudge_cache[rid] = (stamps.get(rid), n)
        self.model.set_nudges(counts)
        self._update_summary()
        self._count_next()

    def _count_failed(self, _e: BaseException) -> None:
        self._counting = False
        self._pending = []

    # --- filters ---------------------------------------------------------------------------------------------------

    def _year_chosen(self, _row: int) -> None:
        year = self.year.currentData()
        if year is not None and year != self._year:
            self.ctx.settings.setValue(YEAR_KEY, year)
            self.load(int(year))

    def _area_chosen(self, _row: int) -> None:
        area = self.area.currentData() or ""
        self.ctx.settings.setValue(AREA_KEY, area)
        self.proxy.set_area(area or None)
        self._update_summary()

    def _status_chosen(self) -> None:
        value = self.status.currentData()
        if value is None:
            self.proxy.set_statuses(None)
        elif value == "dialog":
            self.proxy.set_statuses(frozenset({Status.TIL_DIALOG, Status.I_DIALOG}))
        else:
            self.proxy.set_statuses(frozenset({Status(value)}))
        self._update_summary()

    def _search(self, text: str) -> None:
        self.proxy.set_text(text)
        self._update_summary()

    def set_area(self, area: str | None) -> None:
        self.area.setCurrentIndex(max(0, self.area.findData(area or "")))
        self._area_chosen(self.area.currentIndex())

    # --- the rows shown ----------------------------------------------------------------------------------------------

    def visible_summaries(self) -> list[RevisionSummary]:
        from enhetsdialog.ui.director.models import SummaryRole

        return [self.proxy.index(r, 0).data(SummaryRole) for r in range(self.proxy.rowCount())]

    def _update_summary(self, *_args: object) -> None:
        rows = self.visible_summaries()
        if not rows:
            self.summary.setText(tr("Ingen avtaler å vise.") if self._loaded else "")
            return
        n = len(rows)
        dialog = sum(1 for r in rows if r.status in (Status.TIL_DIALOG, Status.I_DIALOG))
        remarks = sum(r.open_remarks for r in rows)
        parts = [tr("1 enhet") if n == 1 else tr("{n} enheter", n=n)]
        if dialog:
            parts.append(tr("{n} til eller i dialog", n=dialog))
        parts.append(tr("1 åpen merknad") if remarks == 1 else tr("{n} åpne merknader", n=remarks))
        nudge_total = 0
        missing = False
        for r in rows:
            cached = self._nudge_cache.get(r.id)
            if cached is None:
                missing = True
            else:
                nudge_total += cached[1]
        if not missing:
            parts.append(tr("1 påminnelse") if nudge_total == 1 else tr("{n} påminnelser", n=nudge_total))
        self.summary.setText(" · ".join(parts))

    def _activated(self, index: QModelIndex) -> None:
        rid = index.data(RevisionIdRole)
        if rid:
            self.open_requested.emit(str(rid))

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:
        if obj is self.table and event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent):
            if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                self.open_selected()
                return True
        return super().eventFilter(obj, event)

    def open_selected(self) -> None:
        index = self.table.currentIndex()
        if index.isValid():
            self._activated(index)

    # --- updates -----------------------------------------------------------------------------------------------------------

    def _on_changed(self, changes: Changes) -> None:
        if not self._loaded:
            return
        if changes.agreements or changes.status or changes.remarks or changes.organisation or changes.revisions:
            self._stale = True
            if self.isVisible():
                self._refresh_timer.start()

    def _refresh_if_stale(self) -> None:
        if self._loaded and self._stale:
            self._stale = False
            self.refresh()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._stale:
            self._refresh_timer.start()
