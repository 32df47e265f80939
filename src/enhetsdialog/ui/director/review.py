"""Review side by side: the agreement read-only on the left, its remarks on the right, each remark on
the same row as the item it is about.

Both columns live in one grid inside one scroll area, so they scroll together by construction and a
remark can never drift away from its item: each row is as tall as the taller of the item and its
remarks. The section bar above (a view over :attr:`ReviewView.section_counts`) shows the open remarks
per section and jumps to a section.

Hosted in the main window by :mod:`enhetsdialog.ui.director.hosting`; leader and director both
read and answer remarks here (the profile's role is written on what they add). A navigator can show
open remarks per section: :attr:`ReviewView.section_counts` (a QAbstractListModel).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, NamedTuple

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from enhetsdialog.domain.enums import Section, Status
from enhetsdialog.domain.model import FullAgreement
from enhetsdialog.domain.rules import TRANSITION_ACTIONS
from enhetsdialog.i18n import _, ngettext
from enhetsdialog.services.changes import Changes

from enhetsdialog.ui import theme
from enhetsdialog.ui.director.document import (
    AnchorKey,
    Block,
    BlockView,
    agreement_blocks,
    section_key,
)
from enhetsdialog.ui.director.models import SectionCountModel
from enhetsdialog.ui.director.profile import ProfileDialog, current_profile, profile_label
from enhetsdialog.ui.director.remark_card import REMARK_STYLE
from enhetsdialog.ui.director.remark_column import RemarkCell, RemarkColumn
from enhetsdialog.ui.modes import ShowsAgreement
from enhetsdialog.ui.sharing import send_back

if TYPE_CHECKING:
    from enhetsdialog.ui.context import AppContext

VIEW_STYLE = f"""
QFrame#ViewHeader {{ background: {theme.SURFACE}; border-bottom: 1px solid {theme.BORDER}; }}
QLabel[role="colhead"] {{ color: {theme.MUTED}; font-weight: 600; }}
QPushButton[role="sectionChip"] {{ border: 1px solid {theme.BORDER}; border-radius: 12px; padding: 3px 11px;
    background: {theme.SURFACE}; color: {theme.MUTED}; }}
QPushButton[role="sectionChip"]:hover {{ border-color: {theme.ACCENT}; color: {theme.ACCENT_DARK}; }}
QPushButton[role="sectionChip"][open="true"] {{ background: {theme.NUDGE.bg}; border-color: {theme.NUDGE.border};
    color: {theme.NUDGE.fg}; font-weight: 600; }}
