"""The parts of a dialogue meeting's pages (:mod:`enhetsdialog.ui.director.meeting`): the page of one
step (large-type blocks on the left, notes and remarks on the right), the notes field, the framed
panels, the summary page's agreement-and-signing panel, and the meeting's style."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from enhetsdialog.domain.enums import Section, Status
from enhetsdialog.domain.errors import DomainError
from enhetsdialog.domain.rules import TRANSITION_ACTIONS, check_transition
from enhetsdialog.i18n import _

from enhetsdialog.ui import theme
from enhetsdialog.ui.director.document import STEPS, Block, BlockView
from enhetsdialog.ui.director.review import VIEW_STYLE
from enhetsdialog.ui.widgets.chips import clear_layout

if TYPE_CHECKING:
    from enhetsdialog.domain.model import FullAgreement

SCALE = 1.3  # the blocks' type, against the review's

MEETING_STYLE = VIEW_STYLE + f"""
QLabel[role="meetingTitle"] {{ font-size: 24pt; font-weight: 700; color: {theme.TEXT}; }}
QPlainTextEdit[role="notes"] {{ background: {theme.SURFACE}; border: 1px solid {theme.BORDER}; border-radius: 8px;
    padding: 6px; selection-background-color: {theme.ACCENT}; }}
QPlainTextEdit[role="notes"]:focus {{ border: 1px solid {theme.ACCENT}; }}
QFrame[role="panel"] {{ background: {theme.SURFACE}; border: 1px solid {theme.BORDER}; border-radius: 10px; }}
QFrame[role="panel"] > QLabel {{ background: transparent; }}
QLabel[role="verdict"] {{ font-size: 12pt; }}
"""


class NotesEdit(QPlainTextEdit):
    """The notes of one step; ``edited`` only for what the user typed."""

    edited = Signal(str, str)  # step, text

    def __init__(self, step: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.step = step
        self._silent = False
        self.setProperty("role", "notes")
        self.setPlaceholderText(_("Hva ble dere enige om her? Skriv det ned mens dere snakker."))
        self.setAccessibleName(_("Notater: hva ble bestemt"))
        self.setTabChangesFocus(True)
        font = QFont(self.font())
        font.setPointSizeF(font.pointSizeF() * 1.2)
        self.setFont(font)
        self.setMinimumHeight(self.fontMetrics().lineSpacing() * 6 + 20)
        self.textChanged.connect(self._changed)

    def set_text(self, text: str) -> None:
        if text != self.toPlainText():
            self._silent = True
            try:
                self.setPlainText(text)
            finally:
                self._silent = False

    def _changed(self) -> None:
        if not self._silent:
            self.edited.emit(self.step, self.toPlainText())


class MeetingPage(QScrollArea):
    """One step: large-type blocks on the left; notes and the step's remarks on the right."""

    def __init__(self, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        sheet = QWidget()
        sheet.setObjectName("Sheet")
        row = QHBoxLayout(sheet)
        row.setContentsMargins(28, 18, 24, 24)
        row.setSpacing(22)
        self.left = QVBoxLayout()
        self.left.setSpacing(12)
        heading = QLabel(title)
        heading.setProperty("role", "meetingTitle")
        heading.setWordWrap(True)
        self.heading = heading
        self.left.addWidget(heading)
        self.blocks = QVBoxLayout()
        self.blocks.setSpacing(12)
        self.left.addLayout(self.blocks)
        self.left.addStretch(1)
        self.right = QVBoxLayout()
        self.right.setSpacing(10)
        row.addLayout(self.left, 3)
        row.addLayout(self.right, 2)
        self.setWidget(sheet)

    def set_blocks(self, blocks: list[Block]) -> None:
        clear_layout(self.blocks)
        for block in blocks:
            if block.kind == "section":  # the page's own title says which section this is
                block = replace(block, heading="")
            self.blocks.addWidget(BlockView(block, scale=SCALE))


def panel(title: str, *, roomy: bool = False, frame: QFrame | None = None) -> tuple[QFrame, QVBoxLayout, QLabel]:
    """A framed panel beside or among the blocks (``frame``, else a new one): the frame, its column,
    and its title at the top (``roomy``: the summary page's larger margins)."""
    frame = QFrame() if frame is None else frame
    frame.setProperty("role", "panel")
    column = QVBoxLayout(frame)
    column.setContentsMargins(*((18, 14, 18, 16) if roomy else (16, 12, 16, 14)))
    label = QLabel(title)
    label.setProperty("role", "subtitle")
    label.setWordWrap(True)
    column.addWidget(label)
    return frame, column, label


class AgreementPanel(QFrame):
    """The summary page's «Enighet og signering»: where the agreement stands and what can be done now
    (and why not), links to the steps that still have open remarks during the dialogue, and the
    buttons that move it on. Signals: ``status_requested(Status)``, ``sign_requested()``,
    ``step_requested(index)``."""

    status_requested = Signal(object)
    sign_requested = Signal()
    step_requested = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        _frame, column, _title = panel(_("Enighet og signering"), roomy=True, frame=self)
        column.setSpacing(10)
        self.verdict = QLabel()
        self.verdict.setProperty("role", "verdict")
        self.verdict.setWordWrap(True)
        column.addWidget(self.verdict)
        self.open_links = QHBoxLayout()
        self.open_links.setSpacing(4)
        column.addLayout(self.open_links)
        row = QHBoxLayout()
        self.agree_button = QPushButton(str(TRANSITION_ACTIONS[(Status.I_DIALOG, Status.ENIGHET)]))
        self.agree_button.setProperty("role", "primary")
        self.agree_button.clicked.connect(lambda: self.status_requested.emit(Status.ENIGHET))
        self.sign_button = QPushButton(_("Signer avtalen (leder, så direktør)"))
        self.sign_button.setProperty("role", "primary")
        self.sign_button.setToolTip(_("Begge signerer på denne maskinen, enhetslederen først"))
        self.sign_button.clicked.connect(lambda: self.sign_requested.emit())
        self.start_button = QPushButton(str(TRANSITION_ACTIONS[(Status.TIL_DIALOG, Status.I_DIALOG)]))
        self.start_button.setProperty("role", "primary")
        self.start_button.clicked.connect(lambda: self.status_requested.emit(Status.I_DIALOG))
        self.reopen_button = QPushButton(str(TRANSITION_ACTIONS[(Status.ENIGHET, Status.I_DIALOG)]))
        self.reopen_button.clicked.connect(lambda: self.status_requested.emit(Status.I_DIALOG))
        for b in (self.start_button, self.agree_button, self.sign_button, self.reopen_button):
            row.addWidget(b)
        row.addStretch(1)
        column.addLayout(row)

    def show_state(self, full: FullAgreement, open_count: int, open_in: Callable[[Section], int]) -> None:
        """Say where ``full`` stands with ``open_count`` open remarks (``open_in(section)`` of them per
        section), and offer the buttons its status allows."""
        rev = full.revision
        self._show_open_links(rev.status, open_in)
        for b in (self.start_button, self.agree_button, self.sign_button, self.reopen_button):
            b.hide()
        status = rev.status
        if status is Status.UTKAST:
            text = _("Avtalen er et utkast. Enhetslederen deler den for dialog før møtet.")
        elif status is Status.TIL_DIALOG:
            text = _("Avtalen er delt for dialog. Start dialogen for å gå gjennom den sammen.")
            self.start_button.show()
        elif status is Status.I_DIALOG:
            self.agree_button.show()
            try:
                check_transition(status, Status.ENIGHET, open_remarks=open_count, frozen=rev.frozen)
            except DomainError as e:
                text = str(e) + " " + _("Løs dem i stegene der de står, eller svar og løs dem sammen nå.")
                self.agree_button.setEnabled(False)
                self.agree_button.setToolTip(str(e))
            else:
                text = _("Alle merknader er løst. Dere kan markere at dere er enige.")
                self.agree_button.setEnabled(True)
                self.agree_button.setToolTip(_("Sett status til «Enighet»"))
        elif status is Status.ENIGHET:
            signed = {s.role for s in full.signatures}
            who = ", ".join(s.role.label.lower() for s in full.signatures)
            text = _("Dere er enige. Nå kan dere signere, enhetslederen først og så direktøren.")
            if signed:
                text = _("Signert av {who}. Den andre parten kan kontrasignere.", who=who)
            self.sign_button.show()
            self.reopen_button.setVisible(not signed)
        else:
            names = ", ".join(f"{s.name} ({s.role.label.lower()})" for s in full.signatures)
            text = _("Avtalen er signert av {names}.", names=names) if names else _("Avtalen er signert.")
        self.verdict.setText(text)

    def _show_open_links(self, status: Status, open_in: Callable[[Section], int]) -> None:
        """Links to the steps that still have open remarks (shown while the dialogue is going on)."""
        clear_layout(self.open_links)
        if status is not Status.I_DIALOG:
            return
        sections = [*STEPS, Section.HELE]
        links = [(i, s) for i, s in enumerate(sections) if open_in(s)]
        if not links:
            return
        label = QLabel(_("Åpne merknader:"))
        label.setProperty("role", "meta")
        self.open_links.addWidget(label)
        for i, section in links:
            n = open_in(section)
            name = _("Oppsummering") if section is Section.HELE else section.label
            b = QPushButton(f"{name} ({n})")
            b.setProperty("role", "link")
            b.setCursor(Qt.CursorShape.PointingHandCursor)
            b.setToolTip(_("Gå til steget og se merknadene"))
            b.clicked.connect(lambda _checked=False, i=i: self.step_requested.emit(i))
            self.open_links.addWidget(b)
        self.open_links.addStretch(1)
