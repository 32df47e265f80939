"""One indicator in the follow-up: its name, status and what is due, the chart, the values measured
so far and the entry of a new one.

The entry behaves like the agreement's tables: Tab moves from field to field, Enter records, Esc
cancels (clears what was typed, or stops correcting a value), numbers and dates are checked as they
are typed (the same parsers), and a value that cannot be used is reported in the window's error bar
with nothing stored. Enter (or a double-click) on a row of the table puts it in the entry to be
corrected; «Fjern» removes it (Ctrl+Z brings it back).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from enhetsdialog.domain.enums import ItemKind
from enhetsdialog.domain.errors import ValidationError
from enhetsdialog.domain.followup import IndicatorTrack, parse_period
from enhetsdialog.domain.values import check_text, parse_date, parse_decimal
from enhetsdialog.i18n import N_, _

from enhetsdialog.ui import theme
from enhetsdialog.ui.followup.chart import IndicatorChart
from enhetsdialog.ui.followup.commands import MeasuredValue
from enhetsdialog.ui.followup.series import STATUS_CHIPS, chart_data, due_text, rows
from enhetsdialog.ui.models.items import Column, ItemTableModel, format_date_input
from enhetsdialog.ui.widgets.delegates import ParseValidator
from enhetsdialog.ui.widgets.table import ItemTable

COLUMNS = (
    Column("period_label", N_("Periode"), width=118),
    Column("value", N_("Verdi"), "decimal", width=70),
    Column("measured_on", N_("Dato"), "date", width=88),
    Column("source", N_("Kilde"), width=110),
    Column("comment", N_("Kommentar"), width=130, stretch=True),
    Column("recorded_by", N_("Ført av"), width=84),
)


class _Keys(QObject):
    """Enter records, Esc cancels, on every field of the entry (also while a number is unfinished)."""

    def __init__(self, enter: Callable[[], None], escape: Callable[[], None], parent: QObject) -> None:
        super().__init__(parent)
        self.enter, self.escape = enter, escape

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent):
            if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and not event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier:
                self.enter()
                return True
            if event.key() == Qt.Key.Key_Escape:
                self.escape()
                return True
        return False


class MeasurementEntry(QFrame):
    """Periode · Verdi · Dato · Kilde · Kommentar · «Registrer». ``submitted(MeasuredValue)``;
    ``invalid(ValidationError)`` when Enter finds something that cannot be used."""

    submitted = Signal(object)
    invalid = Signal(object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("MeasurementEntry")
        self._track: IndicatorTrack | None = None
        self._correcting: str | None = None  # the period being corrected
        self._sent: MeasuredValue | None = None  # recorded, not yet seen in a reload
        self._due = ""  # the period due next: used when the period is left empty
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setHorizontalSpacing(8)
        grid.setVerticalSpacing(2)
        self.period = QLineEdit(self)
        self.value = QLineEdit(self)
        self.value.setValidator(ParseValidator(parse_decimal, self.value))
        self.date = QLineEdit(self)
        self.date.setValidator(ParseValidator(parse_date, self.date))
        self.date.setPlaceholderText(_("dd.mm.åååå"))
        self.source = QLineEdit(self)
        self.comment = QLineEdit(self)
        self.record_button = QPushButton(_("Registrer"), self)
        self.record_button.setToolTip(_("Registrer målingen (Enter). Esc avbryter."))
        self.record_button.clicked.connect(self.submit)
        keys = _Keys(self.submit, self.cancel, self)
        fields = ((self.period, _("Periode"), 1), (self.value, _("Verdi"), 1), (self.date, _("Dato"), 1),
                  (self.source, _("Kilde"), 2), (self.comment, _("Kommentar"), 3))
        for col, (edit, label, stretch) in enumerate(fields):
            title = QLabel(label, self)
            title.setProperty("role", "hint")
            title.setBuddy(edit)
            edit.setAccessibleName(_("Ny måling: {field}", field=label))
            edit.installEventFilter(keys)
            grid.addWidget(title, 0, col)
            grid.addWidget(edit, 1, col)
            grid.setColumnStretch(col, stretch)
        self.period.setMinimumWidth(78)
        self.value.setMinimumWidth(64)
        self.date.setMinimumWidth(92)
        for edit, parse in ((self.value, parse_decimal), (self.date, parse_date)):
            edit.textEdited.connect(lambda text, e=edit, p=parse: self._live(e, p, text))
        self.period.textEdited.connect(lambda text: self._live(self.period, self._parse_period, text))
        grid.addWidget(self.record_button, 1, len(fields))

    def set_track(self, track: IndicatorTrack) -> None:
        self._track = track
        sent = self._sent
        if sent is not None and any(m.period == sent.period and m.value == sent.value for m in track.measurements):
            self.clear()  # stored: ready for the next value (until then what was typed stays)
            return
        due = track.next_due
        hint = str(due) if due is not None else ""
        self._due = hint
        self.period.setPlaceholderText(hint or _("periode"))
        if not self.period.text() and self._correcting is None and due is not None:
            self.period.setText(hint)
        if not self.source.text() and self._correcting is None:
            self.source.setPlaceholderText(track.indicator.data_source)

    def _parse_period(self, text: str) -> str:
        assert self._track is not None
        return str(parse_period(text, self._track.indicator.frequency))

    @staticmethod
    def _live(edit: QLineEdit, parse: Callable[[str], Any], text: str) -> None:
        try:
            parse(text)
            message = ""
        except ValidationError as e:
            message = str(e)
        edit.setStyleSheet(f"QLineEdit {{ background: {theme.ERROR.bg}; }}" if message and text.strip() else "")
        edit.setToolTip(message)

    def parse(self) -> MeasuredValue:
        """What is typed, checked as the services check it; ValidationError with one line if not."""
        assert self._track is not None
        period = self._parse_period(self.period.text() or self._due)
        value = parse_decimal(self.value.text())
        if value is None:
            raise ValidationError(N_("Skriv inn den målte verdien."))
        source = self.source.text().strip() or self.source.placeholderText()
        return MeasuredValue(self._track.indicator.id, period, value, parse_date(self.date.text()),
                             check_text(source, N_("Kilden")), check_text(self.comment.text().strip(), N_("Kommentaren")))

    def submit(self) -> None:
        try:
            value = self.parse()
        except ValidationError as e:
            self.invalid.emit(e)
            return
        self._sent = value
        self.submitted.emit(value)

    def cancel(self) -> None:
        self.clear()

    def clear(self) -> None:
        self._correcting = None
        self._sent = None
        for edit in (self.period, self.value, self.date, self.source, self.comment):
            edit.clear()
            edit.setStyleSheet("")
            edit.setToolTip("")
        if self._track is not None:
            self.set_track(self._track)

    def load(self, row: Any) -> None:
        """Correct a measured value: the row's values in the fields, the focus on the value."""
        self._correcting = row.period
        self.period.setText(row.period)
        self.value.setText(format(row.value, "f").replace(".", ","))
        self.date.setText(format_date_input(row.measured_on))
        self.source.setText(row.source)
        self.comment.setText(row.comment)
        self.value.setFocus(Qt.FocusReason.OtherFocusReason)
        self.value.selectAll()


