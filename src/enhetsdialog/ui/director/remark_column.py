"""The remark column: remarks (merknader) and replies next to what they are about.

* :class:`RemarkCard` - one remark: who (name and role), when, the text, the replies, and the
  actions reply / resolve / reopen.
* :class:`RemarkCell` - the remarks of one row (one anchor, or one section in the meeting), with
  "+ Merknad" and an inline composer.
* :class:`RemarkColumn` - the controller: one cell per row, fed from ``services.remarks.list``,
  kept current from ``ctx.changed``; writes go through the worker with the author and role of the
  profile. It counts open remarks per section (:attr:`counts` model and :attr:`counts_changed`).

Remarks never change the agreement's text: nothing here calls an agreement write.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
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

from enhetsdialog.domain.enums import AnchorKind, Role, Section
from enhetsdialog.domain.model import Remark
from enhetsdialog.i18n import _
from enhetsdialog.services.changes import Changes

from enhetsdialog.ui import theme
from enhetsdialog.ui.director.document import AnchorKey, remark_key, section_key, section_of_anchor
from enhetsdialog.ui.director.models import SectionCountModel, format_time
from enhetsdialog.ui.director.profile import current_profile, ensure_profile

if TYPE_CHECKING:
    from enhetsdialog.services import Profile

    from enhetsdialog.ui.context import AppContext

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


def _link(text: str, accessible: str = "") -> QPushButton:
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
        self.reply_button = _link(_("Svar"), _("Svar på merknaden fra {who}", who=remark.author))
        self.resolve_button = _link(_("Marker som løst"), _("Marker merknaden som løst"))
        self.reopen_button = _link(_("Gjenåpne"), _("Gjenåpne merknaden"))
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


class RemarkCell(QWidget):
    """The remarks of one row and a way to add one."""

    add_requested = Signal(object, str)  # AnchorKey, text

    def __init__(self, key: AnchorKey, label: str, parent: QWidget | None = None, *, add_label: str | None = None) -> None:
        super().__init__(parent)
        self.key = key
        self.label = label
        self.cards: list[RemarkCard] = []
        self._signature: tuple[object, ...] = ()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(6)
        self._cards = QVBoxLayout()
        self._cards.setSpacing(6)
        layout.addLayout(self._cards)
        self.add_button = _link(add_label or _("+ Merknad"), _("Legg til merknad om {what}", what=label))
        self.add_button.setToolTip(_("Skriv en merknad om {what}", what=label))
        layout.addWidget(self.add_button, 0, Qt.AlignmentFlag.AlignLeft)
        self._layout = layout
        self._composer: Composer | None = None  # made on first use: a cell per row adds up
        self.add_button.clicked.connect(self.start_remark)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Minimum)

    @property
    def composer(self) -> Composer:
        if self._composer is None:
            self._composer = Composer(_("Merknad om {what} …", what=self.label), _("Legg til"))
            self._layout.addWidget(self._composer)
            self._composer.sent.connect(lambda text: self.add_requested.emit(self.key, text))
            self._composer.cancelled.connect(lambda: self.add_button.show())
        return self._composer

    def start_remark(self) -> None:
        self.add_button.hide()
        self.composer.open()

    def remark_added(self) -> None:
        if self._composer is not None:
            self._composer.clear()
        self.add_button.show()

    def set_remarks(self, remarks: list[Remark], about: Mapping[str, str], column: RemarkColumn) -> None:
        signature = tuple(
            (r.id, r.resolved, r.resolved_by, len(r.replies), about.get(r.id, "")) for r in remarks
        )
        if signature == self._signature:
            return
        self._signature = signature
        drafts = {c.remark.id: d for c in self.cards if (d := c.draft()) is not None}
        for c in self.cards:
            self._cards.removeWidget(c)
            c.hide()
            c.deleteLater()
        self.cards = []
        for r in remarks:
            card = RemarkCard(r, about=about.get(r.id, ""))
            card.reply_requested.connect(column.reply)
            card.resolve_requested.connect(column.resolve)
            card.reopen_requested.connect(column.reopen)
            if r.id in drafts and r.id not in column.replied:
                card.composer.open(drafts[r.id])
            self._cards.addWidget(card)
            self.cards.append(card)

    def card_of(self, remark_id: str) -> RemarkCard | None:
        return next((c for c in self.cards if c.remark.id == remark_id), None)


class RemarkColumn(QObject):
    """Keeps a set of :class:`RemarkCell` in step with the agreement's remarks and writes them.

    ``route(remark) -> AnchorKey`` chooses the cell of a remark (default: its own anchor; remarks on
    something that is not shown go to the "Hele avtalen" cell). ``labels`` names each anchor (for
    "Om: ..." lines when a remark is shown away from its item).
    """

    counts_changed = Signal(object)  # dict[Section, int]
    remarks_changed = Signal()

    def __init__(self, ctx: AppContext, parent: QObject | None = None,
                 route: Callable[[Remark], AnchorKey] | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.counts = SectionCountModel(self)
        self.cells: dict[AnchorKey, RemarkCell] = {}
        self.labels: dict[AnchorKey, str] = {}
        self.remarks: list[Remark] = []
        self.only_open = False
        self.revision_id: str | None = None
        self.agreement_id: str | None = None
        self.replied: set[str] = set()
        self._route = route
        self._parent_widget: QWidget | None = None
        ctx.changed.connect(self._on_changed)

    # --- building --------------------------------------------------------------------------------------

    def reset(self, revision_id: str | None, agreement_id: str | None, labels: Mapping[AnchorKey, str],
              parent_widget: QWidget | None = None) -> None:
        self.revision_id, self.agreement_id = revision_id, agreement_id
        self.labels = dict(labels)
        self.cells = {}
        self._parent_widget = parent_widget

    def make_cell(self, key: AnchorKey, *, add_label: str | None = None) -> RemarkCell:
        cell = RemarkCell(key, self.labels.get(key, ""), add_label=add_label)
        cell.add_requested.connect(self.add)
        self.cells[key] = cell
        return cell

    def route(self, remark: Remark) -> AnchorKey:
        if self._route is not None:
            return self._route(remark)
        key = remark_key(remark)
        return key if key in self.cells else section_key(Section.HELE)

    # --- data ------------------------------------------------------------------------------------------------

    def reload(self) -> None:
        aid = self.agreement_id
        if aid is None:
            self.set_remarks([])
            return
        remarks = self.ctx.read(lambda s: s.remarks.list(aid), default=None)
        if remarks is not None:
            self.set_remarks(remarks)

    def set_remarks(self, remarks: list[Remark]) -> None:
        self.remarks = sorted(remarks, key=lambda r: r.created_at)
        counts: dict[Section, int] = {}
        for r in self.remarks:
            if not r.resolved:
                key = remark_key(r)
                section = section_of_anchor(r.anchor_kind, r.anchor_id) if key in self.labels else Section.HELE
                counts[section] = counts.get(section, 0) + 1
        self.counts.set_counts(counts)
        self._fill()
        self.counts_changed.emit(dict(counts))
        self.remarks_changed.emit()

    def set_only_open(self, only_open: bool) -> None:
        self.only_open = only_open
        self._fill()

    def _fill(self) -> None:
        per_cell: dict[AnchorKey, list[Remark]] = {k: [] for k in self.cells}
        about: dict[str, str] = {}
        for r in self.remarks:
            if self.only_open and r.resolved:
                continue
            key = self.route(r)
            if key not in per_cell:
                continue
            own = remark_key(r)
            if own != key:
                about[r.id] = self.labels.get(own, _("noe som ikke lenger finnes i avtalen"))
            per_cell[key].append(r)
        for key, cell in self.cells.items():
            cell.set_remarks(per_cell[key], about, self)
        self.replied.clear()

    def open_count(self) -> int:
        return sum(1 for r in self.remarks if not r.resolved)

    def cell_of_remark(self, remark_id: str) -> RemarkCell | None:
        for cell in self.cells.values():
            if cell.card_of(remark_id) is not None:
                return cell
        return None

    def _on_changed(self, changes: Changes) -> None:
        if self.agreement_id is not None and (
            self.agreement_id in changes.remarks or self.agreement_id in changes.agreements
        ):
            self.reload()

    # --- writes -------------------------------------------------------------------------------------------------

    def _with_profile(self, fn: Callable[[Profile], None]) -> None:
        """Run ``fn(profile)``; at first start, after the user has said who they are."""
        ensure_profile(self.ctx, self._parent_widget, fn)

    def add(self, key: AnchorKey, text: str) -> None:
        self._with_profile(lambda profile: self._add(key, text, profile))

    def _add(self, key: AnchorKey, text: str, profile: Profile) -> None:
        rid = self.revision_id
        if rid is None:
            return
        kind, anchor_id = AnchorKind(key[0]), key[1]
        cell = self.cells.get(key)

        def done(_changes: Changes) -> None:
            if cell is not None:
                cell.remark_added()

        self.ctx.op(
            lambda s: s.remarks.add(rid, kind, anchor_id, text, author=profile.name, role=profile.role), on_done=done
        )

    def reply(self, remark_id: str, text: str) -> None:
        self._with_profile(lambda profile: self._reply(remark_id, text, profile))

    def _reply(self, remark_id: str, text: str, profile: Profile) -> None:
        self.replied.add(remark_id)
        self.ctx.op(lambda s: s.remarks.reply(remark_id, text, author=profile.name, role=profile.role))

    def resolve(self, remark_id: str) -> None:
        profile = current_profile(self.ctx)
        by = profile.name if profile else ""
        self.ctx.op(lambda s: s.remarks.resolve(remark_id, by=by))

    def reopen(self, remark_id: str) -> None:
        self.ctx.op(lambda s: s.remarks.reopen(remark_id))
