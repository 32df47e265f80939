"""First-time setup without the demo: "Sett opp enheten din" (municipality, service area with its
director, the unit and its leader) and "Importer plankatalog …" (the municipality's plan goals).

The setup reuses what is already there: a municipality, service area or unit with the same name
(case and spacing do not matter) is taken as it is, so running it twice makes nothing twice. When
nobody has said who is writing yet, the leader named here becomes the profile.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFileDialog,
    QFormLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QVBoxLayout,
    QWidget,
)

from enhetsdialog.domain.enums import Role
from enhetsdialog.i18n import LANGUAGE_NAMES, LANGUAGES, N_, SOURCE_LANGUAGE, _, current_language, ngettext
from enhetsdialog.services.catalogue import ForeignCatalogueError
from enhetsdialog.services.changes import Changes
from enhetsdialog.services.org import same_name

from enhetsdialog.ui.context import error_text
from enhetsdialog.ui.dialogs import MessageDialog, show_dialog
from enhetsdialog.ui.widgets.dialog_parts import save_cancel

if TYPE_CHECKING:
    from enhetsdialog.services import Services

    from enhetsdialog.ui.context import AppContext

# suggestions for the kind of unit (stored as the user picks or types it, in their language)
UNIT_KINDS = (
    N_("Skole"), N_("Barnehage"), N_("Helsehus"), N_("Hjemmetjeneste"), N_("Tjenestekontor"),
    N_("Bo- og aktivitetstilbud"),
)
CATALOGUE_FOLDER = "catalogue/last_folder"


@dataclass(frozen=True, slots=True)
class UnitSetup:
    municipality: str
    municipality_number: str
    area: str
    director: str
    director_title: str
    unit: str
    kind: str
    leader: str
    leader_title: str
    language: str | None = None  # the municipality's written language; None: leave it as it is


def set_up_unit(s: Services, d: UnitSetup) -> Changes:
    """Runs on the worker: one transaction finds or creates the municipality, the service area (with
    its director) and the unit (with its leader); the leader becomes the profile if there is none.
    ``created`` is the unit's id."""
    changes = s.org.set_up_unit(
        municipality=d.municipality,
        municipality_number=d.municipality_number,
        service_area=d.area,
        director=d.director,
        director_title=d.director_title,
        unit=d.unit,
        kind=d.kind,
        leader=d.leader,
        leader_title=d.leader_title,
        language=d.language,
    )
    if d.leader.strip() and s.settings.profile() is None:
        changes = s.settings.set_profile(d.leader, Role.LEDER, d.leader_title) | changes
    return changes


def _combo(items: list[str], placeholder: str) -> QComboBox:
    combo = QComboBox()
    combo.setEditable(True)
    combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
    combo.addItems(items)
    combo.setCurrentIndex(0 if len(items) == 1 else -1)
    line = combo.lineEdit()
    if line is not None:
        line.setPlaceholderText(placeholder)
    return combo


def _section(text: str, *, first: bool = False) -> QLabel:
    label = QLabel(text)
    label.setProperty("role", "field")
    label.setContentsMargins(0, 0 if first else 10, 0, 0)
    return label


