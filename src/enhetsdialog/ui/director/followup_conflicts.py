"""A follow-up record (a measurement, an activity's progress, a goal's assessment, «Hva lærte vi?»)
changed both here and by the other party: the card says which agreement and record, what it is
about, both versions, and lets the user keep theirs or take the package's. The conflict list
(:class:`enhetsdialog.ui.director.packages.ConflictList`) shows these cards after the text conflicts."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from enhetsdialog.i18n import _
from enhetsdialog.services.exchange_followup import FollowUpConflict
from enhetsdialog.services.exchange_followup_text import FollowUpConflictText

from enhetsdialog.ui import theme

if TYPE_CHECKING:
    from enhetsdialog.ui.context import AppContext


class FollowUpConflictCard(QFrame):
    """One follow-up record in conflict, and the two choices."""

    def __init__(self, ctx: AppContext, conflict: FollowUpConflict, described: FollowUpConflictText,
                 on_resolved: Callable[[], None], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.conflict = conflict
        self._on_resolved = on_resolved
        self.setObjectName("ConflictCard")
        self.setStyleSheet(
            f"QFrame#ConflictCard {{ background: {theme.NUDGE.bg}; border: 1px solid {theme.NUDGE.border}; border-radius: 8px; }}"
            " QFrame#ConflictCard QLabel { background: transparent; }"
        )
        layout = QVBoxLayout(self)
        layout.setContentsMargins(14, 10, 14, 12)
        title = QLabel(_("{head}: oppfølging, {what}", head=described.head, what=described.what))
        title.setStyleSheet("font-weight: 700;")
        title.setWordWrap(True)
        layout.addWidget(title)
        if described.subject:
            subject = QLabel(described.subject)
            subject.setWordWrap(True)
            layout.addWidget(subject)
        versions = QLabel(_("Din versjon: {local} · Deres: {incoming}", local=described.local,
                            incoming=described.incoming))
        versions.setProperty("role", "hint")
        versions.setWordWrap(True)
        layout.addWidget(versions)
        row = QHBoxLayout()
        row.addStretch(1)
        self.keep_mine = QPushButton(_("Behold min"))
        self.keep_mine.setToolTip(_("Behold oppfølgingen slik den er her; deres versjon forkastes"))
        self.take_theirs = QPushButton(_("Ta inn deres"))
        self.take_theirs.setProperty("role", "primary")
        self.take_theirs.setToolTip(_("Bytt ut oppfølgingen her med versjonen fra pakken"))
        self.keep_mine.clicked.connect(lambda: self.resolve("local"))
        self.take_theirs.clicked.connect(lambda: self.resolve("incoming"))
        row.addWidget(self.keep_mine)
        row.addWidget(self.take_theirs)
        layout.addLayout(row)

    def resolve(self, keep: str) -> None:
        rid, key = self.conflict.revision_id, self.conflict.key
        self.setEnabled(False)
        self.ctx.op(
            lambda s: s.exchange.resolve_followup_conflict(rid, key, keep),
            on_done=lambda _changes: self._on_resolved(),
            on_error=lambda _e: self.setEnabled(True),
        )
