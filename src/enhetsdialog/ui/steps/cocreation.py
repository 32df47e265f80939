"""Samskaping – who took part, how and when, and the voice of the people the unit is there for."""

from __future__ import annotations

from enhetsdialog.domain.enums import AnchorKind, Section
from enhetsdialog.domain.model import FullAgreement
from enhetsdialog.i18n import N_, _

from enhetsdialog.ui.steps.base import StepPage
from enhetsdialog.ui.steps.items import ItemSection


class CocreationStep(StepPage):
    number = ""
    title = N_("Samskaping")
    section = Section.SAMSKAPING
    guide = N_(
        "Avtalen blir bedre når flere har vært med å lage den. Skriv hvem som deltok – tillitsvalgte, "
        "verneombud, ansatte og de dere er til for – og hvordan dere har lyttet."
    )

    def build(self) -> None:
        c = self.card(_("Hvem var med?"), _("Rolle, hvordan de var med og når. Navn er valgfritt."))
        self.participants = ItemSection(
            self.session, "participant",
            add_buttons=[(_("+ Ny deltaker"), {})],
            empty_text=_("Ingen deltakere skrevet inn ennå."), first_field="role",
        )
        c.addWidget(self.participants)
        c = self.card(
            _("Brukernes stemme"),
            _("Hva har de dere er til for – elever, foreldre, brukere, pårørende – sagt? Hvordan har det påvirket avtalen?"),
        )
        self.users_voice = self.answer(
            c, "users_voice", "", placeholder=_("For eksempel: Elevrådet ønsket seg flere aktiviteter i friminuttene …"),
            min_lines=4,
        )
        self.users_voice.setAccessibleName(_("Brukernes stemme"))

    def load(self, full: FullAgreement) -> None:
        self.participants.set_items(sorted(full.revision.content.participants, key=lambda p: p.position))

    def set_read_only(self, read_only: bool) -> None:
        self.participants.set_read_only(read_only)

    def focus_item(self, kind: str, item_id: str) -> None:
        if kind == "participant" and self.participants.focus_item(item_id):
            self.scroll_to(self.participants)

    def focus_anchor(self, anchor_kind: AnchorKind, anchor_id: str) -> None:
        if anchor_kind is AnchorKind.PARTICIPANT:
            self.focus_item("participant", anchor_id)
        else:
            self.participants.focus_table()

    def focus_first(self) -> None:
        self.participants.focus_table()