class SetupDialog(QDialog):
    """Signals: ``created(unit_id)`` after the unit is saved (the dialog then closes)."""

    created = Signal(str)

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.unit_id: str | None = None
        self.setWindowTitle(_("Sett opp enheten din"))
        self.setMinimumWidth(520)
        existing = ctx.read(
            lambda s: (
                s.org.municipalities(),
                s.org.service_areas(),
                {m.id: s.settings.municipality_language(m.id) for m in s.org.municipalities()},
            ),
            default=([], [], {}),
        )
        municipalities, areas, languages = existing if existing is not None else ([], [], {})
        self._municipality_numbers = {m.name: m.number for m in municipalities}
        self._municipality_languages = {m.name: languages.get(m.id, SOURCE_LANGUAGE) for m in municipalities}
        layout = QVBoxLayout(self)
        layout.setContentsMargins(22, 18, 22, 16)
        layout.setSpacing(10)
        heading = QLabel(_("Sett opp enheten din"))
        heading.setProperty("role", "subtitle")
        layout.addWidget(heading)
        intro = QLabel(_(
            "Fyll inn kommunen, tjenesteområdet og enheten din. Det som finnes fra før, brukes om igjen. "
            "Lederen du skriver inn, blir stående som enhetsleder på avtalen."
        ))
        intro.setWordWrap(True)
        intro.setProperty("role", "guide")
        layout.addWidget(intro)
        form = QFormLayout()
        form.setHorizontalSpacing(12)
        form.setVerticalSpacing(7)
        self.municipality = _combo(sorted(m.name for m in municipalities), _("For eksempel Trondheim kommune"))
        self.municipality.setAccessibleName(_("Kommune"))
        self.number = QLineEdit()
        self.number.setPlaceholderText(_("Fire sifre, for eksempel 5001"))
        self.number.setMaxLength(4)
        self.number.setAccessibleName(_("Kommunenummer"))
        self.language = QComboBox()
        for code in LANGUAGES:
            name = LANGUAGE_NAMES[code]
            # TRANSLATORS: English is offered as a written language for tests and guests, not for Norwegian municipalities
            self.language.addItem(name if code in ("nb", "nn") else _("{name} (for tester og gjester)", name=name), code)
        self.language.setCurrentIndex(self.language.findData(current_language() if current_language() == "nn" else "nb"))
        self.language.setAccessibleName(_("Kommunens skriftspråk"))
        self.area = _combo(sorted({a.name for a in areas}, key=str.casefold), _("For eksempel Oppvekst og utdanning"))
        self.area.setAccessibleName(_("Tjenesteområde"))
        self.director = QLineEdit()
        self.director.setPlaceholderText(_("Navnet på kommunaldirektøren"))
        self.director.setAccessibleName(_("Direktør"))
        self.director_title = QLineEdit(_("Kommunaldirektør"))
        self.director_title.setAccessibleName(_("Direktørens tittel"))
        self.unit = QLineEdit()
        self.unit.setPlaceholderText(_("For eksempel Lade skole"))
        self.unit.setAccessibleName(_("Enhet"))
        self.kind = _combo([str(k) for k in UNIT_KINDS], _("Hva slags enhet"))
        self.kind.setCurrentIndex(-1)
        self.kind.setAccessibleName(_("Type enhet"))
        self.leader = QLineEdit()
        self.leader.setPlaceholderText(_("Navnet ditt, om du er lederen"))
        self.leader.setAccessibleName(_("Enhetsleder"))
        self.leader_title = QLineEdit()
        self.leader_title.setPlaceholderText(_("For eksempel Rektor eller Styrer"))
        self.leader_title.setAccessibleName(_("Lederens tittel"))
        form.addRow(_section(_("Kommunen"), first=True))
        form.addRow(_("&Navn"), self.municipality)
        form.addRow(_("&Kommunenummer"), self.number)
        form.addRow(_("&Skriftspråk"), self.language)
        form.addRow(_section(_("Tjenesteområdet")))
        form.addRow(_("Na&vn"), self.area)
        form.addRow(_("&Direktør"), self.director)
        form.addRow(_("Direktørens &tittel"), self.director_title)
        form.addRow(_section(_("Enheten")))
        form.addRow(_("Navn på &enheten"), self.unit)
        form.addRow(_("T&ype"), self.kind)
        form.addRow(_("&Leder"), self.leader)
        form.addRow(_("Lederens t&ittel"), self.leader_title)
        layout.addLayout(form)
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setStyleSheet("color: #9B1C1C;")
        self.message.hide()
        layout.addWidget(self.message)
        self.buttons = save_cancel(self, self.save, _("Lagre enheten"))
        layout.addWidget(self.buttons)
        self.municipality.currentTextChanged.connect(self._municipality_chosen)
        self.area.currentTextChanged.connect(self._area_chosen)
        self._known_areas = {a.name.casefold() for a in areas}
        self._municipality_chosen(self.municipality.currentText())
        self._area_chosen(self.area.currentText())

    def _municipality_chosen(self, name: str) -> None:
        known = next((n for m, n in self._municipality_numbers.items() if same_name(m, name)), None)
        self.number.setEnabled(known is None)
        if known is not None:
            self.number.setText(known)
        # a municipality that is there already keeps its written language (Fil → Språk … changes it)
        written = next((c for m, c in self._municipality_languages.items() if same_name(m, name)), None)
        self.language.setEnabled(written is None)
        if written is not None:
            self.language.setCurrentIndex(max(0, self.language.findData(written)))
        self.language.setToolTip(
            _("Kommunen finnes fra før: skriftspråket endrer du under Fil → Språk …")
            if written is not None
            else _("Avtalene og årsrapportene skrives på kommunens skriftspråk.")
        )

    def _area_chosen(self, name: str) -> None:
        known = " ".join(name.split()).casefold() in self._known_areas
        for w in (self.director, self.director_title):
            w.setEnabled(not known)
        self.director.setToolTip(_("Tjenesteområdet finnes fra før, med sin direktør.") if known else "")

    def values(self) -> UnitSetup:
        return UnitSetup(
            municipality=self.municipality.currentText().strip(),
            municipality_number=self.number.text().strip(),
            area=self.area.currentText().strip(),
            director=self.director.text().strip() if self.director.isEnabled() else "",
            director_title=self.director_title.text().strip(),
            unit=self.unit.text().strip(),
            kind=self.kind.currentText().strip(),
            leader=self.leader.text().strip(),
            leader_title=self.leader_title.text().strip(),
            language=self.language.currentData() if self.language.isEnabled() else None,
        )

    def problem(self, d: UnitSetup) -> tuple[str, QWidget] | None:
        """The first thing missing or wrong, and where to fix it."""
        if not d.municipality:
            return _("Skriv inn navnet på kommunen."), self.municipality
        if d.municipality_number and not (d.municipality_number.isdigit() and len(d.municipality_number) == 4):
            return _("Kommunenummeret har fire sifre, for eksempel 5001."), self.number
        if not d.area:
            return _("Skriv inn navnet på tjenesteområdet."), self.area
        if not d.unit:
            return _("Skriv inn navnet på enheten."), self.unit
        if not d.leader:
            return _("Skriv inn hvem som leder enheten."), self.leader
        return None

    def save(self) -> None:
        d = self.values()
        problem = self.problem(d)
        if problem is not None:
            self._show_error(problem[0])
            problem[1].setFocus(Qt.FocusReason.OtherFocusReason)
            return
        self.setEnabled(False)
        self.ctx.op(lambda s: set_up_unit(s, d), on_done=self._saved, on_error=self._failed, report=False)

    def _saved(self, changes: Changes) -> None:
        self.setEnabled(True)
        self.unit_id = changes.created
        if changes.created:
            self.created.emit(changes.created)
        self.accept()

    def _failed(self, e: BaseException) -> None:
        self.setEnabled(True)
        self._show_error(_("Enheten ble ikke lagret. {reason}", reason=error_text(e)))

    def _show_error(self, text: str) -> None:
        self.message.setText(text)
        self.message.show()


