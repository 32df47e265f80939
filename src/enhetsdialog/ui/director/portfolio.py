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

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QAbstractItemView, QComboBox, QHeaderView, QLineEdit, QTableView, QWidget

from enhetsdialog.domain.enums import Role, Status
from enhetsdialog.domain.model import RevisionSummary
from enhetsdialog.i18n import _, ngettext
from enhetsdialog.services.changes import Changes

from enhetsdialog.ui.director.listing import ListingView
from enhetsdialog.ui.director.models import PortfolioFilter, PortfolioModel, SummaryRole
from enhetsdialog.ui.director.profile import current_profile

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


class PortfolioView(ListingView):
    """Signals: ``open_requested(revision_id)``."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, name="PortfolioView", parent=parent)
        self.model = PortfolioModel(self)
        self.proxy = PortfolioFilter(self)
        self.proxy.setSourceModel(self.model)
        self._year: int | None = None
        self._refresh_timer = QTimer(self)
        self._refresh_timer.setSingleShot(True)
        self._refresh_timer.setInterval(0)
        self._refresh_timer.timeout.connect(self._refresh_if_stale)

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
        self._build_header(_("Portefølje"), ((_("&Status:"), self.status),), last=self.search)

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
        self._build_list(self.table, _("Dobbeltklikk eller trykk Enter for å åpne en avtale i gjennomgangen."))
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

    # --- loading ------------------------------------------------------------------------------------------

    def load(self, year: int | None = None) -> None:
        """Read the agreements of ``year`` (default: the last chosen, or the latest year there is)."""
        if year is not None:
            self._year = year
        elif self._year is None:
            self._year = self._saved_year(YEAR_KEY)
        wanted = self._year
        data = self.ctx.read(lambda s: read_portfolio(s, wanted))
        if data is None:
            data = PortfolioData([], None, [], {}, [])
        self._year = data.year
        self._show_years(data.years, data.year)
        self._set_rows(data)
        self._loaded = True

    def _set_rows(self, data: PortfolioData) -> None:
        chosen = self.area.currentData() if self.area.count() else self._default_area(data.areas)
        self._show_areas(data.areas, chosen)
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

    # --- updates -----------------------------------------------------------------------------------------------------------

    def _affected_by(self, changes: Changes) -> bool:
        return bool(changes.agreements or changes.status or changes.remarks or changes.organisation
                    or changes.revisions)

    def _reload_stale(self) -> None:
        self._refresh_timer.start()

    def _refresh_if_stale(self) -> None:
        if self._loaded and self._stale:
            self._stale = False
            self.refresh()
