"""initial schema

Revision ID: 0001
Revises: (none)
Create Date: 2026-11-27

The tables, the 17 SDGs, and the triggers that freeze signed revisions (written out here so that
this migration stays what it was when later ones change them).
"""
import sqlalchemy as sa
import sqlmodel
from alembic import op

revision = '0001'
down_revision = None
branch_labels = None
depends_on = None

SDGS = [
    (1, 'Utrydde fattigdom', '#E5243B'),
    (2, 'Utrydde sult', '#DDA63A'),
    (3, 'God helse og livskvalitet', '#4C9F38'),
    (4, 'God utdanning', '#C5192D'),
    (5, 'Likestilling mellom kjønnene', '#FF3A21'),
    (6, 'Rent vann og gode sanitærforhold', '#26BDE2'),
    (7, 'Ren energi for alle', '#FCC30B'),
    (8, 'Anstendig arbeid og økonomisk vekst', '#A21942'),
    (9, 'Innovasjon og infrastruktur', '#FD6925'),
    (10, 'Mindre ulikhet', '#DD1367'),
    (11, 'Bærekraftige byer og lokalsamfunn', '#FD9D24'),
    (12, 'Ansvarlig forbruk og produksjon', '#BF8B2E'),
    (13, 'Stoppe klimaendringene', '#3F7E44'),
    (14, 'Livet i havet', '#0A97D9'),
    (15, 'Livet på land', '#56C02B'),
    (16, 'Fred, rettferdighet og velfungerende institusjoner', '#00689D'),
    (17, 'Samarbeid for å nå målene', '#19486A'),
]

