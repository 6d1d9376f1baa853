"""What a period or a season of the market produced, per offer and per market group.

Demand and units are ``int`` in a realised run and may be fractional in expected mode; money is
always ``int`` rupiah. For every :class:`OfferResult` the conservation identity holds::

    revenue == production_cost + commission + stall_fee + marketing_cost
               + pnbp + premi + working_capital
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from typing import Callable

from .model import Offer, StockBatch

MONEY_FIELDS = ("revenue", "production_cost", "commission", "stall_fee", "marketing_cost",
                "profit", "pnbp", "premi", "working_capital", "spoiled_cost")
UNIT_FIELDS = ("expected_demand", "demand", "sold", "lost", "spoiled", "units_made")


@dataclass(slots=True)
class OfferResult:
    """One offer's period: its inputs as used, demand, sales, stock and money.

    ``stock_before`` is the carried stock before this period's production; ``available`` adds
    ``units_made``. ``pnbp``, ``premi`` and ``working_capital`` are an old split of this one offer's
    week, deprecated: premi is settled per seller per period (``settlement.settle_seller``) and
    these stay only until no caller reads them. ``lost`` is demand that found no stock; ``spoiled`` units went bad at the end
    of the period (``spoiled_cost`` is what they had cost to make: information, not a new cost
    line, because their production cost was counted when they were made).
    """

    offer_id: str
    owner_id: str
    category: str
    channel: str
    kind: str
    facility_id: str
    price: int
    quality: float
    marketing_spend: int
    unit_cost: int
    units_made: int
    rating_before: float
    stock_before: float
    available: float
    expected_demand: float
    demand: float
    sold: float
    lost: float
    spoiled: float
    spoiled_cost: int
    revenue: int
    production_cost: int
    commission: int
    stall_fee: int
    marketing_cost: int
    profit: int
    pnbp: int
    premi: int
    working_capital: int
    rating_after: float
    stock_after: tuple[StockBatch, ...]
    name: str = ""
    unit: str = ""

    @property
    def total_costs(self) -> int:
        """Production, commission, stall fee and marketing of this period."""
        return self.production_cost + self.commission + self.stall_fee + self.marketing_cost

    @property
    def stock_left(self) -> float:
        """Units carried into the next period."""
        return sum(batch.units for batch in self.stock_after)

    def to_dict(self) -> dict:
        """Plain JSON-ready form."""
        data = {f.name: getattr(self, f.name) for f in fields(self)}
        data["stock_after"] = [b.to_dict() for b in self.stock_after]
        return data

    @classmethod
    def from_dict(cls, data: dict) -> OfferResult:
        """Inverse of :meth:`to_dict`."""
        values = dict(data)
        values["stock_after"] = tuple(StockBatch.from_dict(b) for b in data["stock_after"])
        return cls(**values)


@dataclass(slots=True)
class GroupResult:
    """One category in one channel this period: how many shoppers came and why.

    ``customers`` = base count x ``customer_scale`` x ``season_factor``; ``segment_customers``
    splits it by segment code. ``events`` are the calendar events touching the week.
    """

    category: str
    channel: str
    customers: float
    season_factor: float
    events: tuple[str, ...]
    segment_customers: dict[str, float]
    offer_ids: tuple[str, ...]

    def to_dict(self) -> dict:
        """Plain JSON-ready form."""
        return {"category": self.category, "channel": self.channel, "customers": self.customers,
                "season_factor": self.season_factor, "events": list(self.events),
                "segment_customers": dict(self.segment_customers),
                "offer_ids": list(self.offer_ids)}

    @classmethod
    def from_dict(cls, data: dict) -> GroupResult:
        """Inverse of :meth:`to_dict`."""
        return cls(data["category"], data["channel"], data["customers"], data["season_factor"],
                   tuple(data["events"]), dict(data["segment_customers"]),
                   tuple(data["offer_ids"]))


@dataclass(slots=True, eq=False)
class PeriodResult:
    """All offers of one period (sorted by category, channel, offer id) and their groups."""

    week_index: int
    week_start: str
    seed: int
    expected: bool
    groups: tuple[GroupResult, ...]
    offers: tuple[OfferResult, ...]

    def __eq__(self, other: object) -> bool:
        """Equal when every field is equal (a period the engine made equals its copy)."""
        if not isinstance(other, PeriodResult):
            return NotImplemented
        return all(getattr(self, f.name) == getattr(other, f.name) for f in fields(self))

    def offer(self, offer_id: str) -> OfferResult:
        """The result of one offer (KeyError if it was not in this period)."""
        for result in self.offers:
            if result.offer_id == offer_id:
                return result
        raise KeyError(offer_id)

    def group(self, category: str, channel: str) -> GroupResult | None:
        """The group of a category and channel, or None if nobody sold there this period."""
        for group in self.groups:
            if group.category == category and group.channel == channel:
                return group
        return None

    def group_offers(self, category: str, channel: str) -> list[OfferResult]:
        """Every offer in one category and channel."""
        return [r for r in self.offers if r.category == category and r.channel == channel]

    def offers_of(self, owner_id: str) -> list[OfferResult]:
        """Every offer of one seller."""
        return [r for r in self.offers if r.owner_id == owner_id]

    def totals(self, owner_id: str | None = None) -> dict[str, float]:
        """Money and unit totals over all offers, or over one seller's offers."""
        chosen = self.offers if owner_id is None else self.offers_of(owner_id)
        return {name: sum(getattr(r, name) for r in chosen) for name in MONEY_FIELDS + UNIT_FIELDS}

    def to_dict(self) -> dict:
        """Plain JSON-ready form."""
        return {"week_index": self.week_index, "week_start": self.week_start, "seed": self.seed,
                "expected": self.expected, "groups": [g.to_dict() for g in self.groups],
                "offers": [r.to_dict() for r in self.offers]}

    @classmethod
    def from_dict(cls, data: dict) -> PeriodResult:
        """Inverse of :meth:`to_dict`."""
        return cls(data["week_index"], data["week_start"], data["seed"], data["expected"],
                   tuple(GroupResult.from_dict(g) for g in data["groups"]),
                   tuple(OfferResult.from_dict(r) for r in data["offers"]))


