"""What every step page shares: a scrolling page with a heading, a short warm guide, the nudges for
its part of the agreement, cards with answers, and "Forrige"/"Neste" at the bottom.

A page never calls services. It reads the session's snapshot (``load`` when a revision is opened,
``update`` after each change) and hands edits to the session.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QApplication,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from enhetsdialog.domain.enums import AnchorKind, Section
from enhetsdialog.domain.model import FullAgreement
from enhetsdialog.domain.rules import Nudge, nudges
from enhetsdialog.i18n import Text, _

from enhetsdialog.ui.session import AgreementSession, TextKey, text_key
from enhetsdialog.ui.widgets.nudges import NudgePanel
from enhetsdialog.ui.widgets.text import AnswerEdit

if TYPE_CHECKING:
    from enhetsdialog.ui.context import AppContext

CONTENT_MAX_WIDTH = 1120


def page_column(page: QScrollArea, *, centred: bool = True) -> tuple[QWidget, QWidget, QVBoxLayout]:
    """Make ``page`` a page that scrolls up and down: a column at most :data:`CONTENT_MAX_WIDTH` wide
    (in the middle of a wide window when ``centred``) with the pages' margins and spacing. Returns the
    widget to hand to ``page.setWidget`` once filled, the column, and the column's layout."""
    page.setProperty("role", "page")
    page.setWidgetResizable(True)
    page.setFrameShape(QFrame.Shape.NoFrame)
    page.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    outer = QWidget()
    outer.setProperty("role", "page")
    row = QHBoxLayout(outer)
    row.setContentsMargins(0, 0, 0, 0)
    body = QWidget(outer)
    body.setMaximumWidth(CONTENT_MAX_WIDTH)
    body.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
    if centred:
        row.addStretch(0)
    row.addWidget(body, 100)
    if centred:
        row.addStretch(0)
    column = QVBoxLayout(body)
    column.setContentsMargins(28, 22, 28, 24)
    column.setSpacing(16)
    return outer, body, column


class TextBinding:
    """Connects an AnswerEdit to a text key of the session (the key can change, e.g. per goal)."""

    def __init__(self, page: StepPage, editor: AnswerEdit, key: TextKey | None,
                 on_edit: Callable[[str], None] | None = None) -> None:
        self.page, self.editor, self.key, self.on_edit = page, editor, key, on_edit
        editor.edited.connect(self._edited)
        editor.undo_requested.connect(page.session.undo_stack.undo)
        editor.redo_requested.connect(page.session.undo_stack.redo)

    def _edited(self, text: str) -> None:
        if self.key is not None:
            self.page.session.edit_text(self.key, text)
            if self.on_edit is not None:
                self.on_edit(text)

    def rebind(self, key: TextKey | None) -> None:
        self.key = key
        self.editor.set_text(self.page.session.text(key) if key else "")

    def sync(self) -> None:
        """Show the session's value unless the user's edit is still on its way."""
        if self.key is not None and not self.page.session.is_dirty(self.key):
            value = self.page.session.text(self.key)
            if self.editor.text() != value:
                self.editor.set_text(value)


