"""Short answer questions, matched as Moodle does (case and spaces ignored, ``*`` wildcard)."""

from __future__ import annotations

import re

from training.courses.questions.common import (
    UNANSWERED, WEIGHT_SLACK, Grade, QuestionType, check_weight, collapse, grade_from_score, msg,
    normalize_text,
)


def _validate_short(question: dict) -> list:
    answers = question.get("answers")
    if not isinstance(answers, list) or not answers:
        return [msg("Soal isian singkat harus punya paling sedikit satu jawaban.", "answers")]
    problems = []
    for index, item in enumerate(answers):
        path = ("answers", index)
        if not isinstance(item, dict) or not isinstance(item.get("text"), str) \
                or not item["text"].strip():
            problems.append(msg(f"Jawaban ke-{index + 1} belum punya teks.", *path))
            continue
        problems += check_weight(item.get("weight", 100), (*path, "weight"), 0, 100)
    if not problems and not any(abs(a.get("weight", 100) - 100) <= WEIGHT_SLACK
                                for a in answers):
        problems.append(msg("Paling sedikit satu jawaban harus berbobot 100%.", "answers"))
    return problems


def short_answer_matches(pattern: str, answer: str) -> bool:
    """True when the answer fits the pattern as Moodle's short answer does.

    Case and extra spaces are ignored; ``*`` stands for any text (also none) and ``\\*`` for
    a real asterisk.
    """
    pattern = collapse(pattern).casefold()
    answer = collapse(answer).casefold()
    parts = re.split(r"(\\\*|\*)", pattern)
    regex = "".join(
        ".*" if part == "*" else re.escape("*") if part == "\\*" else re.escape(part)
        for part in parts
    )
    return re.fullmatch(regex, answer, flags=re.DOTALL) is not None


def _grade_short(question: dict, answer: str) -> Grade:
    if not answer:
        return UNANSWERED
    matches = [a for a in question["answers"] if short_answer_matches(a["text"], answer)]
    if not matches:
        return grade_from_score(0.0, question.get("wrong_feedback"))
    best = max(matches, key=lambda item: item.get("weight", 100))
    return grade_from_score(best.get("weight", 100) / 100, best.get("feedback"))


SHORT = QuestionType("short", frozenset({"answers", "wrong_feedback"}), _validate_short,
                     normalize_text, _grade_short)
