"""The glue between stored decisions and the simulator, shared by practice seasons and class markets.

A round is a pure function of (settings, simulated sellers, every learner's decisions, week
index, the results of earlier weeks): stock and ratings are carried from the stored results, so
replaying the same decisions with the same seed gives the same results.

A decision for one product is a dict: ``product_id``, ``name``, ``category``, ``quality``,
``unit_cost``, ``breakdown`` (the product snapshot) plus ``price``, ``units`` (made this week),
``channels`` (list of channel codes) and ``marketing`` (rupiah). Units and marketing are shared
evenly over the chosen channels; each product in each channel is one simulator ``Offer``.
"""
from __future__ import annotations

import datetime as dt
import random

from training.simulator import (
    MarketSettings,
    Offer,
    PeriodResult,
    Rival,
    SellerStrategy,
    SimulatedSeller,
    run_period,
    simulated_offers,
)
from training.simulator.advice import advise, advise_seller
from training.simulator.cash import BusinessWeek, Wallet, WeekExtras, run_business_week
from training.simulator.money import allocate_evenly
from training.simulator.strategies import STRATEGY_KINDS, round_to_step

CHANNELS = ("showroom", "bazar", "online")


def next_monday(today: dt.date) -> dt.date:
    """The first Monday on or after ``today``: market weeks start on a Monday."""
    return today + dt.timedelta(days=(7 - today.weekday()) % 7)


def offer_id(owner_id: str, product_id: int, channel: str) -> str:
    """The simulator offer id of a product in a channel."""
    return f"{owner_id}:p{product_id}:{channel}"


def make_sellers(settings: MarketSettings, categories, channels, count: int, strategy: str,
                 seed: int) -> list[SimulatedSeller]:
    """``count`` simulated local sellers per category and channel, drawn from ``seed``.

    ``strategy`` is one of the simulator's kinds, or ``mixed`` for a rotation of all four. Costs
    come from the category's cost range, prices near its reference price.
    """
    rng = random.Random(f"sellers:{seed}")
    sellers = []
    step = settings.price_step
    for category in sorted(categories):
        preset = settings.categories[category]
        low, high = preset.unit_cost_range
        for channel in [c for c in CHANNELS if c in channels]:
            start = rng.randrange(len(STRATEGY_KINDS))
            for number in range(count):
                kind = strategy if strategy in STRATEGY_KINDS else STRATEGY_KINDS[(start + number) % len(STRATEGY_KINDS)]
                unit_cost = round_to_step(rng.uniform(low, high), step)
                quality = 0.85 if kind == "premium" else round(rng.uniform(0.45, 0.75), 2)
                price = round_to_step(preset.reference_price * rng.uniform(0.9, 1.15), step, unit_cost)
                sellers.append(SimulatedSeller(
                    seller_id=f"{category}-{channel}-{number + 1}", category=category, channel=channel,
                    strategy=SellerStrategy(kind, min_margin_rate=0.05), unit_cost=unit_cost,
                    quality=quality, price=price))
    return sellers


def carried_state(history: list[PeriodResult]) -> dict[str, tuple]:
    """Each learner offer's stock and rating after the latest week it sold in."""
    state: dict[str, tuple] = {}
    for result in history:
        for done in result.offers:
            if done.kind == "learner":
                state[done.offer_id] = (done.stock_after, done.rating_after)
    return state


FIRST_BATCH = 5
"""The most a new product's first week pre-fills: learn what sells before making more."""


