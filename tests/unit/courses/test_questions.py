"""Grading every question type, and checking question data."""

import pytest

from training.courses.questions import (
    QUESTION_TYPES,
    Grade,
    canonical_question,
    grade,
    short_answer_matches,
    validate_question,
)


def make(raw: dict) -> dict:
    """Canonical question from the YAML authoring form; fails the test if it is invalid."""
    question, problems = canonical_question({"id": "q", "text": "Soal?", **raw})
    assert problems == []
    return question


SINGLE = make({"type": "single", "choices": [
    {"text": "Dompet rumah", "feedback": "Jangan dicampur."},
    {"text": "Kotak usaha", "correct": True, "feedback": "Tepat."},
]})
MULTIPLE = make({"type": "multiple", "choices": [
    {"text": "Tepung", "weight": 50},
    {"text": "Gula", "weight": 50},
    {"text": "Sewa rumah", "weight": -100, "feedback": "Itu biaya rumah tangga."},
    {"text": "Kemasan", "weight": 0},
]})
NUMERIC = make({"type": "numeric", "answer": 12500, "unit": "rupiah"})
NUMERIC_RANGES = make({"type": "numeric", "answers": [
    {"value": 12500, "tolerance": 0, "feedback": "Tepat."},
    {"value": 12500, "tolerance": 500, "weight": 50, "feedback": "Hampir."},
    {"min": 1000000, "max": 2000000, "weight": 100},
]})
SHORT = make({"type": "short", "answers": [
    "harga pokok produksi",
    {"text": "harga pokok*", "weight": 50, "feedback": "Kurang lengkap."},
    {"text": "hpp", "weight": 100},
]})
MATCHING = make({"type": "matching", "pairs": [
    {"left": "Tepung", "right": "Bahan baku"},
    {"left": "Upah", "right": "Tenaga kerja"},
    {"left": "Plastik", "right": "Kemasan"},
    {"left": "", "right": "Laba"},
]})


def test_every_type_is_in_the_one_table():
    assert set(QUESTION_TYPES) == {"single", "multiple", "truefalse", "numeric", "short",
                                   "matching", "essay", "description"}


@pytest.mark.parametrize(("answer", "score", "feedback"), [
    ("1", 1.0, "Tepat."), ("0", 0.0, "Jangan dicampur."), (1, 1.0, "Tepat."),
    (["1"], 1.0, "Tepat."),
])
def test_single_choice_gives_full_marks_only_for_the_right_choice(answer, score, feedback):
    result = grade(SINGLE, answer)
    assert (result.score, result.correct, result.feedback) == (score, score == 1.0, feedback)


@pytest.mark.parametrize("answer", [None, "", "9", "x", ["0", "1"]])
def test_single_choice_without_a_usable_answer_scores_zero(answer):
    assert grade(SINGLE, answer).score == 0.0


@pytest.mark.parametrize(("answer", "score"), [
    (["0", "1"], 1.0),
    (["0"], 0.5),
    (["0", "1", "3"], 1.0),
    (["0", "2"], 0.0),  # 50 - 100 is floored at 0
    (["0", "1", "2"], 0.0),
    ([], 0.0),
    ("0", 0.5),
])
def test_multiple_choice_sums_the_chosen_weights_floored_at_zero(answer, score):
    assert grade(MULTIPLE, answer).score == score


def test_multiple_choice_is_capped_at_full_marks():
    question = dict(MULTIPLE, choices=[{"text": "a", "weight": 100}, {"text": "b", "weight": 60},
                                       {"text": "c", "weight": 0}])
    assert grade(question, ["0", "1"]).score == 1.0


def test_multiple_choice_feedback_joins_the_chosen_choices_feedback():
    assert grade(MULTIPLE, ["2"]).feedback == "Itu biaya rumah tangga."


