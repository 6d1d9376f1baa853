"""Single and multiple choice questions: weights in percent, several answers add up."""

from __future__ import annotations

import re
from typing import Any

from training.courses.questions.common import (
    UNANSWERED, WEIGHT_SLACK, Grade, QuestionType, check_weight, grade_from_score, msg,
)

# A choice is a form field's small ASCII number; "²" or 5,000 digits are no choice at all.
_CHOICE_INDEX = re.compile(r"[0-9]{1,4}")


def _validate_choices(question: dict) -> list:
    choices = question.get("choices")
    if not isinstance(choices, list) or len(choices) < 2:
        return [msg("Soal pilihan harus punya paling sedikit 2 pilihan ('choices').", "choices")]
    problems = []
    for index, choice in enumerate(choices):
        if not isinstance(choice, dict):
            problems.append(msg(f"Pilihan ke-{index + 1} harus berupa isian dengan 'text'.",
                                 "choices", index))
            continue
        if not isinstance(choice.get("text"), str) or not choice["text"].strip():
            problems.append(msg(f"Pilihan ke-{index + 1} belum punya teks.", "choices", index))
        problems += check_weight(choice.get("weight"), ("choices", index, "weight"))
        if choice.get("feedback") is not None and not isinstance(choice["feedback"], str):
            problems.append(msg("'feedback' harus berupa teks.", "choices", index, "feedback"))
    return problems


def _validate_single(question: dict) -> list:
    problems = _validate_choices(question)
    if problems:
        return problems
    best = max(choice["weight"] for choice in question["choices"])
    if abs(best - 100) > WEIGHT_SLACK:
        problems.append(msg("Soal pilihan tunggal harus punya satu pilihan yang benar "
                             "(bobot 100%).", "choices"))
    return problems


def _validate_multiple(question: dict) -> list:
    problems = _validate_choices(question)
    if problems:
        return problems
    positive = sum(c["weight"] for c in question["choices"] if c["weight"] > 0)
    if abs(positive - 100) > WEIGHT_SLACK:
        problems.append(msg(f"Bobot pilihan yang benar berjumlah {positive:g}%, "
                             "padahal harus tepat 100%.", "choices"))
    return problems


def _normalize_choice(raw: Any) -> int | None:
    if isinstance(raw, list):
        raw = raw[0] if len(raw) == 1 else None
    if isinstance(raw, bool):
        return None
    if isinstance(raw, int):
        return raw
    if isinstance(raw, str) and _CHOICE_INDEX.fullmatch(raw.strip()):
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
        return UNANSWERED
    choice = choices[answer]
    return grade_from_score(choice["weight"] / 100, choice.get("feedback"))


def _grade_multiple(question: dict, answer: list[int]) -> Grade:
    choices = question["choices"]
    chosen = [choices[i] for i in answer if 0 <= i < len(choices)]
    if not chosen:
        return UNANSWERED
    total = min(100.0, max(0.0, sum(c["weight"] for c in chosen)))
    feedback = "\n\n".join(c["feedback"] for c in chosen if c.get("feedback"))
    return grade_from_score(total / 100, feedback)



SINGLE = QuestionType("single", frozenset({"choices"}), _validate_single, _normalize_choice,
                      _grade_single)
MULTIPLE = QuestionType("multiple", frozenset({"choices"}), _validate_multiple,
                        _normalize_choices, _grade_multiple)
