"""Bars across the top of a view: the step indicator, the error bar, a notice with «Angre» and the
read-only banner."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import (
    QButtonGroup,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSizePolicy,
    QWidget,
)

from enhetsdialog.i18n import _


class StepBar(QFrame):
    """1 Hvor vil vi? → 2 … → Oppsummering. Every step can be clicked; the current one is filled.

    When the window is narrow, the steps that are not current show only their number.
    """

    step_requested = Signal(int)

    def __init__(self, titles: Sequence[tuple[str, str]], parent: QWidget | None = None) -> None:
        """``titles``: (number or "", title) per step."""
        super().__init__(parent)
        self.setObjectName("StepBar")
        self._titles = list(titles)
        self._compact = False
        layout = QHBoxLayout(self)
        layout.setContentsMargins(18, 6, 12, 8)
        layout.setSpacing(0)
        self._group = QButtonGroup(self)
        self._group.setExclusive(True)
        self.buttons: list[QPushButton] = []
        for i, (number, title) in enumerate(self._titles):
            if i:
                arrow = QLabel("›")
                arrow.setFixedWidth(14)
                arrow.setAlignment(Qt.AlignmentFlag.AlignCenter)
                arrow.setProperty("role", "stepArrow")
                arrow.setAccessibleName("")
                layout.addWidget(arrow)
            b = QPushButton(self._label(i, full=True))
            b.setProperty("role", "step")
            b.setCheckable(True)
            b.setFocusPolicy(Qt.FocusPolicy.TabFocus)  # a click moves on to the step, not the focus
            b.setCursor(Qt.CursorShape.PointingHandCursor)
            b.setToolTip(_("{title} (Alt+{n})", title=" ".join(p for p in (number, title) if p), n=i + 1))
            b.setAccessibleName(_("Steg {n}: {title}", n=i + 1, title=title))
            b.setSizePolicy(QSizePolicy.Policy.Maximum, QSizePolicy.Policy.Fixed)
            self._group.addButton(b, i)
            self.buttons.append(b)
            layout.addWidget(b)
        layout.addStretch(1)
        self._group.idClicked.connect(self.step_requested)
        self.set_current(0)

    def _label(self, i: int, *, full: bool) -> str:
        number, title = self._titles[i]
        if full or not number:
            return f"{number}  {title}" if number else title
        return number

    def set_current(self, index: int) -> None:
        if 0 <= index < len(self.buttons):
            self.buttons[index].setChecked(True)
            self._relabel()

    def current(self) -> int:
        return self._group.checkedId()

    def _relabel(self) -> None:
        current = self.current()
        for i, b in enumerate(self.buttons):
            b.setText(self._label(i, full=not self._compact or i == current))

    def resizeEvent(self, e: QResizeEvent) -> None:
        super().resizeEvent(e)
        QTimer.singleShot(0, self, self._check_width)

    def _check_width(self) -> None:
        full = sum(b.fontMetrics().horizontalAdvance(self._label(i, full=True)) + 22
                   for i, b in enumerate(self.buttons)) + 14 * (len(self.buttons) - 1) + 30
        compact = full > self.width()
        if compact != self._compact:
            self._compact = compact
            self._relabel()


class ErrorBar(QFrame):
    """A non-modal bar with one Norwegian sentence. What the user typed stays where it is."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("ErrorBar")
        self.setAccessibleName(_("Feilmelding"))
        layout = QHBoxLayout(self)
        layout.setContentsMargins(12, 6, 6, 6)
        icon = QLabel("⚠")
        icon.setStyleSheet("font-size: 14pt;")
        self.label = QLabel()
        self.label.setWordWrap(True)
        self.label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.retry = QPushButton(_("Prøv igjen"))
        self.retry.hide()
        close = QPushButton(_("Lukk"))
        close.setToolTip(_("Skjul meldingen"))
        close.clicked.connect(self.hide)
        layout.addWidget(icon)
        layout.addWidget(self.label, 1)
        layout.addWidget(self.retry)
        layout.addWidget(close)
        self._retry_fn: Callable[[], None] | None = None
        self.retry.clicked.connect(self._on_retry)
        self.hide()

    def show_error(self, message: str, retry: Callable[[], None] | None = None) -> None:
        self.label.setText(message)
        self._retry_fn = retry
        self.retry.setVisible(retry is not None)
        self.show()

    def message(self) -> str:
        return self.label.text() if self.isVisible() else ""

    def _on_retry(self) -> None:
        if self._retry_fn is not None:
            self._retry_fn()


class NoticeBar(QFrame):
    """A short note about what just happened, with «Angre» (e.g. after «Fjern»): never a question in
    the way, and the removal is one click from coming back."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("NoticeBar")
        self.setAccessibleName(_("Melding"))
        layout = QHBoxLayout(self)
        layout.setContentsMargins(14, 6, 6, 6)
        self.label = QLabel()
        self.label.setWordWrap(True)
        self.undo_button = QPushButton(_("Angre"))
        self.undo_button.setToolTip(_("Ta tilbake det som ble fjernet (Ctrl+Z)"))
        self.undo_button.clicked.connect(self._undo)
        close = QPushButton(_("Lukk"))
        close.setToolTip(_("Skjul meldingen"))
        close.clicked.connect(self.hide)
        layout.addWidget(self.label, 1)
        layout.addWidget(self.undo_button)
        layout.addWidget(close)
        self._undo_fn: Callable[[], None] | None = None
        self.hide()

    def show_notice(self, text: str, undo: Callable[[], None] | None = None) -> None:
        self.label.setText(text)
        self._undo_fn = undo
        self.undo_button.setVisible(undo is not None)
        self.show()

    def _undo(self) -> None:
        fn, self._undo_fn = self._undo_fn, None
        self.hide()
        if fn is not None:
            fn()


class Banner(QFrame):
    """The read-only banner of a signed revision, with the ways forward: a new revision, and the
    follow-up during the year (``follow_up``)."""

    action = Signal()
    follow_up = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("Banner")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(14, 8, 8, 8)
        icon = QLabel(_("Signert"))
        icon.setStyleSheet("font-weight: 700;")
        self.label = QLabel()
        self.label.setWordWrap(True)
        self.button = QPushButton(_("Lag ny revisjon"))
        self.button.setProperty("role", "primary")
        self.button.clicked.connect(self.action)
        self.follow_button = QPushButton(_("Følg opp"))
        self.follow_button.setToolTip(_("Før inn målinger, framdrift og vurderinger uten å endre den signerte avtalen"))
        self.follow_button.clicked.connect(self.follow_up)
        self.follow_button.hide()
        layout.addWidget(icon)
        layout.addWidget(self.label, 1)
        layout.addWidget(self.follow_button)
        layout.addWidget(self.button)
        self.hide()

    def show_message(self, text: str, *, action: bool, follow_up: bool = False) -> None:
        self.label.setText(text)
        self.button.setVisible(action)
        self.follow_button.setVisible(follow_up)
        self.show()