class MeasurementDetail(QWidget):
    """The measured values of one indicator and the entry of a new one (built when first opened)."""

    def __init__(self, panel: IndicatorPanel) -> None:
        super().__init__(panel)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(6)
        self.model = ItemTableModel(ItemKind.INDICATOR, COLUMNS, self)
        self.model.set_read_only(True)
        self.table = ItemTable(self.model, empty_text=_("Ingen målinger ennå."), parent=self)
        self.table.setAccessibleName(_("Målinger: {name}", name=panel.track.indicator.name))
        layout.addWidget(self.table)
        self.entry = MeasurementEntry(self)
        self.table.activated.connect(lambda ix: self.entry.load(self.model.item(ix.row())))
        layout.addWidget(self.entry)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        self.correct_button = QPushButton(_("Rett"), self)
        self.correct_button.setToolTip(_("Rett den valgte målingen (Enter i tabellen)"))
        self.remove_button = QPushButton(_("Fjern"), self)
        self.remove_button.setToolTip(_("Fjern den valgte målingen (kan angres med Ctrl+Z)"))
        buttons.addWidget(self.correct_button)
        buttons.addWidget(self.remove_button)
        layout.addLayout(buttons)

    def set_track(self, track: IndicatorTrack) -> None:
        self.model.set_items(rows(track))
        has_rows = bool(track.measurements)
        self.correct_button.setVisible(has_rows)
        self.remove_button.setVisible(has_rows)
        self.entry.set_track(track)

    def current_row(self) -> Any:
        ix = self.table.currentIndex()
        return self.model.item(ix.row()) if ix.isValid() and ix.row() < self.model.rowCount() else None


