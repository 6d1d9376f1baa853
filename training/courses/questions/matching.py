"""Matching questions: each left side to one right side; extra right sides are distractors."""

from __future__ import annotations

from typing import Any

from training.courses.questions.common import (
    UNANSWERED, Grade, QuestionType, collapse, grade_from_score, msg,
)


def _validate_matching(question: dict) -> list:
    pairs = question.get("pairs")
    if not isinstance(pairs, list):
        return [msg("Soal menjodohkan harus punya 'pairs'.", "pairs")]
    problems, lefts = [], set()
    for index, pair in enumerate(pairs):
        path = ("pairs", index)
        if not isinstance(pair, dict) or not isinstance(pair.get("right"), str) \
                or not pair["right"].strip() or not isinstance(pair.get("left", ""), str):
            problems.append(msg(f"Pasangan ke-{index + 1} perlu 'left' dan 'right' berupa teks.",
                                 *path))
            continue
        left = collapse(pair.get("left", "")).casefold()
        if left and left in lefts:
            problems.append(msg(f"Sisi kiri '{pair['left']}' ditulis dua kali.", *path, "left"))
        if left:
            lefts.add(left)
    if not problems and len(lefts) < 2:
        problems.append(msg(f"Soal menjodohkan perlu paling sedikit 2 pasangan, baru ada "
                             f"{len(lefts)}.", "pairs"))
    return problems


def _normalize_matching(raw: Any) -> dict[str, str]:
    if not isinstance(raw, dict):
        return {}
    return {collapse(k): collapse(v) for k, v in raw.items() if v is not None}


def _grade_matching(question: dict, answer: dict[str, str]) -> Grade:
    pairs = [p for p in question["pairs"] if collapse(p.get("left", ""))]
    if not answer:
        return UNANSWERED
    right = sum(
        1 for p in pairs if answer.get(collapse(p["left"])) == collapse(p["right"])
    )
    return grade_from_score(right / len(pairs), None)


MATCHING = QuestionType("matching", frozenset({"pairs"}), _validate_matching,
                        _normalize_matching, _grade_matching)
