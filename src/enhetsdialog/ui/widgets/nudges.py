"""A friendly panel with the nudges that concern one part of the agreement (never a block)."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QFrame, QGridLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from enhetsdialog.domain.rules import Nudge
from enhetsdialog.i18n import _

from enhetsdialog.ui.widgets.chips import clear_layout


class NudgePanel(QFrame):
    """Shows nudges with a "Vis meg" button each; hidden when there is nothing to say."""

    activated = Signal(object)  # Nudge

    def __init__(self, title: str | None = None, parent: QWidget | None = None, *, jump_label: str | None = None) -> None:
        super().__init__(parent)
        self.setProperty("role", "nudges")
        self.setAccessibleName(_("Tips til avtalen"))
        outer = QVBoxLayout(self)
        outer.setContentsMargins(14, 10, 14, 10)
        outer.setSpacing(6)
        self.title = QLabel(title or _("Verdt å se på"))
        self.title.setStyleSheet("font-weight: 700;")
        outer.addWidget(self.title)
        self._grid = QGridLayout()
        self._grid.setHorizontalSpacing(12)
        self._grid.setVerticalSpacing(4)
        self._grid.setColumnStretch(0, 1)
        outer.addLayout(self._grid)
        self._jump_label = jump_label or _("Vis meg")
        self._nudges: list[Nudge] = []
        self.hide()

    def set_nudges(self, nudges: Sequence[Nudge]) -> None:
        nudges = list(nudges)
        if [(n.code, n.anchor_id, n.message) for n in nudges] == [(n.code, n.anchor_id, n.message) for n in self._nudges]:
            return
        self._nudges = nudges
        clear_layout(self._grid)
        for row, n in enumerate(nudges):
            text = QLabel("•  " + n.message)
            text.setWordWrap(True)
            text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            button = QPushButton(self._jump_label)
            button.setProperty("role", "link")
            button.setAccessibleName(f"{self._jump_label}: {n.message}")
            button.clicked.connect(lambda _=False, n=n: self.activated.emit(n))
            self._grid.addWidget(text, row, 0)
            self._grid.addWidget(button, row, 1, Qt.AlignmentFlag.AlignTop)
        self.setVisible(bool(nudges))

    def nudges(self) -> list[Nudge]:
        return list(self._nudges)
