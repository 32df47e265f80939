"""«Oppfølging»: the year's follow-up of the open agreement, goal by goal (indicators with chart,
status, what is due and the entry of a value; the activities' progress; the year-end assessment),
then «Hva lærte vi?».

It reads the domain's read model (``FollowUpService.followup``) and never computes a status itself.
Every edit is a command on the agreement's undo stack; typed texts are written by the session's
autosaver (keys from :func:`~enhetsdialog.ui.session.followup_key`, kept on a signed revision).
Recording leaves the signed agreement as it is: the services write follow-up records only.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from enhetsdialog.domain.enums import Assessment
from enhetsdialog.domain.errors import ValidationError
from enhetsdialog.domain.followup import FollowUp, GoalFollowUp
from enhetsdialog.i18n import _
from enhetsdialog.services.changes import Changes

from enhetsdialog.ui.followup import commands
from enhetsdialog.ui.followup.commands import FollowUpTextCommand, MeasuredValue
from enhetsdialog.ui.followup.goal import GoalCard
from enhetsdialog.ui.followup.learning import LearningCard, learning_values
from enhetsdialog.ui.session import followup_key
from enhetsdialog.ui.steps.base import page_column
from enhetsdialog.ui.widgets.chips import clear_layout

if TYPE_CHECKING:
    from enhetsdialog.ui.context import AppContext
    from enhetsdialog.ui.session import AgreementSession


class FollowUpView(QScrollArea):
    """Signals: ``reveal_requested()`` (an undo or redo changed the follow-up: show it)."""

    reveal_requested = Signal()

    def __init__(self, session: AgreementSession, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session, self.ctx = session, ctx
        self.followup: FollowUp | None = None
        self.cards: dict[str, GoalCard] = {}
        self._order: list[tuple[str, tuple[str, ...]]] = []
        self._texts: dict[tuple[str, ...], str] = {}
        self._stale = True
        self._to_build: list[str] = []  # goals still to be laid out (one per event loop turn)
        self._build_timer = QTimer(self)
        self._build_timer.setSingleShot(True)
        self._build_timer.setInterval(0)
        self._build_timer.timeout.connect(self._build_next)
        outer, body, self.body = page_column(self, centred=False)
        head = QHBoxLayout()
        self.heading = QLabel(_("Oppfølging"), body)
        self.heading.setProperty("role", "title")
        head.addWidget(self.heading, 1)
        self.import_button = QPushButton(_("Importer målinger …"), body)
        self.import_button.setToolTip(_("Les målte verdier fra en CSV-fil (indikator, periode, verdi)"))
        self.import_button.clicked.connect(self.import_measurements)
        head.addWidget(self.import_button)
        self.body.addLayout(head)
        guide = QLabel(_("Her følger dere opp avtalen gjennom året: før inn målte verdier når de kommer, hvordan "
                         "tiltakene går, og ved årets slutt hvordan det gikk med hvert mål. Den signerte avtalen "
                         "endres ikke."), body)
        guide.setProperty("role", "guide")
        guide.setWordWrap(True)
        self.body.addWidget(guide)
        self.goal_box = QVBoxLayout()
        self.goal_box.setSpacing(16)
        self.body.addLayout(self.goal_box)
        self.learning = LearningCard(body)
        self.learning.edited.connect(self._learning_typed)
        for editor in self.learning.editors.values():
            self._hand_undo_to_window(editor)
        self.body.addWidget(self.learning)
        self.body.addStretch(1)
        self.setWidget(outer)
        session.opened.connect(self._reopened)
        session.closed.connect(self._closed)
        ctx.changed.connect(self._changed)

    # --- loading ------------------------------------------------------------------------------------

    @property
    def revision_id(self) -> str | None:
        return self.session.revision_id

    def on_shown(self) -> None:
        if self._stale or (self.followup is not None and self.followup.revision_id != self.revision_id):
            self.reload()

    def reload(self) -> None:
        rid = self.revision_id
        self._stale = False
        if rid is None:
            self.show_followup(None)
            return
        self.show_followup(self.ctx.read(lambda s: s.followup.followup(rid)))

    def _reopened(self, _full: object) -> None:
        self._texts.clear()
        self._order = []
        self._stale = True
        if self.isVisible():
            self.reload()

    def _closed(self) -> None:
        self.show_followup(None)

    def _changed(self, changes: Changes) -> None:
        rid = self.revision_id
        if rid is None or not (rid in changes.followup or rid in changes.revisions):
            return
        if self.isVisible():
            self.reload()
        else:
            self._stale = True

    def show_followup(self, fu: FollowUp | None) -> None:
        self.followup = fu
        goals = fu.goals if fu is not None else []
        shape = [(g.goal.id, tuple(t.indicator.id for t in g.tracks)) for g in goals]
        if shape != self._order:
            self._rebuild(goals)
            self._order = shape
        for n, g in enumerate(goals, start=1):
            if g.goal.id in self.cards:
                self._show_goal(n, g)
        values = learning_values(fu.learning if fu is not None else None)
        key = self._learning_key()
        if key is not None and not self.session.is_dirty(key):
            for field, editor in self.learning.editors.items():
                if editor.text() != values[field]:
                    editor.set_text(values[field])
        self.import_button.setEnabled(fu is not None)

    def _show_goal(self, n: int, g: GoalFollowUp) -> None:
        card = self.cards[g.goal.id]
        card.set_goal(n, g)
        self._sync_text(card.reflection, self._reflection_key(g.goal.id), g.assessment.reflection if g.assessment else "")

    def _sync_text(self, editor: Any, key: tuple[str, ...] | None, value: str) -> None:
        if key is not None and not self.session.is_dirty(key) and editor.text() != value:
            editor.set_text(value)

    def _rebuild(self, goals: list[GoalFollowUp]) -> None:
        """The first goal now, the others one per turn of the event loop: the page paints at once
        and stays responsive while an agreement with many goals is laid out."""
        clear_layout(self.goal_box)
        self.cards = {}
        self._to_build = [g.goal.id for g in goals]
        if not goals:
            none = QLabel(_("Avtalen har ingen mål å følge opp."), self.widget())
            none.setProperty("role", "guide")
            self.goal_box.addWidget(none)
            return
        self._build_next()
        if self._to_build:
            self._build_timer.start()

    def _build_next(self) -> None:
        fu = self.followup
        if not self._to_build or fu is None:
            self._to_build = []
            return
        gid = self._to_build.pop(0)
        n, g = next(((n, g) for n, g in enumerate(fu.goals, start=1) if g.goal.id == gid), (0, None))
        if g is None:
            return
        card = GoalCard(n, g, fu.year, self.widget())
        card.progress_edited.connect(self._progress_edited)
        card.assessment_chosen.connect(self._assessment_chosen)
        card.reflection.edited.connect(lambda text, gid=g.goal.id: self._reflection_typed(gid, text))
        self._hand_undo_to_window(card.reflection)
        for panel in card.panels.values():
            panel.record.connect(self._record)
            panel.remove.connect(self._remove)
            panel.invalid.connect(self._invalid)
        self.goal_box.addWidget(card)
        card.show()  # now, not after the next event: focus and Tab reach it at once
        self.cards[g.goal.id] = card
        self._show_goal(n, g)
        if self._to_build:
            self._build_timer.start()

    def finish_building(self) -> None:
        """Build the goals not built yet, now (a jump to one of them, tests, screenshots)."""
        self._build_timer.stop()
        while self._to_build:
            self._build_next()
        self._build_timer.stop()

    # --- edits ----------------------------------------------------------------------------------------

    def _hand_undo_to_window(self, editor: Any) -> None:
        """Ctrl+Z in a text field is the agreement's undo (one stack), as in the steps."""
        editor.undo_requested.connect(self.session.undo_stack.undo)
        editor.redo_requested.connect(self.session.undo_stack.redo)

    def _push(self, command: Any) -> None:
        self.session.undo_stack.push(command)

    def _invalid(self, error: ValidationError) -> None:
        self.ctx.report(error)  # the window's error bar; nothing is stored

    def _record(self, new: MeasuredValue, old: MeasuredValue | None) -> None:
        rid = self.revision_id
        if rid is not None:
            self._push(commands.measurement_command(self.session, rid, new, old, self.reveal_requested.emit))

    def _remove(self, old: MeasuredValue) -> None:
        rid = self.revision_id
        if rid is not None:
            self._push(commands.removal_command(self.session, rid, old, self.reveal_requested.emit))

    def _progress_edited(self, activity_id: str, old: Any, new: Any) -> None:
        rid = self.revision_id
        if rid is not None and old != new:
            self._push(commands.progress_command(self.session, rid, activity_id, old, new, self.reveal_requested.emit))

    def _goal(self, goal_id: str) -> GoalFollowUp | None:
        return next((g for g in self.followup.goals if g.goal.id == goal_id), None) if self.followup else None

    def _assessment_chosen(self, goal_id: str, assessment: Assessment | None) -> None:
        rid, g = self.revision_id, self._goal(goal_id)
        if rid is None or g is None:
            return
        old = (g.assessment.assessment, g.assessment.reflection) if g.assessment else (None, "")
        new = (assessment, self.cards[goal_id].reflection.text() if assessment is not None else "")
        if old != new:
            self.session.flush()
            self._push(commands.assessment_command(self.session, rid, goal_id, old, new, self.reveal_requested.emit))

    # --- typed texts: a reflection per goal, «Hva lærte vi?» ----------------------------------------------

    def _reflection_key(self, goal_id: str) -> tuple[str, ...] | None:
        rid = self.revision_id
        return followup_key(rid, "reflection", goal_id) if rid else None

    def _learning_key(self) -> tuple[str, ...] | None:
        rid = self.revision_id
        return followup_key(rid, "learning") if rid else None

    def _text_command(self, key: tuple[str, ...], old: str, new: str, apply: Any) -> None:
        self._texts[key] = new
        self._push(FollowUpTextCommand(key, old, new, apply))

    def _reflection_typed(self, goal_id: str, text: str) -> None:
        key, g = self._reflection_key(goal_id), self._goal(goal_id)
        if key is None or g is None or g.assessment is None:
            return
        old = self._texts.get(key, g.assessment.reflection)

        def apply(value: str, *, show: bool = True) -> None:
            card = self.cards.get(goal_id)
            if card is None:
                return
            if show:
                self.reveal_requested.emit()
                card.reflection.set_text(value)
            self._texts[key] = value
            self._schedule_reflection(key, goal_id, value)

        self._text_command(key, old, text, apply)
        apply(text, show=False)

    def _schedule_reflection(self, key: tuple[str, ...], goal_id: str, value: str) -> None:
        rid, card = self.revision_id, self.cards.get(goal_id)
        assessment = card.chosen_assessment() if card is not None else None
        if rid is None or assessment is None:
            return
        self.session.autosaver.schedule(key, lambda s: s.followup.assess_goal(rid, goal_id, assessment, value))

    def _learning_typed(self, field: str, text: str) -> None:
        key = self._learning_key()
        if key is None:
            return
        fkey = (*key, field)
        stored = learning_values(self.followup.learning if self.followup else None)[field]
        old = self._texts.get(fkey, stored)

        def apply(value: str, *, show: bool = True) -> None:
            if show:
                self.reveal_requested.emit()
                self.learning.editors[field].set_text(value)
            self._texts[fkey] = value
            self._schedule_learning(key)

        self._text_command(fkey, old, text, apply)
        apply(text, show=False)

    def _schedule_learning(self, key: tuple[str, ...]) -> None:
        rid = self.revision_id
        if rid is None:
            return
        v = self.learning.values()
        self.session.autosaver.schedule(
            key, lambda s: s.followup.set_learning(rid, v["worked"], v["did_not_work"], v["courage"])
        )

    # --- CSV ------------------------------------------------------------------------------------------

    def import_measurements(self) -> None:
        from enhetsdialog.ui.followup.import_dialog import choose_and_import

        choose_and_import(self.ctx, self, self.revision_id)

    # --- focus ------------------------------------------------------------------------------------------

    def focus_first(self) -> None:
        for card in self.cards.values():
            for panel in card.panels.values():
                panel.entry_button.setFocus(Qt.FocusReason.OtherFocusReason)
                return
        self.import_button.setFocus(Qt.FocusReason.OtherFocusReason)

    def panel(self, indicator_id: str) -> Any:
        self.finish_building()
        for card in self.cards.values():
            if indicator_id in card.panels:
                return card.panels[indicator_id]
        raise KeyError(indicator_id)
