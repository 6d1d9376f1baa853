"""Run the market: one period (a week) or a whole season of weeks.

``run_period`` is a pure function of (offers, settings, week, seed): it groups the offers by
category and channel, counts the shoppers of each group for that week of the calendar, lets them
choose by the logit (``choice.py``), draws realised demand (``draws.py``) or keeps the exact
expectation (``expected=True``: demand is its mean and sales are E[min(demand, stock)] under the
Poisson distribution of demand, not min(mean, stock)), sells from stock oldest batch first,
spoils what is past its shelf life, and settles the money (``money.py``). No clock, no global
state.

Offers with no stock stay in the market: shoppers who choose them find nothing and count as lost
sales, which is the lesson of running out.
"""

from __future__ import annotations

import datetime as dt
import gc
from typing import Callable, Sequence

import numpy as np

from .columns import RESIDUE, kept_batches, market_demand, next_ratings, sell_and_settle
from .draws import expected_sales, period_uniforms, poisson_from_pairs
from .model import PERIOD_DAYS, MarketSettings, Offer, StockBatch
from .money import rate_fraction, round_half_up, split_money
from .results import (
    EnginePeriodResult, GroupResult, OfferResult, PeriodResult, SeasonResult, carry_forward,
)
from .reviews import next_rating
from .prepared import Market, prepare_market, result_columns, same_offers
from .seasons import events_of_days, factor_for_days, lebaran_overrides, week_day_events
from .strategies import SimulatedSeller, simulated_offers

_RESIDUE = RESIDUE


def run_period(offers: Sequence[Offer], settings: MarketSettings, week_index: int, *,
               seed: int | None = None, expected: bool = False) -> PeriodResult:
    """Simulate one week of the market for these offers and return every offer's result.

    ``seed`` defaults to ``settings.seed``; the period's random stream is derived from the seed and
    ``week_index``. With ``expected=True`` demand is the exact expectation and nothing is random.
    """
    return _simulate(offers, settings, week_index, settings.seed if seed is None else seed,
                     expected, None, carry=False)[0]


