"""Tables of the real showroom: catalogue products and their makers, sales and their lines, stock
movements and each facility's dated PNBP/premi rates.

Money is integer rupiah (BigInteger). A sale line keeps the price, the HPP and the rates that held
when it was sold, so a later change of price, costing or rates never rewrites an old sale. Nothing
here is ever deleted: a mistaken sale is voided with a reason, stock changes only by movements.
"""
from __future__ import annotations

from training.clock import now_utc
from training.extensions import db

PAYMENTS = ("tunai", "qris", "transfer")
# Kinds of stock movement; the quantity is signed (+ in, - out).
MOVE_SALE, MOVE_VOID, MOVE_DELIVERY, MOVE_RETURN = "sale", "void", "delivery", "return"
MOVE_KINDS = (MOVE_SALE, MOVE_VOID, MOVE_DELIVERY, MOVE_RETURN)


class CatalogueProduct(db.Model):
    """A real product a facility's workshop makes, sold at a showroom.

    The costing fields are those of the learners' calculator (``storefront.services.cost_steps``),
    so HPP is worked out the same way; a product promoted from a learner's practice product copies
    them (``source_product_id`` remembers where it came from).
    """

    __tablename__ = "showroom_product"

    id = db.Column(db.Integer, primary_key=True)
    facility_id = db.Column(db.Integer, db.ForeignKey("facility.id"), nullable=False, index=True)
    name = db.Column(db.String(80), nullable=False)
    category = db.Column(db.String(20), nullable=False)
    unit = db.Column(db.String(20), nullable=False, default="buah")
    description = db.Column(db.String(500), nullable=False, default="")
    price = db.Column(db.BigInteger, nullable=False)
    materials = db.Column(db.JSON, nullable=False, default=list)
    labour_centihours = db.Column(db.Integer, nullable=False, default=0)
    labour_rate = db.Column(db.Integer, nullable=False, default=0)
    packaging_cost = db.Column(db.Integer, nullable=False, default=0)
    overhead_monthly = db.Column(db.Integer, nullable=False, default=0)
    units_per_month = db.Column(db.Integer, nullable=False, default=1)
    stock = db.Column(db.Integer, nullable=False, default=0)
    photo_id = db.Column(db.Integer, db.ForeignKey("shop_product_photo.id", ondelete="SET NULL"), nullable=True)
    source_product_id = db.Column(db.Integer, db.ForeignKey("shop_product.id", ondelete="SET NULL"), nullable=True)
    is_listed = db.Column(db.Boolean, nullable=False, default=True)
    created_dt = db.Column(db.DateTime, nullable=False, default=now_utc)
    updated_dt = db.Column(db.DateTime, nullable=False, default=now_utc, onupdate=now_utc)

    facility = db.relationship("Facility")
    photo = db.relationship("ProductPhoto", lazy="select")
    makers = db.relationship("ProductMaker", cascade="all, delete-orphan", order_by="ProductMaker.learner_id",
                             back_populates="product")

    __table_args__ = (db.CheckConstraint("stock >= 0", name="stock_not_negative"),
                      db.CheckConstraint("price >= 0", name="price_not_negative"))


class ProductMaker(db.Model):
    """A learner who makes a catalogue product, with their share (percent) of its premi."""

    __tablename__ = "showroom_product_maker"

    product_id = db.Column(db.Integer, db.ForeignKey("showroom_product.id", ondelete="CASCADE"), primary_key=True)
    learner_id = db.Column(db.Integer, db.ForeignKey("user_account.id", ondelete="CASCADE"), primary_key=True,
                           index=True)
    share_percent = db.Column(db.Integer, nullable=False)

    product = db.relationship(CatalogueProduct, back_populates="makers")
    learner = db.relationship("User")


class ShowroomRate(db.Model):
    """A facility's PNBP and premi rates for real sales, in force from ``valid_from``.

    The rate in force on a sale's day is copied onto each of its lines, so a change applies from
    its date and old sales keep the rates they were sold under.
    """

    __tablename__ = "showroom_rate"

    id = db.Column(db.Integer, primary_key=True)
    facility_id = db.Column(db.Integer, db.ForeignKey("facility.id", ondelete="CASCADE"), nullable=False, index=True)
    valid_from = db.Column(db.Date, nullable=False)
    pnbp_rate = db.Column(db.Float, nullable=False)
    premi_rate = db.Column(db.Float, nullable=False)
    split_basis = db.Column(db.String(10), nullable=False, default="profit")
    created_dt = db.Column(db.DateTime, nullable=False, default=now_utc)
    created_by_id = db.Column(db.Integer, db.ForeignKey("user_account.id", ondelete="SET NULL"), nullable=True)

    __table_args__ = (db.UniqueConstraint("facility_id", "valid_from"),)


