"""Checks on the engine's inputs, with clear messages: finite numbers, whole rupiah, sane ranges.

The engine refuses bad input at the door (``ValueError``) instead of letting a NaN crash a period
or a fractional price turn revenue into a float. Money must be an ``int`` (a ``bool`` is not
money); other numbers must be real and finite. Messages are English (they are for developers;
the web layer turns its own form errors into Indonesian).
"""

from __future__ import annotations

import math
from numbers import Real


def whole_rupiah(what: str, value, *, minimum: int = 0) -> None:
    """Refuse an amount of money that is not a whole number of rupiah of at least ``minimum``."""
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValueError(f"{what} must be whole rupiah (an int), got {value!r}")
    if value < minimum:
        raise ValueError(f"{what} must be at least {minimum}, got {value!r}")


def whole_count(what: str, value, *, minimum: int = 0) -> None:
    """Refuse a count of units or days that is not a whole number of at least ``minimum``."""
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValueError(f"{what} must be a whole number (an int), got {value!r}")
    if value < minimum:
        raise ValueError(f"{what} must be at least {minimum}, got {value!r}")


def finite(what: str, value, *, low: float = -math.inf, high: float = math.inf,
           low_open: bool = False) -> None:
    """Refuse a number that is not real and finite, or lies outside ``[low, high]`` (``(low,
    high]`` with ``low_open``)."""
    if isinstance(value, bool) or not isinstance(value, Real) or not math.isfinite(value):
        raise ValueError(f"{what} must be a finite number, got {value!r}")
    number = float(value)
    if number < low or number > high or (low_open and number == low):
        opening = "(" if low_open else "["
        raise ValueError(f"{what} must lie in {opening}{low}, {high}], got {value!r}")


def plain_decisions(price, unit_cost, units_made, marketing_spend, quality, rating) -> bool:
    """Whether an offer's numbers pass its checks in the common case, tested in one expression:
    whole rupiah and units (``int``, not ``bool``), quality and rating floats in range. False
    says nothing is wrong, only that the full checks must look."""
    return (type(price) is int and price >= 1 and type(unit_cost) is int and unit_cost >= 0
            and type(units_made) is int and units_made >= 0 and type(marketing_spend) is int
            and marketing_spend >= 0 and type(quality) is float and 0.0 <= quality <= 1.0
            and type(rating) is float and 1.0 <= rating <= 5.0)
