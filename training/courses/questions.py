"""Quiz questions: one canonical shape, one table of types, pure graders.

A question is a plain dict that can be stored as JSON.  Lesson front matter (YAML) and GIFT
banks both end up in this one shape; ``canonical_question`` turns the friendlier YAML
authoring form of FORMAT.md (``correct: true``, ``answer: 12500``, short answers as bare
strings) into it, and ``gift.parse_gift`` produces it directly.

Canonical shape (keys not listed for a type are absent)::

    {
      "id": "hpp-1",                 # stable key, unique in the lesson (GIFT: the ::title::)
      "type": "single",              # a key of QUESTION_TYPES
      "title": "HPP roti" | None,
      "text": "Markdown ...",        # the question; a GIFT missing word is "_____"
      "text_format": "markdown",     # markdown | html | plain | moodle (GIFT [format] tags)
      "points": 1,                   # int or float > 0
      "explanation": "..." | None,   # general feedback, shown after answering (GIFT ####)
      # single, multiple: weight in percent of the question's points, -100..100
      "choices": [{"text": "...", "weight": 100, "feedback": "..." | None}],
      # truefalse
      "answer": True, "feedback_true": None, "feedback_false": None,
      # numeric: each answer is an exact value with a tolerance, or a range
      "answers": [{"value": 12500, "tolerance": 0, "weight": 100, "feedback": None},
                  {"min": 1, "max": 5, "weight": 50, "feedback": None}],
      "unit": "rupiah" | None, "wrong_feedback": None,
      # short
      "answers": [{"text": "harga pokok*", "weight": 100, "feedback": None}],
      "wrong_feedback": None,
      # matching: a pair with an empty "left" is an extra wrong right-hand item
      "pairs": [{"left": "...", "right": "..."}],
      # essay
      "rubric": [{"criterion": "...", "levels": [{"label": "Baik", "points": 4,
                                                  "description": "..."}]}] | None,
      "min_words": 50 | None,
      # where it came from (set by the loaders)
      "source": {"path": "bank.gift", "line": 12}, "category": "HPP/roti" | None,
    }

Numbers are stored as int or float; graders read them through ``Decimal(str(x))``, which gives
back exactly what the author wrote.  Weights are percent, i.e. Moodle's fraction times 100.

Each QUESTION_TYPES entry holds ``keys`` (allowed type-specific keys), ``validate(question)``
(a list of ValidationMessage, Indonesian), ``normalize_answer(raw)`` (form input to the
grader's answer) and ``grade(question, answer)`` (pure).  Use the module-level ``grade`` which
normalises first.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, Callable

from training.courses.numbers import NumberFormatError, parse_number

__all__ = [
    "COMMON_KEYS",
    "QUESTION_TYPES",
    "Grade",
    "QuestionType",
    "ValidationMessage",
    "canonical_question",
    "grade",
    "normalize_answer",
    "short_answer_matches",
    "validate_question",
    "validate_rubric",
]

COMMON_KEYS = frozenset(
    {"id", "type", "title", "text", "text_format", "points", "explanation", "source", "category"}
)
TEXT_FORMATS = frozenset({"markdown", "html", "plain", "moodle"})
_WEIGHT_SLACK = 0.01  # Moodle writes thirds as 33.33333, so sums may miss 100 by a hair


@dataclass(frozen=True)
class Grade:
    """The result of grading one answer: score 0..1 of the question's points."""

    score: float
    correct: bool | None
    feedback: str | None = None
    needs_review: bool = False


class ValidationMessage(str):
    """An Indonesian problem message that also remembers which field it is about.

    ``path`` is a tuple of keys and list indexes inside the question, e.g. ``("choices", 2,
    "weight")``, so the loader can point at the right line.
    """

    path: tuple

    def __new__(cls, message: str, path: tuple = ()) -> "ValidationMessage":
        obj = super().__new__(cls, message)
        obj.path = tuple(path)
        return obj


@dataclass(frozen=True)
class QuestionType:
    """One row of the question type table."""

    name: str
    keys: frozenset
    validate: Callable[[dict], list]
    normalize_answer: Callable[[Any], Any]
    grade: Callable[[dict, Any], Grade]


# --- small helpers -----------------------------------------------------------------------


def _msg(message: str, *path) -> ValidationMessage:
    return ValidationMessage(message, path)