def _simulate(offers: Sequence[Offer], settings: MarketSettings, week_index: int, seed: int,
              expected: bool, carried: dict | None,
              market: Market | None = None,
              aligned: tuple[list, list] | None = None,
              first_batches: tuple | None = None,
              carry: bool = True) -> tuple[PeriodResult, list, list, tuple | None]:
    """The period itself. ``carried`` optionally maps offer id to ``(stock, rating)`` and then
    overrides the offer's own fields (run_season uses it to avoid rebuilding every offer);
    ``market`` is the offers already prepared (``prepared.prepare_market``) by run_season, and
    ``aligned`` the ``(stocks, ratings)`` of its offers in its order (last week's, when the
    market is the same), with ``first_batches`` the columns of their first batches when last week
    had no offer with several batches (``columns.sell_and_settle``). Returns the period, the
    stocks and ratings after it in that order (empty lists unless ``carry``: a single week makes
    its stock batches only when its offers are read), and the first-batch columns for next week.

    Demand, draws, sales, money and ratings are computed for all offers at once (``columns``);
    an offer carrying more than one stock batch is sold by the scalar rules (``_settle``).
    """
    if market is None:
        market = prepare_market(offers, settings)
    fixed = market.fixed
    week_start = settings.week_start(week_index)
    if aligned is not None:
        stocks, ratings = aligned
    elif carried:
        states = [carried.get(offer_id) for offer_id in fixed["offer_id"]]
        stocks = [o if s is None else s[0] for o, s in zip(fixed["stock"], states)]
        ratings = [r if s is None else s[1] for r, s in zip(fixed["rating"], states)]
    else:
        stocks, ratings = fixed["stock"], fixed["rating"]
    rating_array = np.array(ratings, dtype=float)
    groups, shoppers = _groups(market, settings, week_start)
    means = market_demand(market, rating_array, shoppers, settings.rating_weight)
    if expected:
        demand = means
    else:
        uniforms = period_uniforms(seed, week_index, 2 * len(means))
        demand = poisson_from_pairs(uniforms[0::2], uniforms[1::2], means)
    complex_stock = _complex_stock(stocks, aligned is None and not expected)
    simple = np.arange(len(stocks))
    if complex_stock:
        simple = np.delete(simple, complex_stock)
    sold = None
    if expected:
        available = [sum(b.units for b in stocks[i] if b.units > 0) + fixed["units_made"][i]
                     for i in simple.tolist()]
        sold = np.array([expected_sales(m, a) for m, a in zip(means[simple].tolist(), available)])
    columns = sell_and_settle(market, simple, stocks, demand, sold, expected,
                              first_batches if aligned is not None else None)
    after = next_ratings(rating_array[simple], fixed["value_rating"][simple],
                         columns["sold"].astype(float), settings.review_halfway_units)
    mean_list, demand_list = (means.tolist(), demand.tolist()) if complex_stock else ([], [])
    scalar = []
    for index in complex_stock:
        offer = market.offers[index]
        preset = settings.categories[offer.category]
        scalar.append((index, _settle(
            offer, stocks[index], ratings[index], mean_list[index], demand_list[index], expected,
            preset.shelf_life_days, preset.reference_price,
            rate_fraction(settings.channels[offer.channel].commission_rate),
            fixed["stall_fee"][index], fixed["split_rows"][fixed["split_of"][index]],
            settings.review_halfway_units)))
    kept: list | None = None
    stocks_after: list = []
    ratings_after: list = []
    if carry:
        kept = stocks_after = kept_batches(*columns["kept"])
        ratings_after = after.tolist()
        if scalar:
            stocks_after, ratings_after = [()] * len(stocks), [0.0] * len(stocks)
            for index, stock, rating in zip(simple.tolist(), kept, after.tolist()):
                stocks_after[index], ratings_after[index] = stock, rating
            for index, done in scalar:
                stocks_after[index], ratings_after[index] = done.stock_after, done.rating_after

    def build() -> tuple[OfferResult, ...]:
        text = result_columns(market)
        pick = simple.tolist()

        def chosen(values: list | np.ndarray) -> list | np.ndarray:
            if not complex_stock:
                return values
            return values[simple] if isinstance(values, np.ndarray) else [values[i] for i in pick]

        values = [*(chosen(text[name]) for name in (
            "offer_id", "owner_id", "category", "channel", "kind", "facility_id", "price",
            "quality", "marketing_spend", "unit_cost", "units_made")),
            rating_array[simple], columns["stock_before"], columns["available"], means[simple],
            demand[simple], columns["sold"], demand[simple] - columns["sold"], columns["spoiled"],
            columns["spoiled_cost"], columns["revenue"], chosen(text["production_cost"]),
            columns["commission"], chosen(text["stall_fee"]), chosen(text["marketing_spend"]),
            columns["profit"], columns["pnbp"], columns["premi"], columns["working_capital"],
            after, kept if kept is not None else kept_batches(*columns["kept"]),
            chosen(text["name"]), chosen(text["unit"])]
        results = list(map(OfferResult, *(v.tolist() if isinstance(v, np.ndarray) else v
                                          for v in values)))
        for index, done in scalar:
            results.insert(index, done)
        return tuple(results)

    period = EnginePeriodResult.pending(week_index, week_start.isoformat(), seed, expected,
                                        groups, build)
    return period, stocks_after, ratings_after, columns["first_batches"]


def _groups(market: Market, settings: MarketSettings,
            week_start: dt.date) -> tuple[tuple[GroupResult, ...], np.ndarray]:
    """Each group's shoppers this week (``GroupResult``, and their numbers as an array); the
    season factor and the segments are the same for a category in every channel, so they are
    counted once per category."""
    day_events = week_day_events(week_start, lebaran_overrides(settings.lebaran_dates))
    events = events_of_days(day_events)
    categories: dict[str, tuple] = {}
    groups, shoppers = [], []
    for group in market.groups:
        known = categories.get(group.category)
        if known is None:
            preset = settings.categories[group.category]
            known = categories[group.category] = (
                preset, factor_for_days(preset.season_factors, day_events),
                [(s.code, s.weight) for s in preset.segments if s.weight > 0])
        preset, factor, segments = known
        customers = (preset.customers_per_week.get(group.channel, 0.0) * settings.customer_scale
                     * factor)
        groups.append(GroupResult(group.category, group.channel, customers, factor, events,
                                  {code: customers * weight for code, weight in segments},
                                  group.offer_ids))
        shoppers.append(customers)
    return tuple(groups), np.array(shoppers)


