"""The market as columns: offers prepared once, then a whole week computed with numpy.

The engine's rules are in ``engine.py``; this module carries them out for every offer of a week at
once, because a national season is 10,000 offers x 52 weeks and a Python loop per offer was most
of its time. ``prepare_market`` does the per-offer work that does not change from week to week
(checks, grouping and order, stall fee shares, splits, the marketing part of the utility, the
rating buyers would give at the offer's price); ``run_season`` keeps it while the offers stay the
same. ``week_columns`` then computes demand, sales, stock, money and ratings as arrays.

The arithmetic is the scalar rules' own, operation for operation (integer rupiah in int64, or in
Python ints when an amount could overflow), so results do not depend on which path computed them,
up to the last bit of a float where numpy's ``exp`` and summation order differ from ``math``'s.
Offers whose carried stock is more than one batch go through the scalar rules (``engine``).
"""

from __future__ import annotations

from dataclasses import dataclass
from math import log, log1p
from operator import attrgetter, is_
from typing import Any, Sequence

import numpy as np

from .choice import ChoiceParams
from .groups import check_offers, stall_fee_shares
from .model import PERIOD_DAYS, MarketSettings, Offer, StockBatch
from .money import NO_SPLIT, compile_split, rate_fraction

RESIDUE = 1e-9  # in expected mode, fractional stock below this is float noise and is dropped
_SAFE_MONEY = 2.0 ** 60  # beyond this an int64 product could overflow: use Python ints


@dataclass(frozen=True, slots=True)
class Group:
    """One category and channel of a prepared market: its offers are ``slice(start, stop)``."""

    category: str
    channel: str
    start: int
    stop: int
    offer_ids: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Market:
    """Offers in the engine's order (category, channel, offer id) with their fixed columns."""

    offers: tuple[Offer, ...]
    groups: tuple[Group, ...]
    source: tuple[Offer, ...]  # the offers as given, to tell whether the market can be reused
    fixed: dict[str, Any]  # column name -> list (for results) or numpy array (for arithmetic)