@pytest.mark.parametrize(("answer", "score"), [
    ("true", 1.0), ("benar", 1.0), ("B", 1.0), (True, 1.0),
    ("false", 0.0), ("salah", 0.0), (False, 0.0),
])
def test_true_false_gives_full_marks_if_equal(answer, score):
    question = make({"type": "truefalse", "answer": True, "feedback_true": "Ya.",
                     "feedback_false": "Bukan."})
    result = grade(question, answer)
    assert result.score == score
    assert result.feedback == ("Ya." if score else "Bukan.")


@pytest.mark.parametrize("answer", [
    "Rp 12.500", "Rp12.500", "12.500", "12500", "Rp12.500,-", "12.500,00", "12,5 ribu", "12,5rb",
])
def test_numeric_answer_accepts_rupiah_with_thousand_dots(answer):
    assert grade(NUMERIC, answer) == Grade(score=1.0, correct=True, feedback=None)


@pytest.mark.parametrize("answer", ["12.501", "1.250", "12,5", "-12.500"])
def test_numeric_answer_outside_the_tolerance_is_wrong(answer):
    assert grade(NUMERIC, answer).score == 0.0


@pytest.mark.parametrize(("answer", "score", "feedback"), [
    ("12.500", 1.0, "Tepat."),
    ("12.900", 0.5, "Hampir."),
    ("12.000", 0.5, "Hampir."),
    ("11.999", 0.0, None),
    ("1,5 juta", 1.0, None),
    ("2 juta", 1.0, None),
    ("2.000.001", 0.0, None),
])
def test_numeric_best_matching_answer_wins(answer, score, feedback):
    result = grade(NUMERIC_RANGES, answer)
    assert (result.score, result.feedback) == (score, feedback)


@pytest.mark.parametrize(("answer", "score"), [
    ("1,5 juta", 1.0), ("1.500.000", 1.0), ("1,2 miliar", 0.0), ("0,25", 0.0),
])
def test_numeric_reads_indonesian_multipliers(answer, score):
    question = make({"type": "numeric", "answer": "1,5 juta"})
    assert grade(question, answer).score == score


def test_numeric_percent_answer_is_read_without_the_percent_sign():
    question = make({"type": "numeric", "answer": 12.5, "tolerance": 0.01})
    assert grade(question, "12,5%").correct is True


def test_numeric_tolerance_is_exact_at_the_edges():
    question = make({"type": "numeric", "answer": 0.3, "tolerance": 0.1})
    assert grade(question, "0,2").correct is True
    assert grade(question, "0,4").correct is True
    assert grade(question, "0,41").correct is False


@pytest.mark.parametrize("answer", ["12,,5", "dua belas ribu", "Rp 12.50.0"])
def test_unreadable_numeric_answer_is_a_wrong_grade_with_a_message_not_an_error(answer):
    result = grade(NUMERIC, answer)
    assert result.score == 0.0 and result.correct is False
    assert f"Jawaban '{answer}' tidak bisa dibaca sebagai angka" in result.feedback


@pytest.mark.parametrize(("answer", "score"), [
    ("harga pokok produksi", 1.0),
    ("  HARGA   Pokok Produksi ", 1.0),
    ("HPP", 1.0),
    ("harga pokok", 0.5),
    ("harga pokok penjualan", 0.5),
    ("harga jual", 0.0),
    ("", 0.0),
])
def test_short_answer_ignores_case_and_spaces_and_honours_the_wildcard(answer, score):
    assert grade(SHORT, answer).score == score


@pytest.mark.parametrize(("pattern", "answer", "matches"), [
    ("roti*", "roti sobek", True),
    ("roti*", "roti", True),
    ("*sobek", "roti sobek", True),
    ("r*k", "roti sobek", True),
    ("roti", "roti sobek", False),
    ("2\\*3", "2*3", True),
    ("2\\*3", "2x3", False),
    ("a.b", "axb", False),
])
def test_short_answer_wildcard_works_like_moodle(pattern, answer, matches):
    assert short_answer_matches(pattern, answer) is matches