def _is_number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _decimal(value: Any) -> Decimal:
    return Decimal(str(value))


def _json_number(value: Decimal) -> int | float:
    """Store a Decimal as int when whole, else float (whose repr gives the digits back)."""
    if value == value.to_integral_value():
        return int(value)
    return float(value)


def _collapse(text: str) -> str:
    return " ".join(str(text).split())


def _score(value: float) -> float:
    return round(min(1.0, max(0.0, value)), 7)


def _grade_from_score(score: float, feedback: str | None) -> Grade:
    score = _score(score)
    return Grade(score=score, correct=score >= 1.0 - 1e-9, feedback=feedback or None)


_UNANSWERED = Grade(score=0.0, correct=False, feedback="Soal ini belum dijawab.")


def _check_text(question: dict, key: str, required: bool) -> list:
    value = question.get(key)
    if value is None:
        return [_msg(f"'{key}' wajib diisi.", key)] if required else []
    if not isinstance(value, str) or (required and not value.strip()):
        return [_msg(f"'{key}' harus berupa teks yang tidak kosong.", key)]
    return []


def _check_weight(weight: Any, path: tuple, low: float = -100, high: float = 100) -> list:
    if not _is_number(weight):
        return [_msg(f"Bobot harus berupa angka persen ({low:g} sampai {high:g}).", *path)]
    if not low <= weight <= high:
        return [_msg(f"Bobot {weight:g}% di luar batas {low:g} sampai {high:g}.", *path)]
    return []


# --- single and multiple choice ----------------------------------------------------------


def _validate_choices(question: dict) -> list:
    choices = question.get("choices")
    if not isinstance(choices, list) or len(choices) < 2:
        return [_msg("Soal pilihan harus punya paling sedikit 2 pilihan ('choices').", "choices")]
    problems = []
    for index, choice in enumerate(choices):
        if not isinstance(choice, dict):
            problems.append(_msg(f"Pilihan ke-{index + 1} harus berupa isian dengan 'text'.",
                                 "choices", index))
            continue
        if not isinstance(choice.get("text"), str) or not choice["text"].strip():
            problems.append(_msg(f"Pilihan ke-{index + 1} belum punya teks.", "choices", index))
        problems += _check_weight(choice.get("weight"), ("choices", index, "weight"))
        if choice.get("feedback") is not None and not isinstance(choice["feedback"], str):
            problems.append(_msg("'feedback' harus berupa teks.", "choices", index, "feedback"))
    return problems


def _validate_single(question: dict) -> list:
    problems = _validate_choices(question)
    if problems:
        return problems
    best = max(choice["weight"] for choice in question["choices"])
    if abs(best - 100) > _WEIGHT_SLACK:
        problems.append(_msg("Soal pilihan tunggal harus punya satu pilihan yang benar "
                             "(bobot 100%).", "choices"))
    return problems


def _validate_multiple(question: dict) -> list:
    problems = _validate_choices(question)
    if problems:
        return problems
    positive = sum(c["weight"] for c in question["choices"] if c["weight"] > 0)
    if abs(positive - 100) > _WEIGHT_SLACK:
        problems.append(_msg(f"Bobot pilihan yang benar berjumlah {positive:g}%, "
                             "padahal harus tepat 100%.", "choices"))
    return problems


def _normalize_choice(raw: Any) -> int | None:
    if isinstance(raw, list):
        raw = raw[0] if len(raw) == 1 else None
    if isinstance(raw, bool):
        return None
    if isinstance(raw, int):
        return raw
    if isinstance(raw, str) and raw.strip().isdigit():
        return int(raw.strip())
    return None


def _normalize_choices(raw: Any) -> list[int]:
    if raw is None:
        return []
    if not isinstance(raw, (list, tuple, set)):
        raw = [raw]
    chosen = {_normalize_choice(item) for item in raw}
    return sorted(index for index in chosen if index is not None)


def _grade_single(question: dict, answer: int | None) -> Grade:
    choices = question["choices"]
    if answer is None or not 0 <= answer < len(choices):
        return _UNANSWERED
    choice = choices[answer]
    return _grade_from_score(choice["weight"] / 100, choice.get("feedback"))