def prepare_market(offers: Sequence[Offer], settings: MarketSettings) -> Market:
    """Check the offers and prepare everything about them that stays the same every week."""
    check_offers(offers, settings)
    fees = stall_fee_shares(offers, settings)
    grouped: dict[tuple[str, str], list[Offer]] = {}
    for offer in offers:
        grouped.setdefault((offer.category, offer.channel), []).append(offer)
    ordered: list[Offer] = []
    groups = []
    shelf, commission_n, commission_d, inverse_m0, reference = [], [], [], [], []
    for category, channel in sorted(grouped):
        members = sorted(grouped[(category, channel)], key=lambda o: o.offer_id)
        preset = settings.categories[category]
        groups.append(Group(category, channel, len(ordered), len(ordered) + len(members),
                            tuple(o.offer_id for o in members)))
        ordered.extend(members)
        count = len(members)
        life = preset.shelf_life_days
        shelf += [np.inf if life is None else float(life)] * count
        numerator, denominator = rate_fraction(settings.channels[channel].commission_rate)
        commission_n += [numerator] * count
        commission_d += [denominator] * count
        inverse_m0 += [1.0 / float(preset.marketing_reference)] * count
        reference += [float(preset.reference_price)] * count
    splits: dict = {}
    for offer in ordered:
        key = None if offer.kind == "umkm" else offer.facility_id
        if key not in splits:
            splits[key] = compile_split(NO_SPLIT if key is None else settings.split_for(key))
    offer_splits = [splits[None if o.kind == "umkm" else o.facility_id] for o in ordered]
    names = ("offer_id", "owner_id", "category", "channel", "kind", "facility_id", "price",
             "quality", "marketing_spend", "unit_cost", "units_made", "name", "unit", "rating",
             "stock")
    fixed: dict[str, Any] = dict(zip(names, map(list, zip(*map(attrgetter(*names), ordered))))) \
        if ordered else {name: [] for name in names}
    fixed["stall_fee"] = [fees[o.offer_id] for o in ordered]
    fixed["production_cost"] = [o.units_made * o.unit_cost for o in ordered]
    fixed["shelf"] = np.array(shelf)
    spend = np.array(fixed["marketing_spend"], dtype=float) * np.array(inverse_m0)
    fixed["marketing_term"] = settings.marketing_weight * np.array(list(map(log1p, spend.tolist())))
    fixed["quality_array"] = quality = np.array(fixed["quality"], dtype=float)
    fixed["price_float"] = price = np.array(fixed["price"], dtype=float)
    references = np.array(reference)
    fixed["relative_price"] = price * (1.0 / references)
    # reviews.value_rating, with math.log so the ratings are the scalar rule's to the last bit
    logs = np.array(list(map(log, (price / references).tolist())))
    fixed["value_rating"] = np.minimum(5.0, np.maximum(1.0, 3.0 + 4.0 * (quality - 0.5)
                                                       - 2.5 * logs))
    for name in ("price", "unit_cost", "units_made"):
        fixed[name + "_array"] = _ints(fixed[name])
    fixed["cost_float"] = np.array(fixed["unit_cost"], dtype=float)
    for name, values in (("commission_n", commission_n), ("commission_d", commission_d),
                         ("pnbp_n", [s.pnbp[0] for s in offer_splits]),
                         ("pnbp_d", [s.pnbp[1] for s in offer_splits]),
                         ("both_n", [s.pnbp_plus_premi[0] for s in offer_splits]),
                         ("both_d", [s.pnbp_plus_premi[1] for s in offer_splits])):
        fixed[name] = _ints(values)
    fixed["on_profit"] = np.array([s.on_profit for s in offer_splits])
    costs = [p + f + o.marketing_spend for p, f, o in zip(fixed["production_cost"],
                                                           fixed["stall_fee"], ordered)]
    fixed["fixed_costs"] = _ints(costs)
    fixed["splits"] = offer_splits
    fixed["group_starts"] = np.array([g.start for g in groups], dtype=np.intp)
    fixed["group_sizes"] = np.array([g.stop - g.start for g in groups], dtype=np.intp)
    fixed["largest_fixed_cost"] = float(max([0, *costs, *fixed["price"], *fixed["unit_cost"]]))
    fixed["largest_numerator"] = float(max(
        [1, *commission_n, *(s.pnbp[0] for s in offer_splits),
         *(s.pnbp_plus_premi[0] for s in offer_splits)]))
    return Market(tuple(ordered), tuple(groups), tuple(offers), fixed)


def _ints(values: list) -> np.ndarray:
    """Whole numbers as int64, or as Python ints (object array) if one does not fit."""
    try:
        return np.array(values, dtype=np.int64)
    except OverflowError:
        return np.array(values, dtype=object)


def same_offers(market: Market | None, offers: Sequence[Offer]) -> bool:
    """Whether ``market`` was prepared from exactly these offer objects (so it can be reused)."""
    return (market is not None and len(market.source) == len(offers)
            and all(map(is_, market.source, offers)))


def market_demand(market: Market, ratings: np.ndarray,
                  params: Sequence[ChoiceParams]) -> np.ndarray:
    """Expected demand of every offer (``choice.expected_demand`` of each group, ``params`` one
    per group), all groups at once: groups are contiguous, so their sums and largest utilities
    are ``reduceat`` over the group starts."""
    fixed = market.fixed
    demand = np.zeros(len(ratings))
    if not params:
        return demand
    starts, sizes = fixed["group_starts"], fixed["group_sizes"]
    common = fixed["marketing_term"] + params[0].rating_weight * (ratings - 3.0)
    quality, relative = fixed["quality_array"], fixed["relative_price"]
    for index in range(max(len(p.segments) for p in params)):
        segment = np.array([p.segments[index] if index < len(p.segments) else (0.0, 0.0, 0.0)
                            for p in params])
        customers = segment[:, 0]
        a, b = np.repeat(segment[:, 1], sizes), np.repeat(segment[:, 2], sizes)
        values = a * quality - b * relative + common
        shift = np.maximum(np.maximum.reduceat(values, starts), 0.0)
        weights = np.exp(values - np.repeat(shift, sizes))
        scale = customers / (np.exp(-shift) + np.add.reduceat(weights, starts))
        demand += np.repeat(np.where(customers > 0, scale, 0.0), sizes) * weights
    return demand


