"""What the director's two listing modes share (the portfolio and the red thread): a mode of the main
window (ui/modes.py) that lists agreements and edits none.

:class:`ListingView` lays out the header (title, summary, the year and service-area filters and any
filters of the view's own), the list with a hint below it, and keeps the read-only mode protocol:
the agreement of the current row is the current agreement, none is held open, nothing is typed.
Enter or a double-click on a row that names an agreement asks to open it (``open_requested``); a
change to what the view shows marks it stale, and it is read again at once when visible, else when
it is next shown.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QModelIndex, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent, QShowEvent
from PySide6.QtWidgets import QAbstractItemView, QComboBox, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from enhetsdialog.domain.model import FullAgreement
from enhetsdialog.i18n import _
from enhetsdialog.services.changes import Changes

from enhetsdialog.ui.director.models import RevisionIdRole
from enhetsdialog.ui.director.review import VIEW_STYLE, view_header

if TYPE_CHECKING:
    from enhetsdialog.ui.context import AppContext


class ListingView(QWidget):
    """Signals: ``open_requested(revision_id)``.

    A subclass builds its header with :meth:`_build_header` and its list with :meth:`_build_list`,
    and says which changes concern it (:meth:`_affected_by`) and how it loads (:meth:`load`)."""

    open_requested = Signal(str)

    def __init__(self, ctx: AppContext, *, name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self._loaded = False
        self._stale = False
        self.setObjectName(name)
        self.setStyleSheet(VIEW_STYLE)
        self.outer = QVBoxLayout(self)
        self.outer.setContentsMargins(0, 0, 0, 0)
        self.outer.setSpacing(0)
        self.year = QComboBox()
        self.year.setAccessibleName(_("År"))
        self.area = QComboBox()
        self.area.setAccessibleName(_("Tjenesteområde"))
        self.area.setMinimumContentsLength(22)
        ctx.changed.connect(self._on_changed)

    # --- building ---------------------------------------------------------------------------------------

    def _build_header(self, title: str, extra: Sequence[tuple[str, QWidget]] = (), *,
                      last: QWidget | None = None) -> None:
        """The title and summary, then the filters: year, service area, ``extra`` (label, widget),
        and ``last`` taking the rest of the row (else a stretch)."""
        header, hl, _top, _title, self.summary = view_header(title, summary_stretch=1)
        filters = QHBoxLayout()
        filters.setSpacing(8)
        for label, widget in ((_("&År:"), self.year), (_("&Tjenesteområde:"), self.area), *extra):
            lab = QLabel(label)
            lab.setBuddy(widget)
            filters.addWidget(lab)
            filters.addWidget(widget)
            filters.addSpacing(6)
        if last is None:
            filters.addStretch(1)
        else:
            filters.addWidget(last, 1)
        hl.addLayout(filters)
        self.outer.addWidget(header)

    def _build_list(self, view: QAbstractItemView, hint: str) -> None:
        """``view`` below the header, ``hint`` below it; its rows open on Enter and double-click
        (not ``activated``: it also fires on a single click on some platforms)."""
        self.list_view = view
        view.doubleClicked.connect(self._activated)
        view.installEventFilter(self)
        body = QVBoxLayout()
        body.setContentsMargins(20, 14, 20, 8)
        body.addWidget(view)
        self.hint = QLabel(hint)
        self.hint.setProperty("role", "hint")
        body.addWidget(self.hint)
        self.outer.addLayout(body, 1)

    # --- the filters ------------------------------------------------------------------------------------

    def _saved_year(self, key: str) -> int | None:
        saved = self.ctx.settings.value(key)
        return int(saved) if saved not in (None, "") and str(saved).isdigit() else None

    def _show_years(self, years: list[int], year: int | None) -> None:
        self.year.clear()
        for y in years:
            self.year.addItem(str(y), y)
        if year is not None:
            self.year.setCurrentIndex(years.index(year))

    def _show_areas(self, areas: list[str], chosen: str | None) -> None:
        self.area.clear()
        self.area.addItem(_("Alle tjenesteområder"), "")
        for a in areas:
            self.area.addItem(a, a)
        self.area.setCurrentIndex(max(0, self.area.findData(chosen or "")))

    # --- as a mode of the main window (ui/modes.py): the selected row is the current agreement ------

    def current_revision(self) -> str | None:
        rid = self.list_view.currentIndex().data(RevisionIdRole)
        return str(rid) if rid else None

    def shown_agreement(self) -> FullAgreement | None:
        return None

    def flush(self) -> None:
        """Nothing is typed here."""

    def load(self) -> None:
        raise NotImplementedError

    # --- opening an agreement -----------------------------------------------------------------------------

    def _activated(self, index: QModelIndex) -> None:
        rid = index.data(RevisionIdRole)
        if rid:
            self.open_requested.emit(str(rid))

    def open_selected(self) -> None:
        index = self.list_view.currentIndex()
        if index.isValid():
            self._activated(index)

    def _enter_pressed(self) -> None:
        self.open_selected()

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:
        if obj is self.list_view and event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent):
            if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                self._enter_pressed()
                return True
        return super().eventFilter(obj, event)

    # --- updates ------------------------------------------------------------------------------------------

    def _affected_by(self, changes: Changes) -> bool:
        raise NotImplementedError

    def _reload_stale(self) -> None:
        self.load()

    def _on_changed(self, changes: Changes) -> None:
        if not self._loaded:
            return
        if self._affected_by(changes):
            self._stale = True
            if self.isVisible():
                self._reload_stale()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if not self._loaded:
            self.load()
        elif self._stale:
            self._reload_stale()
