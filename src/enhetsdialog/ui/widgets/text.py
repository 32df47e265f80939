"""A text field for an answer: plain text, wraps long lines, grows with its content, Tab moves on.

Undo and redo are the session's (one stack for the whole agreement), so the field's own undo is off
and Ctrl+Z is left to the window's action.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QEvent, QSize, Qt, Signal
from PySide6.QtGui import QKeyEvent, QKeySequence, QTextCursor
from PySide6.QtWidgets import QFrame, QSizePolicy, QTextEdit, QWidget


class AnswerEdit(QTextEdit):
    """Emits ``edited(str)`` when the user changes the text (not when the program sets it)."""

    edited = Signal(str)
    undo_requested = Signal()
    redo_requested = Signal()

    def __init__(self, placeholder: str = "", *, min_lines: int = 3, max_lines: int = 16,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setProperty("role", "answer")
        self.setAcceptRichText(False)
        self.setTabChangesFocus(True)
        self.setUndoRedoEnabled(False)
        self.setLineWrapMode(QTextEdit.LineWrapMode.WidgetWidth)
        self.setWordWrapMode(self.wordWrapMode())
        self.setPlaceholderText(placeholder)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self._min_lines, self._max_lines = min_lines, max_lines
        self._silent = False
        self.document().setDocumentMargin(4)
        self.document().documentLayout().documentSizeChanged.connect(self._fit)
        self.textChanged.connect(self._on_changed)
        self._fit()

    # --- text ---------------------------------------------------------------------------------------

    def text(self) -> str:
        return self.toPlainText()

    def set_text(self, text: str) -> None:
        """Set the text from the program, keeping the cursor near where the change is."""
        old = self.toPlainText()
        if text == old:
            return
        prefix = 0
        for a, b in zip(old, text, strict=False):
            if a != b:
                break
            prefix += 1
        had_focus = self.hasFocus()
        self._silent = True
        try:
            self.setPlainText(text)
        finally:
            self._silent = False
        if had_focus:
            cursor = self.textCursor()
            cursor.setPosition(min(len(text), prefix + max(0, len(text) - len(old))))
            self.setTextCursor(cursor)
        else:
            self.moveCursor(QTextCursor.MoveOperation.Start)

    def _on_changed(self) -> None:
        if not self._silent:
            self.edited.emit(self.toPlainText())

    # --- size ----------------------------------------------------------------------------------------

    def _line_height(self) -> int:
        return self.fontMetrics().lineSpacing()

    def _fit(self, *_args: Any) -> None:
        margins = self.contentsMargins()
        frame = margins.top() + margins.bottom() + 2 * int(self.document().documentMargin()) + 2
        doc = int(self.document().size().height())
        lines_min = self._min_lines * self._line_height() + frame
        lines_max = self._max_lines * self._line_height() + frame
        height = max(lines_min, min(lines_max, doc + margins.top() + margins.bottom() + 2))
        if height != self.height():
            self.setFixedHeight(height)

    def resizeEvent(self, e: Any) -> None:
        super().resizeEvent(e)
        self._fit()

    def sizeHint(self) -> QSize:
        return QSize(400, self.height())

    # --- keys: undo and redo belong to the session --------------------------------------------------

    def event(self, e: QEvent) -> bool:
        if e.type() == QEvent.Type.ShortcutOverride and isinstance(e, QKeyEvent):
            if e.matches(QKeySequence.StandardKey.Undo) or e.matches(QKeySequence.StandardKey.Redo):
                e.ignore()  # let the window's Angre/Gjør om action take it
                return True
        return super().event(e)

    def keyPressEvent(self, e: QKeyEvent) -> None:
        if e.matches(QKeySequence.StandardKey.Undo):
            self.undo_requested.emit()
            return
        if e.matches(QKeySequence.StandardKey.Redo):
            self.redo_requested.emit()
            return
        super().keyPressEvent(e)