def _whole(values: np.ndarray, large: bool) -> np.ndarray:
    """Whole numbers held as floats (already rounded) as int64, or as exact Python ints when
    amounts could overflow int64."""
    if large:
        return np.array([int(v) for v in values.tolist()], dtype=object)
    return values.astype(np.int64)


def sell_and_settle(market: Market, simple: np.ndarray, stocks: list, demand: np.ndarray,
                    sold: np.ndarray | None, expected: bool,
                    first_batches: tuple | None = None) -> dict:
    """Sell, spoil, pay and review every offer whose carried stock is at most one batch.

    ``simple`` holds the indexes of those offers; ``sold`` is already E[min(D, stock)] in
    expected mode, else ``min(demand, available)`` is taken here. Returns columns (arrays, and
    a list of stock tuples) for those offers, in the order of ``simple``. When ``simple`` is every
    offer, ``"first_batches"`` is each offer's first batch after the week as ``(units, age, unit
    cost)`` columns, which next week's call may take as ``first_batches`` instead of reading
    the stock tuples.
    """
    fixed = market.fixed
    part: np.ndarray | slice = simple
    if len(simple) == len(stocks):  # every offer: whole columns, no copies
        part = slice(None)
        first = [stock[0] if stock else None for stock in stocks]
    else:
        first = [stocks[i][0] if stocks[i] else None for i in simple.tolist()]
    unit = float if expected else np.int64
    if first_batches is not None and isinstance(part, slice):
        carried, carried_age, carried_cost = first_batches
    else:
        carried = np.array([b.units if b is not None and b.units > 0 else 0 for b in first],
                           dtype=unit)
        carried_age = np.array([b.age_days if b is not None else 0 for b in first],
                               dtype=np.int64)
        carried_cost = np.array([b.unit_cost if b is not None else 0 for b in first],
                                dtype=object)
    made = fixed["units_made_array"][part].astype(unit)
    available = carried + made
    if sold is None:
        sold = np.minimum(demand[part], available)
    taken = np.minimum(sold, carried)
    left_old = carried - taken
    rest = sold - taken
    left_new = np.where(rest < made, made - np.minimum(rest, made), 0)
    floor = RESIDUE if expected else 0
    keep_old = (left_old > 0) & (left_old >= floor)
    keep_new = (left_new > 0) & (left_new >= floor)
    shelf = fixed["shelf"][part]
    old_age = carried_age + PERIOD_DAYS
    spoil_old = keep_old & (old_age >= shelf)
    spoil_new = keep_new & (PERIOD_DAYS >= shelf)
    price_f, cost_f = fixed["price_float"][part], fixed["cost_float"][part]
    largest = max(float(np.max(available * np.maximum(price_f, cost_f), initial=0.0)),
                  float(np.max(carried * carried_cost.astype(float), initial=0.0)),
                  fixed["largest_fixed_cost"])
    large = largest * 2.0 * fixed["largest_numerator"] >= _SAFE_MONEY
    kind = object if large else np.int64
    zero = unit(0)
    spoiled = np.where(spoil_old, left_old, zero) + np.where(spoil_new, left_new, zero)
    if expected:
        spoiled_cost = _whole(np.floor(
            np.where(spoil_old, left_old * carried_cost.astype(float), 0.0)
            + np.where(spoil_new, left_new * cost_f, 0.0) + 0.5), large)
        revenue = _whole(np.floor(sold * price_f + 0.5), large)
    else:
        cost = fixed["unit_cost_array"][part].astype(kind)
        spoiled_cost = (np.where(spoil_old, left_old.astype(kind) * carried_cost.astype(kind), 0)
                        + np.where(spoil_new, left_new.astype(kind) * cost, 0))
        revenue = sold.astype(kind) * fixed["price_array"][part].astype(kind)
    n, d = (fixed[name][part].astype(kind) for name in ("commission_n", "commission_d"))
    commission = (2 * revenue * n + d) // (2 * d)
    profit = revenue - commission - fixed["fixed_costs"][part].astype(kind)
    base = np.where(fixed["on_profit"][part], np.maximum(profit, 0), revenue)
    n, d = (fixed[name][part].astype(kind) for name in ("pnbp_n", "pnbp_d"))
    pnbp = (2 * base * n + d) // (2 * d)
    n, d = (fixed[name][part].astype(kind) for name in ("both_n", "both_d"))
    premi = (2 * base * n + d) // (2 * d) - pnbp
    keep_old &= ~spoil_old
    keep_new &= ~spoil_new
    cost = fixed["unit_cost_array"][part]
    durable = np.isinf(shelf)
    kept = _kept_batches(keep_old, keep_new, left_old, left_new, old_age, carried_cost, cost,
                         durable)
    merged = keep_old & keep_new & durable & (carried_cost == cost)
    zero = unit(0)
    after = (np.where(keep_old, np.where(merged, left_old + left_new, left_old),
                      np.where(keep_new, left_new, zero)),
             np.where(keep_old, old_age, np.where(keep_new, PERIOD_DAYS, 0)),
             np.where(keep_old, carried_cost, np.where(keep_new, cost, 0)))
    return {"stock_before": carried, "available": available, "sold": sold, "spoiled": spoiled,
            "spoiled_cost": spoiled_cost, "revenue": revenue, "commission": commission,
            "profit": profit, "pnbp": pnbp, "premi": premi,
            "working_capital": profit - pnbp - premi, "stock_after": kept,
            "first_batches": after if isinstance(part, slice) else None}