class StepPage(QScrollArea):
    """Base of the six steps. Subclasses set the class attributes and implement ``build``."""

    number = ""
    title: Text = ""  # N_(...): translated when the page is built
    guide: Text = ""
    section: Section | None = None

    next_requested = Signal()
    prev_requested = Signal()
    jump_requested = Signal(object)  # Nudge to show on another step

    def __init__(self, session: AgreementSession, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.ctx = ctx
        self.full: FullAgreement | None = None
        self.read_only = True
        self._bindings: list[TextBinding] = []
        outer, _column, self.body = page_column(self)
        heading = QLabel(f"{self.number}  {self.title}".strip())
        heading.setProperty("role", "title")
        heading.setWordWrap(True)
        self.heading = heading
        self.body.addWidget(heading)
        if self.guide:
            guide = QLabel(str(self.guide))
            guide.setProperty("role", "guide")
            guide.setWordWrap(True)
            self.body.addWidget(guide)
        self.nudge_panel = NudgePanel()
        self.nudge_panel.activated.connect(self.show_nudge)
        self.body.addWidget(self.nudge_panel)
        self.build()
        self.body.addStretch(1)
        self.body.addLayout(self._footer())
        self.setWidget(outer)
        session.opened.connect(self._opened)
        session.refreshed.connect(self._refreshed)
        session.closed.connect(self._closed)
        session.text_restored.connect(self._text_restored)
        session.focus_item.connect(self._focus_item)

    # --- building blocks for subclasses -------------------------------------------------------------------

    def build(self) -> None:
        """Each step lays out its own fields here (an abstract method: QWidget's metaclass rules out ABC)."""
        raise TypeError(f"{type(self).__name__} must define build()")

    def card(self, title: str, guide: str = "") -> QVBoxLayout:
        frame = QFrame()
        frame.setProperty("role", "card")
        layout = QVBoxLayout(frame)
        layout.setContentsMargins(20, 16, 20, 18)
        layout.setSpacing(8)
        label = QLabel(title)
        label.setProperty("role", "subtitle")
        label.setWordWrap(True)
        layout.addWidget(label)
        if guide:
            g = QLabel(guide)
            g.setProperty("role", "guide")
            g.setWordWrap(True)
            layout.addWidget(g)
        self.body.addWidget(frame)
        return layout

    def answer(self, layout: QVBoxLayout, field: str | None, label: str, *, hint: str = "",
               placeholder: str = "", min_lines: int = 3, key: TextKey | None = None) -> AnswerEdit:
        """A labelled text field bound to a text key (``field`` of the revision unless ``key``)."""
        if label:
            title = QLabel(label)
            title.setProperty("role", "field")
            title.setWordWrap(True)
            layout.addSpacing(4)
            layout.addWidget(title)
        if hint:
            h = QLabel(hint)
            h.setProperty("role", "hint")
            h.setWordWrap(True)
            layout.addWidget(h)
        editor = AnswerEdit(placeholder, min_lines=min_lines)
        editor.setAccessibleName(label or placeholder)
        if label:
            title.setBuddy(editor)
        layout.addWidget(editor)
        self.bind(editor, key if key is not None else (text_key(field) if field else None))
        return editor

    def bind(self, editor: AnswerEdit, key: TextKey | None, on_edit: Callable[[str], None] | None = None) -> TextBinding:
        binding = TextBinding(self, editor, key, on_edit)
        self._bindings.append(binding)
        return binding

    def button(self, text: str, slot: Callable[[], Any], *, role: str = "", tooltip: str = "") -> QPushButton:
        b = QPushButton(text)
        if role:
            b.setProperty("role", role)
        if tooltip:
            b.setToolTip(tooltip)
        b.clicked.connect(lambda _=False: slot())
        return b

    def _footer(self) -> QHBoxLayout:
        row = QHBoxLayout()
        row.setContentsMargins(0, 8, 0, 0)
        self.prev_button = QPushButton(_("← Forrige"))
        self.prev_button.setToolTip(_("Forrige steg (Ctrl+PgUp)"))
        self.prev_button.clicked.connect(self.prev_requested)
        self.next_button = QPushButton(_("Neste →"))
        self.next_button.setProperty("role", "primary")
        self.next_button.setToolTip(_("Neste steg (Ctrl+PgDown)"))
        self.next_button.clicked.connect(self.next_requested)
        row.addWidget(self.prev_button)
        row.addStretch(1)
        row.addWidget(self.next_button)
        return row

    def set_neighbours(self, prev_title: str | None, next_title: str | None) -> None:
        self.prev_button.setVisible(prev_title is not None)
        self.next_button.setVisible(next_title is not None)
        if prev_title:
            self.prev_button.setText(_("← {title}", title=prev_title))
        if next_title:
            self.next_button.setText(_("Neste: {title} →", title=next_title))

    # --- the session's events ----------------------------------------------------------------------------

    def _opened(self, full: FullAgreement) -> None:
        self.full = full
        self.read_only = self.session.read_only
        self.load(full)
        for b in self._bindings:
            b.editor.set_text(self.session.text(b.key) if b.key else "")
        self._apply_read_only()
        self._update_nudges(full)
        self.verticalScrollBar().setValue(0)

    def _refreshed(self, full: FullAgreement) -> None:
        self.full = full
        ro = self.session.read_only
        self.refresh(full)
        for b in self._bindings:
            b.sync()
        if ro != self.read_only:
            self.read_only = ro
            self._apply_read_only()
        self._update_nudges(full)

    def _closed(self) -> None:
        self.full = None

    def _apply_read_only(self) -> None:
        for b in self._bindings:
            b.editor.setReadOnly(self.read_only)
        self.set_read_only(self.read_only)

    def _update_nudges(self, full: FullAgreement) -> None:
        if self.section is not None:
            self.nudge_panel.set_nudges([n for n in nudges(full.revision.content) if n.section is self.section])

    def _text_restored(self, key: Hashable, value: str) -> None:
        for b in self._bindings:
            if b.key == key:
                b.editor.set_text(value)

    def owns_key(self, key: Hashable) -> bool:
        return any(b.key == key for b in self._bindings)

    def _focus_item(self, kind: str, item_id: str) -> None:
        if self.isVisible():
            self.focus_item(kind, item_id)

    # --- for subclasses to override ---------------------------------------------------------------------------

    def load(self, full: FullAgreement) -> None:
        """A revision was opened: fill lists and tables."""

    def refresh(self, full: FullAgreement) -> None:
        """The revision changed: update lists and tables in place."""
        self.load(full)

    def set_read_only(self, read_only: bool) -> None:
        """Disable buttons and tables (text fields are handled here)."""

    def focus_item(self, kind: str, item_id: str) -> None:
        """Select a just-added item."""

    def focus_anchor(self, anchor_kind: AnchorKind, anchor_id: str) -> None:
        """Show and focus what a nudge points at."""
        self.focus_first()

    def focus_first(self) -> None:
        first = self._bindings[0].editor if self._bindings else self.next_button
        first.setFocus(Qt.FocusReason.OtherFocusReason)

    def show_nudge(self, nudge: Nudge) -> None:
        self.focus_anchor(nudge.anchor_kind, nudge.anchor_id)

    def on_shown(self) -> None:
        """The page became the current step."""

    def focusNextPrevChild(self, next: bool) -> bool:
        """Tab and Shift+Tab: the page scrolls to the control that has the focus, also when the page
        was laid out anew meanwhile (QScrollArea only looks at once, before a pending layout)."""
        moved = super().focusNextPrevChild(next)
        if moved:
            QTimer.singleShot(0, self, self._reveal_focus)
        return moved

    def _reveal_focus(self) -> None:
        w = QApplication.focusWidget()
        inner = self.widget()
        if w is not None and inner is not None and inner.isAncestorOf(w):
            self.ensureWidgetVisible(w, 40, 40)

    def scroll_to(self, widget: QWidget) -> None:
        QTimer.singleShot(0, self, lambda: self.ensureWidgetVisible(widget, 40, 80))
