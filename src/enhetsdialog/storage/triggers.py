"""SQL triggers that make a signed (frozen) revision immutable inside the database itself.

The services refuse such changes first, with a friendly message; these triggers are the last line,
so that no path - another tool, a bug, raw SQL - can change what was signed.
"""

from __future__ import annotations

from enhetsdialog.storage.tables import CONTENT_TABLES, FROZEN_REVISION_COLUMNS

FROZEN_MESSAGE = "frozen revision: a signed revision cannot be changed"


def _frozen(alias: str) -> str:
    return f"(SELECT frozen FROM revision WHERE id = {alias}.revision_id) = 1"


def trigger_statements() -> list[str]:
    stmts: list[str] = []
    for table in CONTENT_TABLES:
        stmts.append(
            f"CREATE TRIGGER IF NOT EXISTS trg_{table}_frozen_insert BEFORE INSERT ON {table} "
            f"WHEN {_frozen('NEW')} BEGIN SELECT RAISE(ABORT, '{FROZEN_MESSAGE}'); END"
        )
        stmts.append(
            f"CREATE TRIGGER IF NOT EXISTS trg_{table}_frozen_update BEFORE UPDATE ON {table} "
            f"WHEN {_frozen('OLD')} OR {_frozen('NEW')} "
            f"BEGIN SELECT RAISE(ABORT, '{FROZEN_MESSAGE}'); END"
        )
        stmts.append(
            f"CREATE TRIGGER IF NOT EXISTS trg_{table}_frozen_delete BEFORE DELETE ON {table} "
            f"WHEN {_frozen('OLD')} BEGIN SELECT RAISE(ABORT, '{FROZEN_MESSAGE}'); END"
        )
    changed = " OR ".join(f"NEW.{c} IS NOT OLD.{c}" for c in FROZEN_REVISION_COLUMNS)
    stmts.append(
        "CREATE TRIGGER IF NOT EXISTS trg_revision_frozen_update BEFORE UPDATE ON revision "
        f"WHEN OLD.frozen = 1 AND (NEW.frozen IS NOT 1 OR {changed}) "
        f"BEGIN SELECT RAISE(ABORT, '{FROZEN_MESSAGE}'); END"
    )
    stmts.append(
        "CREATE TRIGGER IF NOT EXISTS trg_revision_frozen_delete BEFORE DELETE ON revision "
        f"WHEN OLD.frozen = 1 BEGIN SELECT RAISE(ABORT, '{FROZEN_MESSAGE}'); END"
    )
    # signatures are written once and never changed or removed
    stmts.append(
        "CREATE TRIGGER IF NOT EXISTS trg_signature_update BEFORE UPDATE ON signature "
        "BEGIN SELECT RAISE(ABORT, 'a signature cannot be changed'); END"
    )
    stmts.append(
        "CREATE TRIGGER IF NOT EXISTS trg_signature_delete BEFORE DELETE ON signature "
        "BEGIN SELECT RAISE(ABORT, 'a signature cannot be removed'); END"
    )
    # the signed PDF only grows by incremental updates (a counter-signature) and is never removed
    stmts.append(
        "CREATE TRIGGER IF NOT EXISTS trg_signed_document_update BEFORE UPDATE ON signed_document "
        "WHEN NEW.revision_id IS NOT OLD.revision_id OR length(NEW.pdf) < length(OLD.pdf) "
        "OR substr(NEW.pdf, 1, length(OLD.pdf)) IS NOT OLD.pdf "
        "BEGIN SELECT RAISE(ABORT, 'a signed document can only grow by incremental updates'); END"
    )
    stmts.append(
        "CREATE TRIGGER IF NOT EXISTS trg_signed_document_delete BEFORE DELETE ON signed_document "
        "BEGIN SELECT RAISE(ABORT, 'a signed document cannot be removed'); END"
    )
    return stmts


def drop_statements() -> list[str]:
    names = [f"trg_{t}_frozen_{op}" for t in CONTENT_TABLES for op in ("insert", "update", "delete")]
    names += [
        "trg_revision_frozen_update",
        "trg_revision_frozen_delete",
        "trg_signature_update",
        "trg_signature_delete",
        "trg_signed_document_update",
        "trg_signed_document_delete",
    ]
    return [f"DROP TRIGGER IF EXISTS {n}" for n in names]
