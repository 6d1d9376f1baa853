"""Try it again ("Ulangi minggu ini"): replay a week with other decisions, same shoppers and rivals.

:func:`replay_week` rebuilds the week's market from its stored result (every offer as it was: the
rivals' prices as they set them, the ratings, the stock carried in from the week before), applies
the learner's changes, and runs the week again with the same seed and week index. Because every
offer takes the same random numbers in the same order (``draws.py``), the shoppers are the same:
an unchanged replay gives exactly the recorded result, and a changed one shows only what the
change did. Simulated sellers keep the prices they really asked (they do not react to the
replay), so the comparison is fair.

A replay is practice: a pure function of its inputs, it changes no recorded result, and it checks
no hours or cash (use ``limits.check_plan`` first if a replayed plan must be one the learner could
have paid for). The web layer shows :class:`Replay` ``pairs`` side by side.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Mapping

from .engine import run_period
from .model import MarketSettings, Offer
from .results import OfferResult, PeriodResult

CHANGEABLE = ("price", "units_made", "marketing_spend", "quality")


@dataclass(slots=True)
class Replay:
    """The week as it happened and as replayed, and which offers were changed."""

    actual: PeriodResult
    replayed: PeriodResult
    changed: tuple[str, ...]

    def pairs(self, owner_id: str) -> list[tuple[OfferResult, OfferResult]]:
        """``(what happened, the replay)`` for each of a seller's offers, side by side."""
        return [(done, self.replayed.offer(done.offer_id)) for done in self.actual.offers_of(owner_id)]

    def profit_change(self, owner_id: str) -> int:
        """How much more (or less, when negative) the seller would have earned this week."""
        return (sum(r.profit for r in self.replayed.offers_of(owner_id))
                - sum(r.profit for r in self.actual.offers_of(owner_id)))


def offers_of_week(result: PeriodResult, previous: PeriodResult | None) -> list[Offer]:
    """The offers of a recorded week as they went into the market: each offer's decisions from
    ``result`` and the stock it carried from ``previous`` (None for a season's first week)."""
    carried = {r.offer_id: r.stock_after for r in previous.offers} if previous else {}
    return [Offer(
        offer_id=r.offer_id, owner_id=r.owner_id, category=r.category, channel=r.channel,
        price=r.price, quality=r.quality, unit_cost=r.unit_cost, units_made=r.units_made,
        marketing_spend=r.marketing_spend, rating=r.rating_before,
        stock=carried.get(r.offer_id, ()), facility_id=r.facility_id, kind=r.kind, name=r.name,
        unit=r.unit) for r in result.offers]


def replay_week(result: PeriodResult, settings: MarketSettings,
                changes: Mapping[str, Mapping[str, Any]],
                previous: PeriodResult | None = None) -> Replay:
    """Replay the recorded week ``result`` with ``changes`` (offer id -> new values of
    ``CHANGEABLE`` fields), the same random draw and the same rival decisions.

    ``previous`` is the week before (for the stock carried in); the settings must be the ones the
    week ran with. Raises ValueError for an unknown offer, a field that cannot change or a bad
    value; KeyError never escapes.
    """
    offers = offers_of_week(result, previous)
    known = {o.offer_id for o in offers}
    for offer_id, fields in changes.items():
        if offer_id not in known:
            raise ValueError(f"offer {offer_id!r} did not take part in week {result.week_index}")
        wrong = sorted(set(fields) - set(CHANGEABLE))
        if wrong:
            raise ValueError(f"a replay can change only {CHANGEABLE}, not {wrong}")
    changed = [o.with_changes(**changes[o.offer_id]) if o.offer_id in changes else o
               for o in offers]
    replayed = run_period(changed, settings, result.week_index, seed=result.seed,
                          expected=result.expected)
    return Replay(result, replayed, tuple(sorted(changes)))
