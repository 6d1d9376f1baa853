"""Tables of the shop: facility settings, products and photos, practice seasons and class markets.

Simulator inputs and results are kept as JSON made by the simulator's ``to_dict`` methods, so a
stored week can be read back with ``from_dict`` and replayed. Money is integer rupiah.
"""
from __future__ import annotations

from sqlalchemy.orm import validates

from training.clock import now_utc
from training.extensions import db
from training.storefront import limits

SEASON_OPEN = "open"
SEASON_FINISHED = "finished"


class FacilitySettings(db.Model):
    """A facility's shop settings: how money is split (PNBP, premi) and how often it is settled
    (``settlement_period``: week, month or season), the cost-plus margins, and the limits of a
    practice business: hours a learner works a week, a helper's hourly wage, the starting modal
    and a loan's interest (percent per week).

    A facility without a row uses the simulator's labelled example split (``EXAMPLE_SPLIT``).
    Rates are fractions (0.15 is 15%).
    """

    __tablename__ = "shop_facility_settings"

    facility_id = db.Column(db.Integer, db.ForeignKey("facility.id", ondelete="CASCADE"), primary_key=True)
    pnbp_rate = db.Column(db.Float, nullable=False)
    premi_rate = db.Column(db.Float, nullable=False)
    split_basis = db.Column(db.String(10), nullable=False, default="profit")
    margin_low_percent = db.Column(db.Integer, nullable=False, default=20)
    margin_high_percent = db.Column(db.Integer, nullable=False, default=50)
    settlement_period = db.Column(db.String(10), nullable=False, default="week", server_default="week")
    hours_per_week = db.Column(db.Integer, nullable=False, default=30, server_default="30")
    starting_modal = db.Column(db.BigInteger, nullable=False, default=2_000_000, server_default="2000000")
    helper_wage = db.Column(db.BigInteger, nullable=False, default=15_000, server_default="15000")
    loan_rate_percent = db.Column(db.Float, nullable=False, default=1.0, server_default="1")  # per week
    updated_dt = db.Column(db.DateTime, nullable=False, default=now_utc, onupdate=now_utc)
    updated_by_id = db.Column(db.Integer, db.ForeignKey("user_account.id", ondelete="SET NULL"), nullable=True)


class ProductPhoto(db.Model):
    """A product photo, re-encoded on upload and kept in the database (app servers keep no files)."""

    __tablename__ = "shop_product_photo"

    id = db.Column(db.Integer, primary_key=True)
    learner_id = db.Column(db.Integer, db.ForeignKey("user_account.id", ondelete="CASCADE"), nullable=False, index=True)
    content_type = db.Column(db.String(30), nullable=False)
    data = db.deferred(db.Column(db.LargeBinary, nullable=False))  # the image bytes: only when served
    width = db.Column(db.Integer, nullable=False)
    height = db.Column(db.Integer, nullable=False)
    created_dt = db.Column(db.DateTime, nullable=False, default=now_utc)


