"""follow-up during the year: measurement details, activity progress, «Hva lærte vi?»

Revision ID: 0003
Revises: 0002
Create Date: 2027-01-15

* ``measurement``: ``measured_on`` (ISO date), ``source``, ``recorded_by``, ``updated_at`` (filled
  from ``recorded_at``), and one value per indicator and period (unique index; duplicates left by
  older versions keep their latest row);
* ``goal_assessment.recorded_by``;
* ``activity_progress`` (one row per activity) and ``year_learning`` (one row per revision).

These records may be written on signed and archived revisions: they are not part of the signed
content, and the triggers of :mod:`enhetsdialog.storage.triggers` stay exactly as 0002 installed
them (they still refuse any change to a frozen revision's content, signatures and stored PDF).
"""
import sqlalchemy as sa
import sqlmodel
from alembic import op

revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None


def _text(name: str) -> sa.Column:  # type: ignore[type-arg]
    return sa.Column(name, sqlmodel.sql.sqltypes.AutoString(), nullable=False, server_default='')


def upgrade() -> None:
    # plain ALTER TABLE ADD COLUMN: a batch "move and copy" would drop the table's triggers
    op.add_column('measurement', sa.Column('measured_on', sqlmodel.sql.sqltypes.AutoString(), nullable=True))
    op.add_column('measurement', _text('source'))
    op.add_column('measurement', _text('recorded_by'))
    op.add_column('measurement', _text('updated_at'))
    op.execute("UPDATE measurement SET updated_at = recorded_at")
    op.execute(
        "DELETE FROM measurement WHERE rowid NOT IN "
        "(SELECT max(rowid) FROM measurement GROUP BY revision_id, indicator_id, period)"
    )
    op.create_index('uq_measurement_period', 'measurement', ['revision_id', 'indicator_id', 'period'], unique=True)
    op.add_column('goal_assessment', _text('recorded_by'))
    op.create_table(
        'activity_progress',
        sa.Column('id', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column('revision_id', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column('activity_id', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column('status', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column('comment', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column('recorded_at', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column('recorded_by', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.ForeignKeyConstraint(['revision_id', 'activity_id'], ['activity.revision_id', 'activity.id']),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('revision_id', 'activity_id', name='uq_progress_activity'),
    )
    op.create_table(
        'year_learning',
        sa.Column('revision_id', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column('worked', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column('did_not_work', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column('courage', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column('updated_at', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column('updated_by', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.ForeignKeyConstraint(['revision_id'], ['revision.id']),
        sa.PrimaryKeyConstraint('revision_id'),
    )


def downgrade() -> None:  # pragma: no cover - the app never downgrades
    raise RuntimeError("Enhetsdialog does not downgrade a database; restore a backup instead")
