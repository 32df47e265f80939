"""Entities of the domain as plain dataclasses.

Every entity has a UUID identity (``id``) that travels between machines. Items inside an agreement
(goals, activities, indicators, ...) keep their identity across revisions of the same agreement, so a
revision can be compared with the one before it item by item; a revision has its own identity.
Numbers that users type (baseline, target, measured values) are ``Decimal`` so that they are exact
and fingerprint identically everywhere.
"""

from __future__ import annotations

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
    Role,
    Status,
    SupportArea,
)


def new_id() -> str:
    return str(uuid.uuid4())


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
    name: str  # official Norwegian short name
    colour: str  # official UN colour, "#RRGGBB"


# --- agreement content ----------------------------------------------------------------------------


@dataclass(slots=True)
class Activity:
    """A tiltak: what is done, by whom, by when."""

    what: str = ""
    responsible: str = ""
    deadline: date | None = None
    status: ActivityStatus = ActivityStatus.PLANNED
    position: int = 0
    id: str = field(default_factory=new_id)


@dataclass(slots=True)
class Indicator:
    kind: IndicatorKind = IndicatorKind.RESULTAT
    name: str = ""
    description: str = ""
    unit_of_measure: str = ""
    baseline_value: Decimal | None = None
    baseline_year: int | None = None
    target_value: Decimal | None = None
    direction: Direction = Direction.HIGHER
    data_source: str = ""
    frequency: Frequency | None = None
    responsible: str = ""
    position: int = 0
    id: str = field(default_factory=new_id)


@dataclass(slots=True)
class Goal:
    text: str = ""
    description: str = ""
    position: int = 0
    plan_goal_ids: list[str] = field(default_factory=list)
    sdgs: list[int] = field(default_factory=list)
    activities: list[Activity] = field(default_factory=list)
    indicators: list[Indicator] = field(default_factory=list)
    origin_id: str | None = None  # the goal of last year's agreement this one was copied from
    id: str = field(default_factory=new_id)

    def indicators_of(self, kind: IndicatorKind) -> list[Indicator]:
        return [i for i in self.indicators if i.kind is kind]


@dataclass(slots=True)
class SupportNeed:
    area: SupportArea = SupportArea.HR
    need: str = ""
    position: int = 0
    id: str = field(default_factory=new_id)


@dataclass(slots=True)
class Participant:
    """Co-creation record: who took part, in what role, how and when."""

    role: str = ""  # e.g. "Tillitsvalgt Utdanningsforbundet", "Verneombud", "Elevrådet"
    name: str = ""
    how: str = ""  # e.g. "Planleggingsdag", "Workshop", "Spørreundersøkelse"
    when: str = ""  # free text or ISO date: "Uke 38", "2026-09-14"
    position: int = 0
    id: str = field(default_factory=new_id)


@dataclass(slots=True)
class Content:
    """What a revision says: the answers to the four questions and the co-creation record."""

    # 1 Hvor vil vi?
    challenges: str = ""
    goals: list[Goal] = field(default_factory=list)
    # 2 Hvordan kommer vi dit?
    value_open: str = ""
    value_competent: str = ""
    value_brave: str = ""
    courage_trials: str = ""  # tegn på modighet: what we will try
    courage_learning: str = ""  # how we learn from what succeeds and fails
    culture_leadership: str = ""  # culture, leadership, relations, shared language
    # 3 Hva gjør det enklere?
    support_needs: list[SupportNeed] = field(default_factory=list)
    structures: str = ""  # structures, systems and tools
    # 4 Hvordan vet vi om vi lykkes?
    follow_up_plan: str = ""
    # Samskaping
    participants: list[Participant] = field(default_factory=list)
    users_voice: str = ""

    def goal(self, goal_id: str) -> Goal:
        for g in self.goals:
            if g.id == goal_id:
                return g
        raise KeyError(goal_id)


TEXT_FIELDS: tuple[str, ...] = (
    "challenges",
    "value_open",
    "value_competent",
    "value_brave",
    "courage_trials",
    "courage_learning",
    "culture_leadership",
    "structures",
    "follow_up_plan",
    "users_voice",
)


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


@dataclass(slots=True)
class Measurement:
    indicator_id: str
    period: str  # "2027", "2027-T1", "2027-Q2", "2027-03"
    value: Decimal
    comment: str = ""
    recorded_at: datetime | None = None
    id: str = field(default_factory=new_id)


@dataclass(slots=True)
class GoalAssessment:
    goal_id: str
    assessment: Assessment
    reflection: str = ""
    assessed_at: datetime | None = None
    id: str = field(default_factory=new_id)


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
