"""The market as columns: offers prepared once, then a whole week computed with numpy.

The engine's rules are in ``engine.py``; this module carries them out for every offer of a week at
once, because a national season is 10,000 offers x 52 weeks and a Python loop per offer was most
of its time. ``prepared.prepare_market`` does the per-offer work that does not change from week
to week (checks, grouping and order, stall fee shares, splits, the marketing part of the
utility, the rating buyers would give at the offer's price); ``run_season`` keeps it while the
offers stay the same. ``market_demand`` and ``sell_and_settle`` then compute demand, sales, stock,
money and ratings as arrays; the stock batches left are made only when someone needs them
(``kept_batches``).

The arithmetic is the scalar rules' own, operation for operation (integer rupiah in int64, or in
Python ints when an amount could overflow), so results do not depend on which path computed them,
up to the last bit of a float where numpy's ``exp`` and summation order differ from ``math``'s.
Offers whose carried stock is more than one batch go through the scalar rules (``engine``).
"""

from __future__ import annotations

import numpy as np

from .model import PERIOD_DAYS, StockBatch
from .prepared import Market

RESIDUE = 1e-9  # in expected mode, fractional stock below this is float noise and is dropped
_SAFE_MONEY = 2.0 ** 60  # beyond this an int64 product could overflow: use Python ints