TRIGGERS = [
    "CREATE TRIGGER IF NOT EXISTS trg_goal_frozen_insert BEFORE INSERT ON goal WHEN (SELECT frozen FROM revision WHERE id = NEW.revision_id) = 1 BEGIN SELECT RAISE(ABORT, 'frozen revision: a signed revision cannot be changed'); END",
    "CREATE TRIGGER IF NOT EXISTS trg_goal_frozen_update BEFORE UPDATE ON goal WHEN (SELECT frozen FROM revision WHERE id = OLD.revision_id) = 1 OR (SELECT frozen FROM revision WHERE id = NEW.revision_id) = 1 BEGIN SELECT RAISE(ABORT, 'frozen revision: a signed revision cannot be changed'); END",
    "CREATE TRIGGER IF NOT EXISTS trg_goal_frozen_delete BEFORE DELETE ON goal WHEN (SELECT frozen FROM revision WHERE id = OLD.revision_id) = 1 BEGIN SELECT RAISE(ABORT, 'frozen revision: a signed revision cannot be changed'); END",
    "CREATE TRIGGER IF NOT EXISTS trg_goal_plan_link_frozen_insert BEFORE INSERT ON goal_plan_link WHEN (SELECT frozen FROM revision WHERE id = NEW.revision_id) = 1 BEGIN SELECT RAISE(ABORT, 'frozen revision: a signed revision cannot be changed'); END",
    "CREATE TRIGGER IF NOT EXISTS trg_goal_plan_link_frozen_update BEFORE UPDATE ON goal_plan_link WHEN (SELECT frozen FROM revision WHERE id = OLD.revision_id) = 1 OR (SELECT frozen FROM revision WHERE id = NEW.revision_id) = 1 BEGIN SELECT RAISE(ABORT, 'frozen revision: a signed revision cannot be changed'); END",
    "CREATE TRIGGER IF NOT EXISTS trg_goal_plan_link_frozen_delete BEFORE DELETE ON goal_plan_link WHEN (SELECT frozen FROM revision WHERE id = OLD.revision_id) = 1 BEGIN SELECT RAISE(ABORT, 'frozen revision: a signed revision cannot be changed'); END",
    "CREATE TRIGGER IF NOT EXISTS trg_goal_sdg_link_frozen_insert BEFORE INSERT ON goal_sdg_link WHEN (SELECT frozen FROM revision WHERE id = NEW.revision_id) = 1 BEGIN SELECT RAISE(ABORT, 'frozen revision: a signed revision cannot be changed'); END",
    "CREATE TRIGGER IF NOT EXISTS trg_goal_sdg_link_frozen_update BEFORE UPDATE ON goal_sdg_link WHEN (SELECT frozen FROM revision WHERE id = OLD.revision_id) = 1 OR (SELECT frozen FROM revision WHERE id = NEW.revision_id) = 1 BEGIN SELECT RAISE(ABORT, 'frozen revision: a signed revision cannot be changed'); END",
    "CREATE TRIGGER IF NOT EXISTS trg_goal_sdg_link_frozen_delete BEFORE DELETE ON goal_sdg_link WHEN (SELECT frozen FROM revision WHERE id = OLD.revision_id) = 1 BEGIN SELECT RAISE(ABORT, 'frozen revision: a signed revision cannot be changed'); END",
    "CREATE TRIGGER IF NOT EXISTS trg_activity_frozen_insert BEFORE INSERT ON activity WHEN (SELECT frozen FROM revision WHERE id = NEW.revision_id) = 1 BEGIN SELECT RAISE(ABORT, 'frozen revision: a signed revision cannot be changed'); END",
    "CREATE TRIGGER IF NOT EXISTS trg_activity_frozen_update BEFORE UPDATE ON activity WHEN (SELECT frozen FROM revision WHERE id = OLD.revision_id) = 1 OR (SELECT frozen FROM revision WHERE id = NEW.revision_id) = 1 BEGIN SELECT RAISE(ABORT, 'frozen revision: a signed revision cannot be changed'); END",
    "CREATE TRIGGER IF NOT EXISTS trg_activity_frozen_delete BEFORE DELETE ON activity WHEN (SELECT frozen FROM revision WHERE id = OLD.revision_id) = 1 BEGIN SELECT RAISE(ABORT, 'frozen revision: a signed revision cannot be changed'); END",
    "CREATE TRIGGER IF NOT EXISTS trg_indicator_frozen_insert BEFORE INSERT ON indicator WHEN (SELECT frozen FROM revision WHERE id = NEW.revision_id) = 1 BEGIN SELECT RAISE(ABORT, 'frozen revision: a signed revision cannot be changed'); END",
    "CREATE TRIGGER IF NOT EXISTS trg_indicator_frozen_update BEFORE UPDATE ON indicator WHEN (SELECT frozen FROM revision WHERE id = OLD.revision_id) = 1 OR (SELECT frozen FROM revision WHERE id = NEW.revision_id) = 1 BEGIN SELECT RAISE(ABORT, 'frozen revision: a signed revision cannot be changed'); END",
    "CREATE TRIGGER IF NOT EXISTS trg_indicator_frozen_delete BEFORE DELETE ON indicator WHEN (SELECT frozen FROM revision WHERE id = OLD.revision_id) = 1 BEGIN SELECT RAISE(ABORT, 'frozen revision: a signed revision cannot be changed'); END",
    "CREATE TRIGGER IF NOT EXISTS trg_support_need_frozen_insert BEFORE INSERT ON support_need WHEN (SELECT frozen FROM revision WHERE id = NEW.revision_id) = 1 BEGIN SELECT RAISE(ABORT, 'frozen revision: a signed revision cannot be changed'); END",
    "CREATE TRIGGER IF NOT EXISTS trg_support_need_frozen_update BEFORE UPDATE ON support_need WHEN (SELECT frozen FROM revision WHERE id = OLD.revision_id) = 1 OR (SELECT frozen FROM revision WHERE id = NEW.revision_id) = 1 BEGIN SELECT RAISE(ABORT, 'frozen revision: a signed revision cannot be changed'); END",
    "CREATE TRIGGER IF NOT EXISTS trg_support_need_frozen_delete BEFORE DELETE ON support_need WHEN (SELECT frozen FROM revision WHERE id = OLD.revision_id) = 1 BEGIN SELECT RAISE(ABORT, 'frozen revision: a signed revision cannot be changed'); END",
    "CREATE TRIGGER IF NOT EXISTS trg_participant_frozen_insert BEFORE INSERT ON participant WHEN (SELECT frozen FROM revision WHERE id = NEW.revision_id) = 1 BEGIN SELECT RAISE(ABORT, 'frozen revision: a signed revision cannot be changed'); END",
    "CREATE TRIGGER IF NOT EXISTS trg_participant_frozen_update BEFORE UPDATE ON participant WHEN (SELECT frozen FROM revision WHERE id = OLD.revision_id) = 1 OR (SELECT frozen FROM revision WHERE id = NEW.revision_id) = 1 BEGIN SELECT RAISE(ABORT, 'frozen revision: a signed revision cannot be changed'); END",
    "CREATE TRIGGER IF NOT EXISTS trg_participant_frozen_delete BEFORE DELETE ON participant WHEN (SELECT frozen FROM revision WHERE id = OLD.revision_id) = 1 BEGIN SELECT RAISE(ABORT, 'frozen revision: a signed revision cannot be changed'); END",
    "CREATE TRIGGER IF NOT EXISTS trg_revision_frozen_update BEFORE UPDATE ON revision WHEN OLD.frozen = 1 AND (NEW.frozen IS NOT 1 OR NEW.id IS NOT OLD.id OR NEW.agreement_id IS NOT OLD.agreement_id OR NEW.number IS NOT OLD.number OR NEW.based_on_id IS NOT OLD.based_on_id OR NEW.created_at IS NOT OLD.created_at OR NEW.challenges IS NOT OLD.challenges OR NEW.value_open IS NOT OLD.value_open OR NEW.value_competent IS NOT OLD.value_competent OR NEW.value_brave IS NOT OLD.value_brave OR NEW.courage_trials IS NOT OLD.courage_trials OR NEW.courage_learning IS NOT OLD.courage_learning OR NEW.culture_leadership IS NOT OLD.culture_leadership OR NEW.structures IS NOT OLD.structures OR NEW.follow_up_plan IS NOT OLD.follow_up_plan OR NEW.users_voice IS NOT OLD.users_voice) BEGIN SELECT RAISE(ABORT, 'frozen revision: a signed revision cannot be changed'); END",
    "CREATE TRIGGER IF NOT EXISTS trg_revision_frozen_delete BEFORE DELETE ON revision WHEN OLD.frozen = 1 BEGIN SELECT RAISE(ABORT, 'frozen revision: a signed revision cannot be changed'); END",
    "CREATE TRIGGER IF NOT EXISTS trg_signature_update BEFORE UPDATE ON signature BEGIN SELECT RAISE(ABORT, 'a signature cannot be changed'); END",
    "CREATE TRIGGER IF NOT EXISTS trg_signature_delete BEFORE DELETE ON signature BEGIN SELECT RAISE(ABORT, 'a signature cannot be removed'); END",
    "CREATE TRIGGER IF NOT EXISTS trg_signed_document_update BEFORE UPDATE ON signed_document WHEN NEW.revision_id IS NOT OLD.revision_id OR length(NEW.pdf) < length(OLD.pdf) OR substr(NEW.pdf, 1, length(OLD.pdf)) IS NOT OLD.pdf BEGIN SELECT RAISE(ABORT, 'a signed document can only grow by incremental updates'); END",
    "CREATE TRIGGER IF NOT EXISTS trg_signed_document_delete BEFORE DELETE ON signed_document BEGIN SELECT RAISE(ABORT, 'a signed document cannot be removed'); END",
]

