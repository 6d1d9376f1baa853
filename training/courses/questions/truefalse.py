"""True/false questions; the learner may also type benar/salah, ya/tidak."""

from __future__ import annotations

from typing import Any

from training.courses.questions.common import (
    UNANSWERED, Grade, QuestionType, check_text, grade_from_score, msg,
)

_TRUE_WORDS = {"true", "t", "1", "benar", "b", "ya", "betul"}
_FALSE_WORDS = {"false", "f", "0", "salah", "s", "tidak"}


def _validate_truefalse(question: dict) -> list:
    problems = []
    if not isinstance(question.get("answer"), bool):
        problems.append(msg("Soal benar/salah harus punya 'answer: true' atau "
                             "'answer: false'.", "answer"))
    for key in ("feedback_true", "feedback_false"):
        problems += check_text(question, key, required=False)
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
        return UNANSWERED
    feedback = question.get("feedback_true") if answer else question.get("feedback_false")
    return grade_from_score(1.0 if answer == question["answer"] else 0.0, feedback)



TRUEFALSE = QuestionType("truefalse", frozenset({"answer", "feedback_true", "feedback_false"}),
                         _validate_truefalse, _normalize_truefalse, _grade_truefalse)
