"""The leader's guided agreement: a header, the step indicator, the signed banner and the six steps.

It owns the editing session (snapshot, autosave, undo) and moves between steps; each step is its own
module under ``ui/steps``.
"""

from __future__ import annotations

from collections.abc import Hashable
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QApplication,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSizePolicy,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from enhetsdialog.domain.enums import Section, Status
from enhetsdialog.domain.model import FullAgreement
from enhetsdialog.domain.rules import Nudge
from enhetsdialog.i18n import N_, LazyText, _, ngettext

from enhetsdialog.ui import settings as ui_settings
from enhetsdialog.ui import theme
from enhetsdialog.ui.session import AgreementSession
from enhetsdialog.ui.steps import STEPS, StepPage
from enhetsdialog.ui.views.followup_page import TITLE as FOLLOWUP_TITLE
from enhetsdialog.ui.views.followup_page import FollowUpPage
from enhetsdialog.ui.widgets.bars import Banner, NoticeBar, StepBar
from enhetsdialog.ui.widgets.chips import ChipLabel, clear_layout

if TYPE_CHECKING:
    from enhetsdialog.ui.context import AppContext

SECTION_STEP: dict[Section, int] = {
    Section.HVOR: 0,
    Section.HVORDAN: 1,
    Section.ENKLERE: 2,
    Section.LYKKES: 3,
    Section.SAMSKAPING: 4,
    Section.HELE: 5,
}

KIND_STEP: dict[str, int] = {"goal": 0, "activity": 2, "support_need": 2, "indicator": 3, "participant": 4}

SAVE_STATES: dict[str, LazyText] = {
    "pending": N_("Lagrer …"),
    "saving": N_("Lagrer …"),
    "saved": N_("Alle endringer er lagret"),
    "failed": N_("Ikke lagret ennå – prøver igjen"),
}


