"""Entities of the domain as plain dataclasses.

Every entity has a UUID identity (``id``) that travels between machines. Items inside an agreement
(goals, activities, indicators, ...) keep their identity across revisions of the same agreement, so a
revision can be compared with the one before it item by item; a revision has its own identity.
Numbers that users type (baseline, target, measured values) are ``Decimal`` so that they are exact
and fingerprint identically everywhere.
"""

from __future__ import annotations

import os
import uuid
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal

from enhetsdialog.domain.enums import (
    ActivityStatus,
    AnchorKind,
    Assessment,
    Direction,
    Frequency,
    IndicatorKind,
    PlanKind,
    ProgressStatus,
    Role,
    Section,
    Status,
    SupportArea,
)
from enhetsdialog.domain.fields import Answer, answer, answers_of, item_field
from enhetsdialog.domain.fields import FieldType as T
from enhetsdialog.i18n import N_, current_language


def new_id() -> str:
    return str(uuid.uuid4())


def new_ids(n: int) -> list[str]:
    """``n`` random (version 4) UUIDs as text, as :func:`new_id` makes them, cheaply in bulk (a
    CSV import of many rows): one read of the random source, no UUID objects."""
    raw = os.urandom(16 * n).hex()
    out: list[str] = []
    for i in range(0, 32 * n, 32):
        h = raw[i:i + 32]
        out.append(f"{h[:8]}-{h[8:12]}-4{h[13:16]}-{'89ab'[int(h[16], 16) & 3]}{h[17:20]}-{h[20:]}")
    return out


# --- organisation -----------------------------------------------------------------------------


@dataclass(slots=True)
class Person:
    name: str
    title: str = ""
    role: str = ""  # free text, e.g. "Rektor", "Kommunaldirektør", "Tillitsvalgt"
    email: str = ""
    id: str = field(default_factory=new_id)


@dataclass(slots=True)
class Municipality:
    name: str
    number: str = ""  # kommunenummer, e.g. "5001"
    id: str = field(default_factory=new_id)


@dataclass(slots=True)
class ServiceArea:
    name: str
    municipality_id: str
    director_id: str | None = None
    id: str = field(default_factory=new_id)


@dataclass(slots=True)
class Unit:
    name: str
    service_area_id: str
    kind: str = ""  # "skole", "barnehage", "hjemmetjeneste", "tjenestekontor", ...
    leader_id: str | None = None
    id: str = field(default_factory=new_id)


# --- plan catalogue -----------------------------------------------------------------------------


@dataclass(slots=True)
class Plan:
    name: str
    kind: PlanKind
    period_start: int | None = None
    period_end: int | None = None
    parent_plan_id: str | None = None
    id: str = field(default_factory=new_id)


@dataclass(slots=True)
class PlanGoal:
    plan_id: str
    code: str
    text: str
    parent_id: str | None = None
    sdgs: list[int] = field(default_factory=list)
    id: str = field(default_factory=new_id)


@dataclass(frozen=True, slots=True)
class Sdg:
    number: int
    name_nb: str  # the official short name in bokmål (FN-sambandet)
    colour: str  # official UN colour, "#RRGGBB"
    name_nn: str = ""  # in nynorsk (FN-sambandet)
    name_en: str = ""  # the UN's English short name

    @property
    def name(self) -> str:
        """The official short name in the language current now (bokmål when there is none)."""
        lang = current_language()
        return (self.name_nn if lang == "nn" else self.name_en if lang == "en" else "") or self.name_nb


# --- agreement content ----------------------------------------------------------------------------


# Each field a user edits is declared here once (``item_field``): its type, its label ids and how
# it is shown. Storage, packages, the canonical form, comparisons, undo and the tables derive from it.


