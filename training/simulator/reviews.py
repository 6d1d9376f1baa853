"""Customer reviews: a rating that drifts toward what buyers think of the value for money.

Buyers judge quality against price. The rating they would give on average is::

    value_rating = 3 + 4*(quality - 0.5) - 2.5*ln(price / reference_price)

clipped to 1..5: average quality at the reference price earns 3 stars, excellent quality adds up to
2 stars, and charging double the reference price costs about 1.7 stars. Only buyers write reviews,
so the rating moves by ``sold / (sold + review_halfway_units)`` of the gap: a product that sold 20
units with ``review_halfway_units=20`` closes half the gap; one that sold nothing keeps its rating.
The new rating enters the choice formula (``h*(rating - 3)``) next period.
"""

from __future__ import annotations

import math


def value_rating(price: float, quality: float, reference_price: float) -> float:
    """The rating buyers would give on average for this quality at this price (1 to 5 stars)."""
    raw = 3.0 + 4.0 * (quality - 0.5) - 2.5 * math.log(price / reference_price)
    return min(5.0, max(1.0, raw))


def next_rating(rating: float, price: float, quality: float, reference_price: float,
                units_sold: float, review_halfway_units: float) -> float:
    """The rating after a period in which ``units_sold`` buyers may have reviewed the product."""
    if units_sold <= 0:
        return rating
    pull = units_sold / (units_sold + review_halfway_units)
    moved = rating + pull * (value_rating(price, quality, reference_price) - rating)
    return min(5.0, max(1.0, moved))
