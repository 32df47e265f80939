"""Dialogue meeting mode: the agreement step by step in large type, one step per page (the four
questions, Samskaping, Oppsummering), with a notes field per step for what was decided and the
remarks of that step beside it. Notes are saved with ``agreements.set_meeting_note`` a moment after
typing stops. On the summary page the agreement can be marked ``enighet`` when every remark is
resolved (the button follows ``domain.rules.check_transition`` and says why not), and from there
leader and director can sign on the same machine, one after the other.

Hosted in the main window by :mod:`enhetsdialog.ui.director.hosting`.
"""

from __future__ import annotations

from functools import partial
from html import escape
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QFont, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QDialog,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from enhetsdialog.domain.enums import Section, Status
from enhetsdialog.domain.model import FullAgreement, Remark
from enhetsdialog.i18n import _, ngettext
from enhetsdialog.services.changes import Changes

from enhetsdialog.ui import theme
from enhetsdialog.ui.director.document import (
    STEP_NUMBERS,
    STEPS,
    AnchorKey,
    Block,
    agreement_blocks,
    remark_key,
    section_key,
    section_of_anchor,
    section_title,
)
from enhetsdialog.ui.director.meeting_page import MEETING_STYLE, AgreementPanel, MeetingPage, NotesEdit, panel
from enhetsdialog.ui.director.remark_column import RemarkCell, RemarkColumn
from enhetsdialog.ui.director.review import label_of
from enhetsdialog.ui.modes import ShowsAgreement
from enhetsdialog.ui.signing_dialog import sign_in_turn
from enhetsdialog.ui.widgets.bars import StepBar
from enhetsdialog.ui.widgets.chips import clear_layout

if TYPE_CHECKING:
    from enhetsdialog.services import Services

    from enhetsdialog.ui.context import AppContext

SUMMARY = "oppsummering"  # the key of the summary page's notes
NOTE_DELAY_MS = 700
def _save_note(revision_id: str, step: str, text: str, services: Services) -> Changes:
    return services.agreements.set_meeting_note(revision_id, step, text)


def meeting_steps() -> list[tuple[str, str]]:
    """(key, title) of every page: the five parts of the agreement, then the summary."""
    return [(s.value, s.label) for s in STEPS] + [(SUMMARY, _("Oppsummering"))]


