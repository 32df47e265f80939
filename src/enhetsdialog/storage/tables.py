"""Tables (SQLModel). Items inside an agreement have the key (revision_id, id): the item's UUID is
stable across revisions of the same agreement, the revision makes the row unique.

Timestamps are ISO 8601 text in UTC, dates ISO text, user numbers exact decimal text: all of them
compare and travel without loss.
"""

from __future__ import annotations

from sqlalchemy import ForeignKeyConstraint, Index, LargeBinary, UniqueConstraint
from sqlmodel import Column, Field, SQLModel
from sqlmodel._compat import SQLModelConfig

# Rows are read and written with SQLAlchemy Core, never validated through pydantic: building the
# validators lazily keeps `import enhetsdialog.services` fast.
_LAZY = SQLModelConfig(defer_build=True)

# --- organisation -------------------------------------------------------------------------------


class MunicipalityRow(SQLModel, table=True):
    model_config = _LAZY
    __tablename__ = "municipality"
    id: str = Field(primary_key=True)
    name: str
    number: str = ""


class PersonRow(SQLModel, table=True):
    model_config = _LAZY
    __tablename__ = "person"
    id: str = Field(primary_key=True)
    name: str
    title: str = ""
    role: str = ""
    email: str = ""


class ServiceAreaRow(SQLModel, table=True):
    model_config = _LAZY
    __tablename__ = "service_area"
    id: str = Field(primary_key=True)
    municipality_id: str = Field(foreign_key="municipality.id")
    name: str
    director_id: str | None = Field(default=None, foreign_key="person.id")


class UnitRow(SQLModel, table=True):
    model_config = _LAZY
    __tablename__ = "unit"
    id: str = Field(primary_key=True)
    service_area_id: str = Field(foreign_key="service_area.id", index=True)
    name: str
    kind: str = ""
    leader_id: str | None = Field(default=None, foreign_key="person.id")


# --- plan catalogue -------------------------------------------------------------------------------


class PlanRow(SQLModel, table=True):
    model_config = _LAZY
    __tablename__ = "plan"
    id: str = Field(primary_key=True)
    name: str
    kind: str
    period_start: int | None = None
    period_end: int | None = None
    parent_plan_id: str | None = Field(default=None, foreign_key="plan.id")


class PlanGoalRow(SQLModel, table=True):
    model_config = _LAZY
    __tablename__ = "plan_goal"
    id: str = Field(primary_key=True)
    plan_id: str = Field(foreign_key="plan.id", index=True)
    code: str = ""
    text: str
    parent_id: str | None = Field(default=None, foreign_key="plan_goal.id")
    position: int = 0


class SdgRow(SQLModel, table=True):
    model_config = _LAZY
    __tablename__ = "sdg"
    number: int = Field(primary_key=True)
    name: str
    colour: str


class PlanGoalSdgRow(SQLModel, table=True):
    model_config = _LAZY
    __tablename__ = "plan_goal_sdg"
    plan_goal_id: str = Field(primary_key=True, foreign_key="plan_goal.id", ondelete="CASCADE")
    sdg: int = Field(primary_key=True, foreign_key="sdg.number")


# --- agreements ------------------------------------------------------------------------------------


class AgreementRow(SQLModel, table=True):
    model_config = _LAZY
    __tablename__ = "agreement"
    __table_args__ = (UniqueConstraint("unit_id", "year", name="uq_agreement_unit_year"),)
    id: str = Field(primary_key=True)
    unit_id: str = Field(foreign_key="unit.id")
    year: int = Field(index=True)


class RevisionRow(SQLModel, table=True):
    model_config = _LAZY
    __tablename__ = "revision"
    __table_args__ = (UniqueConstraint("agreement_id", "number", name="uq_revision_number"),)
    id: str = Field(primary_key=True)
    agreement_id: str = Field(foreign_key="agreement.id")
    number: int
    status: str = "utkast"
    frozen: bool = False
    based_on_id: str | None = None
    created_at: str
    updated_at: str
    challenges: str = ""
    value_open: str = ""
    value_competent: str = ""
    value_brave: str = ""
    courage_trials: str = ""
    courage_learning: str = ""
    culture_leadership: str = ""
    structures: str = ""
    follow_up_plan: str = ""
    users_voice: str = ""
    meeting_notes: str = "{}"
    # when and by whom the status last changed (a package applies a status only if it is newer)
    status_changed_at: str | None = None
    status_changed_by: str = ""


class GoalRow(SQLModel, table=True):
    model_config = _LAZY
    __tablename__ = "goal"
    revision_id: str = Field(primary_key=True, foreign_key="revision.id", ondelete="CASCADE")
    id: str = Field(primary_key=True)
    position: int = 0
    text: str = ""
    description: str = ""
    origin_id: str | None = None


class GoalPlanLinkRow(SQLModel, table=True):
    model_config = _LAZY
    __tablename__ = "goal_plan_link"
    __table_args__ = (
        ForeignKeyConstraint(
            ["revision_id", "goal_id"], ["goal.revision_id", "goal.id"], ondelete="CASCADE"
        ),
    )
    revision_id: str = Field(primary_key=True)
    goal_id: str = Field(primary_key=True)
    plan_goal_id: str = Field(primary_key=True, foreign_key="plan_goal.id")


class GoalSdgLinkRow(SQLModel, table=True):
    model_config = _LAZY
    __tablename__ = "goal_sdg_link"
    __table_args__ = (
        ForeignKeyConstraint(
            ["revision_id", "goal_id"], ["goal.revision_id", "goal.id"], ondelete="CASCADE"
        ),
    )
    revision_id: str = Field(primary_key=True)
    goal_id: str = Field(primary_key=True)
    sdg: int = Field(primary_key=True, foreign_key="sdg.number")


