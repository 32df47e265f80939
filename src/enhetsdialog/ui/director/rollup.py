"""The red thread from the top: for a year (and a service area), every plan goal of the catalogue with
the units whose goals link to it – their indicators' status and year-end assessment – and the plan
goals no unit contributes to («Ingen enhet bidrar»); then the SDGs likewise. A mode beside the
portfolio (Direktør → Den røde tråden, Ctrl+Shift+T).

Keyboard: the tree has the focus when the view opens; arrows move, → / ← open and close a plan goal,
Enter (or a double-click) on a unit's row opens that agreement in the review
(:attr:`RollupView.open_requested`). The data is read in one quick read (``services.rollup``:
a few bulk queries) when the view is shown and when the year or area changes.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QHeaderView, QTreeView, QWidget

from enhetsdialog.domain.rollup import Rollup
from enhetsdialog.i18n import _, ngettext
from enhetsdialog.services.changes import Changes

from enhetsdialog.ui.director.listing import ListingView
from enhetsdialog.ui.director.models import RevisionIdRole
from enhetsdialog.ui.director.rollup_model import RollupModel

if TYPE_CHECKING:
    from enhetsdialog.ui.context import AppContext

YEAR_KEY = "director/rollup_year"


class RollupView(ListingView):
    """Signals: ``open_requested(revision_id)``."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, name="RollupView", parent=parent)
        self.rollup: Rollup | None = None
        self._build_header(_("Den røde tråden"))

        self.model = RollupModel(self)
        self.tree = QTreeView()
        self.tree.setObjectName("RollupTree")
        self.tree.setModel(self.model)
        self.tree.setAlternatingRowColors(True)
        self.tree.setUniformRowHeights(True)
        self.tree.setAccessibleName(_("Planmål og enhetenes bidrag"))
        head = self.tree.header()
        head.setStretchLastSection(False)
        head.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for col, width in ((1, 330), (2, 190), (3, 120)):
            head.setSectionResizeMode(col, QHeaderView.ResizeMode.Interactive)
            self.tree.setColumnWidth(col, width)
        self._build_list(self.tree, _("Dobbeltklikk eller trykk Enter på en enhet for å åpne avtalen i gjennomgangen."))
        self.year.activated.connect(lambda _row: self.load())
        self.area.activated.connect(lambda _row: self.load())

    # --- loading ---------------------------------------------------------------------------------------------

    def load(self, year: int | None = None) -> None:
        """Read the roll-up of ``year`` (default: the one chosen, else the last used, else the newest)."""
        years = self.ctx.read(lambda s: s.rollup.years(), default=[]) or []
        areas = self.ctx.read(lambda s: s.rollup.areas(), default=[]) or []
        wanted = year if year is not None else self.year.currentData()
        if wanted is None:
            wanted = self._saved_year(YEAR_KEY)
        if wanted not in years:
            wanted = years[0] if years else None
        area = self.area.currentData() or None
        self._show_years(years, wanted)
        if wanted is not None:
            self.ctx.settings.setValue(YEAR_KEY, wanted)
        self._show_areas(areas, area)
        chosen_area = area if area in areas else None
        self.rollup = (
            self.ctx.read(lambda s: s.rollup.rollup(wanted, chosen_area)) if wanted is not None else None
        )
        self.model.set_rollup(self.rollup)
        self.tree.expandToDepth(0)
        self._loaded = True
        self._stale = False
        self._update_summary()
        first = self.model.index(0, 0)
        if first.isValid() and not self.tree.currentIndex().isValid():
            self.tree.setCurrentIndex(first)

    def _update_summary(self) -> None:
        r = self.rollup
        if r is None:
            self.summary.setText(_("Ingen avtaler å vise."))
            return
        nobody = sum(1 for row in r.plan_goals if row.nobody)
        parts = [ngettext("{n} avtale", "{n} avtaler", r.agreements),
                 _("{n} planmål", n=len(r.plan_goals)),
                 _("{n} uten bidrag fra noen enhet", n=nobody)]
        self.summary.setText(" · ".join(parts))

    # --- opening an agreement: Enter on a plan goal opens or closes it ---------------------------------------

    def _enter_pressed(self) -> None:
        index = self.tree.currentIndex()
        if index.isValid() and index.data(RevisionIdRole):
            self._activated(index)
        elif index.isValid():
            self.tree.setExpanded(index.siblingAtColumn(0), not self.tree.isExpanded(index.siblingAtColumn(0)))

    # --- updates ---------------------------------------------------------------------------------------------------

    def _affected_by(self, changes: Changes) -> bool:
        return bool(changes.agreements or changes.status or changes.organisation or changes.revisions
                    or changes.followup or changes.catalogue)
