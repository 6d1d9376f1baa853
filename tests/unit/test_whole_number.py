"""Ids, counts and choices typed into a form or an address are read one way (training/inputs.py)."""
from __future__ import annotations

import pytest

from training.inputs import whole_number


@pytest.mark.parametrize("text, max_digits, expected", [
    ("12", 9, 12), ("007", 3, 7), ("0", 1, 0), ("000000000000000005", 9, 5),
    ("123456789", 9, 123_456_789), ("1234567890", 9, None),  # more digits than allowed
    ("²", 9, None), ("١٢", 9, None), ("-3", 9, None), ("+3", 9, None), (" 3", 9, None), ("3.0", 9, None),
    ("", 9, None), ("9" * 5000, 9, None),  # int() would refuse 5,000 digits: never a server error
])
def test_whole_number_reads_plain_digits_within_the_bound_only(text, max_digits, expected):
    assert whole_number(text, max_digits) == expected


def test_whole_number_is_bounded_to_nine_digits_unless_told():
    assert whole_number("999999999") == 999_999_999 and whole_number("1000000000") is None
