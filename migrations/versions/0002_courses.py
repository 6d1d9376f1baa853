"""Quiz feedback setting, figures drawn per attempt, task drafts

Revision ID: 0002_courses
Revises: 0001
Create Date: 2026-12-02 05:00:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0002_courses'
down_revision = '0001'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('lesson', schema=None) as batch_op:
        batch_op.add_column(sa.Column('feedback', sa.String(length=16), nullable=False,
                                      server_default='immediate'))
    with op.batch_alter_table('lesson', schema=None) as batch_op:
        batch_op.alter_column('feedback', server_default=None)
    with op.batch_alter_table('quiz_attempt', schema=None) as batch_op:
        batch_op.add_column(sa.Column('drawn', sa.JSON(), nullable=True))
    op.create_table('task_draft',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('learner_id', sa.Integer(), nullable=False),
    sa.Column('task_id', sa.Integer(), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('saved_dt', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['learner_id'], ['user_account.id'], name=op.f('fk_task_draft_learner_id_user_account'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['task_id'], ['task.id'], name=op.f('fk_task_draft_task_id_task'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_task_draft')),
    sa.UniqueConstraint('learner_id', 'task_id', name=op.f('uq_task_draft_learner_id'))
    )
    with op.batch_alter_table('task_draft', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_task_draft_task_id'), ['task_id'], unique=False)


def downgrade():
    with op.batch_alter_table('task_draft', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_task_draft_task_id'))
    op.drop_table('task_draft')
    with op.batch_alter_table('quiz_attempt', schema=None) as batch_op:
        batch_op.drop_column('drawn')
    with op.batch_alter_table('lesson', schema=None) as batch_op:
        batch_op.drop_column('feedback')
