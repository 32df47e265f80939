"""A conflict after an import, as a card with the two choices: «Behold min» keeps what is here,
«Ta inn deres» takes the package's version. :class:`ConflictCard` is a revision whose text was
changed on both machines (with the differences listed); :class:`FollowUpConflictCard` a follow-up
record (a measurement, an activity's progress, a goal's assessment, «Hva lærte vi?») changed on both,
with what it is about and both versions. :class:`enhetsdialog.ui.director.packages.ConflictList`
shows them."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QListView, QPushButton, QVBoxLayout, QWidget

from enhetsdialog.i18n import _
from enhetsdialog.services.exchange_followup import FollowUpConflict
from enhetsdialog.services.exchange_followup_text import FollowUpConflictText
from enhetsdialog.services.exchange_types import Conflict

from enhetsdialog.ui import theme
from enhetsdialog.ui.director.models import DifferenceModel

if TYPE_CHECKING:
    from enhetsdialog.services import Services

    from enhetsdialog.ui.context import AppContext


class _Card(QFrame):
    """The frame, the bold title and the two choices every conflict card has."""

    def __init__(self, ctx: AppContext, title: str, choose: Callable[[Services, str], Any],
                 on_resolved: Callable[[], None], parent: QWidget | None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self._choose = choose  # the service call that settles the conflict with "local" or "incoming"
        self._on_resolved = on_resolved
        self.setObjectName("ConflictCard")
        self.setStyleSheet(
            f"QFrame#ConflictCard {{ background: {theme.NUDGE.bg}; border: 1px solid {theme.NUDGE.border}; border-radius: 8px; }}"
            " QFrame#ConflictCard QLabel { background: transparent; }"
        )
        self.body = QVBoxLayout(self)
        self.body.setContentsMargins(14, 10, 14, 12)
        heading = QLabel(title)
        heading.setStyleSheet("font-weight: 700;")
        heading.setWordWrap(True)
        self.body.addWidget(heading)
        self.keep_mine = QPushButton(_("Behold min"))
        self.take_theirs = QPushButton(_("Ta inn deres"))
        self.take_theirs.setProperty("role", "primary")
        self.keep_mine.clicked.connect(lambda: self.resolve("local"))
        self.take_theirs.clicked.connect(lambda: self.resolve("incoming"))

    def add_choices(self, keep_tip: str, take_tip: str) -> None:
        """The two buttons, last in the card."""
        self.keep_mine.setToolTip(keep_tip)
        self.take_theirs.setToolTip(take_tip)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self.keep_mine)
        row.addWidget(self.take_theirs)
        self.body.addLayout(row)

    def resolve(self, keep: str) -> None:
        self.setEnabled(False)
        self.ctx.op(
            lambda s: self._choose(s, keep),
            on_done=lambda _changes: self._on_resolved(),
            on_error=lambda _e: self.setEnabled(True),
        )


class ConflictCard(_Card):
    """One revision in conflict: how the incoming version differs from ours, and the two choices."""

    def __init__(self, ctx: AppContext, conflict: Conflict, on_resolved: Callable[[], None],
                 parent: QWidget | None = None) -> None:
        rid = conflict.revision_id
        super().__init__(ctx, _("{unit} {year}, revisjon {n}: endret både her og hos avsenderen",
                                unit=conflict.unit_name, year=conflict.year, n=conflict.number),
                         lambda s, keep: s.exchange.resolve_conflict(rid, keep), on_resolved, parent)
        self.conflict = conflict
        hint = QLabel(_("Slik skiller deres versjon seg fra din:") if conflict.differences
                      else _("Versjonene har samme innhold, men ble lagret hver for seg."))
        hint.setProperty("role", "hint")
        self.body.addWidget(hint)
        self.model = DifferenceModel(self)
        self.model.set_differences(list(conflict.differences))
        view = QListView()
        view.setModel(self.model)
        view.setWordWrap(True)
        view.setMaximumHeight(150)
        view.setVisible(bool(conflict.differences))
        self.body.addWidget(view)
        if conflict.incoming_signed:
            note = QLabel(_("Den andre parten har signert sin versjon. Ta inn deres for å beholde signaturen; "
                             "endringene dine kan komme i en ny revisjon."))
            note.setWordWrap(True)
            self.body.addWidget(note)
        self.keep_mine.setEnabled(not conflict.incoming_signed)
        self.add_choices(_("Behold teksten slik den er her; deres versjon forkastes"),
                         _("Bytt ut teksten her med versjonen fra pakken"))


class FollowUpConflictCard(_Card):
    """One follow-up record in conflict: which, what about, both versions, and the two choices."""

    def __init__(self, ctx: AppContext, conflict: FollowUpConflict, described: FollowUpConflictText,
                 on_resolved: Callable[[], None], parent: QWidget | None = None) -> None:
        rid, key = conflict.revision_id, conflict.key
        super().__init__(ctx, _("{head}: oppfølging, {what}", head=described.head, what=described.what),
                         lambda s, keep: s.exchange.resolve_followup_conflict(rid, key, keep), on_resolved, parent)
        self.conflict = conflict
        if described.subject:
            subject = QLabel(described.subject)
            subject.setWordWrap(True)
            self.body.addWidget(subject)
        versions = QLabel(_("Din versjon: {local} · Deres: {incoming}", local=described.local,
                            incoming=described.incoming))
        versions.setProperty("role", "hint")
        versions.setWordWrap(True)
        self.body.addWidget(versions)
        self.add_choices(_("Behold oppfølgingen slik den er her; deres versjon forkastes"),
                         _("Bytt ut oppfølgingen her med versjonen fra pakken"))