_OFFERS_SLOT = PeriodResult.__dict__["offers"]


class EnginePeriodResult(PeriodResult):
    """A :class:`PeriodResult` whose offer results are made the first time they are read.

    The engine computes a week as columns (``columns.py``); turning 10,000 of them into
    :class:`OfferResult` objects every week was most of a national season's time, and a season
    is often only partly read (one learner's offers, the last week). Reading ``offers`` builds
    them once; everything else behaves as a ``PeriodResult``.
    """

    __slots__ = ("_build",)
    _build: Callable[[], tuple[OfferResult, ...]] | None

    @classmethod
    def pending(cls, week_index: int, week_start: str, seed: int, expected: bool,
                groups: tuple[GroupResult, ...],
                build: Callable[[], tuple[OfferResult, ...]]) -> EnginePeriodResult:
        """A period whose offers ``build()`` makes when first read."""
        period = object.__new__(cls)
        period.week_index, period.week_start, period.seed = week_index, week_start, seed
        period.expected, period.groups, period._build = expected, groups, build
        return period

    @property
    def offers(self) -> tuple[OfferResult, ...]:
        """Every offer's result, in the engine's order (built on first reading)."""
        try:
            return _OFFERS_SLOT.__get__(self, PeriodResult)
        except AttributeError:
            assert self._build is not None  # set by pending(); cleared once the offers exist
            made = self._build()
            _OFFERS_SLOT.__set__(self, made)
            self._build = None
            return made

    @offers.setter
    def offers(self, value: tuple[OfferResult, ...]) -> None:
        _OFFERS_SLOT.__set__(self, value)


def carry_forward(offers: list[Offer], result: PeriodResult) -> list[Offer]:
    """The same decisions for the next period, with stock and rating taken from ``result``.

    Offers that were not in ``result`` are returned unchanged.
    """
    by_id = {r.offer_id: r for r in result.offers}
    carried = []
    for offer in offers:
        done = by_id.get(offer.offer_id)
        if done is None:
            carried.append(offer)
        else:
            carried.append(offer.with_changes(stock=done.stock_after, rating=done.rating_after))
    return carried


@dataclass(slots=True)
class SeasonResult:
    """Every period of a season, in order, and the offers as they stood after the last one."""

    periods: tuple[PeriodResult, ...]
    final_offers: tuple[Offer, ...]

    def offer_history(self, offer_id: str) -> list[OfferResult]:
        """One offer's result in each period it took part in."""
        history = []
        for period in self.periods:
            for result in period.offers:
                if result.offer_id == offer_id:
                    history.append(result)
                    break
        return history

    def totals(self, owner_id: str | None = None) -> dict[str, float]:
        """Money and unit totals over the whole season (all sellers, or one)."""
        sums: dict[str, float] = {name: 0 for name in MONEY_FIELDS + UNIT_FIELDS}
        for period in self.periods:
            for name, value in period.totals(owner_id).items():
                sums[name] += value
        return sums

    def to_dict(self) -> dict:
        """Plain JSON-ready form."""
        return {"periods": [p.to_dict() for p in self.periods],
                "final_offers": [o.to_dict() for o in self.final_offers]}

    @classmethod
    def from_dict(cls, data: dict) -> SeasonResult:
        """Inverse of :meth:`to_dict`."""
        return cls(tuple(PeriodResult.from_dict(p) for p in data["periods"]),
                   tuple(Offer.from_dict(o) for o in data["final_offers"]))
