"""Enumerations of the domain. Machine values are fixed: they are stored, exchanged and fingerprinted.

Each ``label`` is the name a user sees, translated into the current language when it is read
(the tables hold :func:`~enhetsdialog.i18n.N_` markers, so they can be built at import time).
"""

from __future__ import annotations

from enum import StrEnum

from enhetsdialog.i18n import N_, LazyText, lazy_pgettext


class Status(StrEnum):
    UTKAST = "utkast"
    TIL_DIALOG = "til_dialog"
    I_DIALOG = "i_dialog"
    ENIGHET = "enighet"
    SIGNERT = "signert"
    ARKIVERT = "arkivert"

    @property
    def label(self) -> str:
        return str(STATUS_LABELS[self])


STATUS_LABELS: dict[Status, LazyText] = {
    Status.UTKAST: lazy_pgettext("status", "Utkast"),
    Status.TIL_DIALOG: lazy_pgettext("status", "Til dialog"),
    Status.I_DIALOG: lazy_pgettext("status", "I dialog"),
    Status.ENIGHET: lazy_pgettext("status", "Enighet"),
    Status.SIGNERT: lazy_pgettext("status", "Signert"),
    Status.ARKIVERT: lazy_pgettext("status", "Arkivert"),
}


class IndicatorKind(StrEnum):
    PROSESS = "prosess"
    RESULTAT = "resultat"

    @property
    def label(self) -> str:
        return str(N_("Prosessindikator") if self is IndicatorKind.PROSESS else N_("Resultatindikator"))


class Direction(StrEnum):
    HIGHER = "higher"
    LOWER = "lower"

    @property
    def label(self) -> str:
        return str(N_("Høyere er bedre") if self is Direction.HIGHER else N_("Lavere er bedre"))


class ActivityStatus(StrEnum):
    PLANNED = "planlagt"
    IN_PROGRESS = "pågår"
    DONE = "fullført"
    POSTPONED = "utsatt"
    CANCELLED = "avlyst"

    @property
    def label(self) -> str:
        return str(_ACTIVITY_STATUS_LABELS[self])


_ACTIVITY_STATUS_LABELS: dict[ActivityStatus, LazyText] = {
    ActivityStatus.PLANNED: lazy_pgettext("activity status", "Planlagt"),
    ActivityStatus.IN_PROGRESS: lazy_pgettext("activity status", "Pågår"),
    ActivityStatus.DONE: lazy_pgettext("activity status", "Fullført"),
    ActivityStatus.POSTPONED: lazy_pgettext("activity status", "Utsatt"),
    ActivityStatus.CANCELLED: lazy_pgettext("activity status", "Avlyst"),
}


class Assessment(StrEnum):
    NADD = "nådd"
    DELVIS = "delvis_nådd"
    IKKE = "ikke_nådd"

    @property
    def label(self) -> str:
        return str(_ASSESSMENT_LABELS[self])


_ASSESSMENT_LABELS: dict[Assessment, LazyText] = {
    Assessment.NADD: N_("Nådd"),
    Assessment.DELVIS: N_("Delvis nådd"),
    Assessment.IKKE: N_("Ikke nådd"),
}


class Role(StrEnum):
    """Who acts: the unit leader or the director (remarks, signatures, profile)."""

    LEDER = "leder"
    DIREKTOR = "direktor"

    @property
    def label(self) -> str:
        return str(N_("Enhetsleder") if self is Role.LEDER else N_("Direktør"))


class PlanKind(StrEnum):
    KPS = "kps"
    KOMMUNEDELPLAN = "kommunedelplan"
    TEMAPLAN = "temaplan"
    HOP = "hop"

    @property
    def label(self) -> str:
        return str(PLAN_KIND_LABELS[self])

    @property
    def level(self) -> int:
        """Place in the plan hierarchy: KPS first, HØP last."""
        return {"kps": 0, "kommunedelplan": 1, "temaplan": 1, "hop": 2}[self.value]


PLAN_KIND_LABELS: dict[PlanKind, LazyText] = {
    PlanKind.KPS: N_("Kommuneplanens samfunnsdel"),
    PlanKind.KOMMUNEDELPLAN: N_("Kommunedelplan"),
    PlanKind.TEMAPLAN: N_("Temaplan"),
    PlanKind.HOP: N_("Handlings- og økonomiplan"),
}


class SupportArea(StrEnum):
    HR = "hr"
    OKONOMI = "økonomi"
    IKT = "ikt"
    KOMMUNIKASJON = "kommunikasjon"
    FAGSTOTTE = "fagstøtte"
    ANNET = "annet"

    @property
    def label(self) -> str:
        return str(_SUPPORT_AREA_LABELS[self])


