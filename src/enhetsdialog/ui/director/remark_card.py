"""One remark as the director and the leader see it: :class:`RemarkCard` (who, in which role, when,
the text, the replies, and reply / resolve / reopen) and :class:`Composer`, the inline field a
remark or a reply is written in. The column that holds them is :mod:`ui.director.remark_column`."""

from __future__ import annotations

from html import escape
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from enhetsdialog.domain.enums import Role
from enhetsdialog.domain.model import Remark
from enhetsdialog.i18n import _

from enhetsdialog.ui import theme
from enhetsdialog.ui.director.models import format_time

if TYPE_CHECKING:

    pass

ROLE_CHIPS: dict[Role, theme.Chip] = {
    Role.DIREKTOR: theme.Chip("#7C2D8F", "#F6E8FA", "#E2C2EC"),
    Role.LEDER: theme.Chip("#0B6B4D", "#DDF3EA", "#A9DFC8"),
}

REMARK_STYLE = f"""
QFrame#RemarkCard {{ background: #FFFDF5; border: 1px solid #EADFB8; border-radius: 8px; }}
QFrame#RemarkCard[resolved="true"] {{ background: #F5F7F9; border: 1px solid {theme.BORDER}; }}
QFrame#RemarkCard QLabel {{ background: transparent; border: none; }}
QFrame#Reply {{ background: transparent; border: none; border-left: 3px solid #D5DBE2; }}
QLabel[role="remarkText"] {{ color: {theme.TEXT}; }}
QFrame#RemarkCard[resolved="true"] QLabel[role="remarkText"] {{ color: {theme.MUTED}; }}
QPlainTextEdit[role="composer"] {{ background: {theme.SURFACE}; border: 1px solid {theme.BORDER}; border-radius: 6px; padding: 2px 4px; }}
QPlainTextEdit[role="composer"]:focus {{ border: 1px solid {theme.ACCENT}; }}
"""


def role_chip_html(role: Role) -> str:
    chip = ROLE_CHIPS[role]
    return f'<span style="color:{chip.fg}; background-color:{chip.bg}">&nbsp;{escape(role.label)}&nbsp;</span>'


def _who(author: str, role: Role, when: str) -> str:
    return f"<b>{escape(author)}</b>&nbsp; {role_chip_html(role)}&nbsp; <span style='color:{theme.MUTED}'>{escape(when)}</span>"


def link_button(text: str, accessible: str = "") -> QPushButton:
    b = QPushButton(text)
    b.setProperty("role", "link")
    b.setCursor(Qt.CursorShape.PointingHandCursor)
    b.setSizePolicy(QSizePolicy.Policy.Maximum, QSizePolicy.Policy.Fixed)
    if accessible:
        b.setAccessibleName(accessible)
    return b


class Composer(QWidget):
    """A small text field with a send and a cancel button (new remark, reply)."""

    sent = Signal(str)
    cancelled = Signal()

    def __init__(self, placeholder: str, send_label: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 4, 0, 0)
        layout.setSpacing(6)
        self.edit = QPlainTextEdit()
        self.edit.setProperty("role", "composer")
        self.edit.setPlaceholderText(placeholder)
        self.edit.setAccessibleName(placeholder)
        self.edit.setTabChangesFocus(True)
        self.edit.setFixedHeight(self.edit.fontMetrics().lineSpacing() * 4 + 14)
        layout.addWidget(self.edit)
        row = QHBoxLayout()
        row.setSpacing(6)
        row.addStretch(1)
        self.cancel_button = QPushButton(_("Avbryt"))
        self.send_button = QPushButton(send_label)
        self.send_button.setProperty("role", "primary")
        self.send_button.setToolTip(_("{label} (Ctrl+Enter)", label=send_label))
        row.addWidget(self.cancel_button)
        row.addWidget(self.send_button)
        layout.addLayout(row)
        self.send_button.clicked.connect(self._send)
        self.cancel_button.clicked.connect(self._cancel)
        self.edit.installEventFilter(self)
        self.hide()

    def eventFilter(self, obj: QObject, event: object) -> bool:
        if obj is self.edit and isinstance(event, QKeyEvent) and event.type() == QKeyEvent.Type.KeyPress:
            if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and event.modifiers() & Qt.KeyboardModifier.ControlModifier:
                self._send()
                return True
            if event.key() == Qt.Key.Key_Escape:
                self._cancel()
                return True
        return False

    def open(self, text: str = "") -> None:
        if text:
            self.edit.setPlainText(text)
        self.show()
        self.edit.setFocus(Qt.FocusReason.OtherFocusReason)

    def text(self) -> str:
        return self.edit.toPlainText()

    def _send(self) -> None:
        text = self.edit.toPlainText().strip()
        if text:
            self.sent.emit(text)

    def _cancel(self) -> None:
        self.clear()
        self.cancelled.emit()

    def clear(self) -> None:
        self.edit.clear()
        self.hide()


