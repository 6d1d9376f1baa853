"""Answers learners really type: words for zero, English thousands, hostile choice values."""

import pytest

from training.courses.numbers import NumberFormatError, comma_thousands_reading, parse_number
from training.courses.questions import canonical_question, grade


def _numeric(answer) -> dict:
    question, problems = canonical_question(
        {"id": "q", "text": "Berapa?", "type": "numeric", "answer": answer, "unit": "rupiah"})
    assert problems == []
    return question


@pytest.mark.parametrize("typed", ["nol", "Nol", "gratis", " GRATIS ", "0", "Rp0"])
def test_a_zero_answer_accepts_nol_and_gratis(typed):
    assert grade(_numeric(0), typed).correct is True


@pytest.mark.parametrize("typed", ["nol", "gratis"])
def test_nol_and_gratis_are_wrong_where_the_answer_is_not_zero(typed):
    assert grade(_numeric(500), typed).correct is False


@pytest.mark.parametrize("text, expected", [("1,250,000", 1250000), ("Rp2,000,000", 2000000)])
def test_several_comma_groups_can_only_be_thousands(text, expected):
    assert parse_number(text) == expected


@pytest.mark.parametrize("text, expected", [
    ("Rp650,000", 650000), ("650,000", 650000), ("12,500", 12500), ("Rp 1,500", 1500),
    ("12,5", None), ("650.000", None), ("1,250,000", None), ("0,500", None), ("12,50", None),
])
def test_one_comma_before_three_digits_is_offered_as_thousands(text, expected):
    assert comma_thousands_reading(text) == expected


def test_an_overlong_number_is_refused_with_a_message():
    with pytest.raises(NumberFormatError, match="terlalu panjang"):
        parse_number("9" * 5000)


_SINGLE, _ = canonical_question({"id": "q", "text": "Pilih", "type": "single", "choices": [
    {"text": "A"}, {"text": "B", "correct": True}]})


@pytest.mark.parametrize("raw", ["9" * 5000, "²", "١", "-1", "1.0", ["9" * 5000]])
def test_a_hostile_choice_value_counts_as_no_answer(raw):
    assert grade(_SINGLE, raw).score == 0.0
    assert grade(_SINGLE, raw).feedback == "Soal ini belum dijawab."