DROP_TRIGGERS = [
    'DROP TRIGGER IF EXISTS trg_goal_frozen_insert',
    'DROP TRIGGER IF EXISTS trg_goal_frozen_update',
    'DROP TRIGGER IF EXISTS trg_goal_frozen_delete',
    'DROP TRIGGER IF EXISTS trg_goal_plan_link_frozen_insert',
    'DROP TRIGGER IF EXISTS trg_goal_plan_link_frozen_update',
    'DROP TRIGGER IF EXISTS trg_goal_plan_link_frozen_delete',
    'DROP TRIGGER IF EXISTS trg_goal_sdg_link_frozen_insert',
    'DROP TRIGGER IF EXISTS trg_goal_sdg_link_frozen_update',
    'DROP TRIGGER IF EXISTS trg_goal_sdg_link_frozen_delete',
    'DROP TRIGGER IF EXISTS trg_activity_frozen_insert',
    'DROP TRIGGER IF EXISTS trg_activity_frozen_update',
    'DROP TRIGGER IF EXISTS trg_activity_frozen_delete',
    'DROP TRIGGER IF EXISTS trg_indicator_frozen_insert',
    'DROP TRIGGER IF EXISTS trg_indicator_frozen_update',
    'DROP TRIGGER IF EXISTS trg_indicator_frozen_delete',
    'DROP TRIGGER IF EXISTS trg_support_need_frozen_insert',
    'DROP TRIGGER IF EXISTS trg_support_need_frozen_update',
    'DROP TRIGGER IF EXISTS trg_support_need_frozen_delete',
    'DROP TRIGGER IF EXISTS trg_participant_frozen_insert',
    'DROP TRIGGER IF EXISTS trg_participant_frozen_update',
    'DROP TRIGGER IF EXISTS trg_participant_frozen_delete',
    'DROP TRIGGER IF EXISTS trg_revision_frozen_update',
    'DROP TRIGGER IF EXISTS trg_revision_frozen_delete',
    'DROP TRIGGER IF EXISTS trg_signature_update',
    'DROP TRIGGER IF EXISTS trg_signature_delete',
    'DROP TRIGGER IF EXISTS trg_signed_document_update',
    'DROP TRIGGER IF EXISTS trg_signed_document_delete',
]


