"""Undoable follow-up edits, on the agreement's one undo stack (the session's).

Each command is a pair of service calls, run on the worker after the text still being typed
(:meth:`AgreementSession.submit`). A measurement is found again by indicator and period, not by id,
so that undo and redo may go back and forth any number of times.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from PySide6.QtGui import QUndoCommand

from enhetsdialog.domain.enums import Assessment, ProgressStatus
from enhetsdialog.i18n import _

if TYPE_CHECKING:
    from enhetsdialog.services import Services
    from enhetsdialog.services.changes import Changes

    from enhetsdialog.ui.session import AgreementSession

Job = Callable[["Services"], Any]
MERGE_WINDOW_S = 1.5
FOLLOWUP_TEXT_ID = 7201


@dataclass(frozen=True, slots=True)
class MeasuredValue:
    """What the entry form records for one indicator and period."""

    indicator_id: str
    period: str
    value: Decimal
    measured_on: date | None = None
    source: str = ""
    comment: str = ""


def record(rid: str, m: MeasuredValue) -> Job:
    return lambda s: s.followup.record_measurement(
        rid, m.indicator_id, m.period, m.value, measured_on=m.measured_on, source=m.source, comment=m.comment
    )


def remove(rid: str, indicator_id: str, period: str) -> Job:
    def job(s: Services) -> Changes | None:
        for g in s.followup.followup(rid).goals:
            for t in g.tracks:
                if t.indicator.id == indicator_id:
                    for m in t.measurements:
                        if m.period == period:
                            return s.followup.remove_measurement(m.id)
        return None  # nothing there (already gone)

    return job


class FollowUpCommand(QUndoCommand):
    """``do`` on redo, ``undo`` on undo; ``reveal`` shows the follow-up when the stack moves there
    from elsewhere (not on the first redo: the user is looking at it)."""

    def __init__(self, text: str, session: AgreementSession, do: Job, undo: Job,
                 reveal: Callable[[], None] | None = None) -> None:
        super().__init__(text)
        self.session, self._do, self._undo, self._reveal = session, do, undo, reveal
        self._first = True

    def redo(self) -> None:
        if not self._first and self._reveal is not None:
            self._reveal()
        self._first = False
        self.session.submit(self._do)

    def undo(self) -> None:
        if self._reveal is not None:
            self._reveal()
        self.session.submit(self._undo)


def measurement_command(session: AgreementSession, rid: str, new: MeasuredValue, old: MeasuredValue | None,
                        reveal: Callable[[], None] | None = None) -> FollowUpCommand:
    undo = record(rid, old) if old is not None else remove(rid, new.indicator_id, new.period)
    return FollowUpCommand(_("måling"), session, record(rid, new), undo, reveal)


def removal_command(session: AgreementSession, rid: str, old: MeasuredValue,
                    reveal: Callable[[], None] | None = None) -> FollowUpCommand:
    return FollowUpCommand(_("fjerning av måling"), session, remove(rid, old.indicator_id, old.period),
                           record(rid, old), reveal)


def progress_command(session: AgreementSession, rid: str, activity_id: str, old: tuple[ProgressStatus, str],
                     new: tuple[ProgressStatus, str], reveal: Callable[[], None] | None = None) -> FollowUpCommand:
    def put(status: ProgressStatus, comment: str) -> Job:
        return lambda s: s.followup.set_progress(rid, activity_id, status, comment)

    return FollowUpCommand(_("framdrift"), session, put(*new), put(*old), reveal)


def assessment_command(session: AgreementSession, rid: str, goal_id: str, old: tuple[Assessment | None, str],
                       new: tuple[Assessment | None, str], reveal: Callable[[], None] | None = None) -> FollowUpCommand:
    def put(assessment: Assessment | None, reflection: str) -> Job:
        if assessment is None:
            return lambda s: s.followup.clear_assessment(rid, goal_id)
        return lambda s: s.followup.assess_goal(rid, goal_id, assessment, reflection)

    return FollowUpCommand(_("vurdering av målet"), session, put(*new), put(*old), reveal)


class FollowUpTextCommand(QUndoCommand):
    """Typing in a follow-up text (a reflection, «Hva lærte vi?»): merged while the user keeps
    typing, like the agreement's texts. ``apply(value)`` shows a value and schedules its write."""

    def __init__(self, key: tuple[str, ...], old: str, new: str, apply: Callable[[str], None]) -> None:
        super().__init__(_("skriving"))
        self.key, self.old, self.new, self.apply = key, old, new, apply
        self.at = time.monotonic()
        self._first = True

    def id(self) -> int:
        return FOLLOWUP_TEXT_ID

    def mergeWith(self, other: QUndoCommand) -> bool:
        if not isinstance(other, FollowUpTextCommand) or other.key != self.key or other.at - self.at > MERGE_WINDOW_S:
            return False
        self.new, self.at = other.new, other.at
        self.setObsolete(self.new == self.old)
        return True

    def redo(self) -> None:
        if self._first:  # already on screen and scheduled
            self._first = False
            return
        self.apply(self.new)

    def undo(self) -> None:
        self.apply(self.old)