class MeetingView(ShowsAgreement, QWidget):
    """Signals: ``close_requested(revision_id)`` (leave the meeting)."""

    close_requested = Signal(str)

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.full: FullAgreement | None = None
        self.blocks: list[Block] = []
        self.column = RemarkColumn(ctx, self, route=self._route)
        self.column.remarks_changed.connect(self._update_status)
        self.notes: dict[str, NotesEdit] = {}
        self.cells: dict[str, RemarkCell] = {}
        self._dirty: dict[str, str] = {}
        self._saving: dict[str, str] = {}
        self.setObjectName("MeetingView")
        self.setStyleSheet(MEETING_STYLE)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.setSpacing(0)

        header = QFrame()
        header.setObjectName("ViewHeader")
        hl = QHBoxLayout(header)
        hl.setContentsMargins(20, 10, 20, 10)
        self.title = QLabel(_("Dialogmøte"))
        self.title.setProperty("role", "title")
        self.status_chip = QLabel()
        self.saved_label = QLabel()
        self.saved_label.setProperty("role", "meta")
        hl.addWidget(self.title)
        hl.addSpacing(10)
        hl.addWidget(self.status_chip, 0, Qt.AlignmentFlag.AlignVCenter)
        hl.addSpacing(10)
        hl.addWidget(self.saved_label, 0, Qt.AlignmentFlag.AlignVCenter)
        hl.addStretch(1)
        self.leave_button = QPushButton(_("Avslutt møtet"))
        self.leave_button.setToolTip(_("Tilbake til gjennomgangen. Notatene er lagret."))
        self.leave_button.clicked.connect(self.leave)
        hl.addWidget(self.leave_button)
        outer.addWidget(header)

        steps = meeting_steps()
        self.step_keys = [key for key, _title in steps]
        self.step_bar = StepBar([(STEP_NUMBERS.get(Section(k), "") if k != SUMMARY else "", t) for k, t in steps])
        self.step_bar.step_requested.connect(self.go_to)
        outer.addWidget(self.step_bar)

        self.stack = QStackedWidget()
        self.pages: list[MeetingPage] = []
        for key, title in steps:
            page = MeetingPage(section_title(Section(key)) if key != SUMMARY else title)
            self._build_side(page, key)
            self.pages.append(page)
            self.stack.addWidget(page)
        self._build_summary(self.pages[-1])
        outer.addWidget(self.stack, 1)

        footer = QHBoxLayout()
        footer.setContentsMargins(20, 8, 20, 12)
        self.prev_button = QPushButton(_("← Forrige"))
        self.prev_button.setToolTip(_("Forrige steg (Ctrl+PgUp)"))
        self.prev_button.clicked.connect(lambda: self.go_to(self.stack.currentIndex() - 1))
        self.next_button = QPushButton(_("Neste →"))
        self.next_button.setProperty("role", "primary")
        self.next_button.setToolTip(_("Neste steg (Ctrl+PgDown)"))
        self.next_button.clicked.connect(lambda: self.go_to(self.stack.currentIndex() + 1))
        footer.addWidget(self.prev_button)
        footer.addStretch(1)
        footer.addWidget(self.next_button)
        outer.addLayout(footer)

        # only while the meeting has focus: the editor's window-wide actions use the same keys
        within = Qt.ShortcutContext.WidgetWithChildrenShortcut
        QShortcut(QKeySequence("Ctrl+PgDown"), self, lambda: self.go_to(self.stack.currentIndex() + 1), within)
        QShortcut(QKeySequence("Ctrl+PgUp"), self, lambda: self.go_to(self.stack.currentIndex() - 1), within)
        for i in range(len(steps)):
            QShortcut(QKeySequence(f"Alt+{i + 1}"), self, partial(self.go_to, i), within)

        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(NOTE_DELAY_MS)
        self._timer.timeout.connect(self.flush_notes)
        ctx.changed.connect(self._on_changed)
        self.go_to(0)

    # --- building ----------------------------------------------------------------------------------------

    def _build_side(self, page: MeetingPage, key: str) -> None:
        if key == SUMMARY:
            return
        self._build_notes_and_remarks(page, key, _("Hva ble bestemt?"), _("Merknader i denne delen"))

    def _build_notes_and_remarks(self, page: MeetingPage, key: str, notes_title: str, remarks_title: str,
                                 placeholder: str | None = None) -> None:
        """The right-hand column of a step: the notes panel and the panel for the step's remarks."""
        notes_panel, nl, _title = panel(notes_title)
        notes = NotesEdit(key)
        if placeholder is not None:
            notes.setPlaceholderText(placeholder)
        notes.edited.connect(self._note_edited)
        nl.addWidget(notes)
        self.notes[key] = notes
        page.right.addWidget(notes_panel)
        remarks_panel, rl, title = panel(remarks_title)
        page.remarks_title = title  # type: ignore[attr-defined]
        holder = QVBoxLayout()
        rl.addLayout(holder)
        page.remark_holder = holder  # type: ignore[attr-defined]
        page.right.addWidget(remarks_panel)
        page.right.addStretch(1)

    def _build_summary(self, page: MeetingPage) -> None:
        self.agreement = AgreementPanel()
        self.agreement.status_requested.connect(self._set_status)
        self.agreement.sign_requested.connect(self.start_signing)
        self.agreement.step_requested.connect(self.go_to)
        a = self.agreement  # its parts, as the keyboard and the tests reach them
        self.verdict, self.agree_button, self.sign_button, self.reopen_button = (
            a.verdict, a.agree_button, a.sign_button, a.reopen_button)
        page.blocks.addWidget(self.agreement)

        decided, dl, _title = panel(_("Dette ble dere enige om"), roomy=True)
        self.decided = QLabel()
        self.decided.setWordWrap(True)
        self.decided.setTextFormat(Qt.TextFormat.RichText)
        self.decided.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        font = QFont(self.decided.font())
        font.setPointSizeF(font.pointSizeF() * 1.15)
        self.decided.setFont(font)
        dl.addWidget(self.decided)
        page.blocks.addWidget(decided)

        self._build_notes_and_remarks(
            page, SUMMARY, _("Felles notater"), _("Merknader til hele avtalen"),
            placeholder=_("Det som gjelder hele avtalen: oppfølging, neste møte, hvem gjør hva."),
        )

    # --- opening --------------------------------------------------------------------------------------------

    def flush(self) -> None:  # the mode protocol (ui/modes.py): the notes wait for a timer
        self.flush_notes()

    def open(self, revision_id: str, step: int = 0) -> bool:
        self.flush_notes()
        full = self.ctx.read(lambda s: s.agreements.get(revision_id))
        if full is None:
            return False
        self._dirty.clear()
        self._show(full, rebuild=True)
        self.go_to(step)
        self.next_button.setFocus(Qt.FocusReason.OtherFocusReason)
        return True

    def _route(self, remark: Remark) -> AnchorKey:
        key = remark_key(remark)
        if key not in self.column.labels:
            return section_key(Section.HELE)
        return section_key(section_of_anchor(remark.anchor_kind, remark.anchor_id))

    def _show(self, full: FullAgreement, *, rebuild: bool) -> None:
        self.full = full
        rev = full.revision
        blocks = agreement_blocks(full)
        if rebuild or blocks != self.blocks:
            self.blocks = blocks
            labels = {b.key: label_of(b) for b in blocks}
            self.column.reset(rev.id, rev.agreement_id, labels, self)
            sections = [*STEPS, Section.HELE]
            for page, section in zip(self.pages, sections, strict=True):
                if section is not Section.HELE:
                    page.set_blocks([b for b in blocks if b.section is section])
                holder = page.remark_holder  # type: ignore[attr-defined]
                clear_layout(holder)
                add = _("+ Merknad til hele avtalen") if section is Section.HELE else _("+ Merknad til denne delen")
                cell = self.column.make_cell(section_key(section), add_label=add)
                holder.addWidget(cell)
                self.cells[section.value if section is not Section.HELE else SUMMARY] = cell
            self.column.reload()
        for key, edit in self.notes.items():
            if key not in self._dirty and key not in self._saving:
                edit.set_text(rev.meeting_notes.get(key, ""))
            edit.setReadOnly(rev.frozen)
        self.title.setText(_("Dialogmøte · {unit} {year}", unit=full.unit.name, year=rev.year))
        chip = theme.STATUS_CHIPS[rev.status]
        self.status_chip.setText(rev.status.label)
        self.status_chip.setStyleSheet(f"QLabel {{ {theme.chip_css(chip)} }}")
        self._update_status()

    # --- steps ----------------------------------------------------------------------------------------------

    def go_to(self, index: int) -> None:
        if not 0 <= index < len(self.pages):
            return
        self.flush_notes()
        self.stack.setCurrentIndex(index)
        self.step_bar.set_current(index)
        self.prev_button.setEnabled(index > 0)
        last = index == len(self.pages) - 1
        self.next_button.setVisible(not last)
        if not last:
            self.next_button.setText(_("Neste: {title} →", title=meeting_steps()[index + 1][1]))
        if index > 0:
            self.prev_button.setText(_("← {title}", title=meeting_steps()[index - 1][1]))
        else:
            self.prev_button.setText(_("← Forrige"))
        if last:
            self._update_decided()

    def current_step(self) -> int:
        return self.stack.currentIndex()

    def leave(self) -> None:
        self.flush_notes()
        if self.revision_id is not None:
            self.close_requested.emit(self.revision_id)

    # --- notes -------------------------------------------------------------------------------------------------

    def _note_edited(self, step: str, text: str) -> None:
        if self.full is None or self.full.revision.frozen:
            return
        self._dirty[step] = text
        self.saved_label.setText(_("Notatene lagres …"))
        self._timer.start()

    def flush_notes(self) -> None:
        """Save every note typed since the last save (also called when leaving a step)."""
        self._timer.stop()
        rid = self.revision_id
        if rid is None or not self._dirty:
            return
        dirty, self._dirty = self._dirty, {}
        for step, text in dirty.items():
            self._saving[step] = text

            def done(_changes: Changes, step: str = step, text: str = text) -> None:
                if self._saving.get(step) == text:
                    del self._saving[step]
                if not self._dirty and not self._saving:
                    self.saved_label.setText(_("Notatene er lagret."))

            def failed(_e: BaseException, step: str = step, text: str = text) -> None:
                self._saving.pop(step, None)
                self._dirty.setdefault(step, text)
                self.saved_label.setText(_("Notatene ble ikke lagret."))

            self.ctx.op(partial(_save_note, rid, step, text), on_done=done, on_error=failed)

    def _update_decided(self) -> None:
        parts = []
        for key, title in meeting_steps():
            edit = self.notes.get(key)
            text = edit.toPlainText().strip() if edit else ""
            if text and key != SUMMARY:
                parts.append(f"<b>{escape(title)}</b><br>{escape(text).replace(chr(10), '<br>')}")
        self.decided.setText(
            "<br><br>".join(parts) if parts else f"<span style='color:{theme.MUTED}'>"
            + escape(_("Ingen notater ennå. Skriv ned det dere blir enige om i hvert steg.")) + "</span>"
        )

    # --- status and signing --------------------------------------------------------------------------------------

    def _update_status(self) -> None:
        full = self.full
        if full is None:
            return
        open_count = self.column.open_count()
        for page, section in zip(self.pages, [*STEPS, Section.HELE], strict=True):
            n = self.column.counts.count(section)
            base = _("Merknader til hele avtalen") if section is Section.HELE else _("Merknader i denne delen")
            shown = _("{title} ({count})", title=base, count=ngettext("{n} åpen", "{n} åpne", n)) if n else base
            page.remarks_title.setText(shown)  # type: ignore[attr-defined]
        self.agreement.show_state(full, open_count, self.column.counts.count)

    def mark_agreed(self) -> None:
        self._set_status(Status.ENIGHET)

    def _set_status(self, status: Status) -> None:
        rid = self.revision_id
        if rid is None:
            return
        self.flush_notes()
        self.ctx.op(lambda s: s.agreements.set_status(rid, status))

    def start_signing(self) -> QDialog | None:
        """Open the signing dialog for the leader, then (when that is done) for the director."""
        rid = self.revision_id
        if rid is None:
            return None
        self.flush_notes()
        return sign_in_turn(self.ctx, rid, self)

    # --- updates -------------------------------------------------------------------------------------------------

    def _on_changed(self, changes: Changes) -> None:
        rid = self.revision_id
        if rid is not None and rid in changes.revisions:
            full = self.ctx.read(lambda s: s.agreements.get(rid))
            if full is not None:
                self._show(full, rebuild=False)
                if self.current_step() == len(self.pages) - 1:
                    self._update_decided()
