"""Premi is shared between makers to the rupiah: largest remainder, nothing lost or made up."""
from __future__ import annotations

import pytest

from training.showroom.settlement import allocate_by_weights, next_month


@pytest.mark.parametrize("amount, weights, expected", [
    (100, [70, 30], [70, 30]),
    (10, [1, 1, 1], [4, 3, 3]),  # the leftover rupiah to the first on a tie
    (11_001, [7, 3], [7_701, 3_300]),
    (5, [0, 0], [3, 2]),  # no weights: shared evenly
    (0, [5, 5], [0, 0]),
    (7, [1, 2], [2, 5]),  # 2,33 and 4,67: the larger remainder gets the rupiah
])
def test_allocation_is_exact_and_proportional(amount, weights, expected):
    shares = allocate_by_weights(amount, weights)
    assert shares == expected and sum(shares) == amount


def test_next_month_rolls_over_the_year():
    from datetime import date

    assert next_month(date(2026, 12, 1)) == date(2027, 1, 1)