class ActivityRow(SQLModel, table=True):
    model_config = _LAZY
    __tablename__ = "activity"
    __table_args__ = (
        ForeignKeyConstraint(
            ["revision_id", "goal_id"], ["goal.revision_id", "goal.id"], ondelete="CASCADE"
        ),
        Index("ix_activity_goal", "revision_id", "goal_id"),
    )
    revision_id: str = Field(primary_key=True, foreign_key="revision.id")
    id: str = Field(primary_key=True)
    goal_id: str
    position: int = 0
    what: str = ""
    responsible: str = ""
    deadline: str | None = None
    status: str = "planlagt"


class IndicatorRow(SQLModel, table=True):
    model_config = _LAZY
    __tablename__ = "indicator"
    __table_args__ = (
        ForeignKeyConstraint(
            ["revision_id", "goal_id"], ["goal.revision_id", "goal.id"], ondelete="CASCADE"
        ),
        Index("ix_indicator_goal", "revision_id", "goal_id"),
    )
    revision_id: str = Field(primary_key=True, foreign_key="revision.id")
    id: str = Field(primary_key=True)
    goal_id: str
    position: int = 0
    kind: str = "resultat"
    name: str = ""
    description: str = ""
    unit_of_measure: str = ""
    baseline_value: str | None = None
    baseline_year: int | None = None
    target_value: str | None = None
    direction: str = "higher"
    data_source: str = ""
    frequency: str | None = None
    responsible: str = ""


class SupportNeedRow(SQLModel, table=True):
    model_config = _LAZY
    __tablename__ = "support_need"
    revision_id: str = Field(primary_key=True, foreign_key="revision.id", ondelete="CASCADE")
    id: str = Field(primary_key=True)
    position: int = 0
    area: str = "hr"
    need: str = ""


class ParticipantRow(SQLModel, table=True):
    model_config = _LAZY
    __tablename__ = "participant"
    revision_id: str = Field(primary_key=True, foreign_key="revision.id", ondelete="CASCADE")
    id: str = Field(primary_key=True)
    position: int = 0
    role: str = ""
    name: str = ""
    how: str = ""
    when: str = ""


# --- dialogue, signatures, follow-up ---------------------------------------------------------------


class RemarkRow(SQLModel, table=True):
    model_config = _LAZY
    __tablename__ = "remark"
    id: str = Field(primary_key=True)
    agreement_id: str = Field(foreign_key="agreement.id", index=True)
    revision_id: str = Field(foreign_key="revision.id")
    anchor_kind: str
    anchor_id: str
    author: str
    role: str
    text: str
    created_at: str
    resolved: bool = False
    resolved_at: str | None = None
    resolved_by: str = ""


class ReplyRow(SQLModel, table=True):
    model_config = _LAZY
    __tablename__ = "reply"
    id: str = Field(primary_key=True)
    remark_id: str = Field(foreign_key="remark.id", index=True, ondelete="CASCADE")
    author: str
    role: str
    text: str
    created_at: str


class SignatureRow(SQLModel, table=True):
    model_config = _LAZY
    __tablename__ = "signature"
    __table_args__ = (UniqueConstraint("revision_id", "role", name="uq_signature_role"),)
    id: str = Field(primary_key=True)
    revision_id: str = Field(foreign_key="revision.id")
    role: str
    name: str
    title: str = ""
    signed_at: str
    fingerprint: str
    certificate_subject: str = ""
    certificate_fingerprint: str = ""


class SignedDocumentRow(SQLModel, table=True):
    """The signed PDF: the record of a signed revision. It only ever grows (incremental signatures)."""

    model_config = _LAZY
    __tablename__ = "signed_document"
    revision_id: str = Field(primary_key=True, foreign_key="revision.id")
    pdf: bytes = Field(sa_column=Column(LargeBinary, nullable=False))
    sha256: str
    updated_at: str


class MeasurementRow(SQLModel, table=True):
    model_config = _LAZY
    __tablename__ = "measurement"
    __table_args__ = (
        ForeignKeyConstraint(
            ["revision_id", "indicator_id"], ["indicator.revision_id", "indicator.id"]
        ),
        Index("ix_measurement_indicator", "revision_id", "indicator_id"),
    )
    id: str = Field(primary_key=True)
    revision_id: str
    indicator_id: str
    period: str
    value: str
    comment: str = ""
    recorded_at: str


class GoalAssessmentRow(SQLModel, table=True):
    model_config = _LAZY
    __tablename__ = "goal_assessment"
    __table_args__ = (
        ForeignKeyConstraint(["revision_id", "goal_id"], ["goal.revision_id", "goal.id"]),
        UniqueConstraint("revision_id", "goal_id", name="uq_assessment_goal"),
    )
    id: str = Field(primary_key=True)
    revision_id: str
    goal_id: str
    assessment: str
    reflection: str = ""
    assessed_at: str


class TrustAnchorRow(SQLModel, table=True):
    """A certificate of an issuing CA the municipality trusts: with at least one, every signature must
    chain to one of them."""

    model_config = _LAZY
    __tablename__ = "trust_anchor"
    sha256: str = Field(primary_key=True)  # of the DER certificate, hex
    subject: str
    issuer: str = ""
    not_after: str = ""
    der: bytes = Field(sa_column=Column(LargeBinary, nullable=False))
    added_at: str


class SettingRow(SQLModel, table=True):
    model_config = _LAZY
    __tablename__ = "setting"
    key: str = Field(primary_key=True)
    value: str