@dataclass(slots=True)
class Activity:
    """A tiltak: what is done, by whom, by when."""

    what: str = item_field(T.LONG_TEXT, N_("Tiltak"), N_("tiltaket"), placeholder=N_("Hva skal gjøres?"))
    responsible: str = item_field(T.TEXT, N_("Ansvarlig"), N_("ansvarlig"), show_change=True)
    deadline: date | None = item_field(
        T.DATE, N_("Frist"), N_("frist"), show_change=True, hint=N_("Skriv datoen slik: 15.03.2027"),
        placeholder=N_("dd.mm.åååå"),
    )
    status: ActivityStatus = item_field(
        T.ENUM, N_("Status"), N_("status"), enum=ActivityStatus, default=ActivityStatus.PLANNED, show_change=True
    )
    position: int = 0
    id: str = field(default_factory=new_id)


@dataclass(slots=True)
class Indicator:
    kind: IndicatorKind = item_field(
        T.ENUM, N_("Type"), N_("type"), enum=IndicatorKind, default=IndicatorKind.RESULTAT, show_change=True,
        hint=N_("Prosess: kvaliteten i arbeidet. Resultat: kvaliteten i det som kommer ut av det."),
    )
    name: str = item_field(T.TEXT, N_("Indikator"), N_("navn"), show_change=True)
    description: str = item_field(T.LONG_TEXT, N_("Beskrivelse"), N_("beskrivelsen"), column=False)
    unit_of_measure: str = item_field(
        T.TEXT, N_("Enhet"), N_("måleenhet"), show_change=True, hint=N_("Måleenhet, for eksempel %, antall eller dager")
    )
    baseline_value: Decimal | None = item_field(
        T.DECIMAL, N_("Nå"), N_("utgangsverdi"), show_change=True, hint=N_("Utgangsverdi. Bruk komma: 7,8")
    )
    baseline_year: int | None = item_field(
        T.YEAR, N_("År"), N_("år for utgangsverdi"), show_change=True, hint=N_("Året utgangsverdien gjelder")
    )
    target_value: Decimal | None = item_field(
        T.DECIMAL, N_("Mål"), N_("målverdi"), show_change=True, hint=N_("Målverdi. Bruk komma: 4,5")
    )
    direction: Direction = item_field(
        T.ENUM, N_("Retning"), N_("retning"), enum=Direction, default=Direction.HIGHER, show_change=True
    )
    data_source: str = item_field(T.TEXT, N_("Kilde"), N_("datakilde"), hint=N_("Datakilde"))
    frequency: Frequency | None = item_field(
        T.ENUM, N_("Hvor ofte"), N_("frekvens"), enum=Frequency, optional=True, show_change=True,
        hint=N_("Hvor ofte indikatoren måles"),
    )
    responsible: str = item_field(T.TEXT, N_("Ansvarlig"), N_("ansvarlig"), show_change=True)
    position: int = 0
    id: str = field(default_factory=new_id)


@dataclass(slots=True)
class Goal:
    text: str = item_field(T.LONG_TEXT, N_("Mål"), N_("målformuleringen"), column=False)
    description: str = item_field(T.LONG_TEXT, N_("Beskrivelse"), N_("beskrivelsen"), column=False)
    position: int = 0
    plan_goal_ids: list[str] = field(default_factory=list)
    sdgs: list[int] = field(default_factory=list)
    activities: list[Activity] = field(default_factory=list)
    indicators: list[Indicator] = field(default_factory=list)
    # the goal of last year's agreement this one was copied from
    origin_id: str | None = item_field(T.REF, N_("Opphav"), N_("opphav"), column=False, editable=False)
    id: str = field(default_factory=new_id)

    def indicators_of(self, kind: IndicatorKind) -> list[Indicator]:
        return [i for i in self.indicators if i.kind is kind]


@dataclass(slots=True)
class SupportNeed:
    area: SupportArea = item_field(
        T.ENUM, N_("Område"), N_("område"), enum=SupportArea, default=SupportArea.HR, show_change=True
    )
    need: str = item_field(T.LONG_TEXT, N_("Hva trenger vi?"), N_("behovet"))
    position: int = 0
    id: str = field(default_factory=new_id)


