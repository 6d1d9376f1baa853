"""What every simulated seller sees of its market this week, computed for all sellers at once.

A seller prices against its rivals: the learners' offers of this week in its category and
channel, and the other simulated sellers there as they stood last week. What the price search
and the make-to-order quantity need of those rivals is, per customer segment, the rivals' logit
weights summed (``choice.RivalSums``). Summing them seller by seller in Python was most of a
class-market round; here the learners of a group are summed once for the group (``bincount``
over the offers as given, each with its group's largest utility from ``maximum.at``) and each
seller adds the other sellers of its group (a small seller x seller mask), with numpy; the
best-response sellers scan their price grids in one pass too.

The sums equal ``choice.rival_sums`` up to the last bits of a float (numpy's ``exp`` and the
order of the additions); a price is then rounded to the price step and a quantity to whole
units, so the offers are the same unless an exact optimum lies within a rounding error of a
half step.
"""

from __future__ import annotations

from itertools import repeat
from math import exp, inf, log1p
from typing import Callable, Sequence

import numpy as np

from .choice import ChoiceParams, RivalSums
from .groups import segment_table
from .model import MarketSettings, Offer
from .pricing import GRID_POINTS, UPPER_MARKUP_REFERENCES, Rival, refine, search_with_sums
from .seasons import factor_for_days

_GRID_STEPS = np.arange(GRID_POINTS, dtype=float)


