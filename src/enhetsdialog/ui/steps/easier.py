"""Step 3 – Hva gjør det enklere? Activities per goal, what the unit needs from the support system,
and structures, systems and tools."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QVBoxLayout

from enhetsdialog.domain.enums import AnchorKind, Section, SupportArea
from enhetsdialog.domain.model import FullAgreement, Goal
from enhetsdialog.i18n import N_, _

from enhetsdialog.ui.steps.base import StepPage
from enhetsdialog.ui.steps.items import GoalSections, ItemSection


class EasierStep(StepPage):
    number = "3"
    title = N_("Hva gjør det enklere?")
    section = Section.ENKLERE
    guide = N_(
        "Hva skal dere gjøre konkret, hvem har ansvaret, og når? Og hva trenger dere fra støttesystemet "
        "for å lykkes – og for å reise dere igjen når noe ikke går?"
    )

    def build(self) -> None:
        c = self.card(_("Tiltak for hvert mål"), _("Noen få gode tiltak per mål er nok. Skriv rett i tabellen; "
                                                    "Enter lagrer cellen, og piltastene flytter mellom cellene."))
        self.goal_box = QVBoxLayout()
        self.goal_box.setSpacing(14)
        c.addLayout(self.goal_box)
        self.goal_sections = GoalSections(
            self.goal_box, make=self._make_section, items_of=lambda g: g.activities,
            no_goals_text=_("Legg til mål i steg 1 først – så kan du skrive tiltakene her."),
        )

        c = self.card(
            _("Hva trenger vi fra støttesystemet?"),
            _("HR, økonomi, IKT, kommunikasjon og fagstøtte skal gjøre det lettere å lykkes. Hva trenger dere fra dem?"),
        )
        areas = [a for a in SupportArea if a is not SupportArea.ANNET] + [SupportArea.ANNET]
        self.support = ItemSection(
            self.session, "support_need",
            add_buttons=[(_("+ {area}", area=a.label), {"area": a}) for a in areas],
            empty_text=_("Ingen behov skrevet inn ennå – velg et område under for å legge til."),
            first_field="need",
        )
        c.addWidget(self.support)

        c = self.card(
            _("Strukturer, systemer og verktøy"),
            _("Hvilke møtestrukturer, rutiner og verktøy skal gjøre arbeidet enklere?"),
        )
        self.structures = self.answer(c, "structures", "", placeholder=_("For eksempel: Faste teammøter hver tirsdag …"))
        self.structures.setAccessibleName(_("Strukturer, systemer og verktøy"))

    # --- feeding --------------------------------------------------------------------------------------------

    @property
    def activity_sections(self) -> dict[str, ItemSection]:
        return self.goal_sections.sections

    def load(self, full: FullAgreement) -> None:
        self.goal_sections.reset()
        self.refresh(full)

    def refresh(self, full: FullAgreement) -> None:
        self.goal_sections.show(full.revision.content.goals, self.read_only)
        self.support.set_items(sorted(full.revision.content.support_needs, key=lambda s: s.position))

    def _make_section(self, goal: Goal) -> ItemSection:
        return ItemSection(
            self.session, "activity", goal_id=goal.id,
            add_buttons=[(_("+ Nytt tiltak"), {})],
            empty_text=_("Ingen tiltak ennå."), first_field="what", title="",
        )

    def set_read_only(self, read_only: bool) -> None:
        for s in [*self.activity_sections.values(), self.support]:
            s.set_read_only(read_only)

    # --- focus ------------------------------------------------------------------------------------------------

    def focus_item(self, kind: str, item_id: str) -> None:
        sections = list(self.activity_sections.values()) if kind == "activity" else [self.support] if kind == "support_need" else []
        for s in sections:
            if s.owns(item_id) and s.focus_item(item_id):
                self.scroll_to(s)
                return

    def focus_anchor(self, anchor_kind: AnchorKind, anchor_id: str) -> None:
        if anchor_kind is AnchorKind.GOAL and anchor_id in self.activity_sections:
            s = self.activity_sections[anchor_id]
            s.focus_table()
            self.scroll_to(s)
        elif anchor_kind is AnchorKind.ACTIVITY:
            self.focus_item("activity", anchor_id)
        elif anchor_kind is AnchorKind.SUPPORT_NEED:
            self.focus_item("support_need", anchor_id)
        else:
            super().focus_anchor(anchor_kind, anchor_id)

    def focus_first(self) -> None:
        first = next(iter(self.activity_sections.values()), None)
        if first is not None:
            first.focus_table()
        else:
            self.structures.setFocus(Qt.FocusReason.OtherFocusReason)