class IndicatorPanel(QFrame):
    """Name, status, what is due and the chart; «Før inn måling» opens the values and the entry
    beside the chart (built then: a page of two dozen indicators opens quickly).

    Signals: ``record(MeasuredValue, old MeasuredValue | None)``, ``remove(MeasuredValue)``,
    ``invalid(ValidationError)``."""

    record = Signal(object, object)
    remove = Signal(object)
    invalid = Signal(object)

    def __init__(self, track: IndicatorTrack, year: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("IndicatorPanel")
        self.indicator_id = track.indicator.id
        self.track = track
        self.year = year
        self.detail: MeasurementDetail | None = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 8, 0, 8)
        layout.setSpacing(6)
        head = QHBoxLayout()
        head.setSpacing(8)
        self.name = QLabel(self)
        self.name.setProperty("role", "field")
        self.name.setWordWrap(True)
        self.status = QLabel(self)
        self.due = QLabel(self)
        self.due.setProperty("role", "meta")
        self.entry_button = QPushButton(_("Før inn måling"), self)
        self.entry_button.setToolTip(_("Vis målingene og før inn en ny verdi"))
        self.entry_button.clicked.connect(self.toggle_entry)
        head.addWidget(self.name, 1)
        head.addWidget(self.status)
        head.addWidget(self.due)
        head.addSpacing(6)
        head.addWidget(self.entry_button)
        layout.addLayout(head)
        self.body = QHBoxLayout()
        self.body.setSpacing(14)
        self.chart = IndicatorChart(parent=self)
        self.body.addWidget(self.chart, 1, Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        layout.addLayout(self.body)
        self._status: object = None
        self.set_track(track, year)

    @property
    def entry(self) -> MeasurementEntry:
        """The entry (opened, built if it was not)."""
        return self.open_entry(focus=False)

    @property
    def model(self) -> ItemTableModel:
        return self.ensure_detail().model

    def ensure_detail(self) -> MeasurementDetail:
        if self.detail is None:
            detail = MeasurementDetail(self)
            detail.entry.submitted.connect(self._submitted)
            detail.entry.invalid.connect(self.invalid)
            detail.correct_button.clicked.connect(self._correct_current)
            detail.remove_button.clicked.connect(self._remove_current)
            detail.set_track(self.track)
            detail.hide()
            self.body.addWidget(detail, 2)
            self.detail = detail
        return self.detail

    def open_entry(self, *, focus: bool = True) -> MeasurementEntry:
        detail = self.ensure_detail()
        if not detail.isVisible():
            detail.show()
            self.entry_button.setText(_("Skjul målingene"))
        if focus:
            detail.entry.value.setFocus(Qt.FocusReason.OtherFocusReason)
        return detail.entry

    def toggle_entry(self) -> None:
        if self.detail is not None and self.detail.isVisible():
            self.detail.hide()
            self.entry_button.setText(_("Før inn måling"))
            self.entry_button.setFocus(Qt.FocusReason.OtherFocusReason)
        else:
            self.open_entry()

    def set_track(self, track: IndicatorTrack, year: int) -> None:
        self.track = track
        ind = track.indicator
        unit = f" ({ind.unit_of_measure})" if ind.unit_of_measure else ""
        self.name.setText(f"{ind.name}{unit}")
        if self._status != track.status:
            self._status = track.status
            self.status.setText(track.status.label)
            self.status.setStyleSheet(f"QLabel {{ {theme.chip_css(STATUS_CHIPS[track.status])} }}")
            self.status.setAccessibleName(_("Status: {status}", status=track.status.label))
        self.due.setText(due_text(track))
        self.chart.set_data(chart_data(track, year))
        if self.detail is not None:
            self.detail.set_track(track)

    def status_text(self) -> str:
        return self.status.text()

    def _old(self, period: str) -> MeasuredValue | None:
        for m in self.track.measurements:
            if m.period == period:
                return MeasuredValue(m.indicator_id, m.period, m.value, m.measured_on, m.source, m.comment)
        return None

    def _submitted(self, value: MeasuredValue) -> None:
        self.record.emit(value, self._old(value.period))

    def _correct_current(self) -> None:
        row = self.detail.current_row() if self.detail is not None else None
        if row is not None:
            self.detail.entry.load(row)  # type: ignore[union-attr]

    def _remove_current(self) -> None:
        row = self.detail.current_row() if self.detail is not None else None
        old = self._old(row.period) if row is not None else None
        if old is not None:
            self.remove.emit(old)