class RivalField:
    """The rivals of each seller summed per segment (``sums``), the cheapest rival price
    (``cheapest``), the best responses to them (``best_prices``) and each seller's expected
    demand at its price (``own_demand``).

    ``groups`` are the sellers' (category, channel) pairs; ``seen`` is each seller as the others
    see it (last week's price, quality, marketing and rating after, or its starting values).
    """

    def __init__(self, groups: Sequence[tuple[str, str]], seen: Sequence[Rival],
                 offers: Sequence[Offer], settings: MarketSettings, day_events: tuple):
        number: dict[tuple[str, str], int] = {}
        for key in groups:
            number.setdefault(key, len(number))
        self.group = group = np.array(list(map(number.__getitem__, groups)), dtype=np.intp)
        self._group_table(list(number), settings, day_events)
        # each learner offer's group (len(number): in no seller's group, a group of zeros)
        found = np.fromiter(map(number.get, zip([o.category for o in offers],
                                                [o.channel for o in offers]),
                                repeat(len(number))), np.intp, len(offers))
        count = len(offers)
        prices = np.array([o.price for o in offers] + [r.price for r in seen], dtype=float)
        values = self._values(
            np.concatenate((found, group)), prices,
            np.array([o.quality for o in offers] + [r.quality for r in seen], dtype=float),
            np.array([o.marketing_spend for o in offers] + [r.marketing_spend for r in seen],
                     dtype=float),
            np.array([o.rating for o in offers] + [r.rating for r in seen], dtype=float))
        group_shift, group_sums, lowest = _group_sums(values[:, :count], prices[:count], found,
                                                      len(number))
        others = group[:, None] == group[None, :]  # others[i, j]: seller j is a rival of i
        np.fill_diagonal(others, False)
        lowest = np.fmin(lowest[group], np.where(others, prices[None, count:], np.inf).min(axis=1))
        self.cheapest = [None if price == np.inf else price for price in lowest.tolist()]
        # each seller's rivals per segment: its group's learners, rescaled to the seller's shift,
        # and the other sellers of its group
        rivals = np.where(others[None, :, :], values[:, None, count:], -np.inf)
        learner_shift = group_shift[:, group]  # segment x seller
        self.shift = shift = np.maximum(learner_shift, rivals.max(axis=2))
        self.sum = (np.exp(-shift) + group_sums[:, group] * np.exp(learner_shift - shift)
                    + np.exp(rivals - shift[:, :, None]).sum(axis=2))

    def _group_table(self, groups: list[tuple[str, str]], settings: MarketSettings,
                     day_events: tuple) -> None:
        """Each group's shoppers per segment and the segments' weights (``groups.choice_params``,
        the season factor and the segments counted once per category), as segment x group
        arrays with a last group of zeros."""
        categories: dict[str, int] = {}
        for category, _channel in groups:
            categories.setdefault(category, len(categories))
        presets = [settings.categories[category] for category in categories]
        table, widths = segment_table(presets)  # category x (weight, a, b) x segment
        factors = [factor_for_days(p.season_factors, day_events) for p in presets]
        row = [categories[category] for category, _channel in groups]
        self._widths = [widths[index] for index in row]
        customers = np.array([
            presets[index].customers_per_week.get(channel, 0.0) * settings.customer_scale
            * factors[index] for index, (_category, channel) in zip(row, groups)] + [0.0])
        # the group of zeros is where the learner offers in no seller's group fall
        row.append(len(presets))
        table = np.concatenate((table, np.zeros((1, *table.shape[1:]))))[row]
        weight, self.a, self.b = table.transpose(1, 2, 0)
        self.customers = customers * weight
        self.reference = np.array([float(p.reference_price) for p in presets] + [1.0])[row]
        self.m0 = np.array([float(p.marketing_reference) for p in presets] + [1.0])[row]
        self.weights = (settings.marketing_weight, settings.rating_weight)

    def _values(self, rows: np.ndarray, prices: np.ndarray, qualities: np.ndarray,
                marketing: np.ndarray, ratings: np.ndarray) -> np.ndarray:
        """Each row's utility per segment (segments x rows), as ``choice.rival_sums`` counts it:
        ``a q - b p / r + g ln(1 + m/m0) + h (rating - 3)``."""
        return (self.a[:, rows] * qualities - self.b[:, rows] * prices / self.reference[rows]
                + self._common(rows, marketing, ratings))

    def _common(self, rows: np.ndarray, marketing: np.ndarray, ratings: np.ndarray) -> np.ndarray:
        """``choice.common_utility`` of each row (``math.log1p``, and only where money is spent:
        most offers spend nothing on promotion)."""
        spend = marketing / self.m0[rows]
        term = np.zeros(len(spend))
        spending = np.flatnonzero(spend)
        term[spending] = list(map(log1p, spend[spending].tolist()))
        g, h = self.weights
        return g * term + h * (ratings - 3.0)

    def sums(self, index: int) -> RivalSums:
        """Seller ``index``'s rivals summed (``choice.rival_sums`` of its rivals)."""
        count = self._widths[self.group[index]]
        return RivalSums(tuple(zip(self.shift[:count, index].tolist(),
                                   self.sum[:count, index].tolist())))

    def common(self, index: int, marketing_spend: float, rating: float) -> float:
        """``choice.common_utility`` of seller ``index``'s offer."""
        g, h = self.weights
        return g * log1p(marketing_spend / float(self.m0[self.group[index]])) + h * (rating - 3.0)

    def choice(self, index: int) -> ChoiceParams:
        """The choice parameters of seller ``index``'s group this week
        (``groups.choice_params``)."""
        group = self.group[index]
        count = self._widths[group]
        g, h = self.weights
        return ChoiceParams(float(self.reference[group]), float(self.m0[group]), g, h,
                            tuple(zip(self.customers[:count, group].tolist(),
                                      self.a[:count, group].tolist(),
                                      self.b[:count, group].tolist())))

    def best_prices(self, sellers: list[int], costs: list[float], qualities: list[float],
                    commons: list[float]) -> list[float]:
        """The best-response price of each of ``sellers`` (``pricing.search_with_sums``, its
        effective cost, quality and common utility given): the first scan of every seller's
        grid in one numpy pass, then Newton's steps seller by seller."""
        rows = self.group[sellers]
        reference = self.reference[rows]
        low = np.maximum(np.array(costs), 1e-9 * reference)
        step = UPPER_MARKUP_REFERENCES * reference / (GRID_POINTS - 1)
        points = low[:, None] + step[:, None] * _GRID_STEPS  # seller x grid point
        # per segment and seller: choice.own_demand's terms that do not depend on the price
        beta = self.b[:, rows] / reference
        base = self.a[:, rows] * np.array(qualities) + np.array(commons) - self.shift[:, sellers]
        others, customers = self.sum[:, sellers], self.customers[:, rows]
        value = base[:, :, None] - beta[:, :, None] * points  # segment x seller x grid point
        if value.max(initial=-np.inf) < 700.0:  # no weight overflows (the usual case)
            weight = np.exp(value)
            shares = weight / (others[:, :, None] + weight)
        else:
            weight = np.exp(np.minimum(value, 700.0))
            shares = np.where(value < 700.0, weight / (others[:, :, None] + weight), 1.0)
        demand = (customers[:, :, None] * shares).sum(axis=0)
        best = np.argmax(demand * (points - np.array(costs)[:, None]), axis=1).tolist()
        columns = [column.T.tolist() for column in (customers, beta, self.a[:, rows]
                                                      * np.array(qualities), self.shift[:, sellers],
                                                      others, customers * beta,
                                                      customers * beta * beta)]
        found = []
        for index, seller in enumerate(sellers):
            if best[index] == GRID_POINTS - 1:  # the optimum may lie further up: the whole search
                found.append(search_with_sums(costs[index], qualities[index], commons[index],
                                              self.sums(seller), self.choice(seller)).price)
                continue
            count = self._widths[rows[index]]
            segments = list(zip(*(column[index][:count] for column in columns)))
            found.append(refine(_profit_slopes(costs[index], commons[index], segments),
                                points[index].tolist(), best[index], float(low[index])).price)
        return found

    def own_demand(self, sellers: np.ndarray, prices: Sequence[float], qualities: Sequence[float],
                   marketing: Sequence[float], ratings: Sequence[float]) -> np.ndarray:
        """The expected demand of each of ``sellers`` (indexes) at its price, its rivals fixed
        (``choice.own_demand`` for several sellers at once)."""
        rows = self.group[sellers]
        beta = self.b[:, rows] / self.reference[rows]
        value = (self.a[:, rows] * np.array(qualities, dtype=float)
                 - beta * np.array(prices, dtype=float)
                 + self._common(rows, np.array(marketing, dtype=float),
                                np.array(ratings, dtype=float))
                 - self.shift[:, sellers])
        weight = np.exp(np.minimum(value, 700.0))
        shares = np.where(value < 700.0, weight / (self.sum[:, sellers] + weight), 1.0)
        return (self.customers[:, rows] * shares).sum(axis=0)


