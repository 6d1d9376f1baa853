"""The market's inputs as dataclasses: settings, category and channel presets, offers and stock.

Everything here is immutable and has explicit ``to_dict``/``from_dict`` so the web layer can keep
settings and decisions as JSON. Money is integer rupiah. Quality is a number from 0 (poor) to 1
(excellent); a rating is stars from 1 to 5.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass, field, replace

from .checks import finite, plain_decisions, whole_count, whole_rupiah
from .money import SplitRates

PERIOD_DAYS = 7
"""One market period is one week."""

KINDS = ("learner", "umkm")


@dataclass(frozen=True, slots=True)
class Segment:
    """A group of customers with its own taste: ``a`` weighs quality, ``b`` weighs relative price."""

    code: str
    weight: float
    quality_weight: float
    price_weight: float

    def __post_init__(self) -> None:
        finite(f"segment {self.code!r} weight", self.weight, low=0.0, high=1.0)
        finite(f"segment {self.code!r} quality weight", self.quality_weight)
        finite(f"segment {self.code!r} price weight b", self.price_weight, low=0.0, low_open=True)

    def to_dict(self) -> dict:
        """Plain JSON-ready form."""
        return {"code": self.code, "weight": self.weight,
                "quality_weight": self.quality_weight, "price_weight": self.price_weight}

    @classmethod
    def from_dict(cls, data: dict) -> Segment:
        """Inverse of :meth:`to_dict`."""
        return cls(data["code"], data["weight"], data["quality_weight"], data["price_weight"])


@dataclass(frozen=True, slots=True)
class CategoryPreset:
    """What the market looks like for one product category (see ``presets.py`` for the figures).

    ``customers_per_week`` maps a channel to the base number of shoppers who look at this
    category there in an ordinary week. ``shelf_life_days`` is None for durable goods.
    ``season_factors`` maps a calendar event code (``seasons.EVENTS``) to a demand multiplier.
    """

    code: str
    reference_price: int
    customers_per_week: dict[str, float]
    segments: tuple[Segment, ...]
    shelf_life_days: int | None
    marketing_reference: int
    unit_cost_range: tuple[int, int]
    season_factors: dict[str, float]
    name_id: str = ""
    name_en: str = ""
    unit_id: str = "unit"
    unit_en: str = "units"
    hours_per_unit: float = 1.0

    def __post_init__(self) -> None:
        what = f"category {self.code!r}"
        whole_rupiah(f"{what} reference_price", self.reference_price, minimum=1)
        whole_rupiah(f"{what} marketing_reference", self.marketing_reference, minimum=1)
        for channel, customers in self.customers_per_week.items():
            finite(f"{what} shoppers in {channel}", customers, low=0.0)
        for event, factor in self.season_factors.items():
            finite(f"{what} season factor {event}", factor, low=0.0)
        if self.shelf_life_days is not None:
            whole_count(f"{what} shelf_life_days", self.shelf_life_days, minimum=1)
        finite(f"{what} hours_per_unit", self.hours_per_unit, low=0.0, low_open=True)
        if not self.segments or abs(sum(s.weight for s in self.segments) - 1.0) > 1e-9:
            raise ValueError(f"segment weights of {self.code!r} must add up to 1")

    def to_dict(self) -> dict:
        """Plain JSON-ready form."""
        return {
            "code": self.code, "reference_price": self.reference_price,
            "customers_per_week": dict(self.customers_per_week),
            "segments": [s.to_dict() for s in self.segments],
            "shelf_life_days": self.shelf_life_days,
            "marketing_reference": self.marketing_reference,
            "unit_cost_range": list(self.unit_cost_range),
            "season_factors": dict(self.season_factors),
            "name_id": self.name_id, "name_en": self.name_en,
            "unit_id": self.unit_id, "unit_en": self.unit_en,
            "hours_per_unit": self.hours_per_unit,
        }

    @classmethod
    def from_dict(cls, data: dict) -> CategoryPreset:
        """Inverse of :meth:`to_dict`."""
        return cls(
            code=data["code"], reference_price=data["reference_price"],
            customers_per_week=dict(data["customers_per_week"]),
            segments=tuple(Segment.from_dict(s) for s in data["segments"]),
            shelf_life_days=data["shelf_life_days"],
            marketing_reference=data["marketing_reference"],
            unit_cost_range=tuple(data["unit_cost_range"]),
            season_factors=dict(data["season_factors"]),
            name_id=data.get("name_id", ""), name_en=data.get("name_en", ""),
            unit_id=data.get("unit_id", "unit"), unit_en=data.get("unit_en", "units"),
            hours_per_unit=data.get("hours_per_unit", 1.0),
        )


@dataclass(frozen=True, slots=True)
class ChannelPreset:
    """Where products are sold and what it costs to sell there.

    ``stall_fee`` is charged once per seller per period in this channel (shared over that seller's
    offers there); ``commission_rate`` is taken from each sale's revenue (e.g. a marketplace fee).
    """

    code: str
    stall_fee: int
    commission_rate: float
    name_id: str = ""
    name_en: str = ""

    def __post_init__(self) -> None:
        whole_rupiah(f"channel {self.code!r} stall_fee", self.stall_fee)
        finite(f"channel {self.code!r} commission_rate", self.commission_rate, low=0.0, high=0.99)

    def to_dict(self) -> dict:
        """Plain JSON-ready form."""
        return {"code": self.code, "stall_fee": self.stall_fee,
                "commission_rate": self.commission_rate,
                "name_id": self.name_id, "name_en": self.name_en}

    @classmethod
    def from_dict(cls, data: dict) -> ChannelPreset:
        """Inverse of :meth:`to_dict`."""
        return cls(data["code"], data["stall_fee"], data["commission_rate"],
                   data.get("name_id", ""), data.get("name_en", ""))


@dataclass(frozen=True, slots=True)
class MarketSettings:
    """Everything about a market that is not a seller's decision.

    ``start_date`` (ISO text) is the first day of week 0; the season calendar reads real dates from
    it. ``split`` is the default money split; ``facility_splits`` overrides it per facility id.
    ``marketing_weight`` and ``rating_weight`` are ``g`` and ``h`` in the choice formula.
    ``customer_scale`` multiplies every base customer count (a national showroom is bigger than a
    class market). ``lebaran_dates`` may override the built-in Ramadan table:
    ``{year: [first day of Ramadan, Idul Fitri]}`` as ISO dates.

    Limits of a real business (``limits.py``): ``hours_per_week`` a seller can work alone,
    ``helper_wage_per_hour`` paid for hired hours, ``starting_cash`` (modal awal) a learner starts
    a season with, ``loan_interest_rate`` charged per week on a loan's balance.
    ``settlement_period`` (``week``, ``month`` or ``season``) is how often the split is settled.
    Defaults are assumptions for the game: 30 hours (about 5 hours a day, 6 days, in a prison
    workshop), Rp15.000 an hour for a helper, a modal of Rp2.000.000 (enough for one furniture
    set or a few weeks of food), 1% interest a week.
    """

    categories: dict[str, CategoryPreset]
    channels: dict[str, ChannelPreset]
    split: SplitRates
    start_date: str = "2027-01-04"
    seed: int = 0
    facility_splits: dict[str, SplitRates] = field(default_factory=dict)
    customer_scale: float = 1.0
    marketing_weight: float = 0.4
    rating_weight: float = 0.35
    review_halfway_units: float = 20.0
    price_step: int = 100
    lebaran_dates: dict[int, tuple[str, str]] = field(default_factory=dict)
    hours_per_week: float = 30.0
    helper_wage_per_hour: int = 15_000
    starting_cash: int = 2_000_000
    loan_interest_rate: float = 0.01
    settlement_period: str = "week"

    def __post_init__(self) -> None:
        dt.date.fromisoformat(self.start_date)
        whole_rupiah("price_step", self.price_step, minimum=1)
        finite("customer_scale", self.customer_scale, low=0.0)
        finite("marketing_weight", self.marketing_weight)
        finite("rating_weight", self.rating_weight)
        finite("review_halfway_units", self.review_halfway_units, low=0.0, low_open=True)
        finite("hours_per_week", self.hours_per_week, low=0.0, high=24.0 * 7)
        whole_rupiah("helper_wage_per_hour", self.helper_wage_per_hour)
        whole_rupiah("starting_cash", self.starting_cash)
        finite("loan_interest_rate", self.loan_interest_rate, low=0.0, high=1.0)
        if self.settlement_period not in ("week", "month", "season"):
            raise ValueError("settlement_period must be week, month or season, "
                             f"got {self.settlement_period!r}")

    def week_start(self, week_index: int) -> dt.date:
        """The first day of week ``week_index`` (week 0 starts on ``start_date``)."""
        return dt.date.fromisoformat(self.start_date) + dt.timedelta(days=PERIOD_DAYS * week_index)

    def split_for(self, facility_id: str) -> SplitRates:
        """The split that applies to a facility's products."""
        return self.facility_splits.get(facility_id, self.split)

    def to_dict(self) -> dict:
        """Plain JSON-ready form."""
        return {
            "categories": {k: v.to_dict() for k, v in self.categories.items()},
            "channels": {k: v.to_dict() for k, v in self.channels.items()},
            "split": self.split.to_dict(), "start_date": self.start_date, "seed": self.seed,
            "facility_splits": {k: v.to_dict() for k, v in self.facility_splits.items()},
            "customer_scale": self.customer_scale,
            "marketing_weight": self.marketing_weight, "rating_weight": self.rating_weight,
            "review_halfway_units": self.review_halfway_units, "price_step": self.price_step,
            "lebaran_dates": {str(k): list(v) for k, v in self.lebaran_dates.items()},
            "hours_per_week": self.hours_per_week,
            "helper_wage_per_hour": self.helper_wage_per_hour,
            "starting_cash": self.starting_cash, "loan_interest_rate": self.loan_interest_rate,
            "settlement_period": self.settlement_period,
        }

    @classmethod
    def from_dict(cls, data: dict) -> MarketSettings:
        """Inverse of :meth:`to_dict`."""
        return cls(
            categories={k: CategoryPreset.from_dict(v) for k, v in data["categories"].items()},
            channels={k: ChannelPreset.from_dict(v) for k, v in data["channels"].items()},
            split=SplitRates.from_dict(data["split"]),
            start_date=data.get("start_date", "2027-01-04"), seed=data.get("seed", 0),
            facility_splits={k: SplitRates.from_dict(v)
                             for k, v in data.get("facility_splits", {}).items()},
            customer_scale=data.get("customer_scale", 1.0),
            marketing_weight=data.get("marketing_weight", 0.4),
            rating_weight=data.get("rating_weight", 0.35),
            review_halfway_units=data.get("review_halfway_units", 20.0),
            price_step=data.get("price_step", 100),
            lebaran_dates={int(k): tuple(v) for k, v in data.get("lebaran_dates", {}).items()},
            hours_per_week=data.get("hours_per_week", 30.0),
            helper_wage_per_hour=data.get("helper_wage_per_hour", 15_000),
            starting_cash=data.get("starting_cash", 2_000_000),
            loan_interest_rate=data.get("loan_interest_rate", 0.01),
            settlement_period=data.get("settlement_period", "week"),
        )