class Product(db.Model):
    """A real product a learner makes, with everything needed to work out one unit's cost.

    ``materials`` is a list of ``{"name", "quantity" (decimal text), "unit", "price_per_unit"}``.
    Hours of work are kept as hundredths of an hour so that money stays exact.
    """

    __tablename__ = "shop_product"

    id = db.Column(db.Integer, primary_key=True)
    learner_id = db.Column(db.Integer, db.ForeignKey("user_account.id", ondelete="CASCADE"), nullable=False, index=True)
    facility_id = db.Column(db.Integer, db.ForeignKey("facility.id"), nullable=False, index=True)
    name = db.Column(db.String(80), nullable=False)
    category = db.Column(db.String(20), nullable=False)
    description = db.Column(db.String(1000), nullable=False, default="")
    quality = db.Column(db.Float, nullable=False, default=0.6)
    materials = db.Column(db.JSON, nullable=False, default=list)
    labour_centihours = db.Column(db.Integer, nullable=False, default=0)
    labour_rate = db.Column(db.BigInteger, nullable=False, default=0)
    packaging_cost = db.Column(db.BigInteger, nullable=False, default=0)
    overhead_monthly = db.Column(db.BigInteger, nullable=False, default=0)
    units_per_month = db.Column(db.Integer, nullable=False, default=1)
    unit = db.Column(db.String(20), nullable=False, default="", server_default="")
    form_token = db.Column(db.String(40), nullable=True)
    photo_id = db.Column(db.Integer, db.ForeignKey("shop_product_photo.id", ondelete="SET NULL"), nullable=True)
    is_active = db.Column(db.Boolean, nullable=False, default=True)
    created_dt = db.Column(db.DateTime, nullable=False, default=now_utc)
    updated_dt = db.Column(db.DateTime, nullable=False, default=now_utc, onupdate=now_utc)

    learner = db.relationship("User")
    photo = db.relationship(ProductPhoto, lazy="select")

    # A new-product form carries a one-time token: the same form posted twice saves one product.
    __table_args__ = (db.UniqueConstraint("learner_id", "form_token"),)

    @validates("labour_centihours", "labour_rate", "packaging_cost", "overhead_monthly", "units_per_month")
    def _bounded_number(self, key, value):
        """Refuse a negative or absurd number before it reaches the database (see ``limits``)."""
        return limits.check_whole(key, value)

    @validates("materials")
    def _bounded_materials(self, _key, rows):
        """Refuse a material row whose quantity or price no product could have."""
        for row in rows or []:
            limits.check_quantity(row["quantity"])
            limits.check_whole("price_per_unit", row["price_per_unit"])
        return rows


class MarketSeason(db.Model):
    """A learner's practice season against simulated sellers, one week at a time.

    ``settings`` is ``MarketSettings.to_dict()``, ``sellers`` a list of ``SimulatedSeller`` dicts
    and ``products`` a snapshot of the products taken into the season (id, name, category,
    quality, unit cost and its breakdown) so later edits of a product do not change the season.
    """

    __tablename__ = "shop_market_season"

    id = db.Column(db.Integer, primary_key=True)
    learner_id = db.Column(db.Integer, db.ForeignKey("user_account.id", ondelete="CASCADE"), nullable=False, index=True)
    facility_id = db.Column(db.Integer, db.ForeignKey("facility.id"), nullable=False, index=True)
    weeks = db.Column(db.Integer, nullable=False)
    seed = db.Column(db.Integer, nullable=False)
    settings = db.Column(db.JSON, nullable=False)
    sellers = db.Column(db.JSON, nullable=False, default=list)
    products = db.Column(db.JSON, nullable=False, default=list)
    status = db.Column(db.String(10), nullable=False, default=SEASON_OPEN)
    weeks_played = db.Column(db.Integer, nullable=False, default=0)
    created_dt = db.Column(db.DateTime, nullable=False, default=now_utc)
    finished_dt = db.Column(db.DateTime, nullable=True)

    learner = db.relationship("User")
    played = db.relationship(
        "MarketWeek", order_by="MarketWeek.week_index", cascade="all, delete-orphan", back_populates="season"
    )


class MarketWeek(db.Model):
    """One played week of a practice season: the decisions, the result and the what-if figures.

    ``decisions`` is a list of per-product decisions (price, units, channels, marketing);
    ``result`` is ``PeriodResult.to_dict()``. ``expected_profit`` and ``best_profit`` are the
    learner's expected profit as decided and the best expected profit the engine's advice finds
    within the same week's hours, cash and stock (``market.limited_totals``), which the
    pricing-skill figure compares. Weeks played before that kept the what-if curve's best.
    """

    __tablename__ = "shop_market_week"

    id = db.Column(db.Integer, primary_key=True)
    season_id = db.Column(db.Integer, db.ForeignKey("shop_market_season.id", ondelete="CASCADE"), nullable=False)
    week_index = db.Column(db.Integer, nullable=False)
    decisions = db.Column(db.JSON, nullable=False)
    result = db.Column(db.JSON, nullable=False)
    profit = db.Column(db.BigInteger, nullable=False, default=0)
    expected_profit = db.Column(db.BigInteger, nullable=False, default=0)
    best_profit = db.Column(db.BigInteger, nullable=False, default=0)
    ledger = db.Column(db.JSON, nullable=True)  # the week's CashWeek.to_dict(); None before cash was kept
    extras = db.Column(db.JSON, nullable=True)  # helper hours, borrowed and repaid that week
    played_dt = db.Column(db.DateTime, nullable=False, default=now_utc)

    season = db.relationship(MarketSeason, back_populates="played")

    __table_args__ = (db.UniqueConstraint("season_id", "week_index"),)