QPushButton[role="sectionChip"]:focus {{ border: 2px solid {theme.FOCUS}; padding: 2px 10px; }}
QWidget#Sheet {{ background: {theme.WINDOW}; }}
""" + REMARK_STYLE


class ViewHeader(NamedTuple):
    frame: QFrame  # "ViewHeader", styled by VIEW_STYLE
    layout: QVBoxLayout  # the header's rows; the title row is the first
    top: QHBoxLayout  # the title row: title, (chip,) summary; the view adds the rest
    title: QLabel
    summary: QLabel


def view_header(title: str, *, chip: QWidget | None = None, summary_stretch: int = 0,
                bottom_margin: int = 10, spacing: int = 8) -> ViewHeader:
    """The band at the top of a director's view: a title with a short meta summary beside it
    (and ``chip`` between them, if any). Further rows go into ``layout``."""
    frame = QFrame()
    frame.setObjectName("ViewHeader")
    layout = QVBoxLayout(frame)
    layout.setContentsMargins(20, 12, 20, bottom_margin)
    layout.setSpacing(spacing)
    top = QHBoxLayout()
    title_label = QLabel(title)
    title_label.setProperty("role", "title")
    summary = QLabel()
    summary.setProperty("role", "meta")
    top.addWidget(title_label)
    if chip is None:
        top.addSpacing(12)
    else:
        top.addSpacing(8)
        top.addWidget(chip, 0, Qt.AlignmentFlag.AlignVCenter)
        top.addSpacing(8)
    top.addWidget(summary, summary_stretch, Qt.AlignmentFlag.AlignVCenter)
    layout.addLayout(top)
    return ViewHeader(frame, layout, top, title_label, summary)


def label_of(block: Block) -> str:
    """How a remark names what it is about: "Mål 2 «Trygt læringsmiljø»"."""
    if block.kind in ("section", "agreement"):
        return block.heading.strip() if block.kind == "section" else _("hele avtalen")
    text = block.heading if len(block.heading) <= 48 else block.heading[:47] + "…"
    return f"{block.meta} «{text}»"


class SectionBar(QWidget):
    """A row of section chips over a :class:`SectionCountModel` ("Hvor vil vi? · 2"); clicking one
    emits the section. It follows the model, so any other view of the model stays in step."""

    section_clicked = Signal(object)

    def __init__(self, model: SectionCountModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("SectionBar")
        self.model = model
        self.setAccessibleName(_("Deler av avtalen med åpne merknader"))
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(6)
        self.buttons: list[QPushButton] = []
        for row in range(model.rowCount()):
            b = QPushButton()
            b.setProperty("role", "sectionChip")
            b.setCursor(Qt.CursorShape.PointingHandCursor)
            b.clicked.connect(lambda _=False, row=row: self._clicked(row))
            layout.addWidget(b)
            self.buttons.append(b)
        layout.addStretch(1)
        model.dataChanged.connect(self._update)
        model.modelReset.connect(self._update)
        self._update()

    def _update(self, *_args: object) -> None:
        for row, b in enumerate(self.buttons):
            index = self.model.index(row)
            section = self.model.section_at(row)
            n = self.model.count(section)
            b.setText(f"{section.label}  ·  {n}" if n else section.label)
            b.setProperty("open", "true" if n else "false")
            b.setToolTip(str(index.data(Qt.ItemDataRole.ToolTipRole)))
            b.setAccessibleName(f"{section.label}: {index.data(Qt.ItemDataRole.ToolTipRole)}")
            b.style().unpolish(b)
            b.style().polish(b)

    def _clicked(self, row: int) -> None:
        self.section_clicked.emit(self.model.section_at(row))


class ReviewView(ShowsAgreement, QWidget):
    """Signals: ``compare_requested(revision_id)``, ``meeting_requested(revision_id)``,
    ``edit_requested(revision_id)`` (the main window switches view), ``open_remarks_changed(dict[Section, int])``."""

    compare_requested = Signal(str)
    meeting_requested = Signal(str)
    edit_requested = Signal(str)
    open_remarks_changed = Signal(object)

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.full: FullAgreement | None = None
        self.blocks: list[Block] = []
        self.block_views: dict[AnchorKey, BlockView] = {}
        self.column = RemarkColumn(ctx, self)
        self.column.counts_changed.connect(self._counts_changed)
        self.setObjectName("ReviewView")
        self.setStyleSheet(VIEW_STYLE)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.setSpacing(0)

        self.status_chip = QLabel()
        self.status_chip.setSizePolicy(QSizePolicy.Policy.Maximum, QSizePolicy.Policy.Fixed)
        header, hl, top, self.title, self.meta = view_header(
            _("Gjennomgang"), chip=self.status_chip, bottom_margin=8, spacing=6)
        top.addStretch(1)
        self.status_button = QPushButton()
        self.status_button.setProperty("role", "primary")
        self.status_button.clicked.connect(self._status_action)
        self.status_button.hide()
        self.compare_button = QPushButton(_("Sammenlign"))
        self.compare_button.setToolTip(_("Sammenlign med i fjor eller en annen revisjon"))
        self.compare_button.clicked.connect(lambda: self.full and self.compare_requested.emit(self.full.revision.id))
        self.meeting_button = QPushButton(_("Dialogmøte"))
        self.meeting_button.setToolTip(_("Gå gjennom avtalen steg for steg i dialogmøtet"))
        self.meeting_button.clicked.connect(lambda: self.full and self.meeting_requested.emit(self.full.revision.id))
        self.edit_button = QPushButton(_("Rediger avtalen"))
        self.edit_button.setToolTip(_("Åpne avtalen steg for steg for å endre teksten"))
        self.edit_button.clicked.connect(lambda: self.full and self.edit_requested.emit(self.full.revision.id))
        self.send_button = QPushButton(_("Send tilbake …"))
        self.send_button.setToolTip(_("Lagre avtalepakken med merknadene og send den til den andre parten"))
        self.send_button.clicked.connect(self.send_back)
        top.addWidget(self.status_button)
        top.addWidget(self.send_button)
        top.addWidget(self.edit_button)
        top.addWidget(self.compare_button)
        top.addWidget(self.meeting_button)
        bar = QHBoxLayout()
        self.section_bar = SectionBar(self.column.counts)
        self.section_bar.section_clicked.connect(self.show_section)
        bar.addWidget(self.section_bar, 1)
        self.only_open = QCheckBox(_("Bare åpne"))
        self.only_open.setToolTip(_("Vis bare merknader som ikke er løst"))
        self.only_open.toggled.connect(self.column.set_only_open)
        self.profile_button = QPushButton()
        self.profile_button.setProperty("role", "link")
        self.profile_button.clicked.connect(self._edit_profile)
        bar.addWidget(self.only_open)
        hl.addLayout(bar)
        outer.addWidget(header)

        heads = QHBoxLayout()
        heads.setContentsMargins(24, 8, 38, 2)
        left = QLabel(_("Avtalen"))
        left.setProperty("role", "colhead")
        right = QLabel(_("Merknader og svar"))
        right.setProperty("role", "colhead")
        heads.addWidget(left, 3)
        heads.addSpacing(16)
        right_box = QHBoxLayout()
        right_box.addWidget(right)
        right_box.addStretch(1)
        right_box.addWidget(self.profile_button)
        heads.addLayout(right_box, 2)
        outer.addLayout(heads)

        self.scroll_area = QScrollArea()
        self.scroll_area.setWidgetResizable(True)
        self.scroll_area.setFrameShape(QFrame.Shape.NoFrame)
        self.scroll_area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        outer.addWidget(self.scroll_area, 1)
        self.sheet: QWidget | None = None
        self.grid: QGridLayout | None = None
        self._empty()
        self._update_profile()
        ctx.changed.connect(self._on_changed)

    # --- opening ------------------------------------------------------------------------------------------

    @property
    def section_counts(self) -> SectionCountModel:
        """Open remarks per section, for a navigator."""
        return self.column.counts

    def open(self, revision_id: str) -> bool:
        full = self.ctx.read(lambda s: s.agreements.get(revision_id))
        if full is None:
            return False
        self._show(full)
        self.scroll_area.verticalScrollBar().setValue(0)
        return True

    def close_agreement(self) -> None:
        self.full = None
        self.column.reset(None, None, {})
        self.column.set_remarks([])
        self._empty()

    def _empty(self) -> None:
        sheet = QWidget()
        sheet.setObjectName("Sheet")
        layout = QVBoxLayout(sheet)
        msg = QLabel(_("Velg en avtale i porteføljen for å lese den og skrive merknader."))
        msg.setProperty("role", "guide")
        msg.setAlignment(Qt.AlignmentFlag.AlignCenter)
        layout.addWidget(msg)
        self.scroll_area.setWidget(sheet)
        self.sheet, self.grid = sheet, None
        self.block_views = {}
        self.title.setText(_("Gjennomgang"))
        self.status_chip.hide()
        self.meta.setText("")
        for b in (self.compare_button, self.meeting_button, self.status_button, self.edit_button, self.send_button):
            b.setEnabled(False)

    def _show(self, full: FullAgreement) -> None:
        self.full = full
        rev = full.revision
        self.blocks = agreement_blocks(full)
        labels = {b.key: label_of(b) for b in self.blocks}
        self.column.reset(rev.id, rev.agreement_id, labels, self)
        sheet = QWidget()
        sheet.setObjectName("Sheet")
        grid = QGridLayout(sheet)
        grid.setContentsMargins(20, 8, 20, 28)
        grid.setHorizontalSpacing(16)
        grid.setVerticalSpacing(10)
        grid.setColumnStretch(0, 3)
        grid.setColumnStretch(1, 2)
        self.block_views = {}
        for row, block in enumerate(self.blocks):
            view = BlockView(block)
            cell = self.column.make_cell(block.key, add_label=self._add_label(block))
            grid.addWidget(view, row, 0, Qt.AlignmentFlag.AlignTop)
            grid.addWidget(cell, row, 1, Qt.AlignmentFlag.AlignTop)
            self.block_views[block.key] = view
        grid.setRowStretch(len(self.blocks), 1)
        self.scroll_area.setWidget(sheet)
        self.sheet, self.grid = sheet, grid
        self.title.setText(_("{unit} {year}", unit=full.unit.name, year=rev.year))
        chip = theme.STATUS_CHIPS[rev.status]
        self.status_chip.setText(rev.status.label)
        self.status_chip.setStyleSheet(f"QLabel {{ {theme.chip_css(chip)} }}")
        self.status_chip.show()
        self.compare_button.setEnabled(True)
        self.meeting_button.setEnabled(True)
        self.edit_button.setEnabled(True)
        self.send_button.setEnabled(rev.status is not Status.UTKAST)  # a draft is not shared yet
        read_only = rev.frozen or rev.status in (Status.SIGNERT, Status.ARKIVERT)
        self.edit_button.setText(_("Åpne avtalen") if read_only else _("Rediger avtalen"))
        self._update_status_button()
        self.column.reload()

    @staticmethod
    def _add_label(block: Block) -> str:
        if block.kind == "agreement":
            return _("+ Merknad til hele avtalen")
        if block.kind == "section":
            return _("+ Merknad til denne delen")
        return _("+ Merknad")

    # --- lookups (tests, navigator) ------------------------------------------------------------------------------

    def block_view(self, key: AnchorKey) -> BlockView | None:
        return self.block_views.get(key)

    def remark_cell(self, key: AnchorKey) -> RemarkCell | None:
        return self.column.cells.get(key)

    def show_section(self, section: Section) -> None:
        self.show_anchor(section_key(section))

    def show_anchor(self, key: AnchorKey) -> None:
        view = self.block_views.get(key)
        if view is not None:
            QTimer.singleShot(0, lambda: self._scroll_to(view))

    def _scroll_to(self, view: BlockView) -> None:
        if self.sheet is None:
            return
        y = view.mapTo(self.sheet, view.rect().topLeft()).y()
        self.scroll_area.verticalScrollBar().setValue(max(0, y - 12))

    # --- updates -----------------------------------------------------------------------------------------------

    def _counts_changed(self, counts: dict[Section, int]) -> None:
        n = sum(counts.values())
        if self.full is not None:
            rev = self.full.revision
            remarks = ngettext("{n} åpen merknad", "{n} åpne merknader", n)
            self.meta.setText(_("Revisjon {n}", n=rev.number) + " · " + remarks)
        self._update_status_button()
        self.open_remarks_changed.emit(counts)

    def _update_status_button(self) -> None:
        full = self.full
        if full is None or full.revision.status is not Status.TIL_DIALOG:
            self.status_button.hide()
            return
        self.status_button.setText(str(TRANSITION_ACTIONS[(Status.TIL_DIALOG, Status.I_DIALOG)]))
        self.status_button.setToolTip(_("Avtalen er delt for dialog. Start dialogen for å skrive merknader sammen."))
        self.status_button.setEnabled(True)
        self.status_button.show()

    def send_back(self) -> bool:
        self.flush()
        return self.revision_id is not None and send_back(self.ctx, self.revision_id, self.window())

    def _status_action(self) -> None:
        rid = self.revision_id
        if rid is not None:
            self.ctx.op(lambda s: s.agreements.set_status(rid, Status.I_DIALOG))

    def _on_changed(self, changes: Changes) -> None:
        if changes.settings:
            self._update_profile()
        rid = self.revision_id
        if rid is not None and rid in changes.revisions:
            full = self.ctx.read(lambda s: s.agreements.get(rid))
            if full is not None:
                scroll = self.scroll_area.verticalScrollBar().value()
                self._show(full)
                QTimer.singleShot(0, lambda: self.scroll_area.verticalScrollBar().setValue(scroll))

    def _update_profile(self) -> None:
        profile = current_profile(self.ctx)
        who = f"{profile.name} ({profile.role.label})" if profile else _("ingen profil ennå")
        self.profile_button.setText(_("Du skriver som {who}", who=who))
        self.profile_button.setToolTip(_("{who}. Klikk for å endre navn, rolle og tittel.", who=profile_label(profile)))

    def _edit_profile(self) -> None:
        dialog = ProfileDialog(self.ctx, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
