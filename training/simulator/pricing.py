"""Profit-maximising prices under the logit: one seller's best response, and the equilibrium.

A seller with unit cost ``c`` who keeps ``1 - t`` of each sale (``t`` the commission rate) earns
``d(p) * (p*(1 - t) - c)``, apart from fixed costs. Setting the derivative to zero gives
``p - c/(1 - t) = d / (-d')``; for one segment and no commission this is the textbook logit
Bertrand condition ``p - c = r / (b * (1 - s))``. Iterating every seller's best response to the
others' current prices converges to the logit Bertrand-Nash equilibrium.

Prices here are floats (the exact optimum); the strategies round them to the market's price step.
"""

from __future__ import annotations

from typing import Callable, NamedTuple, Sequence

import numpy as np

from .choice import ChoiceParams, RivalSums, common_utility, own_demand, own_demands, rival_sums

GRID_POINTS = 81
_GRID_STEPS = np.arange(GRID_POINTS, dtype=float)
UPPER_MARKUP_REFERENCES = 10.0  # the first scan: prices up to cost + 10x the reference price
MAX_MARKUP_REFERENCES = 10_000.0  # the widest scan; beyond it the search says so


class Product(NamedTuple):
    """What the best response needs to know about one seller's product (price aside)."""

    unit_cost: float
    quality: float
    marketing_spend: float = 0.0
    rating: float = 3.0


class Rival(NamedTuple):
    """A rival offer as the best response sees it: held fixed."""

    price: float
    quality: float
    marketing_spend: float = 0.0
    rating: float = 3.0


def profit_and_slopes(price: float, effective_cost: float, quality: float, common: float,
                      rivals: RivalSums, params: ChoiceParams) -> tuple[float, float, float]:
    """Profit per unit kept (``d * (p - c_eff)``) and its first and second derivatives in price."""
    demand, slope, curvature = own_demand(price, quality, common, rivals, params)
    margin = price - effective_cost
    return demand * margin, demand + margin * slope, 2.0 * slope + margin * curvature


class PriceSearch(NamedTuple):
    """The result of a price search: the best price found, and whether the true optimum lies beyond
    the widest range searched (then ``price`` is that range's top, not an optimum)."""

    price: float
    beyond_range: bool


def search_profit_max(profit_slopes: Callable[[float], tuple[float, float, float]],
                      low: float, reference_price: float,
                      profits: Callable[[np.ndarray], np.ndarray] | None = None) -> PriceSearch:
    """The price above ``low`` with the highest profit, searched wide enough to find it.

    A coarse scan of ``[low, low + 10 reference prices]`` finds the best region (customer mixtures
    can make profit bumpy); while the best point is the top of the range, the range grows fourfold,
    up to ``MAX_MARKUP_REFERENCES`` reference prices above ``low``. If the optimum is still at the
    top, the search says so (``beyond_range=True``). Otherwise a safeguarded Newton search on the
    first-order condition finds the optimum inside the region to machine precision.

    ``profits``, when given, is the profit at many prices at once (an array of prices in, an array
    of profits out): the scan then costs a few numpy operations instead of 81 calls.
    """
    low = max(low, 1e-9 * reference_price)
    width = UPPER_MARKUP_REFERENCES * reference_price
    while True:
        high = low + width
        step = width / (GRID_POINTS - 1)
        if profits is None:
            grid = [low + step * i for i in range(GRID_POINTS)]
            values = [profit_slopes(p)[0] for p in grid]
            best = max(range(GRID_POINTS), key=lambda i: (values[i], -i))
        else:  # the same grid, the first of equal profits
            points = low + step * _GRID_STEPS
            best = int(np.argmax(profits(points)))
            grid = points.tolist()
        if best < GRID_POINTS - 1:
            break
        if width >= MAX_MARKUP_REFERENCES * reference_price:
            return PriceSearch(high, True)
        width *= 4.0
    return refine(profit_slopes, grid, best, low)