def first_decision(snapshot: dict, settings: MarketSettings, products: int = 1, cash: int | None = None) -> dict:
    """A new product's pre-filled decision: its cost plus 30% (never a category's average price),
    and a small first batch that fits half the week's hours and a quarter of the cash, shared
    with the learner's other products."""
    unit_cost = int(snapshot["unit_cost"])
    price = max(100, -(-unit_cost * 13 // 1000) * 100)
    hours = snapshot.get("hours_per_unit") or settings.categories[snapshot["category"]].hours_per_unit
    by_hours = int(settings.hours_per_week / 2 / products / hours) if hours else FIRST_BATCH
    by_cash = (cash // 4 // products // unit_cost) if cash is not None and unit_cost else FIRST_BATCH
    return {**snapshot, "price": price, "units": max(1, min(FIRST_BATCH, by_hours, by_cash)),
            "channels": ["showroom"], "marketing": 0}


def decision_offers(owner_id: str, facility_id: str, decisions: list[dict],
                    state: dict[str, tuple]) -> list[Offer]:
    """The simulator offers of one learner's decisions for one week.

    A product without a price is not offered this week (its stock waits), and a channel where
    nothing was made and nothing is left in stock is not offered: no stall is paid for an empty
    table.
    """
    offers = []
    for decision in decisions:
        if decision.get("price") is None:
            continue
        channels = [c for c in CHANNELS if c in decision["channels"]]
        units = allocate_evenly(int(decision["units"]), len(channels))
        marketing = allocate_evenly(int(decision["marketing"]), len(channels))
        for index, channel in enumerate(channels):
            oid = offer_id(owner_id, decision["product_id"], channel)
            stock, rating = state.get(oid, ((), 3.0))
            if units[index] == 0 and not sum(batch.units for batch in stock):
                continue
            offers.append(Offer(
                offer_id=oid, owner_id=owner_id, category=decision["category"], channel=channel,
                price=int(decision["price"]), quality=float(decision["quality"]),
                unit_cost=int(decision["unit_cost"]), units_made=units[index],
                marketing_spend=marketing[index], rating=rating, stock=tuple(stock),
                unit_cost_breakdown=dict(decision["breakdown"]), facility_id=facility_id,
                name=decision.get("name", ""), unit=decision.get("unit", ""),
                hours_per_unit=decision.get("hours_per_unit")))
    return offers


def round_offers(settings: MarketSettings, sellers: list[SimulatedSeller], decisions: dict[str, list[dict]],
                 facility_ids: dict[str, str], week_index: int, history: list[PeriodResult]) -> list[Offer]:
    """Every offer of one week: each learner's decisions (owner id -> decisions) and the simulated sellers'."""
    state = carried_state(history)
    offers: list[Offer] = []
    for owner_id in sorted(decisions):
        offers += decision_offers(owner_id, facility_ids.get(owner_id, ""), decisions[owner_id], state)
    previous = history[-1] if history else None
    return offers + simulated_offers(sellers, offers, settings, week_index, previous)


def run_round(settings: MarketSettings, sellers: list[SimulatedSeller], decisions: dict[str, list[dict]],
              facility_ids: dict[str, str], week_index: int, history: list[PeriodResult]) -> PeriodResult:
    """Run one week for every learner's decisions (owner id -> decisions) plus the simulated sellers."""
    return run_period(round_offers(settings, sellers, decisions, facility_ids, week_index, history),
                      settings, week_index)


def run_business_round(settings: MarketSettings, sellers: list[SimulatedSeller], decisions: dict[str, list[dict]],
                       facility_ids: dict[str, str], week_index: int, history: list[PeriodResult],
                       wallets: dict[str, Wallet], extras: dict[str, WeekExtras], lang: str = "id") -> BusinessWeek:
    """:func:`run_round` with the limits of a real business: each learner's hours and cash are
    checked first (``PlanRefused`` with the reasons in plain words) and a cash ledger is kept."""
    offers = round_offers(settings, sellers, decisions, facility_ids, week_index, history)
    return run_business_week(offers, settings, week_index, wallets, extras, lang=lang)


def limited_totals(result: PeriodResult, history: list[PeriodResult], owner_id: str, facility_id: str,
                   decisions: list[dict], settings: MarketSettings, *, cash: int | None, helper_hours: float,
                   weeks_left: int) -> tuple[int, int]:
    """(expected profit of the learner's week as decided, the best expected profit the screens'
    advice finds within the same limits), both at the rivals' prices of that week.

    The best is the engine's advice for the whole week (``advise_seller``): prices against the
    rivals as they were, quantities fitted into the learner's hours (with the helper's), cash and
    stock on hand that week, for the products and channels the learner chose. Both figures come
    from the same expected-demand model, so a learner who follows the advice scores close to 100%.
    When the learner's own plan is worth more, that plan is the best."""
    offers = decision_offers(owner_id, facility_id, decisions, carried_state(history))
    rivals = {o.offer_id: [Rival(r.price, r.quality, r.marketing_spend, r.rating_before)
                           for r in result.group_offers(o.category, o.channel) if r.offer_id != o.offer_id]
              for o in offers}
    week = result.week_index
    actual = sum(advise(o, rivals[o.offer_id], settings, week, price=o.price, units=o.units_made,
                        weeks_left=weeks_left).expected_profit for o in offers)
    best = sum(a.expected_profit for a in advise_seller(offers, rivals, settings, week, cash=cash,
                                                        helper_hours=helper_hours, weeks_left=weeks_left))
    return actual, max(actual, best)
