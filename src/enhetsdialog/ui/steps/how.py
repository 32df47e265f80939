"""Step 2 – Hvordan kommer vi dit? The values made concrete, signs of courage, culture and leadership."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QLayout

from enhetsdialog.domain.enums import Section
from enhetsdialog.domain.model import FullAgreement
from enhetsdialog.i18n import N_, _
from enhetsdialog.services.changes import Changes
from enhetsdialog.services.values import VALUE_FIELDS, trondheim

from enhetsdialog.ui.steps.base import StepPage
from enhetsdialog.ui.widgets.text import AnswerEdit


class HowStep(StepPage):
    number = "2"
    title = N_("Hvordan kommer vi dit?")
    section = Section.HVORDAN
    guide = N_(
        "Mål nås gjennom kultur, ledelse og gode relasjoner – ikke bare gjennom tiltak. Beskriv hva verdiene "
        "betyr hos dere i hverdagen, og hvordan dere vil våge å prøve noe nytt."
    )

    def build(self) -> None:
        # the municipality's own values (from its plan catalogue; Trondheim's until one brings them)
        c = self.card(_("Verdiene våre i praksis"), " ")
        self.values_guide = _label_at(c, c.count() - 1)
        self.value_titles: list[QLabel] = []
        self.value_hints: list[QLabel] = []
        self.value_edits: list[AnswerEdit] = []
        for field in VALUE_FIELDS:
            editor = self.answer(c, field, " ", hint=" ")
            n = c.count()
            self.value_titles.append(_label_at(c, n - 3))
            self.value_hints.append(_label_at(c, n - 2))
            self.value_edits.append(editor)
        self.value_open, self.value_competent, self.value_brave = self.value_edits
        self.ctx.changed.connect(self._catalogue_changed)
        self.show_values()
        c = self.card(
            _("Tegn på modighet"),
            _("Det er lov å tenke nytt – og å lære av det som ikke går som planlagt."),
        )
        self.courage_trials = self.answer(
            c, "courage_trials", _("Dette vil vi prøve ut"),
            placeholder=_("Nye måter å jobbe på, små forsøk, mer selvstendighet i teamene …"),
        )
        self.courage_learning = self.answer(
            c, "courage_learning", _("Slik lærer vi av det som lykkes – og det som ikke gjør det"),
            placeholder=_("For eksempel: Vi evaluerer hvert forsøk etter seks uker og deler det vi lærte …"),
        )
        c = self.card(
            _("Kultur, ledelse og relasjoner"),
            _("Hvordan bygger vi et felles språk, god ledelse på alle nivå og relasjoner som tåler uenighet?"),
        )
        self.culture = self.answer(c, "culture_leadership", "", placeholder=_("Skriv fritt …"), min_lines=4)
        self.culture.setAccessibleName(_("Kultur, ledelse og relasjoner"))

    def show_values(self, full: FullAgreement | None = None) -> None:
        """Name and guiding text of each value as the municipality writes them. A field beyond the
        municipality's values is shown only when the agreement has an answer there."""
        values = self.ctx.read(lambda s: s.catalogue.values()) or trondheim()
        self.municipal_values = values
        self.values_guide.setText(values.intro or _("Hva betyr verdiene våre hos oss – i det vi faktisk gjør sammen?"))
        content = full.revision.content if full is not None else None
        for i, (title, hint, editor) in enumerate(zip(self.value_titles, self.value_hints, self.value_edits, strict=True)):
            value = values.values[i] if i < len(values.values) else None
            answered = content is not None and bool(str(getattr(content, VALUE_FIELDS[i])).strip())
            keep = value is not None or answered  # an answer is never hidden
            for w in (title, hint, editor):
                w.setVisible(keep)
            name = value.name if value else _("Verdi {n}", n=i + 1)
            title.setText(name)
            hint.setText(value.question if value else "")
            hint.setVisible(keep and bool(hint.text()))
            editor.setPlaceholderText(value.example if value else "")
            editor.setAccessibleName(name)

    def _catalogue_changed(self, changes: Changes) -> None:
        if changes.catalogue:
            self.show_values(self.full)

    def load(self, full: FullAgreement) -> None:
        self.show_values(full)


def _label_at(layout: QLayout, index: int) -> QLabel:
    item = layout.itemAt(index)
    widget = item.widget() if item is not None else None
    assert isinstance(widget, QLabel), index
    return widget