@dataclass(frozen=True, slots=True)
class StockBatch:
    """Units made together: how many are left, how old they are (days) and what each one cost.

    In expected mode ``units`` may be fractional (an expectation), never in a realised run.
    """

    units: float
    age_days: int
    unit_cost: int

    def __post_init__(self) -> None:
        units, age, cost = self.units, self.age_days, self.unit_cost
        if ((type(units) is float or type(units) is int) and 0 <= units < math.inf
                and type(age) is int and age >= 0 and type(cost) is int and cost >= 0):
            return  # the common case, checked fast: the engine makes many batches a week
        finite("stock units", units, low=0.0)
        whole_count("stock age_days", age)
        whole_rupiah("stock unit_cost", cost)

    def to_dict(self) -> dict:
        """Plain JSON-ready form."""
        return {"units": self.units, "age_days": self.age_days, "unit_cost": self.unit_cost}

    @classmethod
    def from_dict(cls, data: dict) -> StockBatch:
        """Inverse of :meth:`to_dict`."""
        return cls(data["units"], data["age_days"], data["unit_cost"])


@dataclass(frozen=True, slots=True)
class Offer:
    """One product offered by one seller in one channel for one period: the seller's decisions.

    ``units_made`` are produced this period at ``unit_cost`` each and join ``stock`` (batches carried
    from earlier periods). ``unit_cost_breakdown`` (e.g. materials, labour, packaging, overhead) is
    kept for the debrief; when given it must add up to ``unit_cost``. ``kind`` is ``"learner"`` or
    ``"umkm"`` (a simulated local seller, who pays no PNBP or premi). ``name`` is the product's own
    name and ``unit`` its own unit (e.g. ``toples``), used wherever the engine speaks; empty means
    the category's name and unit. ``hours_per_unit`` (None: the category's) is the work one unit
    takes, checked against the seller's hours in ``limits.py``.
    """

    offer_id: str
    owner_id: str
    category: str
    channel: str
    price: int
    quality: float
    unit_cost: int
    units_made: int = 0
    marketing_spend: int = 0
    rating: float = 3.0
    stock: tuple[StockBatch, ...] = ()
    unit_cost_breakdown: dict[str, int] = field(default_factory=dict)
    facility_id: str = ""
    kind: str = "learner"
    name: str = ""
    unit: str = ""
    hours_per_unit: float | None = None

    def __post_init__(self) -> None:
        if (self.hours_per_unit is None and not self.unit_cost_breakdown
                and (self.kind == "learner" or self.kind == "umkm")
                and plain_decisions(self.price, self.unit_cost, self.units_made,
                                    self.marketing_spend, self.quality, self.rating)):
            return  # the common case, checked fast: a class round makes hundreds of offers
        what = f"offer {self.offer_id!r}:"
        whole_rupiah(f"{what} price", self.price, minimum=1)
        whole_rupiah(f"{what} unit_cost", self.unit_cost)
        whole_count(f"{what} units_made", self.units_made)
        whole_rupiah(f"{what} marketing_spend", self.marketing_spend)
        finite(f"{what} quality", self.quality, low=0.0, high=1.0)
        finite(f"{what} rating", self.rating, low=1.0, high=5.0)
        if self.hours_per_unit is not None:
            finite(f"{what} hours_per_unit", self.hours_per_unit, low=0.0)
        for part, amount in self.unit_cost_breakdown.items():
            whole_rupiah(f"{what} cost of {part}", amount)
        if self.unit_cost_breakdown and sum(self.unit_cost_breakdown.values()) != self.unit_cost:
            raise ValueError(f"offer {self.offer_id!r}: the cost breakdown must add up to unit_cost")
        if self.kind not in KINDS:
            raise ValueError(f"offer {self.offer_id!r}: kind must be one of {KINDS}")

    def with_changes(self, **changes) -> Offer:
        """A copy with some decisions changed (``dataclasses.replace``)."""
        return replace(self, **changes)

    def to_dict(self) -> dict:
        """Plain JSON-ready form."""
        return {
            "offer_id": self.offer_id, "owner_id": self.owner_id, "category": self.category,
            "channel": self.channel, "price": self.price, "quality": self.quality,
            "unit_cost": self.unit_cost, "units_made": self.units_made,
            "marketing_spend": self.marketing_spend, "rating": self.rating,
            "stock": [b.to_dict() for b in self.stock],
            "unit_cost_breakdown": dict(self.unit_cost_breakdown),
            "facility_id": self.facility_id, "kind": self.kind,
            "name": self.name, "unit": self.unit, "hours_per_unit": self.hours_per_unit,
        }

    @classmethod
    def from_dict(cls, data: dict) -> Offer:
        """Inverse of :meth:`to_dict`."""
        return cls(
            offer_id=data["offer_id"], owner_id=data["owner_id"], category=data["category"],
            channel=data["channel"], price=data["price"], quality=data["quality"],
            unit_cost=data["unit_cost"], units_made=data.get("units_made", 0),
            marketing_spend=data.get("marketing_spend", 0), rating=data.get("rating", 3.0),
            stock=tuple(StockBatch.from_dict(b) for b in data.get("stock", ())),
            unit_cost_breakdown=dict(data.get("unit_cost_breakdown", {})),
            facility_id=data.get("facility_id", ""), kind=data.get("kind", "learner"),
            name=data.get("name", ""), unit=data.get("unit", ""),
            hours_per_unit=data.get("hours_per_unit"),
        )

