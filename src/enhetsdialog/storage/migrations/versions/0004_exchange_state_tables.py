"""exchange state in its own tables: exchange_sync and exchange_conflict, with foreign keys

Revision ID: 0004
Revises: 0003
Create Date: 2027-01-15

Until now the agreement-package exchange kept its state as JSON in ``setting``, under
``sync:<revision_id>`` (``{"known": [fingerprint, ...]}``) and ``conflict:<revision_id>``
(``{"local_fingerprint", "incoming": <the package entry>, "signed_document": <base64 PDF or null>}``),
with no tie to the revision: deleting a draft left them behind. Now:

* ``exchange_sync`` (revision_id, fingerprint): one row per version exchanged;
* ``exchange_conflict`` (revision_id): the incoming entry as JSON text, both fingerprints, the
  signed PDF as a BLOB, when it was stored;

both ``ON DELETE CASCADE`` from ``revision``. The old rows are moved and then deleted from
``setting``. Rows of revisions that no longer exist, and rows that cannot be read, are dropped
(they could never be used: the import and the conflict list look a revision up first); the log
says how many. No trigger changes: a signed revision is never deleted, so neither is its state.
"""
import base64
import binascii
import json
import logging
from datetime import UTC, datetime

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None

log = logging.getLogger("enhetsdialog.storage.migrations")

SYNC_PREFIX = "sync:"
CONFLICT_PREFIX = "conflict:"


def upgrade() -> None:
    op.create_table(
        'exchange_sync',
        sa.Column('revision_id', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column('fingerprint', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.ForeignKeyConstraint(['revision_id'], ['revision.id'], ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('revision_id', 'fingerprint'),
    )
    op.create_table(
        'exchange_conflict',
        sa.Column('revision_id', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column('incoming', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column('incoming_fingerprint', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column('local_fingerprint', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column('signed_pdf', sa.LargeBinary(), nullable=True),
        sa.Column('created_at', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.ForeignKeyConstraint(['revision_id'], ['revision.id'], ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('revision_id'),
    )
    _move_settings(op.get_bind())


def _move_settings(conn: sa.Connection) -> None:
    revisions = {str(r[0]) for r in conn.execute(sa.text("SELECT id FROM revision"))}
    rows = conn.execute(
        sa.text("SELECT key, value FROM setting WHERE substr(key, 1, 5) = :s OR substr(key, 1, 9) = :c"),
        {"s": SYNC_PREFIX, "c": CONFLICT_PREFIX},
    ).all()
    now = datetime.now(UTC).isoformat(timespec="microseconds")
    sync: list[dict[str, str]] = []
    conflicts: list[dict[str, object]] = []
    orphaned = {"sync": 0, "conflict": 0}
    unreadable = {"sync": 0, "conflict": 0}
    for key, value in rows:
        kind = "sync" if key.startswith(SYNC_PREFIX) else "conflict"
        rid = key[len(SYNC_PREFIX) :] if kind == "sync" else key[len(CONFLICT_PREFIX) :]
        if rid not in revisions:
            orphaned[kind] += 1
            continue
        try:
            if kind == "sync":
                sync.extend({"revision_id": rid, "fingerprint": fp} for fp in _known(value))
            else:
                conflicts.append({"revision_id": rid, "created_at": now, **_conflict(value)})
        except (ValueError, KeyError, TypeError, AttributeError, binascii.Error):
            unreadable[kind] += 1
    if sync:
        conn.execute(sa.text("INSERT INTO exchange_sync (revision_id, fingerprint) VALUES (:revision_id, :fingerprint)"), sync)
    if conflicts:
        conn.execute(
            sa.text(
                "INSERT INTO exchange_conflict (revision_id, incoming, incoming_fingerprint, local_fingerprint, "
                "signed_pdf, created_at) VALUES (:revision_id, :incoming, :incoming_fingerprint, "
                ":local_fingerprint, :signed_pdf, :created_at)"
            ),
            conflicts,
        )
    conn.execute(
        sa.text("DELETE FROM setting WHERE substr(key, 1, 5) = :s OR substr(key, 1, 9) = :c"),
        {"s": SYNC_PREFIX, "c": CONFLICT_PREFIX},
    )
    log.info(
        "exchange state moved out of the settings: %d fingerprints, %d conflicts; dropped for revisions that "
        "no longer exist: %d sync records, %d conflicts; dropped as unreadable: %d sync records, %d conflicts",
        len(sync), len(conflicts), orphaned["sync"], orphaned["conflict"], unreadable["sync"], unreadable["conflict"],
    )


def _known(value: str) -> set[str]:
    known = json.loads(value)["known"]
    if not isinstance(known, list) or not all(isinstance(fp, str) and fp for fp in known):
        raise ValueError("known")
    return set(known)


def _conflict(value: str) -> dict[str, object]:
    data = json.loads(value)
    incoming = data["incoming"]
    local_fp, incoming_fp = data["local_fingerprint"], incoming["fingerprint"]
    if not (isinstance(incoming, dict) and isinstance(local_fp, str) and isinstance(incoming_fp, str)):
        raise ValueError("conflict")
    encoded = data.get("signed_document")
    return {
        "incoming": json.dumps(incoming, ensure_ascii=False, sort_keys=True),
        "incoming_fingerprint": incoming_fp,
        "local_fingerprint": local_fp,
        "signed_pdf": base64.b64decode(encoded, validate=True) if encoded else None,
    }


def downgrade() -> None:  # pragma: no cover - the app never downgrades
    raise RuntimeError("Enhetsdialog does not downgrade a database; restore a backup instead")
