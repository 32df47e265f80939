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

from PySide6.QtCore import QEvent, QModelIndex, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent, QShowEvent
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QHeaderView, QLabel, QTreeView, QVBoxLayout, QWidget

from enhetsdialog.domain.model import FullAgreement
from enhetsdialog.domain.rollup import Rollup
from enhetsdialog.i18n import _, ngettext
from enhetsdialog.services.changes import Changes

from enhetsdialog.ui.director.review import VIEW_STYLE, view_header
from enhetsdialog.ui.director.rollup_model import RevisionIdRole, RollupModel

if TYPE_CHECKING:
    from enhetsdialog.ui.context import AppContext

YEAR_KEY = "director/rollup_year"


class RollupView(QWidget):
    """Signals: ``open_requested(revision_id)``."""

    open_requested = Signal(str)

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.rollup: Rollup | None = None
        self._loaded = False
        self._stale = False
        self.setObjectName("RollupView")
        self.setStyleSheet(VIEW_STYLE)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.setSpacing(0)
        header, hl, _top, _title, self.summary = view_header(_("Den røde tråden"), summary_stretch=1)
        filters = QHBoxLayout()
        filters.setSpacing(8)
        self.year = QComboBox()
        self.year.setAccessibleName(_("År"))
        self.area = QComboBox()
        self.area.setAccessibleName(_("Tjenesteområde"))
        self.area.setMinimumContentsLength(22)
        for text, widget in ((_("&År:"), self.year), (_("&Tjenesteområde:"), self.area)):
            lab = QLabel(text)
            lab.setBuddy(widget)
            filters.addWidget(lab)
            filters.addWidget(widget)
            filters.addSpacing(6)
        filters.addStretch(1)
        hl.addLayout(filters)
        outer.addWidget(header)

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
        self.tree.doubleClicked.connect(self._activated)
        self.tree.installEventFilter(self)
        body = QVBoxLayout()
        body.setContentsMargins(20, 14, 20, 8)
        body.addWidget(self.tree)
        self.hint = QLabel(_("Dobbeltklikk eller trykk Enter på en enhet for å åpne avtalen i gjennomgangen."))
        self.hint.setProperty("role", "hint")
        body.addWidget(self.hint)
        outer.addLayout(body, 1)
        self.year.activated.connect(lambda _row: self.load())
        self.area.activated.connect(lambda _row: self.load())
        ctx.changed.connect(self._on_changed)

    # --- as a mode of the main window -----------------------------------------------------------------------

    def current_revision(self) -> str | None:
        rid = self.tree.currentIndex().data(RevisionIdRole)
        return str(rid) if rid else None

    def shown_agreement(self) -> FullAgreement | None:
        return None

    def flush(self) -> None:
        """Nothing is typed here."""

    # --- loading ---------------------------------------------------------------------------------------------

    def load(self, year: int | None = None) -> None:
        """Read the roll-up of ``year`` (default: the one chosen, else the last used, else the newest)."""
        years = self.ctx.read(lambda s: s.rollup.years(), default=[]) or []
        areas = self.ctx.read(lambda s: s.rollup.areas(), default=[]) or []
        wanted = year if year is not None else self.year.currentData()
        if wanted is None:
            saved = self.ctx.settings.value(YEAR_KEY)
            wanted = int(saved) if saved not in (None, "") and str(saved).isdigit() else None
        if wanted not in years:
            wanted = years[0] if years else None
        area = self.area.currentData() or None
        self.year.clear()
        for y in years:
            self.year.addItem(str(y), y)
        if wanted is not None:
            self.year.setCurrentIndex(years.index(wanted))
            self.ctx.settings.setValue(YEAR_KEY, wanted)
        self.area.clear()
        self.area.addItem(_("Alle tjenesteområder"), "")
        for a in areas:
            self.area.addItem(a, a)
        self.area.setCurrentIndex(max(0, self.area.findData(area or "")))
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

    # --- opening an agreement -----------------------------------------------------------------------------------

    def _activated(self, index: QModelIndex) -> None:
        rid = index.data(RevisionIdRole)
        if rid:
            self.open_requested.emit(str(rid))

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:
        if obj is self.tree and event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent):
            if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                index = self.tree.currentIndex()
                if index.isValid() and index.data(RevisionIdRole):
                    self._activated(index)
                elif index.isValid():
                    self.tree.setExpanded(index.siblingAtColumn(0), not self.tree.isExpanded(index.siblingAtColumn(0)))
                return True
        return super().eventFilter(obj, event)

    # --- updates ---------------------------------------------------------------------------------------------------

    def _on_changed(self, changes: Changes) -> None:
        if not self._loaded:
            return
        if changes.agreements or changes.status or changes.organisation or changes.revisions or changes.followup or changes.catalogue:
            self._stale = True
            if self.isVisible():
                self.load()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if not self._loaded or self._stale:
            self.load()
