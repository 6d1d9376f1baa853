"""Simulated local sellers (UMKM) and how each one sets its price every week.

Strategies (``SellerStrategy.kind``):

- ``fixed``: always the seller's own ``price``.
- ``undercut``: ``undercut_rate`` below the cheapest rival, but never below
  ``unit_cost * (1 + min_margin_rate)``; with no rival it keeps its own ``price``.
- ``premium``: ``markup_rate`` above the category's reference price, with the seller's (high)
  quality.
- ``best_response``: the price that maximises its own expected profit against the rivals' current
  prices (``pricing.best_response_price``). Sellers who all play it drift to the logit
  Bertrand-Nash prices week after week.

Each seller reacts to what it can see when it sets its price: the learners' offers of this week
and the other simulated sellers' offers of last week. Prices are rounded half up to the market's
``price_step`` (and up again if that would fall below the floor).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Sequence

import numpy as np

from .groups import choice_params, week_customers
from .model import MarketSettings, Offer, StockBatch
from .money import round_half_up
from .pricing import Product, Rival, best_response_price
from .results import PeriodResult
from .rival_field import RivalField
from .seasons import lebaran_overrides, week_day_events

STRATEGY_KINDS = ("fixed", "undercut", "premium", "best_response")


@dataclass(frozen=True, slots=True)
class SellerStrategy:
    """How a simulated seller prices; the rates are used by the kinds that need them."""

    kind: str
    undercut_rate: float = 0.05
    markup_rate: float = 0.30
    min_margin_rate: float = 0.0

    def __post_init__(self) -> None:
        if self.kind not in STRATEGY_KINDS:
            raise ValueError(f"strategy kind must be one of {STRATEGY_KINDS}, got {self.kind!r}")

    def to_dict(self) -> dict:
        """Plain JSON-ready form."""
        return {"kind": self.kind, "undercut_rate": self.undercut_rate,
                "markup_rate": self.markup_rate, "min_margin_rate": self.min_margin_rate}

    @classmethod
    def from_dict(cls, data: dict) -> SellerStrategy:
        """Inverse of :meth:`to_dict`."""
        return cls(data["kind"], data.get("undercut_rate", 0.05), data.get("markup_rate", 0.30),
                   data.get("min_margin_rate", 0.0))


@dataclass(frozen=True, slots=True)
class SimulatedSeller:
    """A local seller played by the computer in one category and channel.

    ``price`` is the starting (or fixed) price. ``units_per_week`` is what it makes each week;
    ``None`` means it makes what it expects to sell at its price, less the stock it has.
    """

    seller_id: str
    category: str
    channel: str
    strategy: SellerStrategy
    unit_cost: int
    quality: float
    price: int
    units_per_week: int | None = None
    marketing_spend: int = 0
    rating: float = 3.0

    @property
    def offer_id(self) -> str:
        """The id of this seller's offer in every period."""
        return f"umkm:{self.seller_id}"

    def to_dict(self) -> dict:
        """Plain JSON-ready form."""
        return {"seller_id": self.seller_id, "category": self.category, "channel": self.channel,
                "strategy": self.strategy.to_dict(), "unit_cost": self.unit_cost,
                "quality": self.quality, "price": self.price,
                "units_per_week": self.units_per_week, "marketing_spend": self.marketing_spend,
                "rating": self.rating}

    @classmethod
    def from_dict(cls, data: dict) -> SimulatedSeller:
        """Inverse of :meth:`to_dict`."""
        return cls(data["seller_id"], data["category"], data["channel"],
                   SellerStrategy.from_dict(data["strategy"]), data["unit_cost"],
                   data["quality"], data["price"], data.get("units_per_week"),
                   data.get("marketing_spend", 0), data.get("rating", 3.0))


def round_to_step(price: float, step: int, floor: float = 0.0) -> int:
    """A price rounded half up to the price step, at least one step and never below ``floor``."""
    rounded = round_half_up(price / step) * step
    if rounded < floor:
        rounded = math.ceil(floor / step) * step
    return max(step, rounded)


