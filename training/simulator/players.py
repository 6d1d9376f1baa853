"""Automatic players, to check that the advice is worth following and the pre-fills are safe.

``play_season`` runs a season with cash and limits enforced (``cash.run_business_week``), asking
a ``decide`` function for each week's offers. Two deciders stand for two kinds of learner:

- :func:`follow_advice`: every week, each product's advised price and quantity (``advise``).
- :func:`keep_prefilled`: what a learner gets by accepting the decision form's pre-filled values:
  the advised price and a small first batch (:func:`first_batch`) in the first week, then last
  week's price and quantity unchanged.

:func:`best_possible_profit` adds up what the screens say was possible: each week's what-if best
profit (``whatif.profit_curve``: rivals fixed, making exactly what sells). Following the advice
should come close to it (``bench/bench_simulator.py`` prints the ratio).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, Sequence

from .advice import Advice, advise_seller, rivals_in
from .cash import CashWeek, Wallet, run_business_week
from .model import MarketSettings, Offer
from .pricing import Rival
from .results import PeriodResult, carry_forward
from .strategies import SimulatedSeller, simulated_offers
from .whatif import profit_curve

Decide = Callable[[int, list[Offer], "PeriodResult | None", dict[str, Wallet]], list[Offer]]


@dataclass(slots=True)
class PlayedSeason:
    """The weeks played, each learner's cash ledgers and their wallets at the end."""

    periods: list[PeriodResult]
    ledgers: dict[str, list[CashWeek]]
    wallets: dict[str, Wallet]

    def profit(self, owner_id: str) -> int:
        """The learner's profit over the season, after helper wages and interest."""
        return sum(week.profit for week in self.ledgers[owner_id])


def play_season(offers: Sequence[Offer], settings: MarketSettings, weeks: int, decide: Decide, *,
                sellers: Sequence[SimulatedSeller] = (), seed: int | None = None,
                expected: bool = False, first_week: int = 0) -> PlayedSeason:
    """Play ``weeks`` weeks: ``decide(week, offers, previous, wallets)`` sets each week's learner
    offers (given with their stock and rating); every learner starts with the settings' modal.
    A plan that breaks a limit raises ``cash.PlanRefused``."""
    current = list(offers)
    wallets = {o.owner_id: Wallet(settings.starting_cash) for o in offers if o.kind == "learner"}
    ledgers: dict[str, list[CashWeek]] = {owner: [] for owner in wallets}
    previous: PeriodResult | None = None
    periods = []
    for week_index in range(first_week, first_week + weeks):
        if previous is not None:
            current = carry_forward(current, previous)
        current = list(decide(week_index, current, previous, dict(wallets)))
        market = current + simulated_offers(sellers, current, settings, week_index, previous)
        week = run_business_week(market, settings, week_index, wallets, seed=seed,
                                 expected=expected)
        for owner, ledger in week.ledgers.items():
            ledgers[owner].append(ledger)
        wallets = week.wallets
        periods.append(week.result)
        previous = week.result
    return PlayedSeason(periods, ledgers, wallets)


def _rivals(offer: Offer, offers: Sequence[Offer], previous: PeriodResult | None,
            sellers: Sequence[SimulatedSeller]) -> list[Rival]:
    """The rivals a learner sees when deciding: last week's market, or before the first week the
    other learners' offers and the simulated sellers' starting prices."""
    if previous is not None:
        return rivals_in(previous, offer.offer_id, offer.category, offer.channel)
    return ([Rival(o.price, o.quality, o.marketing_spend, o.rating) for o in offers
             if o.offer_id != offer.offer_id and (o.category, o.channel)
             == (offer.category, offer.channel)]
            + [Rival(s.price, s.quality, s.marketing_spend, s.rating) for s in sellers
               if (s.category, s.channel) == (offer.category, offer.channel)])


def first_batch(advice: Advice) -> int:
    """A small first batch for a new product: half the advised quantity (at least one unit when
    any is advised), so a first week teaches without sinking the modal."""
    return 0 if advice.suggested_units == 0 else max(1, advice.suggested_units // 2)


def _seller_advice(offers: list[Offer], previous: PeriodResult | None,
                   wallets: dict[str, Wallet], settings: MarketSettings,
                   sellers: Sequence[SimulatedSeller], week_index: int,
                   weeks_left: int | None) -> dict[str, Advice]:
    """Each offer's advice, fitted per seller into their hours and cash."""
    found: dict[str, Advice] = {}
    for owner in sorted({o.owner_id for o in offers}):
        mine = [o for o in offers if o.owner_id == owner]
        rivals = {o.offer_id: _rivals(o, offers, previous, sellers) for o in mine}
        cash = wallets[owner].cash if owner in wallets else None
        for advice in advise_seller(mine, rivals, settings, week_index, cash=cash,
                                    weeks_left=weeks_left):
            found[advice.offer_id] = advice
    return found


def follow_advice(settings: MarketSettings, sellers: Sequence[SimulatedSeller] = (),
                  last_week: int | None = None) -> Decide:
    """A decider that takes each product's advised price and quantity every week (the advice is
    fitted into the learner's hours and cash; ``last_week``, the season's last week index, tells
    the advice how many weeks are left)."""
    def decide(week_index, offers, previous, wallets):
        weeks_left = None if last_week is None else last_week - week_index + 1
        advice = _seller_advice(offers, previous, wallets, settings, sellers, week_index,
                                weeks_left)
        return [o.with_changes(price=advice[o.offer_id].suggested_price,
                               units_made=advice[o.offer_id].suggested_units) for o in offers]
    return decide


def keep_prefilled(settings: MarketSettings, sellers: Sequence[SimulatedSeller] = ()) -> Decide:
    """A decider that accepts the pre-filled form: the advised price and a small first batch in
    the first week, then the same price and quantity every week."""
    def decide(week_index, offers, previous, wallets):
        if previous is not None:
            return offers
        advice = _seller_advice(offers, previous, wallets, settings, sellers, week_index, None)
        return [o.with_changes(price=advice[o.offer_id].suggested_price,
                               units_made=first_batch(advice[o.offer_id])) for o in offers]
    return decide


def best_possible_profit(periods: Sequence[PeriodResult], owner_id: str,
                         settings: MarketSettings) -> int:
    """What the screens say was possible: each week's what-if best profit of every offer."""
    return sum(profit_curve(period, done.offer_id, settings).best.profit
               for period in periods for done in period.offers_of(owner_id))