def _grade_multiple(question: dict, answer: list[int]) -> Grade:
    choices = question["choices"]
    chosen = [choices[i] for i in answer if 0 <= i < len(choices)]
    if not chosen:
        return _UNANSWERED
    total = min(100.0, max(0.0, sum(c["weight"] for c in chosen)))
    feedback = "\n\n".join(c["feedback"] for c in chosen if c.get("feedback"))
    return _grade_from_score(total / 100, feedback)


# --- true / false ------------------------------------------------------------------------

_TRUE_WORDS = {"true", "t", "1", "benar", "b", "ya", "betul"}
_FALSE_WORDS = {"false", "f", "0", "salah", "s", "tidak"}


def _validate_truefalse(question: dict) -> list:
    problems = []
    if not isinstance(question.get("answer"), bool):
        problems.append(_msg("Soal benar/salah harus punya 'answer: true' atau "
                             "'answer: false'.", "answer"))
    for key in ("feedback_true", "feedback_false"):
        problems += _check_text(question, key, required=False)
    return problems


def _normalize_truefalse(raw: Any) -> bool | None:
    if isinstance(raw, list):
        raw = raw[0] if len(raw) == 1 else None
    if isinstance(raw, bool):
        return raw
    if isinstance(raw, str):
        word = raw.strip().lower()
        if word in _TRUE_WORDS:
            return True
        if word in _FALSE_WORDS:
            return False
    return None


def _grade_truefalse(question: dict, answer: bool | None) -> Grade:
    if answer is None:
        return _UNANSWERED
    feedback = question.get("feedback_true") if answer else question.get("feedback_false")
    return _grade_from_score(1.0 if answer == question["answer"] else 0.0, feedback)


# --- numeric -----------------------------------------------------------------------------


def _validate_numeric(question: dict) -> list:
    answers = question.get("answers")
    if not isinstance(answers, list) or not answers:
        return [_msg("Soal angka harus punya jawaban ('answer' atau 'answers').", "answers")]
    problems = []
    for index, item in enumerate(answers):
        path = ("answers", index)
        if not isinstance(item, dict):
            problems.append(_msg(f"Jawaban ke-{index + 1} harus berupa isian.", *path))
            continue
        if "value" in item:
            if not _is_number(item["value"]):
                problems.append(_msg("'value' harus berupa angka.", *path, "value"))
            tolerance = item.get("tolerance", 0)
            if not _is_number(tolerance) or tolerance < 0:
                problems.append(_msg("'tolerance' harus angka 0 atau lebih.", *path, "tolerance"))
        elif "min" in item or "max" in item:
            low, high = item.get("min"), item.get("max")
            if not (_is_number(low) and _is_number(high)):
                problems.append(_msg("Rentang jawaban perlu 'min' dan 'max' berupa angka.", *path))
            elif low > high:
                problems.append(_msg(f"'min' ({low:g}) lebih besar dari 'max' ({high:g}).", *path))
        else:
            problems.append(_msg(f"Jawaban ke-{index + 1} perlu 'value' atau 'min' dan 'max'.",
                                 *path))
        problems += _check_weight(item.get("weight", 100), (*path, "weight"), 0, 100)
    if not problems and not any(abs(a.get("weight", 100) - 100) <= _WEIGHT_SLACK
                                for a in answers):
        problems.append(_msg("Paling sedikit satu jawaban harus berbobot 100%.", "answers"))
    if question.get("unit") is not None and not isinstance(question["unit"], str):
        problems.append(_msg("'unit' harus berupa teks, misalnya rupiah.", "unit"))
    return problems


def _normalize_text(raw: Any) -> str:
    if isinstance(raw, list):
        raw = raw[0] if len(raw) == 1 else ""
    if raw is None:
        return ""
    return _collapse(raw)


def _numeric_matches(item: dict, value: Decimal) -> bool:
    if "value" in item:
        target = _decimal(item["value"])
        return abs(value - target) <= _decimal(item.get("tolerance", 0))
    return _decimal(item["min"]) <= value <= _decimal(item["max"])


def _grade_numeric(question: dict, answer: str) -> Grade:
    if not answer:
        return _UNANSWERED
    try:
        value = parse_number(answer)
    except NumberFormatError as error:
        return Grade(score=0.0, correct=False, feedback=str(error))
    matches = [item for item in question["answers"] if _numeric_matches(item, value)]
    if not matches:
        return _grade_from_score(0.0, question.get("wrong_feedback"))
    best = max(matches, key=lambda item: item.get("weight", 100))
    return _grade_from_score(best.get("weight", 100) / 100, best.get("feedback"))


