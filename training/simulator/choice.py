"""How customers choose: a multinomial logit with an outside option, per customer segment.

For segment ``k`` and offer ``j`` in one category and channel::

    V_j = a_k*q_j - b_k*(p_j / r_c) + g*ln(1 + m_j/m0) + h*(rating_j - 3)
    share_j = e^V_j / (1 + sum_l e^V_l)

The ``1`` is the outside option (buy nothing here). Expected demand is the sum over segments of
the segment's customers times the share. The sums are shifted by the largest utility (or 0, the
outside option) before exponentiating, so no utility overflows. All functions are pure.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

_exp = math.exp


@dataclass(frozen=True, slots=True)
class ChoiceParams:
    """The parts of the choice formula that are the same for every offer in one group.

    ``segments`` is a tuple of ``(customers, a, b)``: how many shoppers of the segment look at the
    group this period, and their quality and price weights.
    """

    reference_price: float
    marketing_reference: float
    marketing_weight: float
    rating_weight: float
    segments: tuple[tuple[float, float, float], ...]


def common_utility(marketing_spend: float, rating: float, params: ChoiceParams) -> float:
    """The part of ``V`` that does not depend on the segment: marketing and rating."""
    return (params.marketing_weight * math.log1p(marketing_spend / params.marketing_reference)
            + params.rating_weight * (rating - 3.0))


def utility(price: float, quality: float, marketing_spend: float, rating: float,
            quality_weight: float, price_weight: float, params: ChoiceParams) -> float:
    """``V`` of one offer for one segment (the formula in the module docstring)."""
    return (quality_weight * quality - price_weight * (price / params.reference_price)
            + common_utility(marketing_spend, rating, params))


def logit_shares(utilities: list[float]) -> list[float]:
    """Choice probabilities of each offer given utilities, with an outside option of utility 0."""
    if not utilities:
        return []
    shift = max(0.0, max(utilities))
    weights = [_exp(v - shift) for v in utilities]
    denominator = _exp(-shift) + sum(weights)
    return [w / denominator for w in weights]


def expected_demand(prices: list[float], qualities: list[float], marketing: list[float],
                    ratings: list[float], params: ChoiceParams) -> list[float]:
    """Expected units demanded from each offer in one group (lists are parallel, one per offer).

    This is the engine's inner loop, written as whole-list operations per segment.
    """
    count = len(prices)
    if count == 0:
        return []
    inverse_reference = 1.0 / params.reference_price
    log1p = math.log1p
    inverse_m0 = 1.0 / params.marketing_reference
    g, h = params.marketing_weight, params.rating_weight
    common = [g * log1p(m * inverse_m0) + h * (r - 3.0) for m, r in zip(marketing, ratings)]
    relative_prices = [p * inverse_reference for p in prices]
    demand = [0.0] * count
    for customers, a, b in params.segments:
        if customers <= 0:
            continue
        values = [a * q - b * x + c for q, x, c in zip(qualities, relative_prices, common)]
        shift = max(values)
        if shift < 0.0:
            shift = 0.0
        weights = [_exp(v - shift) for v in values]
        scale = customers / (_exp(-shift) + sum(weights))
        demand = [d + scale * w for d, w in zip(demand, weights)]
    return demand


@dataclass(frozen=True, slots=True)
class RivalSums:
    """Per segment, the rivals' logit weights summed once, so one offer's demand can be evaluated
    at many prices cheaply: ``(shift, outside_plus_rivals)`` with everything scaled by ``e^-shift``.
    """

    terms: tuple[tuple[float, float], ...]


def rival_sums(rival_prices: list[float], rival_qualities: list[float],
               rival_marketing: list[float], rival_ratings: list[float],
               params: ChoiceParams) -> RivalSums:
    """Prepare :class:`RivalSums` for one offer facing the given rivals."""
    terms = []
    for _customers, a, b in params.segments:
        values = [a * q - b * p / params.reference_price + common_utility(m, r, params)
                  for p, q, m, r in zip(rival_prices, rival_qualities, rival_marketing, rival_ratings)]
        shift = max([0.0, *values])
        terms.append((shift, _exp(-shift) + sum(_exp(v - shift) for v in values)))
    return RivalSums(tuple(terms))


def own_demand(price: float, quality: float, common: float, rivals: RivalSums,
               params: ChoiceParams) -> tuple[float, float, float]:
    """Expected demand of one offer at ``price`` and its first two derivatives in price.

    ``common`` is :func:`common_utility` of the offer. With ``s_k`` the offer's share in segment k
    and ``beta_k = b_k / r``: ``d = sum N_k s_k``, ``d' = -sum N_k beta_k s_k (1 - s_k)`` and
    ``d'' = sum N_k beta_k^2 s_k (1 - s_k)(1 - 2 s_k)``.
    """
    demand = slope = curvature = 0.0
    for (customers, a, b), (shift, others) in zip(params.segments, rivals.terms):
        beta = b / params.reference_price
        value = a * quality - beta * price + common - shift
        weight = _exp(value) if value < 700.0 else math.inf
        share = 1.0 if weight == math.inf else weight / (others + weight)
        spread = share * (1.0 - share)
        demand += customers * share
        slope -= customers * beta * spread
        curvature += customers * beta * beta * spread * (1.0 - 2.0 * share)
    return demand, slope, curvature


def own_demands(prices: np.ndarray, quality: float, common: float, rivals: RivalSums,
                params: ChoiceParams) -> np.ndarray:
    """:func:`own_demand`'s expected demand at many prices at once (an array of prices)."""
    demand = np.zeros(len(prices))
    for (customers, a, b), (shift, others) in zip(params.segments, rivals.terms):
        beta = b / params.reference_price
        value = a * quality - beta * prices + common - shift
        weight = np.exp(np.minimum(value, 700.0))
        demand += customers * np.where(value < 700.0, weight / (others + weight), 1.0)
    return demand
