"""What if I had asked another price? The profit curve of one offer with everything else fixed.

Everything except the learner's own price is held as it was in the period: the rivals' offers,
the shoppers of that week, the learner's quality, rating, marketing and stall fee. Demand is the
expectation (no luck). Two ways to count production:

- ``stock_limited=False`` (default): "if you had made exactly what sells": units made equal the
  expected demand, so the curve shows the price that is best for the business.
- ``stock_limited=True``: the stock is what was really there; expected sales are
  E[min(demand, available units)] under the Poisson demand (``draws.expected_sales``), and the
  production cost of the units made is fixed.

Money on the curve is integer rupiah (expected units times price, rounded half up).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Sequence

from .choice import common_utility, own_demand, rival_sums
from .draws import expected_sales
from .groups import choice_params
from .model import MarketSettings
from .money import apply_rate, rate_fraction, round_half_up
from .pricing import profit_and_slopes, search_profit_max
from .results import PeriodResult


@dataclass(frozen=True, slots=True)
class ProfitPoint:
    """One price on the curve and what it would have brought in expectation."""

    price: int
    expected_demand: float
    expected_sold: float
    revenue: int
    profit: int

    def to_dict(self) -> dict:
        """Plain JSON-ready form."""
        return {"price": self.price, "expected_demand": self.expected_demand,
                "expected_sold": self.expected_sold, "revenue": self.revenue,
                "profit": self.profit}

    @classmethod
    def from_dict(cls, data: dict) -> ProfitPoint:
        """Inverse of :meth:`to_dict`."""
        return cls(data["price"], data["expected_demand"], data["expected_sold"],
                   data["revenue"], data["profit"])


@dataclass(frozen=True, slots=True)
class ProfitCurve:
    """The curve (sorted by price), its best point and the point at the price really asked.

    ``beyond_range`` says the exact optimum lies beyond the widest price search
    (``pricing.search_profit_max``): then ``best`` is only the best point found, not the optimum.
    """

    offer_id: str
    stock_limited: bool
    points: tuple[ProfitPoint, ...]
    best: ProfitPoint
    actual: ProfitPoint
    beyond_range: bool = False

    def to_dict(self) -> dict:
        """Plain JSON-ready form."""
        return {"offer_id": self.offer_id, "stock_limited": self.stock_limited,
                "points": [p.to_dict() for p in self.points], "best": self.best.to_dict(),
                "actual": self.actual.to_dict(), "beyond_range": self.beyond_range}

    @classmethod
    def from_dict(cls, data: dict) -> ProfitCurve:
        """Inverse of :meth:`to_dict`."""
        return cls(data["offer_id"], data["stock_limited"],
                   tuple(ProfitPoint.from_dict(p) for p in data["points"]),
                   ProfitPoint.from_dict(data["best"]), ProfitPoint.from_dict(data["actual"]),
                   data.get("beyond_range", False))


class _Evaluator:
    """Expected demand and profit of one offer at any price, rivals fixed (built once per curve)."""

    def __init__(self, result: PeriodResult, offer_id: str, settings: MarketSettings,
                 stock_limited: bool):
        own = result.offer(offer_id)
        group = result.group(own.category, own.channel)
        rivals = [r for r in result.group_offers(own.category, own.channel)
                  if r.offer_id != offer_id]
        self.own = own
        self.stock_limited = stock_limited
        self.params = choice_params(settings, own.category, group.customers)
        self.sums = rival_sums([r.price for r in rivals], [r.quality for r in rivals],
                               [r.marketing_spend for r in rivals],
                               [r.rating_before for r in rivals], self.params)
        self.common = common_utility(own.marketing_spend, own.rating_before, self.params)
        self.commission_rate = settings.channels[own.channel].commission_rate
        self.commission = rate_fraction(self.commission_rate)
        self.beyond_range = False  # set when the price search says the optimum lies beyond it

    def demand(self, price: float) -> float:
        """Expected demand at ``price``."""
        return own_demand(price, self.own.quality, self.common, self.sums, self.params)[0]

    def point(self, price: int) -> ProfitPoint:
        """The curve's point at an integer price."""
        own = self.own
        demand = self.demand(price)
        if self.stock_limited:
            sold = expected_sales(demand, own.available)
            production_cost = own.production_cost
        else:
            sold = demand
            production_cost = round_half_up(demand * own.unit_cost)
        revenue = round_half_up(sold * price)
        profit = (revenue - production_cost - apply_rate(revenue, self.commission)
                  - own.stall_fee - own.marketing_cost)
        return ProfitPoint(price, demand, sold, revenue, profit)

    def candidate_prices(self, step: int) -> list[int]:
        """Step prices on both sides of the exact optimum (or optima, when stock binds).

        Without a stock limit the optimum is the best response to the fixed rivals. With one,
        profit is revenue minus fixed costs, so the optimum lies near the revenue-maximising price
        or the price at which expected demand just equals the stock; ``_climb`` finishes the
        search from the best of these on the price step.
        """
        if self.stock_limited:
            exact = [self._best_price(0.0), self._sell_out_price()]
        else:
            exact = [self._best_price(float(self.own.unit_cost))]
        found = []
        for price in exact:
            if price is None or not math.isfinite(price):
                continue
            below = max(step, math.floor(price / step) * step)
            found += [below, below + step]
        return found

    def _best_price(self, unit_cost: float) -> float:
        effective_cost = unit_cost / (1.0 - self.commission_rate)
        search = search_profit_max(
            lambda p: profit_and_slopes(p, effective_cost, self.own.quality, self.common,
                                        self.sums, self.params),
            effective_cost, self.params.reference_price)
        self.beyond_range = self.beyond_range or search.beyond_range
        return search.price

    def _sell_out_price(self) -> float | None:
        """The price at which expected demand equals the available stock (None if no stock)."""
        available = self.own.available
        if available <= 0 or self.demand(0.0) < available:
            return None
        low, high = 0.0, self.params.reference_price
        while self.demand(high) > available:
            high *= 2.0
        for _ in range(200):
            middle = (low + high) / 2.0
            if self.demand(middle) > available:
                low = middle
            else:
                high = middle
        return high


