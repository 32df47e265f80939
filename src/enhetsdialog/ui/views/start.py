"""The start page: choose a unit and a year, then open its agreement or create one (blank, or
copied forward from last year's). Over an empty database it offers to set up the unit (or to try
the demo); "Legg til en enhet …" sets up another one later."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from enhetsdialog.domain.model import FullAgreement, RevisionSummary
from enhetsdialog.i18n import _
from enhetsdialog.services.changes import Changes

if TYPE_CHECKING:
    from enhetsdialog.services import Services

    from enhetsdialog.ui.context import AppContext


class StartView(QWidget):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setProperty("role", "page")
        outer = QVBoxLayout(self)
        outer.setContentsMargins(32, 40, 32, 32)
        row = QHBoxLayout()
        outer.addLayout(row)
        outer.addStretch(1)
        card = QFrame()
        card.setProperty("role", "card")
        card.setMaximumWidth(640)
        row.addStretch(1)
        row.addWidget(card, 10)
        row.addStretch(1)
        layout = QVBoxLayout(card)
        layout.setContentsMargins(32, 28, 32, 28)
        layout.setSpacing(12)
        title = QLabel(_("Velkommen til Enhetsdialog"))
        title.setProperty("role", "title")
        layout.addWidget(title)
        guide = QLabel(_(
            "Her forbereder dere enhetsavtalen, steg for steg i samme rekkefølge som de fire spørsmålene: "
            "Hvor vil vi? Hvordan kommer vi dit? Hva gjør det enklere? Hvordan vet vi om vi lykkes? "
            "Alt lagres på maskinen mens du skriver."
        ))
        guide.setProperty("role", "guide")
        guide.setWordWrap(True)
        layout.addWidget(guide)
        form = QFormLayout()
        form.setHorizontalSpacing(14)
        form.setVerticalSpacing(10)
        self.unit = QComboBox()
        self.unit.setAccessibleName(_("Enhet"))
        self.unit.setMinimumContentsLength(24)
        self.year = QSpinBox()
        self.year.setRange(2000, 2100)
        self.year.setValue(date.today().year + 1)
        self.year.setAccessibleName(_("År"))
        form.addRow(_("&Enhet"), self.unit)
        form.addRow(_("&År"), self.year)
        layout.addLayout(form)
        self.info = QLabel()
        self.info.setWordWrap(True)
        self.info.setProperty("role", "meta")
        layout.addWidget(self.info)
        buttons = QHBoxLayout()
        buttons.setSpacing(8)
        self.open_button = QPushButton()
        self.open_button.setProperty("role", "primary")
        self.copy_button = QPushButton()
        self.copy_button.setProperty("role", "primary")
        self.blank_button = QPushButton()
        self.setup_button = QPushButton(_("Sett opp enheten din …"))
        self.setup_button.setToolTip(_("Kommunen, tjenesteområdet, enheten og lederen"))
        self.setup_button.setProperty("role", "primary")
        self.demo_button = QPushButton(_("Prøv med en demokommune"))
        for b in (self.open_button, self.copy_button, self.blank_button, self.setup_button, self.demo_button):
            buttons.addWidget(b)
        buttons.addStretch(1)
        layout.addLayout(buttons)
        self.add_unit_button = QPushButton(_("Legg til en enhet …"))
        self.add_unit_button.setProperty("role", "link")
        self.add_unit_button.setCursor(Qt.CursorShape.PointingHandCursor)
        self.add_unit_button.setToolTip(_("Sett opp en enhet til (kommune, tjenesteområde, enhet og leder)"))
        self.add_unit_button.clicked.connect(lambda: self.set_up_unit())
        layout.addWidget(self.add_unit_button, 0, Qt.AlignmentFlag.AlignLeft)
        self.open_button.clicked.connect(self.open_existing)
        self.copy_button.clicked.connect(self.copy_forward)
        self.blank_button.clicked.connect(self.create_blank)
        self.demo_button.clicked.connect(self.fill_demo)
        self.setup_button.clicked.connect(lambda: self.set_up_unit())
        self.unit.currentIndexChanged.connect(lambda _i: self._update())
        self.year.valueChanged.connect(lambda _v: self._update())
        ctx.changed.connect(self._changed)
        self._summaries: list[RevisionSummary] = []
        self.reload()

    # --- as a mode of the main window (ui/modes.py): no agreement is chosen here ------------------------

    def current_revision(self) -> str | None:
        return None

    def shown_agreement(self) -> FullAgreement | None:
        return None

    def flush(self) -> None:
        """Nothing is typed here that is not saved at once."""

    def reload(self) -> None:
        data = self.ctx.read(lambda s: (s.org.units(), s.agreements.list(latest_only=True)), ([], []))
        assert data is not None
        units, self._summaries = data
        keep = self.unit.currentData()
        self.unit.blockSignals(True)
        self.unit.clear()
        for u in sorted(units, key=lambda u: (u.service_area.name, u.unit.name)):
            self.unit.addItem(u.unit.name, u.unit.id)
        if keep:
            self.unit.setCurrentIndex(max(0, self.unit.findData(keep)))
        self.unit.blockSignals(False)
        self._update()

    def _changed(self, changes: Changes) -> None:
        if changes.agreements or changes.organisation or changes.status:
            self.reload()

    def preselect(self, unit_id: str | None, year: int | None = None) -> None:
        if unit_id:
            i = self.unit.findData(unit_id)
            if i >= 0:
                self.unit.setCurrentIndex(i)
        if year is None and unit_id:
            years = [s.year for s in self._summaries if s.unit_id == unit_id]
            year = max(years) + 1 if years else None
        if year is not None:
            self.year.setValue(year)
        self._update()

    def _find(self, year: int) -> RevisionSummary | None:
        unit_id = self.unit.currentData()
        return next((s for s in self._summaries if s.unit_id == unit_id and s.year == year), None)

    def _update(self) -> None:
        has_units = self.unit.count() > 0
        self.unit.setEnabled(has_units)
        self.demo_button.setVisible(not has_units)
        self.setup_button.setVisible(not has_units)
        self.add_unit_button.setVisible(has_units)
        year = self.year.value()
        existing = self._find(year) if has_units else None
        previous = self._find(year - 1) if has_units else None
        self.open_button.setVisible(existing is not None)
        self.copy_button.setVisible(existing is None and previous is not None)
        self.blank_button.setVisible(has_units and existing is None)
        if not has_units:
            self.info.setText(_("Det er ingen enheter her ennå. Sett opp enheten din – kommunen, tjenesteområdet og "
                                 "lederen – og importer plankatalogen fra kommunen (Fil → Importer plankatalog). "
                                 "Eller prøv programmet med en demokommune først."))
            return
        name = self.unit.currentText()
        if existing is not None:
            self.info.setText(_("{unit} har en avtale for {year} ({status}).", unit=name, year=year,
                                 status=existing.status.label.lower()))
            self.open_button.setText(_("Åpne avtalen for {year}", year=year))
        else:
            self.info.setText(_("{unit} har ingen avtale for {year} ennå.", unit=name, year=year)
                              + (" " + _("Dere kan bygge videre på fjorårets.") if previous else ""))
            self.copy_button.setText(_("Ny avtale for {year} basert på {prev}", year=year, prev=year - 1))
            self.blank_button.setText(_("Lag tom avtale for {year}", year=year))
            self.blank_button.setProperty("role", "" if previous else "primary")
            self.blank_button.style().unpolish(self.blank_button)
            self.blank_button.style().polish(self.blank_button)

    # --- actions ---------------------------------------------------------------------------------------------

    def open_existing(self) -> None:
        existing = self._find(self.year.value())
        if existing is not None:
            self.ctx.open_requested.emit(existing.id)

    def create_blank(self) -> None:
        unit_id, year = self.unit.currentData(), self.year.value()
        if unit_id:
            self.ctx.op(lambda s: s.agreements.create(unit_id, year), on_done=self._open_created)

    def copy_forward(self) -> None:
        previous, year = self._find(self.year.value() - 1), self.year.value()
        if previous is not None:
            pid = previous.id
            self.ctx.op(lambda s: s.agreements.copy_forward(pid, year), on_done=self._open_created)

    def _open_created(self, changes: Any) -> None:
        if isinstance(changes, Changes) and changes.created:
            self.ctx.open_requested.emit(changes.created)

    def fill_demo(self) -> None:
        # lazy: loaded when first used, not at cold start
        from enhetsdialog.services.demo import fill_demo

        def fill(s: Services) -> Changes:
            fill_demo(s)
            return Changes(organisation=True, catalogue=True, agreements=frozenset({"demo"}))

        self.ctx.op(fill)

    def set_up_unit(self) -> QDialog:
        """Open "Sett opp enheten din"; afterwards the new unit is chosen here."""
        # lazy: loaded when first used, not at cold start
        from enhetsdialog.ui.setup_dialog import SetupDialog

        dialog = SetupDialog(self.ctx, self.window())
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.created.connect(self._unit_created)
        dialog.open()
        return dialog

    def _unit_created(self, unit_id: str) -> None:
        self.reload()
        self.preselect(unit_id)
        self.focus_first()

    def focus_first(self) -> None:
        self.unit.setFocus(Qt.FocusReason.OtherFocusReason)
