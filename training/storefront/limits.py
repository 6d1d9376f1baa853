"""Bounds on every number the shop stores, shared by its forms (a plain message) and its models
(a ``ValueError`` before anything reaches the database).

One learner's typing must never break another person's page: a material quantity of 26 digits
once made every later cost calculation raise ``decimal.InvalidOperation``. The bounds are far
above any real product (a furniture order can pass Rp2 miliar) and far below what the database
columns and Python's decimals hold, so every product that passes them can be costed.
"""
from __future__ import annotations

from decimal import Decimal, InvalidOperation

MAX_RUPIAH = 100_000_000_000  # Rp100 miliar: one price, wage, cost or plan amount
MAX_QUANTITY = Decimal(100_000)  # of one material in one product
QUANTITY_PLACES = 4  # decimals a quantity may have (0,0025 kg)
MAX_CENTIHOURS = 100_000  # 1.000 hours of work for one product
MAX_UNITS = 100_000  # products made a month or a week

WHOLE_BOUNDS = {
    "labour_centihours": (0, MAX_CENTIHOURS),
    "labour_rate": (0, MAX_RUPIAH),
    "packaging_cost": (0, MAX_RUPIAH),
    "overhead_monthly": (0, MAX_RUPIAH),
    "price_per_unit": (0, MAX_RUPIAH),
    "units_per_month": (1, MAX_UNITS),
}


def check_whole(key: str, value) -> int:
    """``value`` as an int within the bounds of ``key``; ValueError otherwise (bool is refused)."""
    low, high = WHOLE_BOUNDS[key]
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        raise ValueError(f"{key} must be a whole number from {low} to {high}, not {value!r}")
    return value


def check_quantity(value) -> Decimal:
    """A material quantity (decimal text or number) within bounds; ValueError otherwise."""
    try:
        quantity = Decimal(str(value))
    except InvalidOperation:
        raise ValueError(f"quantity {value!r} is not a number") from None
    if not quantity.is_finite() or not 0 <= quantity <= MAX_QUANTITY:
        raise ValueError(f"quantity {value!r} is out of bounds")
    if quantity.normalize().as_tuple().exponent < -QUANTITY_PLACES:
        raise ValueError(f"quantity {value!r} is out of bounds")
    return quantity