_SUPPORT_AREA_LABELS: dict[SupportArea, LazyText] = {
    SupportArea.HR: N_("HR"),
    SupportArea.OKONOMI: N_("Økonomi"),
    SupportArea.IKT: N_("IKT"),
    SupportArea.KOMMUNIKASJON: N_("Kommunikasjon"),
    SupportArea.FAGSTOTTE: N_("Fagstøtte"),
    SupportArea.ANNET: N_("Annet"),
}


class Frequency(StrEnum):
    MONTHLY = "månedlig"
    QUARTERLY = "kvartalsvis"
    TERTIAL = "tertialvis"
    HALF_YEARLY = "halvårlig"
    YEARLY = "årlig"

    @property
    def label(self) -> str:
        return str(_FREQUENCY_LABELS[self])


_FREQUENCY_LABELS: dict[Frequency, LazyText] = {
    Frequency.MONTHLY: N_("Månedlig"),
    Frequency.QUARTERLY: N_("Kvartalsvis"),
    Frequency.TERTIAL: N_("Tertialvis"),
    Frequency.HALF_YEARLY: N_("Halvårlig"),
    Frequency.YEARLY: N_("Årlig"),
}


class Section(StrEnum):
    """Anchors for remarks that concern a whole section of the agreement."""

    HVOR = "hvor"  # 1 Hvor vil vi?
    HVORDAN = "hvordan"  # 2 Hvordan kommer vi dit?
    ENKLERE = "enklere"  # 3 Hva gjør det enklere?
    LYKKES = "lykkes"  # 4 Hvordan vet vi om vi lykkes?
    SAMSKAPING = "samskaping"
    HELE = "hele"  # the agreement as a whole

    @property
    def label(self) -> str:
        return str(SECTION_LABELS[self])


SECTION_LABELS: dict[Section, LazyText] = {
    Section.HVOR: N_("Hvor vil vi?"),
    Section.HVORDAN: N_("Hvordan kommer vi dit?"),
    Section.ENKLERE: N_("Hva gjør det enklere?"),
    Section.LYKKES: N_("Hvordan vet vi om vi lykkes?"),
    Section.SAMSKAPING: N_("Samskaping"),
    Section.HELE: N_("Hele avtalen"),
}


class ItemKind(StrEnum):
    """The kinds of item an agreement holds. What each one is (its dataclass, fields, section,
    parent, names) is declared in ``domain/items.py``."""

    GOAL = "goal"
    ACTIVITY = "activity"
    INDICATOR = "indicator"
    SUPPORT_NEED = "support_need"
    PARTICIPANT = "participant"


class AnchorKind(StrEnum):
    """What a remark is attached to: a whole section, or one item (the item kinds' own values;
    ``tests/unit/test_items.py`` checks that the two stay the same)."""

    SECTION = "section"
    GOAL = ItemKind.GOAL.value
    ACTIVITY = ItemKind.ACTIVITY.value
    INDICATOR = ItemKind.INDICATOR.value
    SUPPORT_NEED = ItemKind.SUPPORT_NEED.value
    PARTICIPANT = ItemKind.PARTICIPANT.value

    @property
    def item_kind(self) -> ItemKind | None:
        return None if self is AnchorKind.SECTION else ItemKind(self.value)

    @classmethod
    def of(cls, kind: ItemKind) -> AnchorKind:
        return cls(kind.value)


# --- follow-up during the year (what happened; not part of the signed text) ---------------------


class ProgressStatus(StrEnum):
    """How far an activity has come during the year (recorded on the signed agreement)."""

    PLANNED = "planlagt"
    IN_PROGRESS = "i_gang"
    DONE = "fullført"
    POSTPONED = "utsatt"
    CANCELLED = "avlyst"

    @property
    def label(self) -> str:
        return str(PROGRESS_LABELS[self])


PROGRESS_LABELS: dict[ProgressStatus, LazyText] = {
    ProgressStatus.PLANNED: N_("Planlagt"),
    ProgressStatus.IN_PROGRESS: N_("I gang"),
    ProgressStatus.DONE: N_("Fullført"),
    ProgressStatus.POSTPONED: N_("Utsatt"),
    ProgressStatus.CANCELLED: N_("Avlyst"),
}


class IndicatorStatus(StrEnum):
    """Where an indicator stands against its target (domain/followup.py: ``indicator_status``)."""

    REACHED = "nådd"
    ON_TRACK = "på_vei"
    BEHIND = "bak"
    NOT_MEASURED = "ikke_målt"
    NO_TARGET = "uten_mål"

    @property
    def label(self) -> str:
        return str(INDICATOR_STATUS_LABELS[self])


INDICATOR_STATUS_LABELS: dict[IndicatorStatus, LazyText] = {
    IndicatorStatus.REACHED: N_("Nådd"),
    IndicatorStatus.ON_TRACK: N_("På vei"),
    IndicatorStatus.BEHIND: N_("Bak"),
    IndicatorStatus.NOT_MEASURED: N_("Ikke målt ennå"),
    IndicatorStatus.NO_TARGET: N_("Uten målverdi"),
}
