"""A market prepared for the engine: its offers in the engine's order (category, channel, offer
id), grouped, with everything about them that stays the same every week as columns.

``run_season`` prepares a market once and keeps it while the offers stay the same; a single
week (``run_period``, a class-market round) prepares one every time, so this is written for
380 offers as much as for 10,000: what is the same for a whole group (shelf life, commission,
the category's reference price) or a whole split is computed once and repeated with numpy, and
only what a week's arithmetic needs is read from the offers here. The text columns of the
results (owner, names, units) are read the first time a period's offers are built
(:func:`result_columns`), since a round whose offers nobody reads never needs them.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass
from math import inf, log, log1p
from operator import attrgetter, is_
from typing import Any, Sequence

import numpy as np

from .groups import check_offers, segment_table
from .model import MarketSettings, Offer
from .money import NO_SPLIT, allocate_evenly, compile_split, rate_fraction

_OFFER_ID = attrgetter("offer_id")
_TEXT = ("owner_id", "name", "unit", "kind", "facility_id")


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


def same_offers(market: Market | None, offers: Sequence[Offer]) -> bool:
    """Whether ``market`` was prepared from exactly these offer objects (so it can be reused)."""
    return (market is not None and len(market.source) == len(offers)
            and all(map(is_, market.source, offers)))


def ints(values: Sequence[int]) -> np.ndarray:
    """Whole numbers as int64, or as Python ints (object array) if one does not fit."""
    try:
        return np.array(values, dtype=np.int64)
    except OverflowError:
        return np.array(values, dtype=object)


def prepare_market(offers: Sequence[Offer], settings: MarketSettings) -> Market:
    """Check the offers and prepare everything about them that stays the same every week."""
    grouped: defaultdict[tuple[str, str], list[Offer]] = defaultdict(list)
    for offer in offers:
        grouped[offer.category, offer.channel].append(offer)
    if any(category not in settings.categories or channel not in settings.channels
           for category, channel in grouped):
        check_offers(offers, settings)  # raises, naming the first offer at fault
    ordered: list[Offer] = []
    groups = []
    for category, channel in sorted(grouped):
        members = sorted(grouped[(category, channel)], key=_OFFER_ID)
        groups.append(Group(category, channel, len(ordered), len(ordered) + len(members),
                            tuple(map(_OFFER_ID, members))))
        ordered += members
    ids = [offer_id for group in groups for offer_id in group.offer_ids]
    if len(set(ids)) != len(ids):
        check_offers(offers, settings)  # raises: an id appears twice
    fixed: dict[str, Any] = {
        "offer_id": ids, "price": [o.price for o in ordered],
        "quality": [o.quality for o in ordered],
        "marketing_spend": [o.marketing_spend for o in ordered],
        "unit_cost": [o.unit_cost for o in ordered], "units_made": [o.units_made for o in ordered],
        "rating": [o.rating for o in ordered], "stock": [o.stock for o in ordered]}
    sizes = np.array([g.stop - g.start for g in groups], dtype=np.intp)
    fixed["group_sizes"] = sizes
    fixed["group_starts"] = np.array([g.start for g in groups], dtype=np.intp)
    _group_columns(fixed, groups, sizes, settings)
    _split_columns(fixed, ordered, settings)
    fixed["stall_fee"] = _stall_fees(ordered, ids, groups, settings)
    _money_columns(fixed)
    _utility_columns(fixed, settings)
    return Market(tuple(ordered), tuple(groups), tuple(offers), fixed)


def _group_columns(fixed: dict, groups: list[Group], sizes: np.ndarray,
                   settings: MarketSettings) -> None:
    """What every offer of a group shares (shelf life, commission, the category's reference
    price and marketing reference), computed once per group and repeated over its offers."""
    commissions = {code: rate_fraction(channel.commission_rate)
                   for code, channel in settings.channels.items()}
    presets = [settings.categories[g.category] for g in groups]
    life = [inf if p.shelf_life_days is None else float(p.shelf_life_days) for p in presets]
    fixed["shelf"] = np.repeat(np.array(life, dtype=float), sizes)
    for name, per_group in (("commission_n", [commissions[g.channel][0] for g in groups]),
                            ("commission_d", [commissions[g.channel][1] for g in groups])):
        fixed[name] = np.repeat(ints(per_group), sizes)
    fixed["reference"] = np.repeat(np.array([float(p.reference_price) for p in presets]), sizes)
    fixed["inverse_m0"] = np.repeat(
        np.array([1.0 / float(p.marketing_reference) for p in presets]), sizes)
    fixed["largest_numerator"] = float(max([1, *(commissions[g.channel][0] for g in groups)]))
    fixed["group_of"] = np.repeat(np.arange(len(groups)), sizes)
    # the choice formula's segments of each group (segment x group; none of weight 0, as in
    # groups.choice_params), zeros where a category has fewer segments than the widest
    row = {category: index for index, category in enumerate(dict.fromkeys(g.category
                                                                          for g in groups))}
    table, _widths = segment_table([settings.categories[category] for category in row])
    table = table[[row[g.category] for g in groups]]  # group x (weight, a, b) x segment
    fixed["segment_weight"], fixed["segment_a"], fixed["segment_b"] = table.transpose(1, 2, 0)


def _split_columns(fixed: dict, ordered: list[Offer], settings: MarketSettings) -> None:
    """Each offer's split (a simulated seller's is none; a learner's is the facility's) as
    exact fractions: one row per split used (``split_rows``) and each offer's row in it."""
    if settings.facility_splits:
        keys = [None if offer.kind == "umkm" else offer.facility_id for offer in ordered]
        position = {key: index for index, key in enumerate(dict.fromkeys(keys))}
        splits = [compile_split(NO_SPLIT if key is None else settings.split_for(key))
                  for key in position]
        which = np.array(list(map(position.__getitem__, keys)), dtype=np.intp)
    else:  # every learner has the market's split: an offer's row is 1 for a simulated seller
        splits = [compile_split(settings.split), compile_split(NO_SPLIT)]
        which = np.zeros(len(ordered), dtype=np.intp)
        kinds = [offer.kind for offer in ordered]
        start = 0
        for _ in range(kinds.count("umkm")):  # list.index finds the few sellers without a loop
            start = kinds.index("umkm", start)
            which[start] = 1
            start += 1
    fixed["split_rows"], fixed["split_of"] = splits, which
    for name, values in (("pnbp_n", [s.pnbp[0] for s in splits]),
                         ("pnbp_d", [s.pnbp[1] for s in splits]),
                         ("both_n", [s.pnbp_plus_premi[0] for s in splits]),
                         ("both_d", [s.pnbp_plus_premi[1] for s in splits]),
                         ("on_profit", [s.on_profit for s in splits])):
        column = ints(values) if name != "on_profit" else np.array(values, dtype=bool)
        fixed[name] = column[which] if len(column) else column
    fixed["largest_numerator"] = float(max(
        [fixed["largest_numerator"], *(s.pnbp[0] for s in splits),
         *(s.pnbp_plus_premi[0] for s in splits)]))


