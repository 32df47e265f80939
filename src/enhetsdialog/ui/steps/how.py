"""Step 2 – Hvordan kommer vi dit? The values made concrete, signs of courage, culture and leadership."""

from __future__ import annotations

from enhetsdialog.domain.enums import Section

from enhetsdialog.ui.i18n import tr
from enhetsdialog.ui.steps.base import StepPage


class HowStep(StepPage):
    number = "2"
    title = tr("Hvordan kommer vi dit?")
    section = Section.HVORDAN
    guide = tr(
        "Mål nås gjennom kultur, ledelse og gode relasjoner – ikke bare gjennom tiltak. Beskriv hva verdiene "
        "betyr hos dere i hverdagen, og hvordan dere vil våge å prøve noe nytt."
    )

    def build(self) -> None:
        c = self.card(
            tr("Verdiene våre i praksis"),
            tr("Hva betyr åpen, kompetent og modig hos oss – i det vi faktisk gjør sammen?"),
        )
        self.value_open = self.answer(
            c, "value_open", tr("Åpen"), hint=tr("Hvordan deler vi, inviterer med og sier ifra?"),
            placeholder=tr("For eksempel: Vi deler planene tidlig med foreldre og ansatte …"),
        )
        self.value_competent = self.answer(
            c, "value_competent", tr("Kompetent"), hint=tr("Hvilken kompetanse bygger vi, og hvordan lærer vi av hverandre?"),
            placeholder=tr("For eksempel: Lærende møter hver uke der vi deler erfaringer …"),
        )
        self.value_brave = self.answer(
            c, "value_brave", tr("Modig"), hint=tr("Hva betyr det å være modig hos oss?"),
            placeholder=tr("For eksempel: Vi sier ja til å prøve, og vi tør å stoppe det som ikke virker …"),
        )
        c = self.card(
            tr("Tegn på modighet"),
            tr("Det er lov å tenke nytt – og å lære av det som ikke går som planlagt."),
        )
        self.courage_trials = self.answer(
            c, "courage_trials", tr("Dette vil vi prøve ut"),
            placeholder=tr("Nye måter å jobbe på, små forsøk, mer selvstendighet i teamene …"),
        )
        self.courage_learning = self.answer(
            c, "courage_learning", tr("Slik lærer vi av det som lykkes – og det som ikke gjør det"),
            placeholder=tr("For eksempel: Vi evaluerer hvert forsøk etter seks uker og deler det vi lærte …"),
        )
        c = self.card(
            tr("Kultur, ledelse og relasjoner"),
            tr("Hvordan bygger vi et felles språk, god ledelse på alle nivå og relasjoner som tåler uenighet?"),
        )
        self.culture = self.answer(c, "culture_leadership", "", placeholder=tr("Skriv fritt …"), min_lines=4)
        self.culture.setAccessibleName(tr("Kultur, ledelse og relasjoner"))
