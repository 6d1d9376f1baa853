"""sale line makers: each sold line keeps its product's makers and their shares as they stood when
it was sold, so a month's premi stays with the people who made what was sold even after the
product's makers change. Lines sold before get their product's makers of today, the best record
there is of who made them.

Revision ID: 0007_sale_line_makers
Revises: 0006_page_versions
Create Date: 2026-12-03 06:45:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0007_sale_line_makers'
down_revision = '0006_page_versions'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('showroom_sale_line_maker',
    sa.Column('line_id', sa.Integer(), nullable=False),
    sa.Column('learner_id', sa.Integer(), nullable=False),
    sa.Column('share_percent', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['learner_id'], ['user_account.id'], name=op.f('fk_showroom_sale_line_maker_learner_id_user_account'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['line_id'], ['showroom_sale_line.id'], name=op.f('fk_showroom_sale_line_maker_line_id_showroom_sale_line'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('line_id', 'learner_id', name=op.f('pk_showroom_sale_line_maker'))
    )
    with op.batch_alter_table('showroom_sale_line_maker', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_showroom_sale_line_maker_learner_id'), ['learner_id'], unique=False)
    op.execute(
        "INSERT INTO showroom_sale_line_maker (line_id, learner_id, share_percent) "
        "SELECT line.id, maker.learner_id, maker.share_percent FROM showroom_sale_line line "
        "JOIN showroom_product_maker maker ON maker.product_id = line.product_id"
    )


def downgrade():
    with op.batch_alter_table('showroom_sale_line_maker', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_showroom_sale_line_maker_learner_id'))
    op.drop_table('showroom_sale_line_maker')