# --- short answer ------------------------------------------------------------------------


def _validate_short(question: dict) -> list:
    answers = question.get("answers")
    if not isinstance(answers, list) or not answers:
        return [_msg("Soal isian singkat harus punya paling sedikit satu jawaban.", "answers")]
    problems = []
    for index, item in enumerate(answers):
        path = ("answers", index)
        if not isinstance(item, dict) or not isinstance(item.get("text"), str) \
                or not item["text"].strip():
            problems.append(_msg(f"Jawaban ke-{index + 1} belum punya teks.", *path))
            continue
        problems += _check_weight(item.get("weight", 100), (*path, "weight"), 0, 100)
    if not problems and not any(abs(a.get("weight", 100) - 100) <= _WEIGHT_SLACK
                                for a in answers):
        problems.append(_msg("Paling sedikit satu jawaban harus berbobot 100%.", "answers"))
    return problems


def short_answer_matches(pattern: str, answer: str) -> bool:
    """True when the answer fits the pattern as Moodle's short answer does.

    Case and extra spaces are ignored; ``*`` stands for any text (also none) and ``\\*`` for
    a real asterisk.
    """
    pattern = _collapse(pattern).casefold()
    answer = _collapse(answer).casefold()
    parts = re.split(r"(\\\*|\*)", pattern)
    regex = "".join(
        ".*" if part == "*" else re.escape("*") if part == "\\*" else re.escape(part)
        for part in parts
    )
    return re.fullmatch(regex, answer, flags=re.DOTALL) is not None


def _grade_short(question: dict, answer: str) -> Grade:
    if not answer:
        return _UNANSWERED
    matches = [a for a in question["answers"] if short_answer_matches(a["text"], answer)]
    if not matches:
        return _grade_from_score(0.0, question.get("wrong_feedback"))
    best = max(matches, key=lambda item: item.get("weight", 100))
    return _grade_from_score(best.get("weight", 100) / 100, best.get("feedback"))


# --- matching ----------------------------------------------------------------------------


def _validate_matching(question: dict) -> list:
    pairs = question.get("pairs")
    if not isinstance(pairs, list):
        return [_msg("Soal menjodohkan harus punya 'pairs'.", "pairs")]
    problems, lefts = [], set()
    for index, pair in enumerate(pairs):
        path = ("pairs", index)
        if not isinstance(pair, dict) or not isinstance(pair.get("right"), str) \
                or not pair["right"].strip() or not isinstance(pair.get("left", ""), str):
            problems.append(_msg(f"Pasangan ke-{index + 1} perlu 'left' dan 'right' berupa teks.",
                                 *path))
            continue
        left = _collapse(pair.get("left", "")).casefold()
        if left and left in lefts:
            problems.append(_msg(f"Sisi kiri '{pair['left']}' ditulis dua kali.", *path, "left"))
        if left:
            lefts.add(left)
    if not problems and len(lefts) < 3:
        problems.append(_msg(f"Soal menjodohkan perlu paling sedikit 3 pasangan, baru ada "
                             f"{len(lefts)}.", "pairs"))
    return problems


def _normalize_matching(raw: Any) -> dict[str, str]:
    if not isinstance(raw, dict):
        return {}
    return {_collapse(k): _collapse(v) for k, v in raw.items() if v is not None}


def _grade_matching(question: dict, answer: dict[str, str]) -> Grade:
    pairs = [p for p in question["pairs"] if _collapse(p.get("left", ""))]
    if not answer:
        return _UNANSWERED
    right = sum(
        1 for p in pairs if answer.get(_collapse(p["left"])) == _collapse(p["right"])
    )
    return _grade_from_score(right / len(pairs), None)


# --- essay -------------------------------------------------------------------------------


