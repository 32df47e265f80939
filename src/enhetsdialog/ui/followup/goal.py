"""One goal in the follow-up: its indicators (chart, status, entry), its activities' progress (a
table like the agreement's: the progress is a choice, the comment a text) and the year-end
assessment with a reflection."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtWidgets import QComboBox, QFrame, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from enhetsdialog.domain.enums import Assessment, ItemKind, ProgressStatus
from enhetsdialog.domain.followup import GoalFollowUp
from enhetsdialog.i18n import N_, _

from enhetsdialog.ui.followup.indicator import IndicatorPanel
from enhetsdialog.ui.models.items import Column, ItemTableModel
from enhetsdialog.ui.widgets.table import ItemTable
from enhetsdialog.ui.widgets.text import AnswerEdit

PROGRESS_COLUMNS = (
    Column("what", N_("Tiltak"), width=320, stretch=True),
    Column("deadline", N_("Frist"), "date", width=100),
    Column("progress", N_("Framdrift"), "enum", ProgressStatus, width=120),
    Column("comment", N_("Kommentar"), width=280),
)
EDITABLE = {"progress", "comment"}


@dataclass(slots=True)
class ProgressRow:
    id: str  # the activity's id
    what: str
    deadline: date | None
    progress: ProgressStatus
    comment: str


class ProgressModel(ItemTableModel):
    """The activities of a goal with their progress: only the progress and the comment are edited."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(ItemKind.ACTIVITY, PROGRESS_COLUMNS, parent)

    def flags(self, index: QModelIndex | QPersistentModelIndex) -> Qt.ItemFlag:
        f = super().flags(index)
        if index.isValid() and self.columns[index.column()].field not in EDITABLE:
            f &= ~Qt.ItemFlag.ItemIsEditable
        return f


def progress_rows(g: GoalFollowUp) -> list[ProgressRow]:
    out = []
    for a in sorted(g.goal.activities, key=lambda a: a.position):
        p = g.progress.get(a.id)
        out.append(ProgressRow(a.id, " ".join(a.what.split()), a.deadline, g.progress_of(a.id), p.comment if p else ""))
    return out


class GoalCard(QFrame):
    """Signals: ``progress_edited(activity_id, (status, comment) old, new)``,
    ``assessment_chosen(goal_id, Assessment | None)``; the indicator panels' own signals are
    connected by the view (``panels``)."""

    progress_edited = Signal(str, object, object)
    assessment_chosen = Signal(str, object)

    def __init__(self, n: int, g: GoalFollowUp, year: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setProperty("role", "card")
        self.goal_id = g.goal.id
        self.year = year
        layout = QVBoxLayout(self)
        layout.setContentsMargins(20, 16, 20, 18)
        layout.setSpacing(8)
        self.title = QLabel(self)
        self.title.setProperty("role", "subtitle")
        self.title.setWordWrap(True)
        layout.addWidget(self.title)

        self.panels: dict[str, IndicatorPanel] = {}
        self.indicator_box = QVBoxLayout()
        self.indicator_box.setSpacing(4)
        layout.addLayout(self.indicator_box)
        if not g.tracks:
            none = QLabel(_("Målet har ingen indikatorer."), self)
            none.setProperty("role", "guide")
            layout.addWidget(none)
        for t in g.tracks:
            panel = IndicatorPanel(t, year, self)
            self.panels[t.indicator.id] = panel
            self.indicator_box.addWidget(panel)

        heading = QLabel(_("Tiltakene underveis"), self)
        heading.setProperty("role", "field")
        layout.addWidget(heading)
        self.progress_model = ProgressModel(self)
        self.progress_model.edited.connect(self._progress_edited)
        self.progress_table = ItemTable(self.progress_model, empty_text=_("Målet har ingen tiltak."))
        self.progress_table.setAccessibleName(_("Framdrift for tiltakene"))
        layout.addWidget(self.progress_table)

        row = QHBoxLayout()
        row.setSpacing(10)
        label = QLabel(_("Vurdering ved årets slutt"), self)
        label.setProperty("role", "field")
        self.assessment = QComboBox(self)
        self.assessment.addItem(_("Ikke vurdert ennå"), "")
        for a in Assessment:
            self.assessment.addItem(str(a.label), a.value)
        self.assessment.setAccessibleName(_("Vurdering av målet"))
        label.setBuddy(self.assessment)
        self.assessment.activated.connect(self._assessment_activated)
        row.addWidget(label)
        row.addWidget(self.assessment)
        row.addStretch(1)
        layout.addLayout(row)
        self.reflection = AnswerEdit(_("Hva ble resultatet, og hvorfor? Hva tar dere med videre?"), min_lines=2, max_lines=8)
        self.reflection.setAccessibleName(_("Refleksjon om målet"))
        layout.addWidget(self.reflection)
        self.set_goal(n, g)

    def set_goal(self, n: int, g: GoalFollowUp) -> None:
        text = " ".join(g.goal.text.split()) or _("(målet har ingen tekst ennå)")
        self.title.setText(_("Mål {n}: {text}", n=n, text=text))
        for t in g.tracks:
            panel = self.panels.get(t.indicator.id)
            if panel is not None:
                panel.set_track(t, self.year)
        self.progress_model.set_items(progress_rows(g))
        current = g.assessment.assessment.value if g.assessment else ""
        if self.assessment.currentData() != current:
            self.assessment.setCurrentIndex(max(0, self.assessment.findData(current)))
        self.reflection.setEnabled(g.assessment is not None)
        if g.assessment is None:
            self.reflection.setPlaceholderText(_("Velg først en vurdering, så kan du skrive hvorfor."))
        else:
            self.reflection.setPlaceholderText(_("Hva ble resultatet, og hvorfor? Hva tar dere med videre?"))

    def shape(self) -> tuple[str, ...]:
        """The indicator ids shown (a card is built anew when they change)."""
        return tuple(self.panels)

    def chosen_assessment(self) -> Assessment | None:
        data = self.assessment.currentData()
        return Assessment(data) if data else None

    def _assessment_activated(self, _index: int) -> None:
        self.assessment_chosen.emit(self.goal_id, self.chosen_assessment())

    def _progress_edited(self, activity_id: str, old: dict[str, object], new: dict[str, object]) -> None:
        row = self.progress_model.item(self.progress_model.row_of(activity_id))
        after = (ProgressStatus(row.progress), row.comment)
        before_status = old.get("progress", row.progress)
        before = (ProgressStatus(str(before_status)), str(old.get("comment", row.comment)))
        self.progress_edited.emit(activity_id, before, after)