class Sale(db.Model):
    """One showroom sale (a receipt). ``token`` comes from the sales form, so a form sent twice
    records one sale. A voided sale stays, with who voided it, when and why."""

    __tablename__ = "showroom_sale"

    id = db.Column(db.Integer, primary_key=True)
    token = db.Column(db.String(40), nullable=False, unique=True)
    facility_id = db.Column(db.Integer, db.ForeignKey("facility.id"), nullable=False, index=True)
    staff_id = db.Column(db.Integer, db.ForeignKey("user_account.id", ondelete="SET NULL"), nullable=True)
    payment = db.Column(db.String(10), nullable=False)
    total = db.Column(db.BigInteger, nullable=False)
    sold_dt = db.Column(db.DateTime, nullable=False, default=now_utc, index=True)
    voided_dt = db.Column(db.DateTime, nullable=True)
    voided_by_id = db.Column(db.Integer, db.ForeignKey("user_account.id", ondelete="SET NULL"), nullable=True)
    void_reason = db.Column(db.String(300), nullable=True)

    facility = db.relationship("Facility")
    staff = db.relationship("User", foreign_keys=[staff_id])
    lines = db.relationship("SaleLine", cascade="all, delete-orphan", order_by="SaleLine.id", back_populates="sale")

    @property
    def is_void(self) -> bool:
        """True once the sale has been voided."""
        return self.voided_dt is not None


class SaleLine(db.Model):
    """One product on a sale, with the price, HPP and split rates that held when it was sold."""

    __tablename__ = "showroom_sale_line"

    id = db.Column(db.Integer, primary_key=True)
    sale_id = db.Column(db.Integer, db.ForeignKey("showroom_sale.id", ondelete="CASCADE"), nullable=False, index=True)
    product_id = db.Column(db.Integer, db.ForeignKey("showroom_product.id"), nullable=False, index=True)
    product_facility_id = db.Column(db.Integer, db.ForeignKey("facility.id"), nullable=False, index=True)
    quantity = db.Column(db.Integer, nullable=False)
    unit_price = db.Column(db.BigInteger, nullable=False)
    unit_cost = db.Column(db.BigInteger, nullable=False)
    pnbp_rate = db.Column(db.Float, nullable=False)
    premi_rate = db.Column(db.Float, nullable=False)
    split_basis = db.Column(db.String(10), nullable=False)

    sale = db.relationship(Sale, back_populates="lines")
    product = db.relationship(CatalogueProduct)
    makers = db.relationship("SaleLineMaker", cascade="all, delete-orphan", order_by="SaleLineMaker.learner_id")

    @property
    def amount(self) -> int:
        """What the buyer paid for this line."""
        return self.quantity * self.unit_price


class SaleLineMaker(db.Model):
    """A maker of a sold line's product and their share, as they stood when it was sold: the premi
    of that sale goes to them even if the product's makers change later (a maker is released, or
    another joins). Sales recorded before this table existed got the makers their products had
    when it was created (migration 0007)."""

    __tablename__ = "showroom_sale_line_maker"

    line_id = db.Column(db.Integer, db.ForeignKey("showroom_sale_line.id", ondelete="CASCADE"), primary_key=True)
    learner_id = db.Column(db.Integer, db.ForeignKey("user_account.id", ondelete="CASCADE"), primary_key=True,
                           index=True)
    share_percent = db.Column(db.Integer, nullable=False)


class StockMove(db.Model):
    """One change of a product's stock: a sale, a voided sale put back, a delivery from the
    workshop or a return to it. ``stock_after`` makes the stock card readable line by line."""

    __tablename__ = "showroom_stock_move"

    id = db.Column(db.Integer, primary_key=True)
    product_id = db.Column(db.Integer, db.ForeignKey("showroom_product.id"), nullable=False, index=True)
    kind = db.Column(db.String(10), nullable=False)
    quantity = db.Column(db.Integer, nullable=False)
    stock_after = db.Column(db.Integer, nullable=False)
    sale_id = db.Column(db.Integer, db.ForeignKey("showroom_sale.id"), nullable=True)
    note = db.Column(db.String(200), nullable=False, default="")
    by_id = db.Column(db.Integer, db.ForeignKey("user_account.id", ondelete="SET NULL"), nullable=True)
    moved_dt = db.Column(db.DateTime, nullable=False, default=now_utc)

    by = db.relationship("User")


class Calibration(db.Model):
    """A category's practice-market figures, proposed from real sales and accepted by an admin.

    The practice market uses the latest accepted row of each category in place of its preset
    reference price and showroom customers per week (``calibration.calibrated_categories``).
    """

    __tablename__ = "showroom_calibration"

    id = db.Column(db.Integer, primary_key=True)
    category = db.Column(db.String(20), nullable=False, index=True)
    reference_price = db.Column(db.BigInteger, nullable=False)
    weekly_units = db.Column(db.Integer, nullable=False)
    customers_per_week = db.Column(db.Integer, nullable=False)
    period_from = db.Column(db.Date, nullable=False)
    period_to = db.Column(db.Date, nullable=False)
    accepted_dt = db.Column(db.DateTime, nullable=False, default=now_utc)
    accepted_by_id = db.Column(db.Integer, db.ForeignKey("user_account.id", ondelete="SET NULL"), nullable=True)
