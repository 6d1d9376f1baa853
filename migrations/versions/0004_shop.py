"""shop: rupiah as BigInteger, a product's own unit and one-time form token, settlement and
business-limit settings per facility, a practice week's cash ledger, class-market ranking options

Revision ID: 0004_shop
Revises: 0003_staff
Create Date: 2026-12-02 04:50:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0004_shop'
down_revision = '0003_staff'
branch_labels = None
depends_on = None

_MONEY = ('labour_rate', 'packaging_cost', 'overhead_monthly')


def upgrade():
    with op.batch_alter_table('shop_product', schema=None) as batch_op:
        for name in _MONEY:
            batch_op.alter_column(name, existing_type=sa.Integer(), type_=sa.BigInteger(), existing_nullable=False)
        batch_op.add_column(sa.Column('unit', sa.String(length=20), nullable=False, server_default=''))
        batch_op.add_column(sa.Column('form_token', sa.String(length=40), nullable=True))
        batch_op.create_unique_constraint(batch_op.f('uq_shop_product_learner_id'), ['learner_id', 'form_token'])

    with op.batch_alter_table('shop_facility_settings', schema=None) as batch_op:
        batch_op.add_column(sa.Column('settlement_period', sa.String(length=10), nullable=False, server_default='week'))
        batch_op.add_column(sa.Column('hours_per_week', sa.Integer(), nullable=False, server_default='30'))
        batch_op.add_column(sa.Column('starting_modal', sa.BigInteger(), nullable=False, server_default='2000000'))
        batch_op.add_column(sa.Column('helper_wage', sa.BigInteger(), nullable=False, server_default='15000'))
        batch_op.add_column(sa.Column('loan_rate_percent', sa.Float(), nullable=False, server_default='1'))

    with op.batch_alter_table('shop_market_week', schema=None) as batch_op:
        batch_op.add_column(sa.Column('ledger', sa.JSON(), nullable=True))
        batch_op.add_column(sa.Column('extras', sa.JSON(), nullable=True))

    with op.batch_alter_table('shop_class_market', schema=None) as batch_op:
        batch_op.add_column(sa.Column('ranking_names', sa.String(length=10), nullable=False, server_default='initials'))
        batch_op.add_column(sa.Column('ranking_show_losses', sa.Boolean(), nullable=False, server_default=sa.false()))


def downgrade():
    with op.batch_alter_table('shop_market_week', schema=None) as batch_op:
        batch_op.drop_column('extras')
        batch_op.drop_column('ledger')

    with op.batch_alter_table('shop_class_market', schema=None) as batch_op:
        batch_op.drop_column('ranking_show_losses')
        batch_op.drop_column('ranking_names')

    with op.batch_alter_table('shop_facility_settings', schema=None) as batch_op:
        for name in ('loan_rate_percent', 'helper_wage', 'starting_modal', 'hours_per_week', 'settlement_period'):
            batch_op.drop_column(name)

    with op.batch_alter_table('shop_product', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('uq_shop_product_learner_id'), type_='unique')
        batch_op.drop_column('form_token')
        batch_op.drop_column('unit')
        for name in _MONEY:
            batch_op.alter_column(name, existing_type=sa.BigInteger(), type_=sa.Integer(), existing_nullable=False)