class AgreementEditor(QWidget):
    """Signals: ``step_changed(int)``; ``save_state(str)`` with a sentence for the status bar;
    ``review_requested(revision_id)``: read and answer the remarks (the main window shows the review)."""

    step_changed = Signal(int)
    save_state = Signal(str)
    review_requested = Signal(str)

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.session = AgreementSession(ctx, self)
        self._status_shown: object = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self._header())
        self.step_bar = StepBar([(cls.number, str(cls.title)) for cls in STEPS] + [("", str(FOLLOWUP_TITLE))])
        self.step_bar.step_requested.connect(self.go_to)
        layout.addWidget(self.step_bar)
        banner_row = QVBoxLayout()
        banner_row.setContentsMargins(24, 10, 24, 0)
        self.banner = Banner()
        self.banner.action.connect(self.session.new_revision)
        self.banner.follow_up.connect(self.show_followup)
        banner_row.addWidget(self.banner)
        self.notice = NoticeBar()
        banner_row.addWidget(self.notice)
        self.session.removed.connect(self._removed)
        self.session.undo_stack.indexChanged.connect(self._stack_moved)
        self._notice_index = -1
        layout.addLayout(banner_row)
        self.stack = QStackedWidget()
        self.pages: list[StepPage] = [cls(self.session, ctx) for cls in STEPS]
        for i, page in enumerate(self.pages):
            self.stack.addWidget(page)
            page.next_requested.connect(lambda i=i: self.go_to(i + 1))
            page.prev_requested.connect(lambda i=i: self.go_to(i - 1))
            page.jump_requested.connect(self.jump)
            page.set_neighbours(
                self._step_name(i - 1) if i > 0 else None,
                self._step_name(i + 1) if i + 1 < len(self.pages) else None,
            )
        self.followup_index = len(self.pages)  # the step after the six: the year's follow-up
        self.followup_page = FollowUpPage(self.session, ctx)
        self.followup_page.reveal_requested.connect(self.show_followup)
        self.stack.addWidget(self.followup_page)
        layout.addWidget(self.stack, 1)
        self._make_actions()
        self.session.opened.connect(self._opened)
        self.session.refreshed.connect(self._show_header)
        self.session.text_restored.connect(self._reveal)
        self.session.focus_item.connect(self._reveal_item)
        self.session.autosaver.state_changed.connect(lambda s: self.save_state.emit(str(SAVE_STATES.get(s, ""))))
        self.session.autosaver.state_changed.connect(self._show_save_state)

    @staticmethod
    def _step_name(i: int) -> str:
        if i == len(STEPS):
            return str(FOLLOWUP_TITLE)
        cls = STEPS[i]
        return f"{cls.number} {cls.title}".strip()

    def _header(self) -> QFrame:
        frame = QFrame()
        frame.setObjectName("EditorHeader")
        frame.setStyleSheet(
            f"QFrame#EditorHeader {{ background: {theme.SURFACE}; }}"
            f" QPushButton#RemarksButton[open=\"true\"] {{ background: {theme.NUDGE.bg}; color: {theme.NUDGE.fg};"
            f" border: 1px solid {theme.NUDGE.border}; font-weight: 600; }}"
            f" QPushButton#RemarksButton:focus {{ border: 2px solid {theme.FOCUS}; padding: 4px 11px; }}"
        )
        row = QHBoxLayout(frame)
        row.setContentsMargins(24, 12, 20, 4)
        row.setSpacing(10)
        self.title_label = QLabel()
        self.title_label.setProperty("role", "subtitle")
        self.meta_label = QLabel()
        self.meta_label.setProperty("role", "meta")
        self.meta_label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)  # gives way first
        self.status_box = QHBoxLayout()
        self.saved_label = QLabel(str(SAVE_STATES["saved"]))
        self.saved_label.setProperty("role", "meta")
        self.saved_label.setAccessibleName(_("Lagring"))
        row.addWidget(self.title_label)
        row.addLayout(self.status_box)
        self.remarks_button = QPushButton(_("Merknader"))
        self.remarks_button.setObjectName("RemarksButton")
        self.remarks_button.setToolTip(_("Les og svar på merknadene til avtalen (Ctrl+Shift+R)"))
        self.remarks_button.clicked.connect(self._review)
        row.addWidget(self.meta_label, 1)
        row.addWidget(self.saved_label)
        row.addSpacing(6)
        row.addWidget(self.remarks_button)
        return frame

    def _review(self) -> None:
        rid = self.session.revision_id
        if rid is not None:
            self.session.flush()
            self.review_requested.emit(rid)

    def _make_actions(self) -> None:
        def action(text: str, shortcuts: list[QKeySequence], slot: object) -> QAction:
            a = QAction(text, self)
            a.setShortcuts(shortcuts)
            a.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
            a.triggered.connect(slot)
            self.addAction(a)
            return a

        self.next_action = action(_("Neste steg"), [QKeySequence("Ctrl+PgDown")], lambda: self.go_to(self.current_step() + 1))
        self.prev_action = action(_("Forrige steg"), [QKeySequence("Ctrl+PgUp")], lambda: self.go_to(self.current_step() - 1))
        self.step_actions = [
            action(self._step_name(i), [QKeySequence(f"Alt+{i + 1}")], lambda _=False, i=i: self.go_to(i))
            for i in range(len(self.pages) + 1)
        ]
        self.undo_action = self.session.undo_stack.createUndoAction(self, _("Angre"))
        self.undo_action.setShortcuts(QKeySequence.StandardKey.Undo)
        self.redo_action = self.session.undo_stack.createRedoAction(self, _("Gjør om"))
        self.redo_action.setShortcuts([QKeySequence("Ctrl+Shift+Z"), QKeySequence("Ctrl+Y")])
        for a in (self.undo_action, self.redo_action):
            a.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
            self.addAction(a)

    def navigation_actions(self) -> list[QAction]:
        return [self.prev_action, self.next_action, *self.step_actions]

    # --- opening ---------------------------------------------------------------------------------------------------

    # --- as a mode of the main window (ui/modes.py) ----------------------------------------------------

    def current_revision(self) -> str | None:
        return self.session.revision_id

    def shown_agreement(self) -> FullAgreement | None:
        return self.session.full

    def flush(self) -> None:
        self.session.flush()

    def open(self, revision_id: str) -> bool:
        return self.session.open(revision_id)

    def _opened(self, full: FullAgreement) -> None:
        self._show_header(full)
        step = ui_settings.get_int(self.ctx.settings, ui_settings.LAST_STEP, 0)
        if ui_settings.get_str(self.ctx.settings, ui_settings.LAST_REVISION) != full.revision.id:
            step = 0
        self.go_to(max(0, min(step, self.followup_index)), force=True)
        if self.isVisible():
            self.current_page().focus_first()

    def _show_header(self, full: FullAgreement) -> None:
        rev = full.revision
        self.title_label.setText(_("{unit} – enhetsavtale {year}", unit=full.unit.name, year=rev.year))
        self.meta_label.setText(_("revisjon {n} · {area}", n=rev.number, area=full.service_area.name))
        open_remarks = sum(1 for r in full.remarks if not r.resolved)
        self.remarks_button.setText(
            _("Merknader") if not open_remarks
            else ngettext("Merknader · {n} åpen", "Merknader · {n} åpne", open_remarks)
        )
        self.remarks_button.setProperty("open", "true" if open_remarks else "false")
        self.remarks_button.style().unpolish(self.remarks_button)
        self.remarks_button.style().polish(self.remarks_button)
        if self._status_shown != rev.status:
            self._status_shown = rev.status
            clear_layout(self.status_box)
            self.status_box.addWidget(ChipLabel(rev.status.label, theme.STATUS_CHIPS[rev.status]))
        self._show_banner()

    def _show_banner(self) -> None:
        full = self.session.full
        if full is None or not self.session.read_only:
            self.banner.hide()
            return
            self.banner.hide()
            return
        rev = full.revision
        if self.current_step() == self.followup_index:
            self.banner.show_message(
                _("Avtalen er signert. Målinger, framdrift og vurderinger føres her – den signerte avtalen "
                   "endres ikke."),
                action=False,
            )
            return
        self.banner.show_message(
            _("Denne revisjonen er signert og kan ikke endres. Vil dere gjøre endringer, lager dere en ny "
               "revisjon – den signerte blir stående som den er."),
            action=rev.frozen, follow_up=rev.status in (Status.SIGNERT, Status.ARKIVERT),
        )

    def _removed(self, text: str, command: object) -> None:
        """«Fjern» removes at once; the notice offers «Angre» while the removal is the last step."""
        stack = self.session.undo_stack
        self._notice_index = stack.index()

        def undo_it() -> None:
            if stack.index() == self._notice_index and stack.command(stack.index() - 1) is command:
                stack.undo()

        self.notice.show_notice(text, undo=undo_it)

    def _stack_moved(self, index: int) -> None:
        if self.notice.isVisible() and index != self._notice_index:
            self.notice.hide()  # something else happened since: «Angre» would undo that

    def _show_save_state(self, state: str) -> None:
        self.saved_label.setText(str(SAVE_STATES.get(state, "")))

    # --- moving between steps ---------------------------------------------------------------------------------

    def current_step(self) -> int:
        return self.stack.currentIndex()

    def current_page(self) -> StepPage | FollowUpPage:
        step = self.current_step()
        return self.followup_page if step == self.followup_index else self.pages[step]

    def show_followup(self) -> None:
        self.go_to(self.followup_index)

    def go_to(self, index: int, *, force: bool = False) -> None:
        if not 0 <= index <= self.followup_index or (index == self.current_step() and not force):
            return
        self.session.flush()
        focus = QApplication.focusWidget()
        in_pages = focus is None or self.stack.isAncestorOf(focus) or not focus.isVisible()
        self.stack.setCurrentIndex(index)
        self.step_bar.set_current(index)
        page = self.current_page()
        page.on_shown()
        self._show_banner()
        if in_pages and self.isVisible():  # keyboard users land in the new step, not on a hidden field
            page.focus_first()
        self.ctx.settings.setValue(ui_settings.LAST_STEP, index)
        self.step_changed.emit(index)

    def jump(self, nudge: Nudge) -> None:
        index = SECTION_STEP.get(nudge.section, 0)
        self.go_to(index)
        self.pages[index].focus_anchor(nudge.anchor_kind, nudge.anchor_id)

    def _reveal_item(self, kind: str, item_id: str) -> None:
        """An undo/redo touched an item on another step: show that step and the item."""
        index = KIND_STEP.get(kind)
        if index is not None and index != self.current_step():
            self.go_to(index)
            self.pages[index].focus_item(kind, item_id)

    def _reveal(self, key: Hashable, _value: str) -> None:
        """Undo/redo changed a text: show the step where it is."""
        if self.current_page().owns_key(key):
            return
        for i, page in enumerate(self.pages):
            if page.owns_key(key):
                self.go_to(i)
                return
