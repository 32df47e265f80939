"""«Hva lærte vi?» for the whole agreement: what worked, what did not, and the signs of courage
seen in practice (the agreement's «Tegn på modighet» looked at again at year end)."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QFrame, QLabel, QVBoxLayout, QWidget

from enhetsdialog.domain.model import YearLearning
from enhetsdialog.i18n import N_, _

from enhetsdialog.ui.widgets.text import AnswerEdit

FIELDS = (
    ("worked", N_("Hva fungerte?"), N_("Det vi vil fortsette med …")),
    ("did_not_work", N_("Hva fungerte ikke?"), N_("Det vi vil gjøre annerledes …")),
    ("courage", N_("Tegn på modighet vi så i praksis"), N_("Det vi våget å prøve, og hva det ga …")),
)


class LearningCard(QFrame):
    """Signals: ``edited(field, text)`` when the user types in one of the three fields."""

    edited = Signal(str, str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setProperty("role", "card")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(20, 16, 20, 18)
        layout.setSpacing(6)
        title = QLabel(_("Hva lærte vi?"), self)
        title.setProperty("role", "subtitle")
        layout.addWidget(title)
        guide = QLabel(_("Ved årets slutt: se tilbake sammen. Det dere skriver her, følger med når neste års "
                         "avtale lages."), self)
        guide.setProperty("role", "guide")
        guide.setWordWrap(True)
        layout.addWidget(guide)
        self.editors: dict[str, AnswerEdit] = {}
        for field, label, placeholder in FIELDS:
            heading = QLabel(str(label), self)
            heading.setProperty("role", "field")
            layout.addSpacing(4)
            layout.addWidget(heading)
            editor = AnswerEdit(str(placeholder), min_lines=2, max_lines=10)
            editor.setAccessibleName(str(label))
            heading.setBuddy(editor)
            editor.edited.connect(lambda text, f=field: self.edited.emit(f, text))
            layout.addWidget(editor)
            self.editors[field] = editor

    def values(self) -> dict[str, str]:
        return {f: e.text() for f, e in self.editors.items()}


def learning_values(learning: YearLearning | None) -> dict[str, str]:
    if learning is None:
        return {f: "" for f, _l, _p in FIELDS}
    return {"worked": learning.worked, "did_not_work": learning.did_not_work, "courage": learning.courage}