class RemarkCard(QFrame):
    """One remark with its replies. Emits requests; the column does the writing."""

    reply_requested = Signal(str, str)  # remark id, text
    resolve_requested = Signal(str)
    reopen_requested = Signal(str)

    def __init__(self, remark: Remark, parent: QWidget | None = None, *, about: str = "", scale: float = 1.0) -> None:
        super().__init__(parent)
        self.remark = remark
        self.setObjectName("RemarkCard")
        self.setProperty("resolved", "true" if remark.resolved else "false")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 9, 12, 8)
        layout.setSpacing(5)
        head = QLabel(_who(remark.author, remark.role, format_time(remark.created_at)))
        head.setWordWrap(True)
        layout.addWidget(head)
        if about:
            a = QLabel(_("Om: {about}", about=about))
            a.setWordWrap(True)
            a.setProperty("role", "hint")
            layout.addWidget(a)
        self.text_label = QLabel(remark.text)
        self.text_label.setProperty("role", "remarkText")
        self.text_label.setWordWrap(True)
        self.text_label.setTextFormat(Qt.TextFormat.PlainText)
        self.text_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.text_label)
        for reply in remark.replies:
            frame = QFrame()
            frame.setObjectName("Reply")
            rl = QVBoxLayout(frame)
            rl.setContentsMargins(10, 2, 0, 2)
            rl.setSpacing(2)
            who = QLabel(_who(reply.author, reply.role, format_time(reply.created_at)))
            who.setWordWrap(True)
            text = QLabel(reply.text)
            text.setProperty("role", "remarkText")
            text.setTextFormat(Qt.TextFormat.PlainText)
            text.setWordWrap(True)
            text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            rl.addWidget(who)
            rl.addWidget(text)
            layout.addWidget(frame)
        actions = QHBoxLayout()
        actions.setSpacing(4)
        if remark.resolved:
            by = f" {_('av')} {remark.resolved_by}" if remark.resolved_by else ""
            state = QLabel(f"✓ {_('Løst')}{by}")
            state.setStyleSheet(f"color: {theme.RESULTAT.fg}; font-weight: 600;")
        else:
            state = QLabel(_("Åpen"))
            state.setStyleSheet(f"color: {theme.NUDGE.fg}; font-weight: 600;")
        actions.addWidget(state)
        actions.addStretch(1)
        self.reply_button = link_button(_("Svar"), _("Svar på merknaden fra {who}", who=remark.author))
        self.resolve_button = link_button(_("Marker som løst"), _("Marker merknaden som løst"))
        self.reopen_button = link_button(_("Gjenåpne"), _("Gjenåpne merknaden"))
        actions.addWidget(self.reply_button)
        actions.addWidget(self.reopen_button if remark.resolved else self.resolve_button)
        (self.resolve_button if remark.resolved else self.reopen_button).hide()
        layout.addLayout(actions)
        self._layout = layout
        self._composer: Composer | None = None  # made on first use: most remarks are only read
        self.reply_button.clicked.connect(lambda: self.composer.open())
        self.resolve_button.clicked.connect(lambda: self.resolve_requested.emit(remark.id))
        self.reopen_button.clicked.connect(lambda: self.reopen_requested.emit(remark.id))
        self.setAccessibleName(_("Merknad fra {who} ({role})", who=remark.author, role=remark.role.label))

    @property
    def composer(self) -> Composer:
        if self._composer is None:
            self._composer = Composer(_("Skriv et svar …"), _("Send svar"))
            self._layout.addWidget(self._composer)
            self._composer.sent.connect(lambda text: self.reply_requested.emit(self.remark.id, text))
        return self._composer

    def draft(self) -> str | None:
        """The reply being written, if the reply field is open."""
        if self._composer is not None and self._composer.isVisible():
            return self._composer.text()
        return None