def validate_rubric(rubric: Any, path: tuple = ("rubric",)) -> list:
    """Check a rubric: criteria, each with 2+ levels from lowest to highest points."""
    if not isinstance(rubric, list) or not rubric:
        return [_msg("Rubrik harus berupa daftar kriteria.", *path)]
    problems = []
    for index, criterion in enumerate(rubric):
        here = (*path, index)
        if not isinstance(criterion, dict):
            problems.append(_msg("Setiap kriteria rubrik perlu 'criterion' dan 'levels'.", *here))
            continue
        unknown = set(criterion) - {"criterion", "levels"}
        for key in sorted(unknown, key=str):
            problems.append(_msg(f"Kunci '{key}' tidak dikenal di kriteria rubrik.", *here, key))
        if not isinstance(criterion.get("criterion"), str) or not criterion["criterion"].strip():
            problems.append(_msg("Kriteria rubrik belum punya nama ('criterion').", *here))
        levels = criterion.get("levels")
        if not isinstance(levels, list) or len(levels) < 2:
            problems.append(_msg("Setiap kriteria perlu paling sedikit 2 tingkat ('levels').",
                                 *here, "levels"))
            continue
        labels, previous = set(), None
        for level_index, level in enumerate(levels):
            at = (*here, "levels", level_index)
            if not isinstance(level, dict):
                problems.append(_msg("Tingkat rubrik perlu label, points dan description.", *at))
                continue
            for key in sorted(set(level) - {"label", "points", "description"}, key=str):
                hint = (" Teks yang berisi koma di dalam {…} harus diberi tanda kutip."
                        if " " in str(key).strip() else "")
                problems.append(_msg(f"Kunci '{key}' tidak dikenal di tingkat rubrik.{hint}",
                                     *at, key))
            label = level.get("label")
            if not isinstance(label, str) or not label.strip():
                problems.append(_msg("Tingkat rubrik belum punya 'label'.", *at))
            elif label in labels:
                problems.append(_msg(f"Label '{label}' ditulis dua kali.", *at, "label"))
            else:
                labels.add(label)
            points = level.get("points")
            if not _is_number(points) or points < 0:
                problems.append(_msg("'points' harus angka 0 atau lebih.", *at, "points"))
            elif previous is not None and points <= previous:
                problems.append(_msg("Tingkat rubrik harus urut dari poin terendah ke tertinggi.",
                                     *at, "points"))
            else:
                previous = points
            if level.get("description") is not None and not isinstance(level["description"], str):
                problems.append(_msg("'description' harus berupa teks.", *at, "description"))
    return problems


def _validate_essay(question: dict) -> list:
    problems = []
    if question.get("rubric") is not None:
        problems += validate_rubric(question["rubric"])
    min_words = question.get("min_words")
    if min_words is not None and (not isinstance(min_words, int) or isinstance(min_words, bool)
                                  or min_words < 0):
        problems.append(_msg("'min_words' harus bilangan bulat 0 atau lebih.", "min_words"))
    return problems


def _normalize_essay(raw: Any) -> str:
    if isinstance(raw, list):
        raw = "\n".join(str(item) for item in raw)
    return "" if raw is None else str(raw).strip()


def _grade_essay(question: dict, answer: str) -> Grade:
    words = len(answer.split())
    min_words = question.get("min_words") or 0
    feedback = None
    if words < min_words:
        feedback = f"Jawaban Anda baru {words} kata; paling sedikit {min_words} kata."
    return Grade(score=0.0, correct=None, feedback=feedback, needs_review=True)


# --- the table ---------------------------------------------------------------------------

QUESTION_TYPES: dict[str, QuestionType] = {
    "single": QuestionType("single", frozenset({"choices"}), _validate_single,
                           _normalize_choice, _grade_single),
    "multiple": QuestionType("multiple", frozenset({"choices"}), _validate_multiple,
                             _normalize_choices, _grade_multiple),
    "truefalse": QuestionType("truefalse", frozenset({"answer", "feedback_true", "feedback_false"}),
                              _validate_truefalse, _normalize_truefalse, _grade_truefalse),
    "numeric": QuestionType("numeric", frozenset({"answers", "unit", "wrong_feedback"}),
                            _validate_numeric, _normalize_text, _grade_numeric),
    "short": QuestionType("short", frozenset({"answers", "wrong_feedback"}), _validate_short,
                          _normalize_text, _grade_short),
    "matching": QuestionType("matching", frozenset({"pairs"}), _validate_matching,
                             _normalize_matching, _grade_matching),
    "essay": QuestionType("essay", frozenset({"rubric", "min_words"}), _validate_essay,
                          _normalize_essay, _grade_essay),
}