def _complex_stock(stocks: list, outside: bool) -> list[int]:
    """The offers sold by the scalar rules: those carrying several stock batches, and (for stock
    from ``outside`` the engine, in a realised run) a batch of units that are not whole."""
    if not any(stocks):
        return []
    several = np.fromiter(map(len, stocks), dtype=np.intp, count=len(stocks)) > 1
    if outside:
        several |= np.array([bool(s) and type(s[0].units) is not int for s in stocks], dtype=bool)
    return np.flatnonzero(several).tolist()


def _settle(offer: Offer, stock: tuple, rating: float, mean: float, demand: float,
            expected: bool, shelf_life: int | None, reference: int, commission_rate: tuple,
            stall_fee: int, split, halfway: float) -> OfferResult:
    """Sell, spoil, pay and review one offer (see the module docstring for the rules)."""
    if stock:
        stock_before, available, sold, spoiled, spoiled_cost, kept = _sell_oldest_first(
            stock, offer.units_made, offer.unit_cost, demand, expected, shelf_life)
    else:  # the common case, kept short: only this week's batch
        stock_before = 0
        available = offer.units_made
        if expected:
            sold = expected_sales(demand, available)
        else:
            sold = demand if demand < available else available
        left = available - sold
        spoiled = spoiled_cost = 0
        kept = ()
        if left >= _RESIDUE if expected else left > 0:
            if shelf_life is not None and PERIOD_DAYS >= shelf_life:
                spoiled, spoiled_cost = left, left * offer.unit_cost
            else:
                kept = (StockBatch(left, PERIOD_DAYS, offer.unit_cost),)
    price = offer.price
    revenue = round_half_up(sold * price) if expected else sold * price
    production_cost = offer.units_made * offer.unit_cost
    commission = (2 * revenue * commission_rate[0] + commission_rate[1]) // (2 * commission_rate[1])
    marketing_cost = offer.marketing_spend
    total_costs = production_cost + commission + stall_fee + marketing_cost
    pnbp, premi, working_capital = split_money(revenue, total_costs, split)
    return OfferResult(
        offer.offer_id, offer.owner_id, offer.category, offer.channel, offer.kind,
        offer.facility_id, price, offer.quality, marketing_cost, offer.unit_cost,
        offer.units_made, rating, stock_before, available, mean, demand, sold, demand - sold,
        spoiled, round_half_up(spoiled_cost) if expected else spoiled_cost, revenue,
        production_cost, commission, stall_fee, marketing_cost, revenue - total_costs, pnbp,
        premi, working_capital, next_rating(rating, price, offer.quality, reference, sold, halfway),
        kept, offer.name, offer.unit)


def _sell_oldest_first(stock: tuple, units_made: int, unit_cost: int, demand: float,
                       expected: bool, shelf_life: int | None) -> tuple:
    """Sell from carried batches and this week's batch, oldest first; age what is left and
    spoil it past its shelf life. Returns ``(stock_before, available, sold, spoiled,
    spoiled_cost, stock_after)``."""
    batches = []
    stock_before = 0
    for batch in stock:
        if batch.units > 0:
            batches.append((batch.units, batch.age_days, batch.unit_cost))
            stock_before += batch.units
    if units_made:
        batches.append((units_made, 0, unit_cost))
    batches.sort(key=lambda b: -b[1])  # oldest first (stable for equal ages)
    available = stock_before + units_made
    if expected:
        sold = expected_sales(demand, available)
    else:
        sold = demand if demand < available else available
    to_sell = sold
    spoiled = 0
    spoiled_cost = 0
    kept: list[StockBatch] = []
    for units, age, cost in batches:
        if to_sell >= units:
            to_sell -= units
            continue
        left = units - to_sell
        to_sell = 0
        if expected and left < _RESIDUE:
            continue
        age += PERIOD_DAYS
        if shelf_life is not None and age >= shelf_life:
            spoiled += left
            spoiled_cost += left * cost
        else:
            kept.append(StockBatch(left, age, cost))
    if shelf_life is None and len(kept) > 1:
        kept = _merge_durable(kept)
    return stock_before, available, sold, spoiled, spoiled_cost, tuple(kept)