def _profit_slopes(cost: float, common: float,
                   segments: list[tuple]) -> Callable[[float], tuple[float, float, float]]:
    """``pricing.profit_and_slopes`` of one seller, with what does not depend on the price
    worked out once per segment (``customers, beta, a * quality, shift, others, customers *
    beta, customers * beta * beta``): the same arithmetic in the same order, so the same
    numbers, in the Newton steps that call it again and again."""
    def slopes(price: float) -> tuple[float, float, float]:
        demand = slope = curvature = 0.0
        for customers, beta, aq, shift, others, cb, cbb in segments:
            value = aq - beta * price + common - shift
            weight = exp(value) if value < 700.0 else inf
            share = 1.0 if weight == inf else weight / (others + weight)
            spread = share * (1.0 - share)
            demand += customers * share
            slope -= cb * spread
            curvature += cbb * spread * (1.0 - 2.0 * share)
        margin = price - cost
        return demand * margin, demand + margin * slope, 2.0 * slope + margin * curvature
    return slopes


def _group_sums(values: np.ndarray, prices: np.ndarray, found: np.ndarray,
                groups: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Per group (``found`` is each offer's, ``groups`` for an offer in none) and segment: the
    shift (the largest utility, or 0 for the outside option) and the weights summed with that
    shift; and each group's lowest price (infinite for a group without learners)."""
    segments = values.shape[0]
    shift = np.zeros((segments, groups + 1))
    for segment in range(segments):
        np.maximum.at(shift[segment], found, values[segment])
    weights = np.exp(values - shift[:, found])
    sums = np.bincount((np.arange(segments)[:, None] * (groups + 1) + found).ravel(),
                       weights.ravel(), minlength=segments * (groups + 1))
    lowest = np.full(groups + 1, np.inf)
    np.minimum.at(lowest, found, prices)
    return (shift[:, :groups], sums.reshape(segments, groups + 1)[:, :groups],
            lowest[:groups])
