"""The table of question types, and the checks and grading that go through it."""

from __future__ import annotations

from typing import Any

from training.courses.questions.choice import MULTIPLE, SINGLE
from training.courses.questions.common import (
    COMMON_KEYS, TEXT_FORMATS, Grade, QuestionType, check_text, is_number, msg,
)
from training.courses.questions.description import DESCRIPTION
from training.courses.questions.essay import ESSAY
from training.courses.questions.matching import MATCHING
from training.courses.questions.numeric import NUMERIC
from training.courses.questions.short import SHORT
from training.courses.questions.truefalse import TRUEFALSE

QUESTION_TYPES: dict[str, QuestionType] = {
    kind.name: kind
    for kind in (SINGLE, MULTIPLE, TRUEFALSE, NUMERIC, SHORT, MATCHING, ESSAY, DESCRIPTION)
}


def validate_question(question: Any) -> list:
    """Check a canonical question dict; return ValidationMessages (empty when it is fine)."""
    if not isinstance(question, dict):
        return [msg("Soal harus berupa isian (mapping) dengan 'id', 'type' dan 'text'.")]
    kind = QUESTION_TYPES.get(question.get("type"))
    if kind is None:
        names = ", ".join(QUESTION_TYPES)
        return [msg(f"Jenis soal '{question.get('type')}' tidak dikenal. Pilih salah satu: "
                     f"{names}.", "type")]
    problems = []
    if not isinstance(question.get("id"), str) or not question["id"].strip():
        problems.append(msg("Soal belum punya 'id' (di GIFT: judul ::judul::).", "id"))
    problems += check_text(question, "text", required=True)
    problems += check_text(question, "title", required=False)
    problems += check_text(question, "explanation", required=False)
    if question.get("text_format", "markdown") not in TEXT_FORMATS:
        problems.append(msg("'text_format' tidak dikenal.", "text_format"))
    points = question.get("points", 1)
    if kind is DESCRIPTION:
        if points != 0:
            problems.append(msg("Keterangan tanpa soal tidak dinilai: 'points' harus 0.", "points"))
    elif not is_number(points) or points <= 0:
        problems.append(msg("'points' harus angka lebih dari 0.", "points"))
    for key in sorted(set(question) - COMMON_KEYS - kind.keys, key=str):
        problems.append(msg(f"Kunci '{key}' tidak dikenal untuk soal jenis {kind.name}.", key))
    return problems + kind.validate(question)


def normalize_answer(question: dict, raw: Any) -> Any:
    """Turn raw form input (str, list of str or dict) into the answer the grader expects."""
    return QUESTION_TYPES[question["type"]].normalize_answer(raw)


def grade(question: dict, answer: Any) -> Grade:
    """Grade a learner's raw answer to a valid canonical question; never raises on input."""
    kind = QUESTION_TYPES[question["type"]]
    return kind.grade(question, kind.normalize_answer(answer))