def market_demand(market: Market, ratings: np.ndarray, customers: np.ndarray,
                  rating_weight: float) -> np.ndarray:
    """Expected demand of every offer (``choice.expected_demand`` of each group, ``customers``
    the shoppers of each group), all groups and segments at once: groups are contiguous, so
    their sums and largest utilities are ``reduceat`` over the group starts."""
    fixed = market.fixed
    if not len(customers):
        return np.zeros(len(ratings))
    starts, group_of = fixed["group_starts"], fixed["group_of"]
    common = fixed["marketing_term"] + rating_weight * (ratings - 3.0)
    values = (fixed["segment_a"][:, group_of] * fixed["quality_array"]
              - fixed["segment_b"][:, group_of] * fixed["relative_price"] + common)
    shift = np.maximum(np.maximum.reduceat(values, starts, axis=1), 0.0)  # segment x group
    weights = np.exp(values - shift[:, group_of])
    shoppers = customers * fixed["segment_weight"]  # choice.choice_params' segment customers
    scale = shoppers / (np.exp(-shift) + np.add.reduceat(weights, starts, axis=1))
    return (np.where(shoppers > 0, scale, 0.0)[:, group_of] * weights).sum(axis=0)


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
    expected mode, else ``min(demand, available)`` is taken here. Returns columns (arrays) for
    those offers, in the order of ``simple``; ``"kept"`` holds what :func:`kept_batches` turns
    into each offer's stock after the week, when it is needed. When ``simple`` is every
    offer, ``"first_batches"`` is each offer's first batch after the week as ``(units, age, unit
    cost)`` columns, which next week's call may take as ``first_batches`` instead of reading
    the stock tuples.
    """
    fixed = market.fixed
    part: np.ndarray | slice = simple
    unit = float if expected else np.int64
    everyone = len(simple) == len(stocks)
    if everyone:  # every offer: whole columns, no copies
        part = slice(None)
    fresh = False  # no offer carries stock: the old batch's terms are all zero
    if first_batches is not None and everyone:
        carried, carried_age, carried_cost = first_batches
    elif not any(stocks):  # a first week, a round of fresh offers
        fresh = True
        carried = np.zeros(len(simple), dtype=unit)
        carried_age = np.zeros(len(simple), dtype=np.int64)
        carried_cost = np.zeros(len(simple), dtype=np.int64)
    else:
        first = [stock[0] if stock else None for stock in stocks] if everyone else \
            [stocks[i][0] if stocks[i] else None for i in simple.tolist()]
        carried = np.array([b.units if b is not None and b.units > 0 else 0 for b in first],
                           dtype=unit)
        carried_age = np.array([b.age_days if b is not None else 0 for b in first],
                               dtype=np.int64)
        carried_cost = np.array([b.unit_cost if b is not None else 0 for b in first],
                                dtype=object)
    made = fixed["units_made_array"][part].astype(unit, copy=False)
    floor = RESIDUE if expected else 0
    shelf = fixed["shelf"][part]
    old_age = carried_age + PERIOD_DAYS
    zero = unit(0)
    if fresh:  # the general rules below with every carried amount zero
        available = made
        if sold is None:
            sold = np.minimum(demand[part], available)
        left_old = carried
        left_new = made - sold  # sold never exceeds what was made
        keep_old = np.zeros(len(simple), dtype=bool)
        spoil_old = keep_old
    else:
        available = carried + made
        if sold is None:
            sold = np.minimum(demand[part], available)
        taken = np.minimum(sold, carried)
        left_old = carried - taken
        rest = sold - taken
        left_new = np.where(rest < made, made - np.minimum(rest, made), 0)
        keep_old = (left_old > 0) & (left_old >= floor)
        spoil_old = keep_old & (old_age >= shelf)
    keep_new = (left_new > 0) & (left_new >= floor)
    spoil_new = keep_new & (PERIOD_DAYS >= shelf)
    price_f, cost_f = fixed["price_float"][part], fixed["cost_float"][part]
    largest = max(float(np.max(available * np.maximum(price_f, cost_f), initial=0.0)),
                  0.0 if fresh else float(np.max(carried * carried_cost.astype(float),
                                                 initial=0.0)),
                  fixed["largest_fixed_cost"])
    large = largest * 2.0 * fixed["largest_numerator"] >= _SAFE_MONEY
    kind = object if large else np.int64

    def exact(name: str) -> np.ndarray:  # a whole-number column as the money arithmetic needs it
        return fixed[name][part].astype(kind, copy=False)

    spoiled = np.where(spoil_new, left_new, zero)
    if not fresh:
        spoiled = np.where(spoil_old, left_old, zero) + spoiled
    if expected:
        spoiled_value = np.where(spoil_new, left_new * cost_f, 0.0)
        if not fresh:
            spoiled_value = np.where(spoil_old, left_old * carried_cost.astype(float),
                                     0.0) + spoiled_value
        spoiled_cost = _whole(np.floor(spoiled_value + 0.5), large)
        revenue = _whole(np.floor(sold * price_f + 0.5), large)
    else:
        spoiled_cost = np.where(spoil_new, left_new.astype(kind, copy=False)
                                * exact("unit_cost_array"), 0)
        if not fresh:
            spoiled_cost = np.where(spoil_old, left_old.astype(kind) * carried_cost.astype(kind),
                                    0) + spoiled_cost
        revenue = sold.astype(kind, copy=False) * exact("price_array")
    n, d = exact("commission_n"), exact("commission_d")
    commission = (2 * revenue * n + d) // (2 * d)
    profit = revenue - commission - exact("fixed_costs")
    base = np.where(fixed["on_profit"][part], np.maximum(profit, 0), revenue)
    n, d = exact("pnbp_n"), exact("pnbp_d")
    pnbp = (2 * base * n + d) // (2 * d)
    n, d = exact("both_n"), exact("both_d")
    premi = (2 * base * n + d) // (2 * d) - pnbp
    keep_new &= ~spoil_new
    cost = fixed["unit_cost_array"][part]
    durable = np.isinf(shelf)
    if fresh:
        after = (np.where(keep_new, left_new, zero), np.where(keep_new, PERIOD_DAYS, 0),
                 np.where(keep_new, cost, 0))
    else:
        keep_old &= ~spoil_old
        merged = keep_old & keep_new & durable & (carried_cost == cost)
        after = (np.where(keep_old, np.where(merged, left_old + left_new, left_old),
                          np.where(keep_new, left_new, zero)),
                 np.where(keep_old, old_age, np.where(keep_new, PERIOD_DAYS, 0)),
                 np.where(keep_old, carried_cost, np.where(keep_new, cost, 0)))
    kept = (keep_old, keep_new, left_old, left_new, old_age, carried_cost, cost, durable)
    return {"stock_before": carried, "available": available, "sold": sold, "spoiled": spoiled,
            "spoiled_cost": spoiled_cost, "revenue": revenue, "commission": commission,
            "profit": profit, "pnbp": pnbp, "premi": premi,
            "working_capital": profit - pnbp - premi, "kept": kept,
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


def kept_batches(keep_old, keep_new, left_old, left_new, old_age, old_cost, cost,
                 durable) -> list:
    """Each offer's stock after the week (from ``sell_and_settle``'s ``"kept"`` columns): the
    carried batch and this week's, oldest first; for durable goods two batches of the same unit
    cost become one (keeping the older age)."""
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
