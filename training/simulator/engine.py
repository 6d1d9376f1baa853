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

from typing import Callable, Sequence

from .choice import expected_demand
from .draws import expected_sales, period_rng, poisson_from_pair
from .groups import check_offers, choice_params, group_customers, stall_fee_shares
from .model import PERIOD_DAYS, MarketSettings, Offer, StockBatch
from .money import NO_SPLIT, compile_split, rate_fraction, round_half_up, split_money
from .results import GroupResult, OfferResult, PeriodResult, SeasonResult, carry_forward
from .reviews import next_rating
from .seasons import lebaran_overrides, week_day_events, week_events
from .strategies import SimulatedSeller, simulated_offers

_RESIDUE = 1e-9  # in expected mode, fractional stock below this is float noise and is dropped


def run_period(offers: Sequence[Offer], settings: MarketSettings, week_index: int, *,
               seed: int | None = None, expected: bool = False) -> PeriodResult:
    """Simulate one week of the market for these offers and return every offer's result.

    ``seed`` defaults to ``settings.seed``; the period's random stream is derived from the seed and
    ``week_index``. With ``expected=True`` demand is the exact expectation and nothing is random.
    """
    return _simulate(offers, settings, week_index, settings.seed if seed is None else seed,
                     expected, None)


def _simulate(offers: Sequence[Offer], settings: MarketSettings, week_index: int, seed: int,
              expected: bool, carried: dict | None) -> PeriodResult:
    """The period itself. ``carried`` optionally maps offer id to ``(stock, rating)`` and then
    overrides the offer's own fields (run_season uses it to avoid rebuilding every offer)."""
    check_offers(offers, settings)
    week_start = settings.week_start(week_index)
    overrides = lebaran_overrides(settings.lebaran_dates)
    day_events = week_day_events(week_start, overrides)
    events = week_events(week_start, overrides)
    fees = stall_fee_shares(offers, settings)
    splits = {}
    uniform = None if expected else period_rng(seed, week_index).random
    halfway = settings.review_halfway_units

    grouped: dict[tuple[str, str], list[Offer]] = {}
    for offer in offers:
        grouped.setdefault((offer.category, offer.channel), []).append(offer)

    groups: list[GroupResult] = []
    results: list[OfferResult] = []
    for key in sorted(grouped):
        category, channel = key
        members = sorted(grouped[key], key=lambda o: o.offer_id)
        preset = settings.categories[category]
        customers, factor = group_customers(settings, category, channel, day_events)
        params = choice_params(settings, category, customers)
        groups.append(GroupResult(
            category, channel, customers, factor, events,
            {s.code: customers * s.weight for s in preset.segments if s.weight > 0},
            tuple(o.offer_id for o in members)))
        if carried is None:
            stocks = [o.stock for o in members]
            ratings = [o.rating for o in members]
        else:
            states = [carried.get(o.offer_id) for o in members]
            stocks = [o.stock if s is None else s[0] for o, s in zip(members, states)]
            ratings = [o.rating if s is None else s[1] for o, s in zip(members, states)]
        means = expected_demand([o.price for o in members], [o.quality for o in members],
                                [o.marketing_spend for o in members], ratings, params)
        commission_rate = rate_fraction(settings.channels[channel].commission_rate)
        shelf_life = preset.shelf_life_days
        reference = preset.reference_price
        for offer, stock, rating, mean in zip(members, stocks, ratings, means):
            demand = mean if uniform is None else poisson_from_pair(uniform(), uniform(), mean)
            split_key = None if offer.kind == "umkm" else offer.facility_id
            split = splits.get(split_key)
            if split is None:
                split = compile_split(NO_SPLIT if split_key is None
                                      else settings.split_for(split_key))
                splits[split_key] = split
            results.append(_settle(offer, stock, rating, mean, demand, expected, shelf_life,
                                   reference, commission_rate, fees[offer.offer_id], split,
                                   halfway))
    return PeriodResult(week_index, week_start.isoformat(), seed, expected, tuple(groups),
                        tuple(results))


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
    use_seed = settings.seed if seed is None else seed
    current = list(offers)
    carried: dict[str, tuple] = {}
    previous: PeriodResult | None = None
    periods: list[PeriodResult] = []
    for week_index in range(first_week, first_week + weeks):
        if revise is not None:
            if previous is not None:
                current = carry_forward(current, previous)
                carried = {}
            current = list(revise(week_index, current, previous))
        market = current + simulated_offers(sellers, current, settings, week_index, previous)
        result = _simulate(market, settings, week_index, use_seed, expected, carried)
        for done in result.offers:
            carried[done.offer_id] = (done.stock_after, done.rating_after)
        periods.append(result)
        previous = result
    final = carry_forward(current, previous) if previous is not None else current
    return SeasonResult(tuple(periods), tuple(final))
