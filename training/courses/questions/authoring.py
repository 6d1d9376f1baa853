"""The friendlier YAML authoring form of FORMAT.md turned into the canonical question dict."""

from __future__ import annotations

from typing import Any

from training.courses.numbers import NumberFormatError, parse_number
from training.courses.questions.common import COMMON_KEYS, is_number, json_number, msg
from training.courses.questions.table import validate_question

_AUTHORING_KEYS = {
    "single": {"choices"},
    "multiple": {"choices"},
    "truefalse": {"answer", "feedback_true", "feedback_false"},
    "numeric": {"answer", "tolerance", "answers", "unit", "wrong_feedback", "vars", "formula"},
    "short": {"answers", "wrong_feedback"},
    "matching": {"pairs"},
    "essay": {"rubric", "min_words"},
}


def _authoring_number(value: Any, path: tuple, problems: list) -> Any:
    """Read a number written in YAML: a YAML number, or a string such as 'Rp12.500'."""
    if is_number(value):
        return value
    if isinstance(value, str):
        try:
            return json_number(parse_number(value))
        except NumberFormatError:
            pass
    problems.append(msg(f"'{value}' bukan angka.", *path))
    return value


def canonical_question(raw: Any) -> tuple[dict, list]:
    """Turn a question written in lesson front matter (FORMAT.md) into the canonical dict.

    Returns the question and the ValidationMessages of both the conversion and
    ``validate_question``; paths in the messages refer to the authoring form.
    """
    if not isinstance(raw, dict):
        return {}, [msg("Soal harus berupa isian (mapping) dengan 'id', 'type' dan 'text'.")]
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
        problems.append(msg(f"Kunci '{key}' tidak dikenal untuk soal jenis {kind}.", key))

    if kind in ("single", "multiple"):
        question["choices"] = _canonical_choices(raw.get("choices"), kind, problems)
    elif kind == "truefalse":
        question["answer"] = raw.get("answer")
        question["feedback_true"] = raw.get("feedback_true")
        question["feedback_false"] = raw.get("feedback_false")
    elif kind == "numeric":
        question["answers"] = _canonical_numeric(raw, problems)
        if "vars" in raw:
            question["vars"] = raw["vars"]
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
            problems.append(msg(f"Kunci '{key}' tidak dikenal di pilihan.", "choices", index, key))
        weight = choice.get("weight")
        if kind == "single" and "weight" not in choice:
            correct = choice.get("correct", False)
            if not isinstance(correct, bool):
                problems.append(msg("'correct' harus true atau false.", "choices", index,
                                     "correct"))
            correct_flags += correct is True
            weight = 100 if correct is True else 0
        elif kind == "multiple" and "weight" not in choice:
            problems.append(msg("Setiap pilihan soal jenis multiple perlu 'weight' (persen).",
                                 "choices", index))
        result.append({"text": choice.get("text"), "weight": weight,
                       "feedback": choice.get("feedback")})
    if kind == "single" and not any("weight" in c for c in choices if isinstance(c, dict)) \
            and correct_flags != 1:
        problems.append(msg(f"Soal pilihan tunggal harus punya tepat satu pilihan dengan "
                             f"'correct: true', sekarang ada {correct_flags}.", "choices"))
    return result


def _canonical_numeric(raw: dict, problems: list) -> Any:
    if "vars" in raw or "formula" in raw:
        return _canonical_drawn(raw, problems)
    if "answer" in raw and "answers" in raw:
        problems.append(msg("Pakai 'answer' atau 'answers', jangan keduanya.", "answers"))
        return []
    if "answer" in raw:
        if "tolerance" in raw:
            tolerance = _authoring_number(raw["tolerance"], ("tolerance",), problems)
        else:
            tolerance = 0
        value = _authoring_number(raw["answer"], ("answer",), problems)
        return [{"value": value, "tolerance": tolerance, "weight": 100, "feedback": None}]
    if "tolerance" in raw:
        problems.append(msg("'tolerance' di luar 'answers' hanya berlaku dengan 'answer'.",
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
            problems.append(msg(f"Kunci '{key}' tidak dikenal di jawaban.", "answers", index, key))
        entry = {key: _authoring_number(item[key], ("answers", index, key), problems)
                 for key in ("value", "tolerance", "min", "max") if key in item}
        if "value" in entry:
            entry.setdefault("tolerance", 0)
        entry["weight"] = item.get("weight", 100)
        entry["feedback"] = item.get("feedback")
        result.append(entry)
    return result


def _canonical_drawn(raw: dict, problems: list) -> list:
    """The answer of a question with drawn figures: its formula and tolerance (questions.drawn)."""
    for key in ("answer", "answers"):
        if key in raw:
            problems.append(msg(f"Soal dengan 'vars' dan 'formula' tidak memakai '{key}': kuncinya "
                                "dihitung dari rumus.", key))
    for key in ("vars", "formula"):
        if key not in raw:
            problems.append(msg(f"Soal dengan angka acak perlu 'vars' dan 'formula'; '{key}' belum ada."))
    tolerance = _authoring_number(raw.get("tolerance", 0), ("tolerance",), problems)
    return [{"formula": raw.get("formula"), "tolerance": tolerance, "weight": 100, "feedback": None}]


def _canonical_short(answers: Any, problems: list) -> Any:
    if not isinstance(answers, list):
        return answers
    result = []
    for index, item in enumerate(answers):
        if isinstance(item, (str, int, float)) and not isinstance(item, bool):
            result.append({"text": str(item), "weight": 100, "feedback": None})
        elif isinstance(item, dict):
            for key in sorted(set(item) - {"text", "weight", "feedback"}, key=str):
                problems.append(msg(f"Kunci '{key}' tidak dikenal di jawaban.", "answers", index,
                                     key))
            text = item.get("text")
            result.append({"text": str(text) if isinstance(text, (int, float)) else text,
                           "weight": item.get("weight", 100), "feedback": item.get("feedback")})
        else:
            result.append(item)
    return result

