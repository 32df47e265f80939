"""SQL triggers that keep a signed (frozen) revision and its signatures as they were signed, inside
the database itself: the one source of the current triggers.

The services refuse such changes first, with a friendly message; these triggers are the last line,
so that no path - another tool, a bug, raw SQL - can change what was signed:

* the content of a frozen revision (its row and its item rows) cannot be updated, deleted, replaced
  (``INSERT OR REPLACE``: every connection runs with ``recursive_triggers`` on, so the implicit
  delete fires the delete trigger) or inserted again, and a revision cannot be inserted frozen or
  signed;
* a revision is frozen only when its signed PDF is stored, and becomes ``signert`` (or
  ``arkivert``) only with both signatures; a frozen revision's status moves only forward
  (enighet → signert → arkivert);
* a signature row can only be inserted when the signed PDF it comes from is stored, and is never
  changed or removed; the signed PDF only grows by appending (a counter-signature) and is never
  replaced or removed;
* an agreement with a signed revision cannot be deleted.

Migration 0002 installs :func:`statements`; the database checks at open that exactly these triggers
are present (:func:`expected`) and refuses to write otherwise. A later change to the triggers keeps
this module the source: add the new set beside the old one and let its migration install it.
"""

from __future__ import annotations

FROZEN_MESSAGE = "frozen revision: a signed revision cannot be changed"

# Tables whose rows are the content of a revision, frozen with it.
CONTENT_TABLES: tuple[str, ...] = (
    "goal",
    "goal_plan_link",
    "goal_sdg_link",
    "activity",
    "indicator",
    "support_need",
    "participant",
)

# Columns of ``revision`` that a signature freezes (the content, and what was decided in the meeting).
FROZEN_REVISION_COLUMNS: tuple[str, ...] = (
    "id",
    "agreement_id",
    "number",
    "based_on_id",
    "created_at",
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
    "meeting_notes",
)

SIGNED_STATUSES = ("signert", "arkivert")


def _abort(message: str) -> str:
    return f"BEGIN SELECT RAISE(ABORT, '{message}'); END"


def _frozen(alias: str) -> str:
    return f"(SELECT frozen FROM revision WHERE id = {alias}.revision_id) = 1"


def statements() -> list[str]:
    """The CREATE TRIGGER statements of the current schema, in the form SQLite stores them."""
    frozen = _abort(FROZEN_MESSAGE)
    out: list[str] = []
    for table in CONTENT_TABLES:
        out.append(f"CREATE TRIGGER trg_{table}_frozen_insert BEFORE INSERT ON {table} WHEN {_frozen('NEW')} {frozen}")
        out.append(
            f"CREATE TRIGGER trg_{table}_frozen_update BEFORE UPDATE ON {table} "
            f"WHEN {_frozen('OLD')} OR {_frozen('NEW')} {frozen}"
        )
        out.append(f"CREATE TRIGGER trg_{table}_frozen_delete BEFORE DELETE ON {table} WHEN {_frozen('OLD')} {frozen}")
    changed = " OR ".join(f"NEW.{c} IS NOT OLD.{c}" for c in FROZEN_REVISION_COLUMNS)
    forward = (
        "NEW.status IS NOT OLD.status AND NOT ((OLD.status = 'enighet' AND NEW.status = 'signert') "
        "OR (OLD.status = 'signert' AND NEW.status = 'arkivert'))"
    )
    signed = ", ".join(f"'{s}'" for s in SIGNED_STATUSES)
    out += [
        "CREATE TRIGGER trg_revision_frozen_insert BEFORE INSERT ON revision "
        f"WHEN NEW.frozen IS NOT 0 OR NEW.status IN ({signed}) "
        "OR EXISTS (SELECT 1 FROM revision WHERE id = NEW.id AND frozen = 1) "
        f"{frozen}",
        "CREATE TRIGGER trg_revision_frozen_update BEFORE UPDATE ON revision "
        f"WHEN OLD.frozen = 1 AND (NEW.frozen IS NOT 1 OR {changed} OR ({forward})) {frozen}",
        "CREATE TRIGGER trg_revision_frozen_delete BEFORE DELETE ON revision WHEN OLD.frozen = 1 " + frozen,
        "CREATE TRIGGER trg_revision_freeze BEFORE UPDATE ON revision "
        "WHEN OLD.frozen IS NOT 1 AND NEW.frozen = 1 "
        "AND NOT EXISTS (SELECT 1 FROM signed_document WHERE revision_id = NEW.id) "
        + _abort("a revision is frozen only by a signature in its stored signed PDF"),
        "CREATE TRIGGER trg_revision_signed_status BEFORE UPDATE ON revision "
        f"WHEN NEW.status IN ({signed}) AND NEW.status IS NOT OLD.status "
        "AND (SELECT count(*) FROM signature WHERE revision_id = NEW.id) < 2 "
        + _abort("a revision is signed only with both signatures"),
        "CREATE TRIGGER trg_agreement_signed_delete BEFORE DELETE ON agreement "
        "WHEN EXISTS (SELECT 1 FROM revision WHERE agreement_id = OLD.id AND frozen = 1) " + frozen,
        "CREATE TRIGGER trg_signature_insert BEFORE INSERT ON signature "
        "WHEN NOT EXISTS (SELECT 1 FROM signed_document WHERE revision_id = NEW.revision_id) "
        + _abort("a signature is recorded only together with the signed PDF that holds it"),
        "CREATE TRIGGER trg_signature_update BEFORE UPDATE ON signature " + _abort("a signature cannot be changed"),
        "CREATE TRIGGER trg_signature_delete BEFORE DELETE ON signature " + _abort("a signature cannot be removed"),
        "CREATE TRIGGER trg_signed_document_insert BEFORE INSERT ON signed_document "
        "WHEN EXISTS (SELECT 1 FROM signed_document WHERE revision_id = NEW.revision_id) "
        + _abort("a signed document cannot be replaced"),
        "CREATE TRIGGER trg_signed_document_update BEFORE UPDATE ON signed_document "
        "WHEN NEW.revision_id IS NOT OLD.revision_id OR length(NEW.pdf) < length(OLD.pdf) "
        "OR substr(NEW.pdf, 1, length(OLD.pdf)) IS NOT OLD.pdf "
        + _abort("a signed document can only grow by incremental updates"),
        "CREATE TRIGGER trg_signed_document_delete BEFORE DELETE ON signed_document "
        + _abort("a signed document cannot be removed"),
    ]
    return out


def trigger_name(statement: str) -> str:
    return statement.split()[2]


def expected() -> dict[str, str]:
    """The triggers the current schema must have: name -> SQL text as stored in sqlite_master."""
    return {trigger_name(s): s for s in statements()}


def install(connection: object) -> None:
    """Drop every trigger this schema knows of (by name) and create the current set."""
    execute = connection.exec_driver_sql  # type: ignore[attr-defined]
    names = {r[0] for r in execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")}
    for name in sorted(names):
        if name.startswith("trg_"):
            execute(f"DROP TRIGGER IF EXISTS {name}")
    for statement in statements():
        execute(statement)


def problems(actual: dict[str, str]) -> list[str]:
    """What differs between the triggers present (name -> SQL) and the expected ones, in English
    identifiers; the caller words them for users."""
    want = expected()
    out = [f"missing:{name}" for name in sorted(set(want) - set(actual))]
    out += [f"changed:{name}" for name in sorted(set(want) & set(actual)) if _norm(actual[name]) != _norm(want[name])]
    out += [f"unknown:{name}" for name in sorted(set(actual) - set(want))]
    return out


def _norm(sql: str) -> str:
    return " ".join(sql.split())