@dataclass(slots=True)
class Participant:
    """Co-creation record: who took part, in what role, how and when."""

    # e.g. "Tillitsvalgt Utdanningsforbundet", "Verneombud", "Elevrådet"
    role: str = item_field(
        T.TEXT, N_("Rolle"), N_("rolle"), show_change=True, placeholder=N_("Tillitsvalgt, verneombud, elevråd …")
    )
    name: str = item_field(T.TEXT, N_("Navn"), N_("navn"), show_change=True)
    how: str = item_field(T.TEXT, N_("Hvordan"), N_("hvordan"))  # e.g. "Planleggingsdag", "Workshop"
    when: str = item_field(T.TEXT, N_("Når"), N_("når"), show_change=True)  # free text or ISO date: "Uke 38"
    position: int = 0
    id: str = field(default_factory=new_id)


@dataclass(slots=True)
class Content:
    """What a revision says: the answers to the four questions and the co-creation record."""

    # 1 Hvor vil vi?
    challenges: str = answer(N_("Utfordringer"), Section.HVOR)
    goals: list[Goal] = field(default_factory=list)
    # 2 Hvordan kommer vi dit?
    value_open: str = answer(N_("Verdien åpen"), Section.HVORDAN)
    value_competent: str = answer(N_("Verdien kompetent"), Section.HVORDAN)
    value_brave: str = answer(N_("Verdien modig"), Section.HVORDAN)
    courage_trials: str = answer(N_("Tegn på modighet: hva vi vil prøve ut"), Section.HVORDAN)
    courage_learning: str = answer(N_("Tegn på modighet: hvordan vi lærer"), Section.HVORDAN)
    culture_leadership: str = answer(N_("Kultur, ledelse og relasjoner"), Section.HVORDAN)
    # 3 Hva gjør det enklere?
    support_needs: list[SupportNeed] = field(default_factory=list)
    structures: str = answer(N_("Strukturer, systemer og verktøy"), Section.ENKLERE)
    # 4 Hvordan vet vi om vi lykkes?
    follow_up_plan: str = answer(N_("Plan for oppfølging"), Section.LYKKES)
    # Samskaping
    participants: list[Participant] = field(default_factory=list)
    users_voice: str = answer(N_("Brukernes stemme"), Section.SAMSKAPING)

    def goal(self, goal_id: str) -> Goal:
        for g in self.goals:
            if g.id == goal_id:
                return g
        raise KeyError(goal_id)


# The free-text answers, in the agreement's order, with their labels and sections.
ANSWERS: tuple[Answer, ...] = answers_of(Content)
TEXT_FIELDS: tuple[str, ...] = tuple(a.name for a in ANSWERS)
ANSWER_BY_NAME: dict[str, Answer] = {a.name: a for a in ANSWERS}


# --- remarks, signatures, follow-up -------------------------------------------------------------


@dataclass(slots=True)
class Reply:
    remark_id: str
    author: str
    role: Role
    text: str
    created_at: datetime
    id: str = field(default_factory=new_id)


@dataclass(slots=True)
class Remark:
    """A merknad anchored to a section (anchor_id = Section value) or an item (anchor_id = item id)."""

    agreement_id: str
    revision_id: str
    anchor_kind: AnchorKind
    anchor_id: str
    author: str
    role: Role
    text: str
    created_at: datetime
    resolved: bool = False
    resolved_at: datetime | None = None
    resolved_by: str = ""
    replies: list[Reply] = field(default_factory=list)
    id: str = field(default_factory=new_id)


@dataclass(slots=True)
class Signature:
    revision_id: str
    role: Role
    name: str
    title: str
    signed_at: datetime
    fingerprint: str  # SHA-256 of the revision's canonical form, hex
    certificate_subject: str = ""
    certificate_fingerprint: str = ""  # SHA-256 of the DER certificate, hex
    id: str = field(default_factory=new_id)


# Follow-up belongs to the agreement but is not part of the signed text: it may be recorded on a
# signed or archived revision (domain/followup.py has its rules and read model).


