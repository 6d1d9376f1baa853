"""page versions: a learner's ``page_version`` and the site's ``page_stamp``, which tell each worker
when a learner page it keeps is out of date (training/page_cache.py)

Revision ID: 0006_page_versions
Revises: 0005_showroom
Create Date: 2026-12-02 08:30:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0006_page_versions'
down_revision = '0005_showroom'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('page_stamp',
    sa.Column('id', sa.Integer(), autoincrement=False, nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_page_stamp'))
    )
    with op.batch_alter_table('user_account', schema=None) as batch_op:
        batch_op.add_column(sa.Column('page_version', sa.Integer(), server_default='0', nullable=False))


def downgrade():
    with op.batch_alter_table('user_account', schema=None) as batch_op:
        batch_op.drop_column('page_version')
    op.drop_table('page_stamp')
