"""Step 4 – Hvordan vet vi om vi lykkes? Indicators per goal (prosess and resultat, visibly distinct)
and the follow-up plan."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QHBoxLayout, QLabel, QPlainTextEdit, QVBoxLayout

from enhetsdialog.domain.enums import AnchorKind, IndicatorKind, Section
from enhetsdialog.domain.model import FullAgreement, Goal
from enhetsdialog.i18n import N_, _

from enhetsdialog.ui import theme
from enhetsdialog.ui.steps.base import StepPage
from enhetsdialog.ui.steps.items import GoalSections, ItemSection
from enhetsdialog.ui.widgets.chips import ChipLabel, clear_layout


class SuccessStep(StepPage):
    number = "4"
    title = N_("Hvordan vet vi om vi lykkes?")
    section = Section.LYKKES
    guide = N_(
        "Gode indikatorer hjelper dere å se om arbeidet virker. Avtalen ber om begge slag for hvert mål: "
        "prosessindikatorer sier noe om kvaliteten i arbeidet, resultatindikatorer om det som kommer ut av det."
    )

    def build(self) -> None:
        c = self.card(_("Indikatorer for hvert mål"))
        legend = QHBoxLayout()
        legend.setSpacing(8)
        legend.addWidget(ChipLabel(_("Prosess"), theme.PROSESS))
        legend.addWidget(self._legend_text(_("kvaliteten i arbeidet – for eksempel andel ansatte som deltok")), 1)
        legend.addSpacing(14)
        legend.addWidget(ChipLabel(_("Resultat"), theme.RESULTAT))
        legend.addWidget(self._legend_text(_("kvaliteten i resultatet – for eksempel sykefravær eller trivsel")), 1)
        c.addLayout(legend)
        tip = QLabel(_("Tall skrives som vanlig, med komma: 7,8. «Nå» er utgangsverdien, «Mål» er der dere vil være."))
        tip.setProperty("role", "hint")
        tip.setWordWrap(True)
        c.addWidget(tip)
        self.goal_box = QVBoxLayout()
        self.goal_box.setSpacing(16)
        c.addLayout(self.goal_box)
        self._missing: dict[str, QHBoxLayout] = {}
        self.goal_sections = GoalSections(
            self.goal_box, make=self._make_section, items_of=lambda g: g.indicators,
            no_goals_text=_("Legg til mål i steg 1 først – så kan du velge indikatorer her."),
            on_clear=self._missing.clear,
        )

        c = self.card(
            _("Oppfølging"),
            _("Hvordan og når følger dere opp – hvem ser på tallene, og hva gjør dere med det dere ser?"),
        )
        self.follow_up = self.answer(c, "follow_up_plan", "", placeholder=_("For eksempel: Vi går gjennom "
                                     "indikatorene i ledermøtet hvert tertial og justerer tiltakene …"))
        self.follow_up.setAccessibleName(_("Oppfølgingsplan"))

    @staticmethod
    def _legend_text(text: str) -> QLabel:
        label = QLabel(text)
        label.setProperty("role", "hint")
        label.setWordWrap(True)
        return label

    # --- feeding ------------------------------------------------------------------------------------------------

    @property
    def sections(self) -> dict[str, ItemSection]:
        return self.goal_sections.sections

    def load(self, full: FullAgreement) -> None:
        self.goal_sections.reset()
        self.refresh(full)

    def refresh(self, full: FullAgreement) -> None:
        for g in self.goal_sections.show(full.revision.content.goals, self.read_only):
            self._show_missing(g)

    def _make_section(self, goal: Goal) -> ItemSection:
        section = ItemSection(
            self.session, "indicator", goal_id=goal.id,
            add_buttons=[
                (_("+ Prosessindikator"), {"kind": IndicatorKind.PROSESS}),
                (_("+ Resultatindikator"), {"kind": IndicatorKind.RESULTAT}),
            ],
            empty_text=_("Ingen indikatorer ennå."), first_field="name", title="",
        )
        section.add_extra_button(_("Beskrivelse …"), lambda s=section: self.describe(s),
                                 _("Skriv en beskrivelse av den valgte indikatoren"))
        missing = QHBoxLayout()
        missing.setSpacing(6)
        section.header.addLayout(missing)
        self._missing[goal.id] = missing
        return section

    def _show_missing(self, goal: Goal) -> None:
        box = self._missing[goal.id]
        kinds = {i.kind for i in goal.indicators}
        wanted = [k for k in (IndicatorKind.PROSESS, IndicatorKind.RESULTAT) if k not in kinds]
        shown = [box.itemAt(i).widget().property("kind") for i in range(box.count())]  # type: ignore[union-attr]
        if shown == [k.value for k in wanted]:
            return
        clear_layout(box)
        for k in wanted:
            chip = ChipLabel(_("Mangler {kind}", kind=k.label.lower()), theme.NUDGE,
                             tooltip=_("Avtalen ber om både prosess- og resultatindikatorer."))
            chip.setProperty("kind", k.value)
            box.addWidget(chip, 0, Qt.AlignmentFlag.AlignTop)

    def set_read_only(self, read_only: bool) -> None:
        for s in self.sections.values():
            s.set_read_only(read_only)

    # --- describing an indicator --------------------------------------------------------------------------

    def describe(self, section: ItemSection) -> QDialog | None:
        item_id = section.table.current_item_id()
        if item_id is None or self.read_only:
            section.show_hint(_("Velg en indikator i tabellen først.") if item_id is None else "")
            return None
        item = section.model.item(section.model.row_of(item_id))
        dialog = QDialog(self)
        dialog.setWindowTitle(_("Beskrivelse av indikatoren"))
        dialog.resize(520, 300)
        layout = QVBoxLayout(dialog)
        label = QLabel(item.name or _("Indikator uten navn"))
        label.setProperty("role", "field")
        label.setWordWrap(True)
        layout.addWidget(label)
        edit = QPlainTextEdit(item.description)
        edit.setTabChangesFocus(True)
        layout.addWidget(edit)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(_("Bruk"))
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(_("Avbryt"))
        buttons.accepted.connect(dialog.accept)
        buttons.rejected.connect(dialog.reject)
        layout.addWidget(buttons)
        old = item.description
        dialog.accepted.connect(lambda: self.session.update_item(
            "indicator", item_id, {"description": old}, {"description": edit.toPlainText()}))
        dialog.finished.connect(dialog.deleteLater)
        dialog.open()
        return dialog

    # --- focus ----------------------------------------------------------------------------------------------

    def focus_item(self, kind: str, item_id: str) -> None:
        if kind != "indicator":
            return
        for s in self.sections.values():
            if s.owns(item_id) and s.focus_item(item_id):
                self.scroll_to(s)
                return

    def focus_anchor(self, anchor_kind: AnchorKind, anchor_id: str) -> None:
        if anchor_kind is AnchorKind.GOAL and anchor_id in self.sections:
            s = self.sections[anchor_id]
            (s.add_buttons[0] if not s.read_only else s.table).setFocus(Qt.FocusReason.OtherFocusReason)
            self.scroll_to(s)
        elif anchor_kind is AnchorKind.INDICATOR:
            for s in self.sections.values():
                if s.owns(anchor_id):
                    s.focus_item(anchor_id, edit=False)
                    row = s.model.row_of(anchor_id)
                    item = s.model.item(row)
                    field = "baseline_value" if item.baseline_value is None else "target_value"
                    s.table.select_item(anchor_id, field)
                    self.scroll_to(s)
                    return
        else:
            super().focus_anchor(anchor_kind, anchor_id)

    def focus_first(self) -> None:
        first = next(iter(self.sections.values()), None)
        if first is not None:
            first.focus_table()
        else:
            self.follow_up.setFocus(Qt.FocusReason.OtherFocusReason)

