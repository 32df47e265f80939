"""The portfolio: the director's units for a year - status, open remarks, nudges, last change.

Sortable and filterable (year, service area, status, a search text); double-click or Enter opens an
agreement (:attr:`PortfolioView.open_requested`). The table is a :class:`PortfolioModel` behind a
:class:`PortfolioFilter` (QSortFilterProxyModel).

Opening reads the years there are, the agreements of one year and their nudge counts
(``agreements.nudge_counts``: a few set queries that agree with ``domain.rules.nudges``) in one quick
read in the UI thread, about 20 ms for 300 units; nothing is loaded per agreement.

Hosted in the main window by :mod:`enhetsdialog.ui.director.hosting` (``open_requested`` opens the
review; the view is loaded when it is first shown).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QModelIndex, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent, QKeySequence, QShortcut, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from enhetsdialog.domain.enums import Role, Status
from enhetsdialog.domain.model import FullAgreement, RevisionSummary
from enhetsdialog.i18n import _, ngettext
from enhetsdialog.services.changes import Changes

from enhetsdialog.ui.director.models import PortfolioFilter, PortfolioModel, RevisionIdRole
from enhetsdialog.ui.director.profile import current_profile
from enhetsdialog.ui.director.review import VIEW_STYLE, view_header

if TYPE_CHECKING:
    from enhetsdialog.services import Services

    from enhetsdialog.ui.context import AppContext

YEAR_KEY = "director/portfolio_year"
AREA_KEY = "director/portfolio_area"


@dataclass(frozen=True, slots=True)
class PortfolioData:
    years: list[int]
    year: int | None
    rows: list[RevisionSummary]
    nudges: dict[str, int]
    areas: list[str]


def read_portfolio(services: Services, year: int | None) -> PortfolioData:
    """One year's agreements (the latest revision of each) with their nudge counts; ``year`` falls
    back to the newest year there is."""
    years = services.agreements.years()
    if year not in years:
        year = years[0] if years else None
    rows = services.agreements.list(year=year, latest_only=True) if year is not None else []
    counts = services.agreements.nudge_counts([r.id for r in rows]) if rows else {}
    areas = sorted({a.name for a in services.org.service_areas()}, key=str.casefold)
    return PortfolioData(years, year, rows, counts, areas)


class PortfolioView(QWidget):
    """Signals: ``open_requested(revision_id)``."""

    open_requested = Signal(str)

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.model = PortfolioModel(self)
        self.proxy = PortfolioFilter(self)
        self.proxy.setSourceModel(self.model)
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

        header, hl, _top, _title, self.summary = view_header(_("Portefølje"), summary_stretch=1)
        filters = QHBoxLayout()
        filters.setSpacing(8)
        self.year = QComboBox()
        self.year.setAccessibleName(_("År"))
        self.area = QComboBox()
        self.area.setAccessibleName(_("Tjenesteområde"))
        self.area.setMinimumContentsLength(22)
        self.status = QComboBox()
        self.status.setAccessibleName(_("Status"))
        self.status.addItem(_("Alle statuser"), None)
        self.status.addItem(_("Trenger dialog (til dialog, i dialog)"), "dialog")
        for st in Status:
            self.status.addItem(st.label, st.value)
        self.search = QLineEdit()
        self.search.setPlaceholderText(_("Søk etter enhet …"))
        self.search.setAccessibleName(_("Søk etter enhet"))
        self.search.setClearButtonEnabled(True)
        for label, widget in ((_("&År:"), self.year), (_("&Tjenesteområde:"), self.area), (_("&Status:"), self.status)):
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
        self.table.setAccessibleName(_("Enhetenes avtaler"))
        # Enter and double-click open (not ``activated``: it also fires on a single click on some platforms)
        self.table.doubleClicked.connect(self._activated)
        self.table.installEventFilter(self)
        body = QVBoxLayout()
        body.setContentsMargins(20, 14, 20, 8)
        body.addWidget(self.table)
        self.hint = QLabel(_("Dobbeltklikk eller trykk Enter for å åpne en avtale i gjennomgangen."))
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

    # --- as a mode of the main window (ui/modes.py): the selected row is the current agreement ------

    def current_revision(self) -> str | None:
        rid = self.table.currentIndex().data(RevisionIdRole)
        return str(rid) if rid else None

    def shown_agreement(self) -> FullAgreement | None:
        return None

    def flush(self) -> None:
        """Nothing is typed here."""

    def load(self, year: int | None = None) -> None:
        """Read the agreements of ``year`` (default: the last chosen, or the latest year there is)."""
        if year is not None:
            self._year = year
        elif self._year is None:
            saved = self.ctx.settings.value(YEAR_KEY)
            self._year = int(saved) if saved not in (None, "") and str(saved).isdigit() else None
        wanted = self._year
        data = self.ctx.read(lambda s: read_portfolio(s, wanted))
        if data is None:
            data = PortfolioData([], None, [], {}, [])
        self._year = data.year
        self.year.clear()
        for y in data.years:
            self.year.addItem(str(y), y)
        if data.year is not None:
            self.year.setCurrentIndex(data.years.index(data.year))
        self._set_rows(data)
        self._loaded = True

    def _set_rows(self, data: PortfolioData) -> None:
        chosen = self.area.currentData() if self.area.count() else self._default_area(data.areas)
        self.area.clear()
        self.area.addItem(_("Alle tjenesteområder"), "")
        for a in data.areas:
            self.area.addItem(a, a)
        index = self.area.findData(chosen or "")
        self.area.setCurrentIndex(max(0, index))
        self.proxy.set_area(self.area.currentData() or None)
        self.model.set_summaries(data.rows, data.nudges)
        self._update_summary()

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
            self.summary.setText(_("Ingen avtaler å vise.") if self._loaded else "")
            return
        n = len(rows)
        dialog = sum(1 for r in rows if r.status in (Status.TIL_DIALOG, Status.I_DIALOG))
        remarks = sum(r.open_remarks for r in rows)
        parts = [ngettext("{n} enhet", "{n} enheter", n)]
        if dialog:
            parts.append(_("{n} til eller i dialog", n=dialog))
        parts.append(ngettext("{n} åpen merknad", "{n} åpne merknader", remarks))
        counts = [self.model.nudges_of(r.id) for r in rows]
        if None not in counts:
            nudge_total = sum(n or 0 for n in counts)
            parts.append(ngettext("{n} påminnelse", "{n} påminnelser", nudge_total))
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
        if not self._loaded:
            self.load()
        elif self._stale:
            self._refresh_timer.start()