def upgrade() -> None:
    # ### commands auto generated by Alembic - please adjust! ###
    op.create_table('municipality',
    sa.Column('id', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('name', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('number', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_table('person',
    sa.Column('id', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('name', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('title', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('role', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('email', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_table('plan',
    sa.Column('id', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('name', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('kind', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('period_start', sa.Integer(), nullable=True),
    sa.Column('period_end', sa.Integer(), nullable=True),
    sa.Column('parent_plan_id', sqlmodel.sql.sqltypes.AutoString(), nullable=True),
    sa.ForeignKeyConstraint(['parent_plan_id'], ['plan.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_table('sdg',
    sa.Column('number', sa.Integer(), nullable=False),
    sa.Column('name', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('colour', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.PrimaryKeyConstraint('number')
    )
    op.create_table('setting',
    sa.Column('key', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('value', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.PrimaryKeyConstraint('key')
    )
    op.create_table('plan_goal',
    sa.Column('id', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('plan_id', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('code', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('text', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('parent_id', sqlmodel.sql.sqltypes.AutoString(), nullable=True),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['parent_id'], ['plan_goal.id'], ),
    sa.ForeignKeyConstraint(['plan_id'], ['plan.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('plan_goal', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_plan_goal_plan_id'), ['plan_id'], unique=False)

    op.create_table('service_area',
    sa.Column('id', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('municipality_id', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('name', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('director_id', sqlmodel.sql.sqltypes.AutoString(), nullable=True),
    sa.ForeignKeyConstraint(['director_id'], ['person.id'], ),
    sa.ForeignKeyConstraint(['municipality_id'], ['municipality.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_table('plan_goal_sdg',
    sa.Column('plan_goal_id', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('sdg', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['plan_goal_id'], ['plan_goal.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['sdg'], ['sdg.number'], ),
    sa.PrimaryKeyConstraint('plan_goal_id', 'sdg')
    )
    op.create_table('unit',
    sa.Column('id', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('service_area_id', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('name', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('kind', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('leader_id', sqlmodel.sql.sqltypes.AutoString(), nullable=True),
    sa.ForeignKeyConstraint(['leader_id'], ['person.id'], ),
    sa.ForeignKeyConstraint(['service_area_id'], ['service_area.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('unit', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_unit_service_area_id'), ['service_area_id'], unique=False)

    op.create_table('agreement',
    sa.Column('id', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('unit_id', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('year', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['unit_id'], ['unit.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('unit_id', 'year', name='uq_agreement_unit_year')
    )
    with op.batch_alter_table('agreement', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_agreement_year'), ['year'], unique=False)

    op.create_table('revision',
    sa.Column('id', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('agreement_id', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('number', sa.Integer(), nullable=False),
    sa.Column('status', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('frozen', sa.Boolean(), nullable=False),
    sa.Column('based_on_id', sqlmodel.sql.sqltypes.AutoString(), nullable=True),
    sa.Column('created_at', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('updated_at', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('challenges', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('value_open', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('value_competent', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('value_brave', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('courage_trials', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('courage_learning', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('culture_leadership', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('structures', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('follow_up_plan', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('users_voice', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('meeting_notes', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.ForeignKeyConstraint(['agreement_id'], ['agreement.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('agreement_id', 'number', name='uq_revision_number')
    )
    op.create_table('goal',
    sa.Column('revision_id', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('id', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('text', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('description', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('origin_id', sqlmodel.sql.sqltypes.AutoString(), nullable=True),
    sa.ForeignKeyConstraint(['revision_id'], ['revision.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('revision_id', 'id')
    )
    op.create_table('participant',
    sa.Column('revision_id', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('id', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('role', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('name', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('how', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('when', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.ForeignKeyConstraint(['revision_id'], ['revision.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('revision_id', 'id')
    )
    op.create_table('remark',
    sa.Column('id', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('agreement_id', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('revision_id', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('anchor_kind', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('anchor_id', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('author', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('role', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('text', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('created_at', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('resolved', sa.Boolean(), nullable=False),
    sa.Column('resolved_at', sqlmodel.sql.sqltypes.AutoString(), nullable=True),
    sa.Column('resolved_by', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.ForeignKeyConstraint(['agreement_id'], ['agreement.id'], ),
    sa.ForeignKeyConstraint(['revision_id'], ['revision.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('remark', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_remark_agreement_id'), ['agreement_id'], unique=False)

    op.create_table('signature',
    sa.Column('id', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('revision_id', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('role', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('name', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('title', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('signed_at', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('fingerprint', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('certificate_subject', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('certificate_fingerprint', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.ForeignKeyConstraint(['revision_id'], ['revision.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('revision_id', 'role', name='uq_signature_role')
    )
    op.create_table('signed_document',
    sa.Column('revision_id', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('pdf', sa.LargeBinary(), nullable=False),
    sa.Column('sha256', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('updated_at', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.ForeignKeyConstraint(['revision_id'], ['revision.id'], ),
    sa.PrimaryKeyConstraint('revision_id')
    )
    op.create_table('support_need',
    sa.Column('revision_id', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('id', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('area', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('need', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.ForeignKeyConstraint(['revision_id'], ['revision.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('revision_id', 'id')
    )
    op.create_table('activity',
    sa.Column('revision_id', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('id', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('goal_id', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('what', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('responsible', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('deadline', sqlmodel.sql.sqltypes.AutoString(), nullable=True),
    sa.Column('status', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.ForeignKeyConstraint(['revision_id', 'goal_id'], ['goal.revision_id', 'goal.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['revision_id'], ['revision.id'], ),
    sa.PrimaryKeyConstraint('revision_id', 'id')
    )
    with op.batch_alter_table('activity', schema=None) as batch_op:
        batch_op.create_index('ix_activity_goal', ['revision_id', 'goal_id'], unique=False)

    op.create_table('goal_assessment',
    sa.Column('id', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('revision_id', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('goal_id', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('assessment', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('reflection', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('assessed_at', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.ForeignKeyConstraint(['revision_id', 'goal_id'], ['goal.revision_id', 'goal.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('revision_id', 'goal_id', name='uq_assessment_goal')
    )
    op.create_table('goal_plan_link',
    sa.Column('revision_id', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('goal_id', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('plan_goal_id', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.ForeignKeyConstraint(['plan_goal_id'], ['plan_goal.id'], ),
    sa.ForeignKeyConstraint(['revision_id', 'goal_id'], ['goal.revision_id', 'goal.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('revision_id', 'goal_id', 'plan_goal_id')
    )
    op.create_table('goal_sdg_link',
    sa.Column('revision_id', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('goal_id', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('sdg', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['revision_id', 'goal_id'], ['goal.revision_id', 'goal.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['sdg'], ['sdg.number'], ),
    sa.PrimaryKeyConstraint('revision_id', 'goal_id', 'sdg')
    )
    op.create_table('indicator',
    sa.Column('revision_id', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('id', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('goal_id', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('kind', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('name', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('description', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('unit_of_measure', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('baseline_value', sqlmodel.sql.sqltypes.AutoString(), nullable=True),
    sa.Column('baseline_year', sa.Integer(), nullable=True),
    sa.Column('target_value', sqlmodel.sql.sqltypes.AutoString(), nullable=True),
    sa.Column('direction', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('data_source', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('frequency', sqlmodel.sql.sqltypes.AutoString(), nullable=True),
    sa.Column('responsible', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.ForeignKeyConstraint(['revision_id', 'goal_id'], ['goal.revision_id', 'goal.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['revision_id'], ['revision.id'], ),
    sa.PrimaryKeyConstraint('revision_id', 'id')
    )
    with op.batch_alter_table('indicator', schema=None) as batch_op:
        batch_op.create_index('ix_indicator_goal', ['revision_id', 'goal_id'], unique=False)

    op.create_table('reply',
    sa.Column('id', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('remark_id', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('author', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('role', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('text', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('created_at', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.ForeignKeyConstraint(['remark_id'], ['remark.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('reply', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_reply_remark_id'), ['remark_id'], unique=False)

    op.create_table('measurement',
    sa.Column('id', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('revision_id', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('indicator_id', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('period', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('value', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('comment', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('recorded_at', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.ForeignKeyConstraint(['revision_id', 'indicator_id'], ['indicator.revision_id', 'indicator.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('measurement', schema=None) as batch_op:
        batch_op.create_index('ix_measurement_indicator', ['revision_id', 'indicator_id'], unique=False)

    # ### end Alembic commands ###
    sdg = sa.table('sdg', sa.column('number', sa.Integer), sa.column('name', sa.String), sa.column('colour', sa.String))
    op.bulk_insert(sdg, [{'number': n, 'name': name, 'colour': colour} for n, name, colour in SDGS])
    for stmt in TRIGGERS:
        op.execute(stmt)


def downgrade() -> None:
    for stmt in DROP_TRIGGERS:
        op.execute(stmt)
    # ### commands auto generated by Alembic - please adjust! ###
    with op.batch_alter_table('measurement', schema=None) as batch_op:
        batch_op.drop_index('ix_measurement_indicator')

    op.drop_table('measurement')
    with op.batch_alter_table('reply', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_reply_remark_id'))

    op.drop_table('reply')
    with op.batch_alter_table('indicator', schema=None) as batch_op:
        batch_op.drop_index('ix_indicator_goal')

    op.drop_table('indicator')
    op.drop_table('goal_sdg_link')
    op.drop_table('goal_plan_link')
    op.drop_table('goal_assessment')
    with op.batch_alter_table('activity', schema=None) as batch_op:
        batch_op.drop_index('ix_activity_goal')

    op.drop_table('activity')
    op.drop_table('support_need')
    op.drop_table('signed_document')
    op.drop_table('signature')
    with op.batch_alter_table('remark', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_remark_agreement_id'))

    op.drop_table('remark')
    op.drop_table('participant')
    op.drop_table('goal')
    op.drop_table('revision')
    with op.batch_alter_table('agreement', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_agreement_year'))

    op.drop_table('agreement')
    with op.batch_alter_table('unit', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_unit_service_area_id'))

    op.drop_table('unit')
    op.drop_table('plan_goal_sdg')
    op.drop_table('service_area')
    with op.batch_alter_table('plan_goal', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_plan_goal_plan_id'))

    op.drop_table('plan_goal')
    op.drop_table('setting')
    op.drop_table('sdg')
    op.drop_table('plan')
    op.drop_table('person')
    op.drop_table('municipality')
    # ### end Alembic commands ###