@dataclass(slots=True)
class Measurement:
    """A value measured for an indicator in one period (one per indicator and period)."""

    indicator_id: str
    period: str  # "2027", "2027-H1", "2027-T1", "2027-Q2", "2027-03" (domain.followup.Period)
    value: Decimal
    comment: str = ""
    recorded_at: datetime | None = None  # when it was first recorded
    measured_on: date | None = None  # the date the value was measured (optional)
    source: str = ""  # where the value comes from (e.g. "Elevundersøkelsen")
    recorded_by: str = ""  # the profile name of who recorded it
    updated_at: datetime | None = None  # when it last changed (merge of packages: the later one wins)
    id: str = field(default_factory=new_id)


@dataclass(slots=True)
class GoalAssessment:
    """The year-end assessment of a goal, with a reflection."""

    goal_id: str
    assessment: Assessment
    reflection: str = ""
    assessed_at: datetime | None = None
    recorded_by: str = ""
    id: str = field(default_factory=new_id)


@dataclass(slots=True)
class ActivityProgress:
    """How far an activity has come during the year (one per activity)."""

    activity_id: str
    status: ProgressStatus
    comment: str = ""
    recorded_at: datetime | None = None  # when it last changed
    recorded_by: str = ""
    id: str = field(default_factory=new_id)


@dataclass(slots=True)
class YearLearning:
    """«Hva lærte vi?» for the whole agreement at year end."""

    worked: str = ""  # what worked
    did_not_work: str = ""  # what did not
    courage: str = ""  # the signs of courage seen in practice
    updated_at: datetime | None = None
    updated_by: str = ""

    def is_empty(self) -> bool:
        return not (self.worked.strip() or self.did_not_work.strip() or self.courage.strip())


# --- the agreement ------------------------------------------------------------------------------


@dataclass(slots=True)
class Revision:
    """One version of a unit's agreement for a year. Signed revisions are frozen."""

    agreement_id: str
    unit_id: str
    year: int
    number: int
    status: Status = Status.UTKAST
    frozen: bool = False
    content: Content = field(default_factory=Content)
    created_at: datetime | None = None
    updated_at: datetime | None = None
    based_on_id: str | None = None  # previous revision, or last year's revision when copied forward
    meeting_notes: dict[str, str] = field(default_factory=dict)  # step -> what was decided
    status_changed_at: datetime | None = None  # when the status last changed, and by whom
    status_changed_by: str = ""
    id: str = field(default_factory=new_id)


@dataclass(slots=True)
class RevisionSummary:
    """A row of the agreement list: enough to show and pick, nothing more."""

    id: str
    agreement_id: str
    unit_id: str
    unit_name: str
    unit_kind: str
    service_area: str
    year: int
    number: int
    status: Status
    updated_at: datetime | None
    goal_count: int = 0
    open_remarks: int = 0
    is_latest: bool = True


@dataclass(slots=True)
class FullAgreement:
    """A revision with everything around it: what the GUI, the PDF and the exchange need."""

    revision: Revision
    unit: Unit
    service_area: ServiceArea
    municipality: Municipality
    leader: Person | None
    director: Person | None
    plans: dict[str, Plan]  # plans of the linked plan goals
    plan_goals: dict[str, PlanGoal]  # linked plan goals and their ancestors
    remarks: list[Remark] = field(default_factory=list)
    signatures: list[Signature] = field(default_factory=list)
    measurements: list[Measurement] = field(default_factory=list)
    assessments: list[GoalAssessment] = field(default_factory=list)
    progress: list[ActivityProgress] = field(default_factory=list)
    learning: YearLearning | None = None
    # the municipality's own names for the three value answers (e.g. «Åpen», «Kompetent», «Modig»);
    # empty: Trondheim's, in the language the agreement is shown in
    value_names: tuple[str, ...] = ()
    # the municipality's written language (nb, nn, en): the agreement's PDF and reports are in it
    language: str = "nb"
