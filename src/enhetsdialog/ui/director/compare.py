"""Compare side by side: two agreements next to each other (this year and last year of one unit,
revision n and n-1, unit A and unit B) with the differences from :func:`domain.compare.compare`
marked on each item and listed on the right; choosing a difference scrolls both sides to it.

The sections are rows of one grid in one scroll area, so the two sides scroll together and each
section starts at the same height on both sides.

Hosted in the main window by :mod:`enhetsdialog.ui.director.hosting`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QModelIndex, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QComboBox,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QListView,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from enhetsdialog.domain.compare import Difference, DiffKind, compare
from enhetsdialog.domain.enums import Section
from enhetsdialog.domain.model import FullAgreement, RevisionSummary
from enhetsdialog.i18n import _, ngettext
from enhetsdialog.services.changes import Changes

from enhetsdialog.ui import theme
from enhetsdialog.ui.director.compare_marks import block_for, marks_for
from enhetsdialog.ui.director.document import AnchorKey, Block, BlockView, agreement_blocks
from enhetsdialog.ui.director.models import (
    DIFF_LABELS,
    MARK_COLOURS,
    DifferenceModel,
    DifferenceRole,
    RevisionChoiceModel,
    RevisionIdRole,
)
from enhetsdialog.ui.director.review import VIEW_STYLE, view_header

if TYPE_CHECKING:
    from enhetsdialog.ui.context import AppContext

SECTIONS: tuple[Section, ...] = (
    Section.HELE, Section.HVOR, Section.HVORDAN, Section.ENKLERE, Section.LYKKES, Section.SAMSKAPING,
)
COMPARE_STYLE = VIEW_STYLE + f"""
QListView#Differences {{ background: {theme.SURFACE}; border: 1px solid {theme.BORDER}; border-radius: 8px; }}
QListView#Differences::item {{ padding: 6px 4px; border-bottom: 1px solid #EEF1F4; }}
QListView#Differences::item:selected {{ background: {theme.ACCENT_SOFT}; color: {theme.TEXT}; }}
QLabel[role="sideTitle"] {{ font-size: 12.5pt; font-weight: 600; color: {theme.TEXT}; }}
"""


class Legend(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(10)
        for kind in (DiffKind.ADDED, DiffKind.CHANGED, DiffKind.MOVED, DiffKind.REMOVED):
            chip = MARK_COLOURS[kind]
            label = QLabel(str(DIFF_LABELS[kind]))
            label.setStyleSheet(
                f"QLabel {{ color: {chip.fg}; background: {chip.bg}; border-left: 5px solid "
                f"{chip.border if kind is DiffKind.CHANGED else chip.fg}; padding: 2px 8px; border-radius: 3px; }}"
            )
            layout.addWidget(label)
        layout.addStretch(1)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)  # one line high, always


class CompareView(QWidget):
    """Signals: ``review_requested(revision_id)`` - open one side in the review."""

    review_requested = Signal(str)

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.a: FullAgreement | None = None
        self.b: FullAgreement | None = None
        self.blocks_a: list[Block] = []
        self.blocks_b: list[Block] = []
        self.views_a: dict[AnchorKey, BlockView] = {}
        self.views_b: dict[AnchorKey, BlockView] = {}
        self.differences: list[Difference] = []
        self._flashed: list[BlockView] = []
        self._choices_loaded = False
        self.setObjectName("CompareView")
        self.setStyleSheet(COMPARE_STYLE)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.setSpacing(0)

        header, hl, top, _title, self.summary = view_header(_("Sammenlign"))
        top.addStretch(1)
        self.previous_year_button = QPushButton(_("Samme enhet året før"))
        self.previous_year_button.setToolTip(_("Sammenlign «Etter» med samme enhets avtale for året før"))
        self.previous_year_button.clicked.connect(lambda: self.b and self.show_previous_year(self.b.revision.id))
        self.previous_revision_button = QPushButton(_("Forrige revisjon"))
        self.previous_revision_button.setToolTip(_("Sammenlign «Etter» med revisjonen før den"))
        self.previous_revision_button.clicked.connect(lambda: self.b and self.show_previous_revision(self.b.revision.id))
        top.addWidget(self.previous_year_button)
        top.addWidget(self.previous_revision_button)
        pick = QHBoxLayout()
        self.choices = RevisionChoiceModel(self)
        self.pick_a = QComboBox()
        self.pick_b = QComboBox()
        for combo, label in ((self.pick_a, _("Før")), (self.pick_b, _("Etter"))):
            combo.setModel(self.choices)
            combo.setMinimumContentsLength(28)
            combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
            combo.setAccessibleName(label)
            combo.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        la = QLabel(_("&Før:"))
        la.setBuddy(self.pick_a)
        lb = QLabel(_("&Etter:"))
        lb.setBuddy(self.pick_b)
        self.swap_button = QPushButton("⇄")
        self.swap_button.setToolTip(_("Bytt side"))
        self.swap_button.setAccessibleName(_("Bytt side"))
        self.swap_button.clicked.connect(self.swap)
        pick.addWidget(la)
        pick.addWidget(self.pick_a, 1)
        pick.addWidget(self.swap_button)
        pick.addWidget(lb)
        pick.addWidget(self.pick_b, 1)
        hl.addLayout(pick)
        self.pick_a.activated.connect(self._picked)
        self.pick_b.activated.connect(self._picked)
        outer.addWidget(header)

        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.setChildrenCollapsible(False)
        self.scroll_area = QScrollArea()
        self.scroll_area.setWidgetResizable(True)
        self.scroll_area.setFrameShape(QFrame.Shape.NoFrame)
        self.scroll_area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        splitter.addWidget(self.scroll_area)
        side = QWidget()
        sl = QVBoxLayout(side)
        sl.setContentsMargins(8, 10, 16, 12)
        sl.setSpacing(8)
        self.diff_title = QLabel(_("Forskjeller"))
        self.diff_title.setProperty("role", "subtitle")
        sl.addWidget(self.diff_title)
        sl.addWidget(Legend())
        self.diff_model = DifferenceModel(self)
        self.diff_list = QListView()
        self.diff_list.setObjectName("Differences")
        self.diff_list.setModel(self.diff_model)
        self.diff_list.setWordWrap(True)
        self.diff_list.setUniformItemSizes(False)
        self.diff_list.setResizeMode(QListView.ResizeMode.Adjust)
        self.diff_list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.diff_list.setTextElideMode(Qt.TextElideMode.ElideNone)
        self.diff_list.setIconSize(QSize(10, 10))
        self.diff_list.setAccessibleName(_("Forskjeller mellom avtalene"))
        self.diff_list.clicked.connect(self._diff_chosen)
        self.diff_list.activated.connect(self._diff_chosen)
        sl.addWidget(self.diff_list, 1)
        self.no_diff = QLabel(_("Ingen forskjeller i innholdet."))
        self.no_diff.setProperty("role", "guide")
        self.no_diff.hide()
        sl.addWidget(self.no_diff)
        sl.addStretch(0)  # takes the height the hidden list leaves (no differences): nothing grows
        splitter.addWidget(side)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([980, 360])
        outer.addWidget(splitter, 1)
        self.sheet: QWidget | None = None
        self._unflash = QTimer(self)
        self._unflash.setSingleShot(True)
        self._unflash.setInterval(1500)
        self._unflash.timeout.connect(self._clear_flash)
        self._refresh = QTimer(self)
        self._refresh.setSingleShot(True)
        self._refresh.setInterval(0)
        self._refresh.timeout.connect(self.reload)
        ctx.changed.connect(self._on_changed)
        self._set_empty()

    # --- choosing ---------------------------------------------------------------------------------------

    # --- as a mode of the main window (ui/modes.py): the "after" side is the current agreement ------

    def current_revision(self) -> str | None:
        return self.b.revision.id if self.b is not None else None

    def shown_agreement(self) -> FullAgreement | None:
        return self.b

    def flush(self) -> None:
        """Nothing is typed here."""

    def load_choices(self) -> None:
        rows = self.ctx.read(lambda s: s.agreements.list(latest_only=False), default=[]) or []
        self.choices.set_summaries(rows)
        self._choices_loaded = True
        self._sync_pickers()

    def _summary(self, revision_id: str) -> RevisionSummary | None:
        return next((r for r in self.choices.summaries() if r.id == revision_id), None)

    def show_for(self, revision_id: str) -> bool:
        """Open with sensible sides for ``revision_id`` (the "after"): the revision before it, or
        else the same unit's agreement the year before."""
        if not self._choices_loaded:
            self.load_choices()
        return self.show_previous_revision(revision_id) or self.show_previous_year(revision_id) or self.compare_revisions(None, revision_id)

    def show_previous_year(self, revision_id: str) -> bool:
        if not self._choices_loaded:
            self.load_choices()
        me = self._summary(revision_id)
        if me is None:
            return False
        earlier = [r for r in self.choices.summaries() if r.unit_id == me.unit_id and r.year < me.year]
        if not earlier:
            self.summary.setText(_("{unit} har ingen avtale fra før {year}.", unit=me.unit_name, year=me.year))
            return False
        best = max(earlier, key=lambda r: (r.year, r.number))
        return self.compare_revisions(best.id, revision_id)

    def show_previous_revision(self, revision_id: str) -> bool:
        if not self._choices_loaded:
            self.load_choices()
        me = self._summary(revision_id)
        if me is None:
            return False
        prev = [r for r in self.choices.summaries() if r.agreement_id == me.agreement_id and r.number < me.number]
        if not prev:
            return False
        return self.compare_revisions(max(prev, key=lambda r: r.number).id, revision_id)

    def swap(self) -> None:
        if self.a is not None and self.b is not None:
            self.compare_revisions(self.b.revision.id, self.a.revision.id)

    def _picked(self, _row: int) -> None:
        a = self.pick_a.currentData(RevisionIdRole)
        b = self.pick_b.currentData(RevisionIdRole)
        if a and b:
            self.compare_revisions(a, b)

    def _sync_pickers(self) -> None:
        for combo, full in ((self.pick_a, self.a), (self.pick_b, self.b)):
            combo.setCurrentIndex(self.choices.row_of(full.revision.id) if full else -1)

    # --- comparing --------------------------------------------------------------------------------------------

    def compare_revisions(self, a_id: str | None, b_id: str | None) -> bool:
        """Show ``a`` (before) and ``b`` (after) side by side with their differences."""
        a = self.ctx.read(lambda s: s.agreements.get(a_id)) if a_id else None
        b = self.ctx.read(lambda s: s.agreements.get(b_id)) if b_id else None
        if (a_id and a is None) or (b_id and b is None):
            return False
        self.set_agreements(a, b)
        return True

    def reload(self) -> None:
        self.compare_revisions(self.a.revision.id if self.a else None, self.b.revision.id if self.b else None)

    def set_agreements(self, a: FullAgreement | None, b: FullAgreement | None) -> None:
        """Build the view from two loaded agreements (no reads: what the benchmark measures)."""
        self.a, self.b = a, b
        self.blocks_a = agreement_blocks(a) if a else []
        self.blocks_b = agreement_blocks(b) if b else []
        if a is not None and b is not None:
            plan_goals = {**a.plan_goals, **b.plan_goals}
            self.differences = compare(a.revision, b.revision, plan_goals=plan_goals)
        else:
            self.differences = []
        marks_a, marks_b = marks_for(self.differences, self.blocks_a, self.blocks_b)
        self._build(marks_a, marks_b)
        self.diff_model.set_differences(self.differences)
        n = len(self.differences)
        self.diff_title.setText(_("Forskjeller ({n})", n=n))
        self.no_diff.setVisible(a is not None and b is not None and n == 0)
        self.diff_list.setVisible(n > 0)
        if a is not None and b is not None:
            same_unit = a.unit.id == b.unit.id
            what = (
                _("{unit}: {ya} og {yb}", unit=b.unit.name, ya=self._name(a, short=True), yb=self._name(b, short=True))
                if same_unit
                else _("{a} og {b}", a=self._name(a), b=self._name(b))
            )
            count = ngettext("{n} forskjell", "{n} forskjeller", n)
            self.summary.setText(f"{what} · {count}")
        elif b is None and a is None:
            self.summary.setText(_("Velg to avtaler å sammenligne."))
        self.previous_year_button.setEnabled(b is not None)
        self.previous_revision_button.setEnabled(b is not None and b.revision.number > 1)
        self.swap_button.setEnabled(a is not None and b is not None)
        if self._choices_loaded:
            self._sync_pickers()

    @staticmethod
    def _name(full: FullAgreement, *, short: bool = False) -> str:
        rev = full.revision
        tail = _(" rev. {n}", n=rev.number) if rev.number > 1 else ""
        return f"{rev.year}{tail}" if short else f"{full.unit.name} {rev.year}{tail}"

    def _set_empty(self) -> None:
        self.set_agreements(None, None)

    def _build(self, marks_a: dict[AnchorKey, str], marks_b: dict[AnchorKey, str]) -> None:
        sheet = QWidget()
        sheet.setObjectName("Sheet")
        grid = QGridLayout(sheet)
        grid.setContentsMargins(20, 10, 12, 28)
        grid.setHorizontalSpacing(14)
        grid.setVerticalSpacing(14)
        grid.setColumnStretch(0, 1)
        grid.setColumnStretch(1, 1)
        self.views_a, self.views_b = {}, {}
        for col, (full, blocks, marks, views) in enumerate((
            (self.a, self.blocks_a, marks_a, self.views_a),
            (self.b, self.blocks_b, marks_b, self.views_b),
        )):
            head = QLabel(self._side_title(full, col))
            head.setProperty("role", "sideTitle")
            head.setWordWrap(True)
            grid.addWidget(head, 0, col)
            if full is None:
                continue
            by_section: dict[Section, list[Block]] = {}
            for block in blocks:
                by_section.setdefault(block.section, []).append(block)
            for row, section in enumerate(SECTIONS, start=1):
                box = QWidget()
                bl = QVBoxLayout(box)
                bl.setContentsMargins(0, 0, 0, 0)
                bl.setSpacing(8)
                for block in by_section.get(section, []):
                    view = BlockView(block)
                    mark = marks.get(block.key, "")
                    if mark:
                        view.setProperty("mark", mark)
                        view.setToolTip(str(DIFF_LABELS[DiffKind(mark)]))
                    bl.addWidget(view)
                    views[block.key] = view
                grid.addWidget(box, row, col, Qt.AlignmentFlag.AlignTop)
        grid.setRowStretch(len(SECTIONS) + 1, 1)
        self.scroll_area.setWidget(sheet)
        self.sheet = sheet
        self._flashed = []

    def _side_title(self, full: FullAgreement | None, col: int) -> str:
        side = _("Før") if col == 0 else _("Etter")
        if full is None:
            return _("{side}: velg en avtale", side=side)
        return f"{side}: {self._name(full)} · {full.revision.status.label}"

    # --- jumping to a difference ------------------------------------------------------------------------------

    def view_for(self, d: Difference, side: str) -> BlockView | None:
        block = block_for(d, side, self.blocks_a if side == "a" else self.blocks_b)
        if block is None:
            return None
        return (self.views_a if side == "a" else self.views_b).get(block.key)

    def _diff_chosen(self, index: QModelIndex) -> None:
        d = self.diff_model.data(index, DifferenceRole)
        if d is not None:
            self.show_difference(d)

    def show_difference(self, d: Difference) -> None:
        views = [v for v in (self.view_for(d, "b"), self.view_for(d, "a")) if v is not None]
        if not views or self.sheet is None:
            return
        self._clear_flash()
        for v in views:
            v.set_flash(True)
        self._flashed = views
        self._unflash.start()
        target = views[0]
        QTimer.singleShot(0, lambda: self._scroll_to(target))

    def _scroll_to(self, view: BlockView) -> None:
        if self.sheet is None:
            return
        y = view.mapTo(self.sheet, view.rect().topLeft()).y()
        bar = self.scroll_area.verticalScrollBar()
        if not (bar.value() <= y <= bar.value() + self.scroll_area.viewport().height() - 60):
            bar.setValue(max(0, y - 40))

    def _clear_flash(self) -> None:
        for v in self._flashed:
            try:
                v.set_flash(False)
            except RuntimeError:  # deleted with an old sheet
                pass
        self._flashed = []

    # --- updates ---------------------------------------------------------------------------------------------------

    def _on_changed(self, changes: Changes) -> None:
        ids = {x.revision.id for x in (self.a, self.b) if x is not None}
        if ids & changes.revisions:
            self._refresh.start()
        if changes.agreements or changes.status:
            self._choices_loaded = False
            if self.isVisible():
                self.load_choices()

    def showEvent(self, event: QShowEvent) -> None:
        if not self._choices_loaded:
            self.load_choices()
        super().showEvent(event)
