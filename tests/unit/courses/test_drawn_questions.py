"""Numeric questions whose figures are drawn per attempt: checks, drawing, the key by formula."""

import pytest

from training.courses.questions import canonical_question, grade
from training.courses.questions.drawn import draw, instantiate

LABA = {
    "id": "laba-acak", "type": "numeric", "unit": "rupiah", "tolerance": 0,
    "vars": {"harga": {"min": 5000, "max": 9000, "step": 500},
             "jumlah": {"min": 10, "max": 40, "step": 5}},
    "text": "Bu Sari menjual {jumlah} roti seharga Rp{harga}. Berapa pendapatannya?",
    "formula": "harga * jumlah",
}


def _question(**changes) -> tuple[dict, list]:
    return canonical_question({**LABA, **changes})


def test_the_example_from_the_brief_is_valid_and_keyed_by_its_formula():
    question, problems = _question()
    assert problems == []
    shown = instantiate(question, {"harga": 7500, "jumlah": 12})
    assert shown["text"] == "Bu Sari menjual 12 roti seharga Rp7.500. Berapa pendapatannya?"
    assert instantiate({**question, "explanation": "Rp{harga} × {jumlah}."}, {"harga": 7500, "jumlah": 12})[
        "explanation"] == "Rp7.500 × 12."
    assert shown["answers"][0]["value"] == 90000
    assert grade(shown, "Rp90.000").correct is True
    assert grade(shown, "90.001").correct is False


@pytest.mark.parametrize("formula, values, key", [
    ("(harga - 1000) * jumlah", {"harga": 5000, "jumlah": 10}, 40000),
    ("harga / jumlah", {"harga": 5000, "jumlah": 40}, 125),
    ("harga / jumlah", {"harga": 5500, "jumlah": 40}, 137.5),
    ("-harga + 2 * jumlah + 0.5", {"harga": 5000, "jumlah": 10}, -4979.5),
])
def test_the_key_is_computed_exactly_by_the_formula(formula, values, key):
    question, problems = _question(formula=formula)
    assert problems == []
    assert instantiate(question, values)["answers"][0]["value"] == key


def test_drawn_values_lie_on_the_steps_of_each_range():
    question, _ = _question()
    for _round in range(200):
        values = draw(question)
        assert 5000 <= values["harga"] <= 9000 and values["harga"] % 500 == 0
        assert 10 <= values["jumlah"] <= 40 and values["jumlah"] % 5 == 0


@pytest.mark.parametrize("changes, message", [
    ({"vars": {"harga": {"min": 9000, "max": 5000, "step": 500}, "jumlah": LABA["vars"]["jumlah"]}},
     "lebih besar dari 'max'"),
    ({"vars": {"harga": {"min": 5000, "max": 9000, "step": 0}, "jumlah": LABA["vars"]["jumlah"]}},
     "harus lebih dari 0"),
    ({"vars": {"harga": {"min": 5000.5, "max": 9000, "step": 500}, "jumlah": LABA["vars"]["jumlah"]}},
     "harus bilangan bulat"),
    ({"vars": {"harga": {"min": 5000, "max": 9000}, "jumlah": LABA["vars"]["jumlah"]}}, "tepat min, max dan step"),
    ({"text": "Harga Rp{harga}, ongkos {ongkos}."}, "{ongkos}"),
    ({"explanation": "Rp{harga} kali {banyak}."}, "'explanation' memakai {banyak}"),
    ({"formula": "harga * banyak"}, "'banyak'"),
    ({"formula": "__import__('os').system('x')"}, "Rumus"),
    ({"formula": "harga ** jumlah"}, "+ - * /"),
    ({"formula": "harga / (jumlah - 10)"}, "membagi dengan nol"),
    ({"formula": "harga *"}, "tidak bisa dibaca"),
    ({"answer": 5000}, "tidak memakai 'answer'"),
])
def test_a_wrong_range_or_formula_is_reported(changes, message):
    _question_, problems = _question(**changes)
    assert any(message in str(problem) for problem in problems), problems


def test_a_formula_is_never_evaluated_with_eval(monkeypatch):
    import builtins

    monkeypatch.setattr(builtins, "eval", lambda *a, **k: pytest.fail("eval was called"))
    question, _ = _question()
    assert instantiate(question, {"harga": 5000, "jumlah": 10})["answers"][0]["value"] == 50000
