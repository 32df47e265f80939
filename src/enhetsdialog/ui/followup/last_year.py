"""Last year's assessments and «Hva lærte vi?», shown while next year's agreement is prepared (a
draft copied forward): one line that can be opened, so it is there when wanted and quiet otherwise."""

from __future__ import annotations

from html import escape

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QLabel, QToolButton, QVBoxLayout, QWidget

from enhetsdialog.domain.followup import FollowUp
from enhetsdialog.i18n import _, ngettext

from enhetsdialog.ui.followup.learning import FIELDS, learning_values


def has_content(fu: FollowUp | None) -> bool:
    if fu is None:
        return False
    return any(g.assessment is not None for g in fu.goals) or (fu.learning is not None and not fu.learning.is_empty())


def summary_text(fu: FollowUp) -> str:
    assessed = [g for g in fu.goals if g.assessment is not None]
    counts: dict[str, int] = {}
    for g in assessed:
        assert g.assessment is not None
        label = str(g.assessment.assessment.label).lower()
        counts[label] = counts.get(label, 0) + 1
    parts = ", ".join(f"{n} {label}" for label, n in counts.items())
    head = _("I fjor ({year}): vurderingene og hva dere lærte", year=fu.year)
    if not assessed:
        return head
    return head + " – " + ngettext("{n} mål vurdert", "{n} mål vurdert", len(assessed)) + f" ({parts})"


def body_html(fu: FollowUp) -> str:
    out: list[str] = []
    for n, g in enumerate(fu.goals, start=1):
        if g.assessment is None:
            continue
        text = escape(" ".join(g.goal.text.split()))
        out.append(f"<p><b>{escape(_('Mål {n}', n=n))}: {text}</b> – {escape(str(g.assessment.assessment.label))}")
        if g.assessment.reflection.strip():
            out.append("<br>" + escape(g.assessment.reflection.strip()).replace("\n", "<br>"))
        out.append("</p>")
    values = learning_values(fu.learning)
    for field, label, _placeholder in FIELDS:
        if values[field].strip():
            out.append(f"<p><b>{escape(str(label))}</b><br>{escape(values[field].strip()).replace(chr(10), '<br>')}</p>")
    return "".join(out)


class LastYearPanel(QFrame):
    """Collapsed by default: the header says how last year's goals were assessed."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("LastYearPanel")
        self.setProperty("role", "card")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 8, 16, 8)
        layout.setSpacing(4)
        self.toggle = QToolButton(self)
        self.toggle.setCheckable(True)
        self.toggle.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.toggle.setArrowType(Qt.ArrowType.RightArrow)
        self.toggle.setAutoRaise(True)
        self.toggle.toggled.connect(self._toggled)
        layout.addWidget(self.toggle)
        self.body = QLabel(self)
        self.body.setWordWrap(True)
        self.body.setTextFormat(Qt.TextFormat.RichText)
        self.body.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.body.hide()
        layout.addWidget(self.body)

    def set_followup(self, fu: FollowUp) -> None:
        self.toggle.setText(summary_text(fu))
        self.toggle.setAccessibleName(self.toggle.text())
        self.body.setText(body_html(fu))

    def _toggled(self, open_: bool) -> None:
        self.toggle.setArrowType(Qt.ArrowType.DownArrow if open_ else Qt.ArrowType.RightArrow)
        self.body.setVisible(open_)