@pytest.mark.parametrize(("answer", "score"), [
    ({"Tepung": "Bahan baku", "Upah": "Tenaga kerja", "Plastik": "Kemasan"}, 1.0),
    ({"Tepung": "Bahan baku", "Upah": "Kemasan", "Plastik": "Tenaga kerja"}, 1 / 3),
    ({"Tepung": "Laba", "Upah": "Laba", "Plastik": "Laba"}, 0.0),
    ({" Tepung ": "Bahan  baku"}, 1 / 3),
    ({}, 0.0),
    ("Tepung", 0.0),
])
def test_matching_scores_the_share_of_pairs_right(answer, score):
    assert grade(MATCHING, answer).score == pytest.approx(score)


def test_essay_is_left_for_the_instructor():
    question = make({"type": "essay", "min_words": 5})
    result = grade(question, "Saya jual roti.")
    assert result.needs_review is True and result.correct is None
    assert "3 kata" in result.feedback
    assert grade(question, "Saya jual roti di pasar pagi.").feedback is None


@pytest.mark.parametrize(("raw", "fragment"), [
    ({"type": "single", "choices": [{"text": "a"}, {"text": "b"}]}, "tepat satu"),
    ({"type": "single", "choices": [{"text": "a", "correct": True},
                                    {"text": "b", "correct": True}]},
     "tepat satu"),
    ({"type": "single", "choices": [{"text": "a", "correct": True}]}, "paling sedikit 2"),
    ({"type": "multiple", "choices": [{"text": "a", "weight": 50}, {"text": "b", "weight": 40}]},
     "90%"),
    ({"type": "multiple", "choices": [{"text": "a", "weight": 150}, {"text": "b", "weight": 0}]},
     "di luar batas"),
    ({"type": "multiple", "choices": [{"text": "a"}, {"text": "b", "weight": 100}]},
     "perlu 'weight'"),
    ({"type": "truefalse", "answer": "ya"}, "answer: true"),
    ({"type": "numeric", "answer": "dua belas"}, "bukan angka"),
    ({"type": "numeric", "answers": [{"min": 5, "max": 1}]}, "lebih besar"),
    ({"type": "numeric", "answers": [{"value": 1, "weight": 50}]}, "berbobot 100%"),
    ({"type": "numeric", "answer": 1, "answers": [{"value": 1}]}, "jangan keduanya"),
    ({"type": "short", "answers": []}, "paling sedikit satu"),
    ({"type": "matching", "pairs": [{"left": "a", "right": "1"}, {"left": "", "right": "2"}]},
     "paling sedikit 2 pasangan"),
    ({"type": "matching", "pairs": [{"left": "a", "right": "1"}, {"left": "a", "right": "2"},
                                    {"left": "c", "right": "3"}]}, "dua kali"),
    ({"type": "essay", "min_words": -1}, "min_words"),
    ({"type": "essay", "rubric": [{"criterion": "HPP", "levels": [
        {"label": "Baik", "points": 4}, {"label": "Cukup", "points": 2}]}]}, "urut"),
    ({"type": "essay", "colour": "red"}, "Kunci 'colour' tidak dikenal"),
    ({"type": "pilihan"}, "tidak dikenal"),
    ({"type": "truefalse", "answer": True, "points": 0}, "points"),
])
def test_invalid_question_data_is_reported_in_indonesian(raw, fragment):
    _, problems = canonical_question({"id": "q", "text": "Soal?", **raw})
    assert any(fragment in problem for problem in problems), problems


def test_validation_messages_point_at_the_field():
    _, problems = canonical_question({"id": "q", "text": "Soal?", "type": "multiple", "choices": [
        {"text": "a", "weight": 100}, {"text": "b", "weight": "banyak"}]})
    assert [problem.path for problem in problems] == [("choices", 1, "weight")]


def test_question_without_id_or_text_is_invalid():
    problems = validate_question({"type": "truefalse", "answer": True})
    assert {problem.path for problem in problems} == {("id",), ("text",)}


def test_canonical_question_is_json_storable():
    import json

    for question in (SINGLE, MULTIPLE, NUMERIC, NUMERIC_RANGES, SHORT, MATCHING):
        assert json.loads(json.dumps(question)) == question