def strategy_price(seller: SimulatedSeller, rivals: Sequence[Rival], settings: MarketSettings,
                   week_index: int, rating: float) -> int:
    """This week's price of a simulated seller, given the rivals it can see."""
    if seller.strategy.kind != "best_response":
        return _rule_price(seller, min((r.price for r in rivals), default=None), settings)
    customers, _factor = week_customers(settings, seller.category, seller.channel, week_index)
    params = choice_params(settings, seller.category, customers)
    product = Product(seller.unit_cost, seller.quality, seller.marketing_spend, rating)
    commission = settings.channels[seller.channel].commission_rate
    best = best_response_price(product, rivals, params, commission)
    return round_to_step(best, settings.price_step, seller.unit_cost)


def _rule_price(seller: SimulatedSeller, cheapest: float | None, settings: MarketSettings) -> int:
    """The price of a seller whose strategy is a rule (fixed, premium, undercut), given the
    cheapest rival price (None when it has no rival)."""
    strategy = seller.strategy
    step = settings.price_step
    if strategy.kind == "fixed":
        return seller.price
    if strategy.kind == "premium":
        reference = settings.categories[seller.category].reference_price
        return round_to_step(reference * (1.0 + strategy.markup_rate), step, seller.unit_cost)
    floor = seller.unit_cost * (1.0 + strategy.min_margin_rate)
    if cheapest is None:
        return round_to_step(seller.price, step, floor)
    return round_to_step(cheapest * (1.0 - strategy.undercut_rate), step, floor)


def simulated_offers(sellers: Sequence[SimulatedSeller], offers: Sequence[Offer],
                     settings: MarketSettings, week_index: int,
                     previous: PeriodResult | None = None) -> list[Offer]:
    """The simulated sellers' offers for this week.

    ``offers`` are the learners' offers of this week; ``previous`` (last week's result, if any)
    gives each seller its stock, rating and the other sellers' last prices. Every seller's rivals
    are summed at once (``rival_field.RivalField``); each price is then its strategy's, as
    :func:`strategy_price` gives it.
    """
    if not sellers:
        return []
    last = {r.offer_id: r for r in previous.offers} if previous is not None else {}
    seen: list[Rival] = []
    ratings: list[float] = []
    stocks: list[tuple[StockBatch, ...]] = []
    for seller in sellers:
        done = last.get(seller.offer_id)
        if done is None:
            seen.append(Rival(seller.price, seller.quality, seller.marketing_spend, seller.rating))
            ratings.append(seller.rating)
            stocks.append(())
        else:
            seen.append(Rival(done.price, done.quality, done.marketing_spend, done.rating_after))
            ratings.append(done.rating_after)
            stocks.append(done.stock_after)
    day_events = week_day_events(settings.week_start(week_index),
                                 lebaran_overrides(settings.lebaran_dates))
    field = RivalField([(s.category, s.channel) for s in sellers], seen, offers, settings,
                       day_events)
    prices = [seller.price if seller.strategy.kind == "best_response"
              else _rule_price(seller, field.cheapest[index], settings)
              for index, seller in enumerate(sellers)]
    responding = [index for index, seller in enumerate(sellers)
                  if seller.strategy.kind == "best_response"]
    if responding:
        costs, commons = [], []
        for index in responding:
            seller = sellers[index]
            costs.append(seller.unit_cost
                         / (1.0 - settings.channels[seller.channel].commission_rate))
            commons.append(field.common(index, seller.marketing_spend, ratings[index]))
        best = field.best_prices(responding, costs, [sellers[i].quality for i in responding],
                                 commons)
        for index, price in zip(responding, best):
            prices[index] = round_to_step(price, settings.price_step, sellers[index].unit_cost)
    units = [0 if seller.units_per_week is None else seller.units_per_week for seller in sellers]
    to_order = [index for index, seller in enumerate(sellers) if seller.units_per_week is None]
    if to_order:
        chosen = [sellers[index] for index in to_order]
        demand = field.own_demand(np.array(to_order, dtype=np.intp),
                                  [prices[index] for index in to_order],
                                  [s.quality for s in chosen], [s.marketing_spend for s in chosen],
                                  [ratings[index] for index in to_order])
        for index, expected in zip(to_order, demand.tolist()):
            on_hand = sum(batch.units for batch in stocks[index])
            units[index] = max(0, round_half_up(expected - on_hand))
    return [Offer(seller.offer_id, seller.seller_id, seller.category, seller.channel,
                  prices[index], seller.quality, seller.unit_cost, units[index],
                  seller.marketing_spend, ratings[index], stocks[index], kind="umkm")
            for index, seller in sorted(enumerate(sellers), key=lambda pair: pair[1].seller_id)]

