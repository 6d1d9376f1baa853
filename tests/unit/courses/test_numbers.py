"""Reading numbers the way Indonesian learners write them."""

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from training.courses.numbers import NumberFormatError, parse_number


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Rp 12.500", "12500"),
        ("Rp12.500", "12500"),
        ("Rp. 12.500", "12500"),
        ("rp12.500", "12500"),
        ("Rp12.500,-", "12500"),
        ("Rp 12.500,00", "12500"),
        ("IDR 12.500", "12500"),
        ("12.500", "12500"),
        ("12500", "12500"),
        ("1.250.000", "1250000"),
        ("12.500,50", "12500.50"),
        ("1,5 juta", "1500000"),
        ("1,5juta", "1500000"),
        ("2 jt", "2000000"),
        ("2 ribu", "2000"),
        ("15rb", "15000"),
        ("15 rb.", "15000"),
        ("25k", "25000"),
        ("1,2 miliar", "1200000000"),
        ("1,2 milyar", "1200000000"),
        ("1,2 M", "1200000000"),
        ("-5.000", "-5000"),
        ("\u22125.000", "-5000"),
        ("-Rp5.000", "-5000"),
        ("Rp -5.000", "-5000"),
        ("0,25", "0.25"),
        ("12,5%", "12.5"),
        ("12 %", "12"),
        ("  12.500  ", "12500"),
        ("Rp\u00a012.500", "12500"),
    ],
)
def test_indonesian_number_forms_are_read(text, expected):
    assert parse_number(text) == Decimal(expected)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1.5", "1.5"),  # a dot not followed by exactly three digits is a decimal point
        ("0.25", "0.25"),
        ("12.5", "12.5"),
        ("0.500", "0.5"),  # a thousands group never starts with 0
        ("12,500", "12.5"),  # the comma is always the decimal mark
        ("1.5 juta", "1500000"),
    ],
)
def test_ambiguous_separators_follow_the_documented_rule(text, expected):
    assert parse_number(text) == Decimal(expected)


@pytest.mark.parametrize(
    "text",
    ["12,,5", "abc", "1.23.456", "12,500.50", "1,5 m", "Rp 12%", "5 kg", "--5", "1.2345.678",
     "12.50.000", ",5", "Rp", "1,5 juta%", "12,5,0", "1 2"],
)
def test_unreadable_answers_raise_with_an_indonesian_message(text):
    with pytest.raises(NumberFormatError) as caught:
        parse_number(text)
    assert f"Jawaban '{text}' tidak bisa dibaca sebagai angka" in str(caught.value)
    assert "misalnya 12.500" in str(caught.value)


def test_the_example_message_from_the_brief_is_given_word_for_word():
    with pytest.raises(NumberFormatError) as caught:
        parse_number("12,,5")
    assert str(caught.value) == (
        "Jawaban '12,,5' tidak bisa dibaca sebagai angka. Tulis angka saja, misalnya 12.500."
    )


@pytest.mark.parametrize("text", ["", "   "])
def test_empty_answer_says_it_is_empty(text):
    with pytest.raises(NumberFormatError, match="masih kosong"):
        parse_number(text)


def _indonesian(value: int) -> str:
    return f"{value:,}".replace(",", ".")


@given(st.integers(min_value=-10**12, max_value=10**12))
def test_any_whole_rupiah_amount_written_with_thousand_dots_reads_back(value):
    written = _indonesian(abs(value))
    prefix = "-" if value < 0 else ""
    assert parse_number(f"{prefix}Rp{written}") == value
    assert parse_number(f"{prefix}{written}") == value


@given(st.integers(min_value=0, max_value=10**9), st.integers(min_value=0, max_value=99))
def test_any_amount_with_cents_after_a_comma_reads_back(whole, cents):
    text = f"{_indonesian(whole)},{cents:02d}"
    assert parse_number(text) == Decimal(whole) + Decimal(cents) / 100
