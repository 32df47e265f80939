"""The parts of a dialogue meeting's page (:mod:`enhetsdialog.ui.director.meeting`): the page of one
step (large-type blocks on the left, notes and remarks on the right), the notes field, the framed
panels, and the meeting's style."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPlainTextEdit, QScrollArea, QVBoxLayout, QWidget

from enhetsdialog.i18n import _

from enhetsdialog.ui import theme
from enhetsdialog.ui.director.document import Block, BlockView
from enhetsdialog.ui.director.review import VIEW_STYLE

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
        while self.blocks.count():
            item = self.blocks.takeAt(0)
            w = item.widget() if item is not None else None
            if w is not None:
                w.hide()
                w.deleteLater()
        for block in blocks:
            if block.kind == "section":  # the page's own title says which section this is
                block = replace(block, heading="")
            self.blocks.addWidget(BlockView(block, scale=SCALE))


def panel(title: str, *, roomy: bool = False) -> tuple[QFrame, QVBoxLayout, QLabel]:
    """A framed panel beside or among the blocks: the frame, its column, and its title at the top
    (``roomy``: the summary page's larger margins)."""
    frame = QFrame()
    frame.setProperty("role", "panel")
    column = QVBoxLayout(frame)
    column.setContentsMargins(*((18, 14, 18, 16) if roomy else (16, 12, 16, 14)))
    label = QLabel(title)
    label.setProperty("role", "subtitle")
    label.setWordWrap(True)
    column.addWidget(label)
    return frame, column, label