def _batch(units, age: int, cost: int) -> StockBatch:
    """A stock batch from values the engine has just computed (already valid: no checks)."""
    batch = object.__new__(StockBatch)
    _SET_UNITS(batch, units)
    _SET_AGE(batch, age)
    _SET_COST(batch, cost)
    return batch


_SET_UNITS = StockBatch.__dict__["units"].__set__
_SET_AGE = StockBatch.__dict__["age_days"].__set__
_SET_COST = StockBatch.__dict__["unit_cost"].__set__


def _kept_batches(keep_old, keep_new, left_old, left_new, old_age, old_cost, cost,
                  durable) -> list:
    """Each offer's stock after the week: the carried batch and this week's, oldest first; for
    durable goods two batches of the same unit cost become one (keeping the older age)."""
    kept: list = [()] * len(keep_old)
    either = np.flatnonzero(keep_old | keep_new).tolist()
    if not either:
        return kept
    rows = zip(either, keep_old[either].tolist(), keep_new[either].tolist(),
               left_old[either].tolist(), left_new[either].tolist(), old_age[either].tolist(),
               old_cost[either].tolist(), cost[either].tolist(), durable[either].tolist())
    for index, old, new, units_old, units_new, age, c_old, c_new, lasting in rows:
        if old and new:
            if lasting and c_old == c_new:
                kept[index] = (_batch(units_old + units_new, age, c_old),)
            else:
                kept[index] = (_batch(units_old, age, c_old), _batch(units_new, PERIOD_DAYS, c_new))
        elif old:
            kept[index] = (_batch(units_old, age, c_old),)
        else:
            kept[index] = (_batch(units_new, PERIOD_DAYS, c_new),)
    return kept


def next_ratings(ratings: np.ndarray, value: np.ndarray, sold: np.ndarray,
                 halfway: float) -> np.ndarray:
    """``reviews.next_rating`` for every offer at once."""
    sold = sold.astype(float)
    with np.errstate(divide="ignore", invalid="ignore"):
        moved = ratings + (sold / (sold + halfway)) * (value - ratings)
    return np.where(sold > 0, np.minimum(5.0, np.maximum(1.0, moved)), ratings)