def _climb(evaluator: _Evaluator, best: ProfitPoint, step: int,
            points_by_price: dict[int, ProfitPoint]) -> ProfitPoint:
    """Walk from the best point one price step at a time while profit rises (the stock-limited
    curve has no closed-form optimum), adding the points visited to the curve."""
    for _ in range(10_000):
        neighbours = [p for p in (best.price - step, best.price + step) if p > 0]
        for price in neighbours:
            if price not in points_by_price:
                points_by_price[price] = evaluator.point(price)
        better = max((points_by_price[p] for p in neighbours),
                     key=lambda point: (point.profit, -point.price))
        if (better.profit, -better.price) <= (best.profit, -best.price):
            return best
        best = better
    return best


def profit_curve(result: PeriodResult, offer_id: str, settings: MarketSettings,
                 prices: Sequence[int] | None = None, *, points: int = 41,
                 stock_limited: bool = False) -> ProfitCurve:
    """The expected profit of ``offer_id`` at each price, rivals held as they were in ``result``.

    Without ``prices``, the curve spans from 80% of the unit cost (or one price step) to 2.5 times
    the reference price in ``points`` steps, plus the price really asked and the step prices
    around the exact optimum, so ``best`` is the best price on the market's price step.
    """
    evaluator = _Evaluator(result, offer_id, settings, stock_limited)
    own = evaluator.own
    step = settings.price_step
    if prices is None:
        reference = settings.categories[own.category].reference_price
        low = max(step, 0.8 * own.unit_cost)
        high = max(2.5 * reference, 1.5 * own.price, low + step * points)
        grid = [max(step, round_half_up((low + (high - low) * i / (points - 1)) / step) * step)
                for i in range(points)]
        grid += [own.price] + evaluator.candidate_prices(step)
    else:
        grid = [int(p) for p in prices]
    points_by_price = {p: evaluator.point(p) for p in set(grid) if p > 0}
    best = max(points_by_price.values(), key=lambda point: (point.profit, -point.price))
    if prices is None:
        best = _climb(evaluator, best, step, points_by_price)
    curve = tuple(points_by_price[p] for p in sorted(points_by_price))
    return ProfitCurve(offer_id, stock_limited, curve, best, evaluator.point(own.price),
                       evaluator.beyond_range)