def validate_question(question: Any) -> list:
    """Check a canonical question dict; return ValidationMessages (empty when it is fine)."""
    if not isinstance(question, dict):
        return [_msg("Soal harus berupa isian (mapping) dengan 'id', 'type' dan 'text'.")]
    kind = QUESTION_TYPES.get(question.get("type"))
    if kind is None:
        names = ", ".join(QUESTION_TYPES)
        return [_msg(f"Jenis soal '{question.get('type')}' tidak dikenal. Pilih salah satu: "
                     f"{names}.", "type")]
    problems = []
    if not isinstance(question.get("id"), str) or not question["id"].strip():
        problems.append(_msg("Soal belum punya 'id' (di GIFT: judul ::judul::).", "id"))
    problems += _check_text(question, "text", required=True)
    problems += _check_text(question, "title", required=False)
    problems += _check_text(question, "explanation", required=False)
    if question.get("text_format", "markdown") not in TEXT_FORMATS:
        problems.append(_msg("'text_format' tidak dikenal.", "text_format"))
    points = question.get("points", 1)
    if not _is_number(points) or points <= 0:
        problems.append(_msg("'points' harus angka lebih dari 0.", "points"))
    for key in sorted(set(question) - COMMON_KEYS - kind.keys, key=str):
        problems.append(_msg(f"Kunci '{key}' tidak dikenal untuk soal jenis {kind.name}.", key))
    return problems + kind.validate(question)


def normalize_answer(question: dict, raw: Any) -> Any:
    """Turn raw form input (str, list of str or dict) into the answer the grader expects."""
    return QUESTION_TYPES[question["type"]].normalize_answer(raw)


def grade(question: dict, answer: Any) -> Grade:
    """Grade a learner's raw answer to a valid canonical question; never raises on input."""
    kind = QUESTION_TYPES[question["type"]]
    return kind.grade(question, kind.normalize_answer(answer))


# --- YAML authoring form -> canonical ----------------------------------------------------

_AUTHORING_KEYS = {
    "single": {"choices"},
    "multiple": {"choices"},
    "truefalse": {"answer", "feedback_true", "feedback_false"},
    "numeric": {"answer", "tolerance", "answers", "unit", "wrong_feedback"},
    "short": {"answers", "wrong_feedback"},
    "matching": {"pairs"},
    "essay": {"rubric", "min_words"},
}


def _authoring_number(value: Any, path: tuple, problems: list) -> Any:
    """Read a number written in YAML: a YAML number, or a string such as 'Rp12.500'."""
    if _is_number(value):
        return value
    if isinstance(value, str):
        try:
            return _json_number(parse_number(value))
        except NumberFormatError:
            pass
    problems.append(_msg(f"'{value}' bukan angka.", *path))
    return value


def canonical_question(raw: Any) -> tuple[dict, list]:
    """Turn a question written in lesson front matter (FORMAT.md) into the canonical dict.

    Returns the question and the ValidationMessages of both the conversion and
    ``validate_question``; paths in the messages refer to the authoring form.
    """
    if not isinstance(raw, dict):
        return {}, [_msg("Soal harus berupa isian (mapping) dengan 'id', 'type' dan 'text'.")]
    kind = raw.get("type")
    if kind not in _AUTHORING_KEYS:
        return dict(raw), validate_question(raw)
    problems: list = []
    question = {key: value for key, value in raw.items() if key in COMMON_KEYS}
    question.setdefault("text_format", "markdown")
    question.setdefault("points", 1)
    question.setdefault("title", None)
    question.setdefault("explanation", None)
    for key in sorted(set(raw) - COMMON_KEYS - _AUTHORING_KEYS[kind], key=str):
        problems.append(_msg(f"Kunci '{key}' tidak dikenal untuk soal jenis {kind}.", key))

    if kind in ("single", "multiple"):
        question["choices"] = _canonical_choices(raw.get("choices"), kind, problems)
    elif kind == "truefalse":
        question["answer"] = raw.get("answer")
        question["feedback_true"] = raw.get("feedback_true")
        question["feedback_false"] = raw.get("feedback_false")
    elif kind == "numeric":
        question["answers"] = _canonical_numeric(raw, problems)
        question["unit"] = raw.get("unit")
        question["wrong_feedback"] = raw.get("wrong_feedback")
    elif kind == "short":
        question["answers"] = _canonical_short(raw.get("answers"), problems)
        question["wrong_feedback"] = raw.get("wrong_feedback")
    elif kind == "matching":
        question["pairs"] = raw.get("pairs")
    elif kind == "essay":
        question["rubric"] = raw.get("rubric")
        question["min_words"] = raw.get("min_words")
    if problems:
        return question, problems
    return question, validate_question(question)