class ClassMarket(db.Model):
    """A market an instructor opens for one class: learners compete with each other and with
    simulated sellers, one round (week) at a time."""

    __tablename__ = "shop_class_market"

    id = db.Column(db.Integer, primary_key=True)
    class_id = db.Column(db.Integer, db.ForeignKey("training_class.id", ondelete="CASCADE"), nullable=False, index=True)
    facility_id = db.Column(db.Integer, db.ForeignKey("facility.id"), nullable=False, index=True)
    created_by_id = db.Column(db.Integer, db.ForeignKey("user_account.id", ondelete="SET NULL"), nullable=True)
    name = db.Column(db.String(100), nullable=False)
    weeks = db.Column(db.Integer, nullable=False)
    channels = db.Column(db.JSON, nullable=False)
    seed = db.Column(db.Integer, nullable=False)
    seller_count = db.Column(db.Integer, nullable=False, default=2)
    seller_strategy = db.Column(db.String(20), nullable=False, default="mixed")
    settings = db.Column(db.JSON, nullable=False)
    sellers = db.Column(db.JSON, nullable=False, default=list)
    ranking_visible = db.Column(db.Boolean, nullable=False, default=True)
    ranking_names = db.Column(db.String(10), nullable=False, default="initials", server_default="initials")
    ranking_show_losses = db.Column(db.Boolean, nullable=False, default=False, server_default=db.false())
    status = db.Column(db.String(10), nullable=False, default=SEASON_OPEN)
    current_week = db.Column(db.Integer, nullable=False, default=0)
    deadline_dt = db.Column(db.DateTime, nullable=True)
    created_dt = db.Column(db.DateTime, nullable=False, default=now_utc)
    finished_dt = db.Column(db.DateTime, nullable=True)

    training_class = db.relationship("TrainingClass")
    rounds = db.relationship(
        "ClassMarketRound", order_by="ClassMarketRound.week_index", cascade="all, delete-orphan",
        back_populates="market",
    )


class ClassMarketDecision(db.Model):
    """One learner's decisions for one round of a class market (product snapshots included)."""

    __tablename__ = "shop_class_market_decision"

    id = db.Column(db.Integer, primary_key=True)
    market_id = db.Column(db.Integer, db.ForeignKey("shop_class_market.id", ondelete="CASCADE"), nullable=False, index=True)
    week_index = db.Column(db.Integer, nullable=False)
    learner_id = db.Column(db.Integer, db.ForeignKey("user_account.id", ondelete="CASCADE"), nullable=False, index=True)
    decisions = db.Column(db.JSON, nullable=False)
    submitted_dt = db.Column(db.DateTime, nullable=False, default=now_utc)

    learner = db.relationship("User")

    __table_args__ = (db.UniqueConstraint("market_id", "week_index", "learner_id"),)


class ClassMarketRound(db.Model):
    """A round of a class market that has run: its full ``PeriodResult`` as JSON."""

    __tablename__ = "shop_class_market_round"

    id = db.Column(db.Integer, primary_key=True)
    market_id = db.Column(db.Integer, db.ForeignKey("shop_class_market.id", ondelete="CASCADE"), nullable=False)
    week_index = db.Column(db.Integer, nullable=False)
    result = db.Column(db.JSON, nullable=False)
    ran_dt = db.Column(db.DateTime, nullable=False, default=now_utc)
    ran_by_id = db.Column(db.Integer, db.ForeignKey("user_account.id", ondelete="SET NULL"), nullable=True)

    market = db.relationship(ClassMarket, back_populates="rounds")

    __table_args__ = (db.UniqueConstraint("market_id", "week_index"),)