def refine(profit_slopes: Callable[[float], tuple[float, float, float]], grid: list[float],
           best: int, low: float) -> PriceSearch:
    """The optimum near ``grid[best]``, the best point of a scan whose lowest price is ``low``
    (not its last point): Newton's steps on the first-order condition, kept inside the
    neighbouring grid points by bisection."""
    left = grid[best - 1] if best > 0 else low
    right = grid[best + 1]
    price = grid[best] if best > 0 else (left + right) / 2.0
    for _ in range(200):
        _profit, slope, curvature = profit_slopes(price)
        if slope > 0:
            left = price
        else:
            right = price
        candidate = price - slope / curvature if curvature < 0 else None
        if candidate is not None and abs(candidate - price) <= 1e-13 * max(1.0, price):
            return PriceSearch(candidate, False)  # Newton has settled (its step may round to 0)
        if candidate is None or not left < candidate < right:
            candidate = (left + right) / 2.0
        if abs(candidate - price) <= 1e-13 * max(1.0, price) or right - left <= 1e-13 * right:
            return PriceSearch(candidate, False)
        price = candidate
    return PriceSearch(price, False)


def maximise_profit(profit_slopes: Callable[[float], tuple[float, float, float]],
                    low: float, reference_price: float) -> float:
    """The price of :func:`search_profit_max` (its ``beyond_range`` flag dropped)."""
    return search_profit_max(profit_slopes, low, reference_price).price


def best_response(product: Product, rivals: Sequence[Rival], params: ChoiceParams,
                  commission_rate: float = 0.0) -> PriceSearch:
    """Like :func:`best_response_price`, with the flag saying the optimum lies beyond the range."""
    if not 0.0 <= commission_rate < 1.0:
        raise ValueError("commission_rate must be in [0, 1)")
    effective_cost = product.unit_cost / (1.0 - commission_rate)
    sums = rival_sums([r.price for r in rivals], [r.quality for r in rivals],
                      [r.marketing_spend for r in rivals], [r.rating for r in rivals], params)
    common = common_utility(product.marketing_spend, product.rating, params)
    return search_with_sums(effective_cost, product.quality, common, sums, params)


def search_with_sums(effective_cost: float, quality: float, common: float, sums: RivalSums,
                     params: ChoiceParams) -> PriceSearch:
    """The best response of an offer whose rivals are already summed (``choice.rival_sums``):
    the grid scan on arrays, Newton's steps one price at a time."""
    return search_profit_max(
        lambda p: profit_and_slopes(p, effective_cost, quality, common, sums, params),
        effective_cost, params.reference_price,
        lambda prices: own_demands(prices, quality, common, sums, params)
        * (prices - effective_cost))


def best_response_price(product: Product, rivals: Sequence[Rival], params: ChoiceParams,
                        commission_rate: float = 0.0) -> float:
    """The price that maximises the seller's expected profit with rivals' offers held fixed.

    Never below cost (``unit_cost / (1 - commission_rate)``, the break-even price).
    """
    return best_response(product, rivals, params, commission_rate).price


def nash_prices(products: Sequence[Product], params: ChoiceParams, commission_rate: float = 0.0,
                start: Sequence[float] | None = None, tolerance: float = 1e-10,
                max_rounds: int = 1000) -> list[float]:
    """Iterate best responses (each seller in turn, against the others' latest prices) until no
    price moves by more than ``tolerance`` times the reference price; return the prices.

    Raises RuntimeError if it has not settled after ``max_rounds`` rounds.
    """
    prices = list(start) if start is not None else [float(params.reference_price)] * len(products)
    for _ in range(max_rounds):
        largest_move = 0.0
        for index, product in enumerate(products):
            rivals = [Rival(prices[j], other.quality, other.marketing_spend, other.rating)
                      for j, other in enumerate(products) if j != index]
            new_price = best_response_price(product, rivals, params, commission_rate)
            largest_move = max(largest_move, abs(new_price - prices[index]))
            prices[index] = new_price
        if largest_move <= tolerance * params.reference_price:
            return prices
    raise RuntimeError("best responses did not settle")


def first_order_gap(index: int, products: Sequence[Product], prices: Sequence[float],
                    params: ChoiceParams, commission_rate: float = 0.0) -> float:
    """``p - c/(1-t) - d/(-d')`` for seller ``index`` at these prices: zero at a best response."""
    product = products[index]
    rivals = [Rival(prices[j], other.quality, other.marketing_spend, other.rating)
              for j, other in enumerate(products) if j != index]
    sums = rival_sums([r.price for r in rivals], [r.quality for r in rivals],
                      [r.marketing_spend for r in rivals], [r.rating for r in rivals], params)
    common = common_utility(product.marketing_spend, product.rating, params)
    demand, slope, _ = own_demand(prices[index], product.quality, common, sums, params)
    return prices[index] - product.unit_cost / (1.0 - commission_rate) - demand / (-slope)