def _canonical_choices(choices: Any, kind: str, problems: list) -> Any:
    if not isinstance(choices, list):
        return choices
    result = []
    correct_flags = 0
    for index, choice in enumerate(choices):
        if not isinstance(choice, dict):
            result.append(choice)
            continue
        allowed = {"text", "feedback", "correct", "weight"}
        for key in sorted(set(choice) - allowed, key=str):
            problems.append(_msg(f"Kunci '{key}' tidak dikenal di pilihan.", "choices", index, key))
        weight = choice.get("weight")
        if kind == "single" and "weight" not in choice:
            correct = choice.get("correct", False)
            if not isinstance(correct, bool):
                problems.append(_msg("'correct' harus true atau false.", "choices", index,
                                     "correct"))
            correct_flags += correct is True
            weight = 100 if correct is True else 0
        elif kind == "multiple" and "weight" not in choice:
            problems.append(_msg("Setiap pilihan soal jenis multiple perlu 'weight' (persen).",
                                 "choices", index))
        result.append({"text": choice.get("text"), "weight": weight,
                       "feedback": choice.get("feedback")})
    if kind == "single" and not any("weight" in c for c in choices if isinstance(c, dict)) \
            and correct_flags != 1:
        problems.append(_msg(f"Soal pilihan tunggal harus punya tepat satu pilihan dengan "
                             f"'correct: true', sekarang ada {correct_flags}.", "choices"))
    return result


def _canonical_numeric(raw: dict, problems: list) -> Any:
    if "answer" in raw and "answers" in raw:
        problems.append(_msg("Pakai 'answer' atau 'answers', jangan keduanya.", "answers"))
        return []
    if "answer" in raw:
        if "tolerance" in raw:
            tolerance = _authoring_number(raw["tolerance"], ("tolerance",), problems)
        else:
            tolerance = 0
        value = _authoring_number(raw["answer"], ("answer",), problems)
        return [{"value": value, "tolerance": tolerance, "weight": 100, "feedback": None}]
    if "tolerance" in raw:
        problems.append(_msg("'tolerance' di luar 'answers' hanya berlaku dengan 'answer'.",
                             "tolerance"))
    answers = raw.get("answers")
    if not isinstance(answers, list):
        return answers
    result = []
    for index, item in enumerate(answers):
        if not isinstance(item, dict):
            result.append(item)
            continue
        allowed = {"value", "tolerance", "min", "max", "weight", "feedback"}
        for key in sorted(set(item) - allowed, key=str):
            problems.append(_msg(f"Kunci '{key}' tidak dikenal di jawaban.", "answers", index, key))
        entry = {key: _authoring_number(item[key], ("answers", index, key), problems)
                 for key in ("value", "tolerance", "min", "max") if key in item}
        if "value" in entry:
            entry.setdefault("tolerance", 0)
        entry["weight"] = item.get("weight", 100)
        entry["feedback"] = item.get("feedback")
        result.append(entry)
    return result


def _canonical_short(answers: Any, problems: list) -> Any:
    if not isinstance(answers, list):
        return answers
    result = []
    for index, item in enumerate(answers):
        if isinstance(item, (str, int, float)) and not isinstance(item, bool):
            result.append({"text": str(item), "weight": 100, "feedback": None})
        elif isinstance(item, dict):
            for key in sorted(set(item) - {"text", "weight", "feedback"}, key=str):
                problems.append(_msg(f"Kunci '{key}' tidak dikenal di jawaban.", "answers", index,
                                     key))
            text = item.get("text")
            result.append({"text": str(text) if isinstance(text, (int, float)) else text,
                           "weight": item.get("weight", 100), "feedback": item.get("feedback")})
        else:
            result.append(item)
    return result