# --- the plan catalogue ---------------------------------------------------------------------------------------


def catalogue_text(changes: Changes) -> str:
    plans, goals = changes.details.get("plans", 0), changes.details.get("goals", 0)
    p = ngettext("{n} plan", "{n} planer", plans)
    g = ngettext("{n} planmål", "{n} planmål", goals)
    text = _("Plankatalogen er importert: {plans} og {goals}. Nå kan dere knytte målene deres til dem.",
              plans=p, goals=g)
    values = changes.details.get("values", 0)
    if values:
        text += " " + ngettext(
            "Den har også kommunens verdi, som steg 2 spør etter.",
            "Den har også kommunens {n} verdier, som steg 2 spør etter.",
            values,
        )
    return text


def import_catalogue(
    ctx: AppContext,
    parent: QWidget | None = None,
    *,
    path: Path | str | None = None,
    on_done: Callable[[QDialog], Any] | None = None,
) -> bool:
    """Import the municipality's plan catalogue (a JSON file); asks for the file unless ``path``.
    Then says how many plans and goals came in, or in plain words why nothing did."""
    if path is None:
        folder = ctx.settings.value(CATALOGUE_FOLDER)
        start = folder if isinstance(folder, str) and Path(folder).is_dir() else str(Path.home())
        chosen, _selected = QFileDialog.getOpenFileName(parent, _("Importer plankatalog"), start,
                                                _("Plankatalog (*.json);;Alle filer (*)"))
        if not chosen:
            return False
        path = chosen
    source = Path(path)

    def show(title: str, text: str) -> None:
        dialog = show_dialog(MessageDialog(parent, title, text))
        if on_done is not None:
            on_done(dialog)

    def done(changes: Changes) -> None:
        ctx.settings.setValue(CATALOGUE_FOLDER, str(source.parent))
        show(_("Plankatalogen er importert"), catalogue_text(changes))

    def failed(e: BaseException) -> None:
        if isinstance(e, ForeignCatalogueError):
            ask_foreign(e)
            return
        show(_("Plankatalogen ble ikke importert"),
             _("{reason}\n\nIngenting er endret. Plankatalogen er en JSON-fil som kommunen deler ut.",
                reason=error_text(e)))

    def ask_foreign(e: Any) -> None:
        """Another municipality's catalogue: say so before its plans are mixed with ours."""
        box = QMessageBox(QMessageBox.Icon.Warning, _("Plankatalog fra en annen kommune"), str(e), parent=parent)
        box.setInformativeText(_("Planmålene og verdiene blandes med dem som er her. Ingenting er endret ennå."))
        go = box.addButton(_("Importer likevel"), QMessageBox.ButtonRole.AcceptRole)
        stay = box.addButton(_("Avbryt"), QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(stay)
        box.setEscapeButton(stay)

        def answered() -> None:
            if box.clickedButton() is go:
                ctx.op(lambda s: s.catalogue.import_file(source, allow_foreign=True), on_done=done,
                       on_error=failed, report=False)

        box.finished.connect(lambda _r: answered())
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.open()
        if on_done is not None:
            on_done(box)

    ctx.op(lambda s: s.catalogue.import_file(source), on_done=done, on_error=failed, report=False)
    return True