def _merge_durable(kept: list[StockBatch]) -> list[StockBatch]:
    """Durable batches with the same unit cost become one batch (keeping the oldest age): age does
    not matter for goods that never spoil, and this keeps long seasons from piling up batches."""
    merged: dict[int, list] = {}
    for batch in kept:
        slot = merged.get(batch.unit_cost)
        if slot is None:
            merged[batch.unit_cost] = [batch.units, batch.age_days]
        else:
            slot[0] += batch.units
            slot[1] = max(slot[1], batch.age_days)
    return [StockBatch(units, age, cost) for cost, (units, age) in merged.items()]


Revise = Callable[[int, list[Offer], PeriodResult | None], Sequence[Offer]]


def run_season(offers: Sequence[Offer], settings: MarketSettings, weeks: int, *,
               first_week: int = 0, sellers: Sequence[SimulatedSeller] = (), seed: int | None = None,
               expected: bool = False, revise: Revise | None = None) -> SeasonResult:
    """Run ``weeks`` periods in a row, carrying stock and ratings from each week to the next.

    Learners' decisions stay as given unless ``revise(week_index, offers, previous_result)``
    returns new ones (offers passed to it already carry the latest stock and rating). Simulated
    sellers (``strategies.SimulatedSeller``) set their prices each week from the others' offers.
    """
    collecting = gc.isenabled()
    gc.disable()  # the season makes hundreds of thousands of objects and no reference cycles:
    try:          # the cyclic collector would only scan them again and again (a third of the time)
        return _run_season(offers, settings, weeks, first_week, sellers, seed, expected, revise)
    finally:
        if collecting:
            gc.enable()


def _run_season(offers: Sequence[Offer], settings: MarketSettings, weeks: int, first_week: int,
                sellers: Sequence[SimulatedSeller], seed: int | None, expected: bool,
                revise: Revise | None) -> SeasonResult:
    """The body of :func:`run_season`."""
    use_seed = settings.seed if seed is None else seed
    current = list(offers)
    carried: dict[str, tuple] = {}
    previous: PeriodResult | None = None
    periods: list[PeriodResult] = []
    market: Market | None = None
    aligned: tuple[list, list] | None = None  # last week's stocks and ratings, in market order
    batches: tuple | None = None  # and their first batches as columns (columns.sell_and_settle)
    for week_index in range(first_week, first_week + weeks):
        if revise is not None:
            if previous is not None:
                current = carry_forward(current, previous)
                carried, aligned = {}, None
            current = list(revise(week_index, current, previous))
        offers_now = current + simulated_offers(sellers, current, settings, week_index, previous)
        if not same_offers(market, offers_now):
            if market is not None and aligned is not None:
                carried.update(zip(market.fixed["offer_id"], zip(*aligned)))
            market, aligned = prepare_market(offers_now, settings), None
        result, stocks, ratings, batches = _simulate(
            offers_now, settings, week_index, use_seed, expected, carried, market, aligned,
            batches if aligned is not None else None)
        aligned = (stocks, ratings)
        periods.append(result)
        previous = result
    if market is None or aligned is None:
        return SeasonResult(tuple(periods), tuple(current))
    # carry_forward(current, previous), from the last week's columns (every offer took part)
    after = dict(zip(market.fixed["offer_id"], zip(*aligned)))
    return SeasonResult(tuple(periods), tuple(
        offer.with_changes(stock=after[offer.offer_id][0], rating=after[offer.offer_id][1])
        for offer in current))
