"""signatures proven by the PDF: triggers from storage.triggers, status history, trust anchors

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-01

* ``revision.status_changed_at`` / ``status_changed_by``: when and by whom the status last changed,
  so that an imported package applies a status only when it is newer (filled from ``updated_at``);
* ``trust_anchor``: the municipality's issuing CA certificates;
* the triggers of :mod:`enhetsdialog.storage.triggers` (the current set replaces 0001's): frozen
  revisions immune to REPLACE and re-insert, freezing and signing only with the stored signed PDF,
  a frozen revision's status only forward, agreements with a signed revision not deletable.
"""
import sqlalchemy as sa
import sqlmodel
from alembic import op

from enhetsdialog.storage import triggers

revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None


def upgrade() -> None:
    # plain ALTER TABLE ADD COLUMN: a batch "move and copy" would drop the table's triggers
    op.add_column('revision', sa.Column('status_changed_at', sqlmodel.sql.sqltypes.AutoString(), nullable=True))
    op.add_column(
        'revision',
        sa.Column('status_changed_by', sqlmodel.sql.sqltypes.AutoString(), nullable=False, server_default=''),
    )
    op.execute("UPDATE revision SET status_changed_at = updated_at WHERE status_changed_at IS NULL")
    op.create_table(
        'trust_anchor',
        sa.Column('sha256', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column('subject', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column('issuer', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column('not_after', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column('der', sa.LargeBinary(), nullable=False),
        sa.Column('added_at', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.PrimaryKeyConstraint('sha256'),
    )
    triggers.install(op.get_bind())


def downgrade() -> None:  # pragma: no cover - the app never downgrades
    raise RuntimeError("Enhetsdialog does not downgrade a database; restore a backup instead")
