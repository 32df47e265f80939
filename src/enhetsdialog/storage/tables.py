"""Tables (SQLAlchemy Core) on :data:`metadata`. Items inside an agreement have the key
(revision_id, id): the item's UUID is stable across revisions of the same agreement, the revision
makes the row unique.

The item tables (goal, activity, indicator, support_need, participant) and the free-text columns of
``revision`` are generated from the domain's declaration (``domain/items.py``, ``domain/model.py``):
a field declared there is a column here. The Alembic migrations are written by hand against this
shape; ``tests/unit/test_migrations.py`` checks that migrating an empty database gives exactly it.

Timestamps are ISO 8601 text in UTC, dates ISO text, user numbers exact decimal text: all of them
compare and travel without loss. Plain Core tables (not SQLModel classes) keep ``import
enhetsdialog.services`` fast: no pydantic, no ORM mapping.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import (
    Boolean,
    Column,
    ForeignKey,
    ForeignKeyConstraint,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Table,
    UniqueConstraint,
)
from sqlalchemy.sql.schema import SchemaItem

from enhetsdialog.domain.enums import ItemKind
from enhetsdialog.domain.fields import FieldSpec, FieldType
from enhetsdialog.domain.items import KINDS, KindSpec
from enhetsdialog.domain.model import TEXT_FIELDS

metadata = MetaData()


def _id(name: str = "id", *fk: ForeignKey, primary_key: bool = False, nullable: bool = False, index: bool = False) -> Column[str]:
    return Column(name, String, *fk, primary_key=primary_key, nullable=nullable and not primary_key, index=index)


# Python-side defaults (what an INSERT leaves out): empty text, 0, false. No server defaults: the
# migrations define the stored schema.
def _text(name: str, nullable: bool = False, default: str | None = "") -> Column[str]:
    return Column(name, String, nullable=nullable, default=None if nullable else default)


def _int(name: str, nullable: bool = False) -> Column[int]:
    return Column(name, Integer, nullable=nullable, default=None if nullable else 0)


def _flag(name: str) -> Column[bool]:
    return Column(name, Boolean, nullable=False, default=False)


# --- organisation -------------------------------------------------------------------------------

MUNICIPALITY = Table("municipality", metadata, _id(primary_key=True), _text("name"), _text("number"))
PERSON = Table(
    "person", metadata, _id(primary_key=True), _text("name"), _text("title"), _text("role"), _text("email")
)
SERVICE_AREA = Table(
    "service_area",
    metadata,
    _id(primary_key=True),
    _id("municipality_id", ForeignKey("municipality.id")),
    _text("name"),
    _id("director_id", ForeignKey("person.id"), nullable=True),
)
UNIT = Table(
    "unit",
    metadata,
    _id(primary_key=True),
    _id("service_area_id", ForeignKey("service_area.id"), index=True),
    _text("name"),
    _text("kind"),
    _id("leader_id", ForeignKey("person.id"), nullable=True),
)

# --- plan catalogue -------------------------------------------------------------------------------

PLAN = Table(
    "plan",
    metadata,
    _id(primary_key=True),
    _text("name"),
    _text("kind"),
    _int("period_start", nullable=True),
    _int("period_end", nullable=True),
    _id("parent_plan_id", ForeignKey("plan.id"), nullable=True),
)
PLAN_GOAL = Table(
    "plan_goal",
    metadata,
    _id(primary_key=True),
    _id("plan_id", ForeignKey("plan.id"), index=True),
    _text("code"),
    _text("text"),
    _id("parent_id", ForeignKey("plan_goal.id"), nullable=True),
    _int("position"),
)
SDG = Table("sdg", metadata, Column("number", Integer, primary_key=True), _text("name"), _text("colour"))
PLAN_GOAL_SDG = Table(
    "plan_goal_sdg",
    metadata,
    _id("plan_goal_id", ForeignKey("plan_goal.id", ondelete="CASCADE"), primary_key=True),
    Column("sdg", Integer, ForeignKey("sdg.number"), primary_key=True),
)

# --- agreements ------------------------------------------------------------------------------------

AGREEMENT = Table(
    "agreement",
    metadata,
    _id(primary_key=True),
    _id("unit_id", ForeignKey("unit.id")),
    Column("year", Integer, nullable=False, index=True),
    UniqueConstraint("unit_id", "year", name="uq_agreement_unit_year"),
)
REVISION = Table(
    "revision",
    metadata,
    _id(primary_key=True),
    _id("agreement_id", ForeignKey("agreement.id")),
    _int("number"),
    _text("status", default="utkast"),
    _flag("frozen"),
    _id("based_on_id", nullable=True),
    _text("created_at"),
    _text("updated_at"),
    *[_text(name) for name in TEXT_FIELDS],
    _text("meeting_notes", default="{}"),
    # when and by whom the status last changed (a package applies a status only if it is newer)
    _text("status_changed_at", nullable=True),
    _text("status_changed_by"),
    UniqueConstraint("agreement_id", "number", name="uq_revision_number"),
)


def _column(f: FieldSpec) -> Column[Any]:
    kind = Integer if f.type is FieldType.YEAR else String
    return Column(f.name, kind, nullable=f.nullable, default=f.to_plain(f.default))


def item_table(k: KindSpec) -> Table:
    """The table of one item kind, from its declaration: key, parent, position, declared fields."""
    name = k.kind.value
    if k.parent is None:
        head: list[SchemaItem] = [_id("revision_id", ForeignKey("revision.id", ondelete="CASCADE"), primary_key=True)]
        tail: list[SchemaItem] = []
    else:
        head = [_id("revision_id", ForeignKey("revision.id"), primary_key=True)]
        tail = [
            ForeignKeyConstraint(["revision_id", "goal_id"], ["goal.revision_id", "goal.id"], ondelete="CASCADE"),
            Index(f"ix_{name}_goal", "revision_id", "goal_id"),
        ]
    head.append(_id(primary_key=True))
    if k.parent is not None:
        head.append(_id("goal_id"))
    return Table(name, metadata, *head, _int("position"), *[_column(f) for f in k.fields], *tail)


ITEM_TABLES: dict[ItemKind, Table] = {kind: item_table(k) for kind, k in KINDS.items()}
GOAL = ITEM_TABLES[ItemKind.GOAL]
ACTIVITY = ITEM_TABLES[ItemKind.ACTIVITY]
INDICATOR = ITEM_TABLES[ItemKind.INDICATOR]
SUPPORT = ITEM_TABLES[ItemKind.SUPPORT_NEED]
PARTICIPANT = ITEM_TABLES[ItemKind.PARTICIPANT]


def _goal_link(name: str, target: Column[Any]) -> Table:
    return Table(
        name,
        metadata,
        _id("revision_id", primary_key=True),
        _id("goal_id", primary_key=True),
        target,
        ForeignKeyConstraint(["revision_id", "goal_id"], ["goal.revision_id", "goal.id"], ondelete="CASCADE"),
    )


GOAL_PLAN = _goal_link("goal_plan_link", _id("plan_goal_id", ForeignKey("plan_goal.id"), primary_key=True))
GOAL_SDG = _goal_link("goal_sdg_link", Column("sdg", Integer, ForeignKey("sdg.number"), primary_key=True))

# --- dialogue, signatures, follow-up ---------------------------------------------------------------

REMARK = Table(
    "remark",
    metadata,
    _id(primary_key=True),
    _id("agreement_id", ForeignKey("agreement.id"), index=True),
    _id("revision_id", ForeignKey("revision.id")),
    _text("anchor_kind"),
    _text("anchor_id"),
    _text("author"),
    _text("role"),
    _text("text"),
    _text("created_at"),
    _flag("resolved"),
    _text("resolved_at", nullable=True),
    _text("resolved_by"),
)
REPLY = Table(
    "reply",
    metadata,
    _id(primary_key=True),
    _id("remark_id", ForeignKey("remark.id", ondelete="CASCADE"), index=True),
    _text("author"),
    _text("role"),
    _text("text"),
    _text("created_at"),
)
SIGNATURE = Table(
    "signature",
    metadata,
    _id(primary_key=True),
    _id("revision_id", ForeignKey("revision.id")),
    _text("role"),
    _text("name"),
    _text("title"),
    _text("signed_at"),
    _text("fingerprint"),
    _text("certificate_subject"),
    _text("certificate_fingerprint"),
    UniqueConstraint("revision_id", "role", name="uq_signature_role"),
)
# The signed PDF: the record of a signed revision. It only ever grows (incremental signatures).
SIGNED_DOC = Table(
    "signed_document",
    metadata,
    _id("revision_id", ForeignKey("revision.id"), primary_key=True),
    Column("pdf", LargeBinary, nullable=False),
    _text("sha256"),
    _text("updated_at"),
)
MEASUREMENT = Table(
    "measurement",
    metadata,
    _id(primary_key=True),
    _id("revision_id"),
    _id("indicator_id"),
    _text("period"),
    _text("value"),
    _text("comment"),
    _text("recorded_at"),
    _text("measured_on", nullable=True),  # ISO date
    _text("source"),
    _text("recorded_by"),
    _text("updated_at"),
    ForeignKeyConstraint(["revision_id", "indicator_id"], ["indicator.revision_id", "indicator.id"]),
    Index("ix_measurement_indicator", "revision_id", "indicator_id"),
    Index("uq_measurement_period", "revision_id", "indicator_id", "period", unique=True),
)
ASSESSMENT = Table(
    "goal_assessment",
    metadata,
    _id(primary_key=True),
    _id("revision_id"),
    _id("goal_id"),
    _text("assessment"),
    _text("reflection"),
    _text("assessed_at"),
    _text("recorded_by"),
    ForeignKeyConstraint(["revision_id", "goal_id"], ["goal.revision_id", "goal.id"]),
    UniqueConstraint("revision_id", "goal_id", name="uq_assessment_goal"),
)
# Follow-up of an activity during the year (one row per activity); allowed on signed revisions.
PROGRESS = Table(
    "activity_progress",
    metadata,
    _id(primary_key=True),
    _id("revision_id"),
    _id("activity_id"),
    _text("status"),
    _text("comment"),
    _text("recorded_at"),
    _text("recorded_by"),
    ForeignKeyConstraint(["revision_id", "activity_id"], ["activity.revision_id", "activity.id"]),
    UniqueConstraint("revision_id", "activity_id", name="uq_progress_activity"),
)
# «Hva lærte vi?» of a revision at year end; allowed on signed revisions.
LEARNING = Table(
    "year_learning",
    metadata,
    _id("revision_id", ForeignKey("revision.id"), primary_key=True),
    _text("worked"),
    _text("did_not_work"),
    _text("courage"),
    _text("updated_at"),
    _text("updated_by"),
)
# A certificate of an issuing CA the municipality trusts: with at least one, every signature must
# chain to one of them.
TRUST_ANCHOR = Table(
    "trust_anchor",
    metadata,
    _id("sha256", primary_key=True),  # of the DER certificate, hex
    _text("subject"),
    _text("issuer"),
    _text("not_after"),
    Column("der", LargeBinary, nullable=False),
    _text("added_at"),
)
SETTING = Table("setting", metadata, _id("key", primary_key=True), _text("value"))

# --- agreement-package exchange (storage/exchange_state.py) ------------------------------------------

# The fingerprints of the versions of a revision this machine has sent or received: the import uses
# them to tell a newer version from an older one and from a conflict. Gone with the revision.
EXCHANGE_SYNC = Table(
    "exchange_sync",
    metadata,
    _id("revision_id", ForeignKey("revision.id", ondelete="CASCADE"), primary_key=True),
    _id("fingerprint", primary_key=True),
)
# A revision edited both here and by the other party: the incoming version (its entry in the
# package's agreement.json, and its signed PDF if it carries one) until the user chooses.
EXCHANGE_CONFLICT = Table(
    "exchange_conflict",
    metadata,
    _id("revision_id", ForeignKey("revision.id", ondelete="CASCADE"), primary_key=True),
    _text("incoming"),
    _text("incoming_fingerprint"),
    _text("local_fingerprint"),
    Column("signed_pdf", LargeBinary, nullable=True),
    _text("created_at"),
)
