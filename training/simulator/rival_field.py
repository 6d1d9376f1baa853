"""What every simulated seller sees of its market this week, computed for all sellers at once.

A seller prices against its rivals: the learners' offers of this week in its category and
channel, and the other simulated sellers there as they stood last week. What the price search
and the make-to-order quantity need of those rivals is, per customer segment, the rivals' logit
weights summed (``choice.RivalSums``). Summing them seller by seller in Python was most of a
class-market round; here the learners of a group are summed once for the group (one ``reduceat``
over all groups) and each seller adds the other sellers of its group (a small seller x seller
mask), with numpy. The sums equal ``choice.rival_sums`` up to the last bits of a float
(numpy's ``exp`` and the order of the additions); a price is then rounded to the price step and
a quantity to whole units, so the offers are the same unless an exact optimum lies within a
rounding error of a half step.
"""

from __future__ import annotations

from math import log1p
from typing import Sequence

import numpy as np

from .choice import ChoiceParams, RivalSums
from .groups import choice_params, group_customers
from .model import MarketSettings, Offer
from .pricing import Rival


class RivalField:
    """The rivals of each seller, summed per segment (``sums(index)``), the cheapest rival price
    (``cheapest``) and each seller's own expected demand at a price (``own_demand``).

    ``groups`` are the sellers' (category, channel) pairs; ``seen`` is each seller as the others
    see it (last week's price, quality, marketing and rating after, or its starting values).
    """

    def __init__(self, groups: Sequence[tuple[str, str]], seen: Sequence[Rival],
                 offers: Sequence[Offer], settings: MarketSettings, day_events: tuple):
        number: dict[tuple[str, str], int] = {}
        for key in groups:
            number.setdefault(key, len(number))
        learners: list[list[Offer]] = [[] for _ in number]
        for offer in offers:
            found = number.get((offer.category, offer.channel))
            if found is not None:
                learners[found].append(offer)
        self.group = group = np.array([number[key] for key in groups], dtype=np.intp)
        self.params: list[ChoiceParams] = []
        params = self.params
        for category, channel in number:
            customers, _factor = group_customers(settings, category, channel, day_events)
            params.append(choice_params(settings, category, customers))
        segments = max(len(p.segments) for p in params)
        table = np.zeros((3, len(params), segments))  # customers, a, b of each group's segments
        for index, p in enumerate(params):
            table[:, index, :len(p.segments)] = np.array(p.segments).T
        self.customers, self.a, self.b = table
        self.reference = np.array([p.reference_price for p in params])
        self.m0 = np.array([p.marketing_reference for p in params])
        self.weights = (settings.marketing_weight, settings.rating_weight)
        pool = [offer for members in learners for offer in members]
        sizes = np.array(list(map(len, learners)), dtype=np.intp)
        rows = np.repeat(np.arange(len(learners)), sizes)
        learner_values = self._values(
            rows, [o.price for o in pool], [o.quality for o in pool],
            [o.marketing_spend for o in pool], [o.rating for o in pool])
        self.seen_values = self._values(group, *zip(*seen))
        self.group_shift, self.group_sums = _group_sums(learner_values, sizes)
        prices = np.array([o.price for o in pool], dtype=float)
        self.cheapest_learner = _group_min(prices, sizes)
        self.seen_prices = np.array([r.price for r in seen], dtype=float)
        same = group[:, None] == group[None, :]
        np.fill_diagonal(same, False)
        self.others = same  # others[i, j]: seller j is a rival of seller i
        self._sums()

    def _values(self, rows: np.ndarray, prices, qualities, marketing, ratings) -> np.ndarray:
        """Each row's utility per segment (segments x rows), as ``choice.rival_sums`` counts it:
        ``a q - b p / r + g ln(1 + m/m0) + h (rating - 3)``."""
        return (self.a[rows].T * np.array(qualities, dtype=float)
                - self.b[rows].T * np.array(prices, dtype=float) / self.reference[rows]
                + self._common(rows, marketing, ratings))

    def _common(self, rows: np.ndarray, marketing, ratings) -> np.ndarray:
        """``choice.common_utility`` of each row (``math.log1p``, and only where money is spent:
        most offers spend nothing on promotion)."""
        spend = np.array(marketing, dtype=float) / self.m0[rows]
        term = np.zeros(len(spend))
        spending = np.flatnonzero(spend)
        term[spending] = list(map(log1p, spend[spending].tolist()))
        g, h = self.weights
        return g * term + h * (np.array(ratings, dtype=float) - 3.0)

    def _sums(self) -> None:
        """Every seller's rivals summed per segment: the learners of its group (summed once per
        group, rescaled to the seller's shift) and the other sellers of its group."""
        seen = np.where(self.others[None, :, :], self.seen_values[:, None, :], -np.inf)
        learner_shift = self.group_shift[:, self.group]  # segment x seller
        self.shift = shift = np.maximum(learner_shift, seen.max(axis=2))
        self.sum = (np.exp(-shift) + self.group_sums[:, self.group] * np.exp(learner_shift - shift)
                    + np.exp(seen - shift[:, :, None]).sum(axis=2))

    def sums(self, index: int) -> RivalSums:
        """Seller ``index``'s rivals summed (``choice.rival_sums`` of its rivals)."""
        count = len(self.params[self.group[index]].segments)
        return RivalSums(tuple(zip(self.shift[:count, index].tolist(),
                                   self.sum[:count, index].tolist())))

    def choice(self, index: int) -> ChoiceParams:
        """The choice parameters of seller ``index``'s group this week."""
        return self.params[self.group[index]]

    def cheapest(self, index: int) -> float | None:
        """The lowest price among seller ``index``'s rivals (None when it has none)."""
        prices = self.seen_prices[self.others[index]].tolist()
        learners = float(self.cheapest_learner[self.group[index]])
        if not np.isnan(learners):
            prices.append(learners)
        return min(prices) if prices else None

    def own_demand(self, sellers: np.ndarray, prices: Sequence[float], qualities: Sequence[float],
                   marketing: Sequence[float], ratings: Sequence[float]) -> np.ndarray:
        """The expected demand of each of ``sellers`` (indexes) at its price, its rivals fixed
        (``choice.own_demand`` for several sellers at once)."""
        rows = self.group[sellers]
        beta = self.b[rows].T / self.reference[rows]
        value = (self.a[rows].T * np.array(qualities, dtype=float)
                 - beta * np.array(prices, dtype=float) + self._common(rows, marketing, ratings)
                 - self.shift[:, sellers])
        weight = np.exp(np.minimum(value, 700.0))
        shares = np.where(value < 700.0, weight / (self.sum[:, sellers] + weight), 1.0)
        return (self.customers[rows].T * shares).sum(axis=0)


def _group_sums(values: np.ndarray, sizes: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Per group (groups are contiguous runs of ``sizes`` columns) and segment: the shift (the
    largest utility, or 0 for the outside option) and the weights summed with that shift."""
    shift = np.zeros((values.shape[0], len(sizes)))
    sums = np.zeros_like(shift)
    filled = np.flatnonzero(sizes)
    if len(filled):
        starts = (np.cumsum(sizes) - sizes)[filled]
        shift[:, filled] = np.maximum(np.maximum.reduceat(values, starts, axis=1), 0.0)
        weights = np.exp(values - np.repeat(shift, sizes, axis=1))
        sums[:, filled] = np.add.reduceat(weights, starts, axis=1)
    return shift, sums


def _group_min(prices: np.ndarray, sizes: np.ndarray) -> np.ndarray:
    """The lowest price of each group (NaN for a group without learners)."""
    lowest = np.full(len(sizes), np.nan)
    filled = np.flatnonzero(sizes)
    if len(filled):
        lowest[filled] = np.minimum.reduceat(prices, (np.cumsum(sizes) - sizes)[filled])
    return lowest