def _stall_fees(ordered: list[Offer], ids: list[str], groups: list[Group],
                settings: MarketSettings) -> list[int]:
    """``groups.stall_fee_shares`` in the market's order: one fee per seller per channel, shared
    evenly over that seller's offers there (sorted by id; leftover rupiah first)."""
    fees = [0] * len(ordered)
    for code, channel in settings.channels.items():
        fee = channel.stall_fee
        if not fee:
            continue
        members = [index for g in groups if g.channel == code for index in range(g.start, g.stop)]
        owners = [ordered[index].owner_id for index in members]
        even = {owner: fee // count for owner, count in Counter(owners).items()
                if fee % count == 0}
        uneven: dict[str, list[int]] = {}
        for index, owner, share in zip(members, owners, map(even.get, owners)):
            if share is None:
                uneven.setdefault(owner, []).append(index)
            else:
                fees[index] = share
        for stall in uneven.values():  # the first offers by id take the leftover rupiah
            stall.sort(key=ids.__getitem__)
            for index, share in zip(stall, allocate_evenly(fee, len(stall))):
                fees[index] = share
    return fees


def _money_columns(fixed: dict) -> None:
    """Prices and costs as int64 (Python ints if one could overflow), production cost and the
    week's fixed costs, and the largest amount (to tell when int64 could overflow)."""
    for name in ("price", "unit_cost", "units_made", "marketing_spend", "stall_fee"):
        fixed[name + "_array"] = ints(fixed[name])
    made, cost = fixed["units_made_array"], fixed["unit_cost_array"]
    stall, spend = fixed["stall_fee_array"], fixed["marketing_spend_array"]
    columns = (made, cost, stall, spend)
    if not len(made) or (all(column.dtype != object for column in columns) and float(
            made.max()) * float(cost.max()) + float(stall.max()) + float(spend.max()) < 2.0 ** 62):
        production = made * cost  # all amounts are non-negative: nothing can wrap around
        costs = production + stall + spend
    else:
        production = ints([m * c for m, c in zip(fixed["units_made"], fixed["unit_cost"])])
        costs = ints([p + f + m for p, f, m in zip(production.tolist(), fixed["stall_fee"],
                                                    fixed["marketing_spend"])])
    fixed["production_cost"], fixed["fixed_costs"] = production, costs
    fixed["largest_fixed_cost"] = float(max(
        [0, *(int(column.max()) for column in (costs, fixed["price_array"], cost)
              if len(column))]))
    fixed["price_float"] = fixed["price_array"].astype(float)
    fixed["cost_float"] = cost.astype(float)


def _utility_columns(fixed: dict, settings: MarketSettings) -> None:
    """The parts of the choice utility and of the review rating fixed by an offer's decisions."""
    spend = fixed["marketing_spend_array"].astype(float) * fixed["inverse_m0"]
    term = np.zeros(len(spend))
    spending = np.flatnonzero(spend)  # log1p(0) is 0: only the offers that promote
    term[spending] = list(map(log1p, spend[spending].tolist()))
    fixed["marketing_term"] = settings.marketing_weight * term
    fixed["quality_array"] = quality = np.array(fixed["quality"], dtype=float)
    price, references = fixed["price_float"], fixed["reference"]
    fixed["relative_price"] = price * (1.0 / references)
    # reviews.value_rating, with math.log so the ratings are the scalar rule's to the last bit
    logs = np.fromiter(map(log, (price / references).tolist()), float, len(price))
    fixed["value_rating"] = np.minimum(5.0, np.maximum(1.0, 3.0 + 4.0 * (quality - 0.5)
                                                       - 2.5 * logs))


def result_columns(market: Market) -> dict[str, list]:
    """The columns only results need (owner, category, channel, kind, facility, name, unit),
    read from the offers the first time a period of this market is built, then kept with the
    market."""
    fixed = market.fixed
    if "owner_id" not in fixed:
        for name in _TEXT:
            fixed[name] = [getattr(offer, name) for offer in market.offers]
        fixed["category"] = [g.category for g in market.groups for _ in range(g.stop - g.start)]
        fixed["channel"] = [g.channel for g in market.groups for _ in range(g.stop - g.start)]
    return fixed
