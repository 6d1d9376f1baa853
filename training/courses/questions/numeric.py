"""Numeric questions: exact values with a tolerance, or ranges; answers read as Indonesians write."""

from __future__ import annotations

from decimal import Decimal

from training.courses.numbers import NumberFormatError, parse_number
from training.courses.questions.common import (
    UNANSWERED, WEIGHT_SLACK, Grade, QuestionType, check_weight, grade_from_score, is_number, msg,
    normalize_text, to_decimal,
)
from training.courses.questions.drawn import validate_drawn


def _validate_numeric(question: dict) -> list:
    if "vars" in question:
        return validate_drawn(question) + _unit_problems(question)
    answers = question.get("answers")
    if not isinstance(answers, list) or not answers:
        return [msg("Soal angka harus punya jawaban ('answer' atau 'answers').", "answers")]
    problems = []
    for index, item in enumerate(answers):
        path = ("answers", index)
        if not isinstance(item, dict):
            problems.append(msg(f"Jawaban ke-{index + 1} harus berupa isian.", *path))
            continue
        if "value" in item:
            if not is_number(item["value"]):
                problems.append(msg("'value' harus berupa angka.", *path, "value"))
            tolerance = item.get("tolerance", 0)
            if not is_number(tolerance) or tolerance < 0:
                problems.append(msg("'tolerance' harus angka 0 atau lebih.", *path, "tolerance"))
        elif "min" in item or "max" in item:
            low, high = item.get("min"), item.get("max")
            if not (is_number(low) and is_number(high)):
                problems.append(msg("Rentang jawaban perlu 'min' dan 'max' berupa angka.", *path))
            elif low > high:
                problems.append(msg(f"'min' ({low:g}) lebih besar dari 'max' ({high:g}).", *path))
        else:
            problems.append(msg(f"Jawaban ke-{index + 1} perlu 'value' atau 'min' dan 'max'.",
                                 *path))
        problems += check_weight(item.get("weight", 100), (*path, "weight"), 0, 100)
    if not problems and not any(abs(a.get("weight", 100) - 100) <= WEIGHT_SLACK
                                for a in answers):
        problems.append(msg("Paling sedikit satu jawaban harus berbobot 100%.", "answers"))
    return problems + _unit_problems(question)


def _unit_problems(question: dict) -> list:
    if question.get("unit") is not None and not isinstance(question["unit"], str):
        return [msg("'unit' harus berupa teks, misalnya rupiah.", "unit")]
    return []



def _numeric_matches(item: dict, value: Decimal) -> bool:
    if "value" in item:
        target = to_decimal(item["value"])
        return abs(value - target) <= to_decimal(item.get("tolerance", 0))
    return to_decimal(item["min"]) <= value <= to_decimal(item["max"])


def _grade_numeric(question: dict, answer: str) -> Grade:
    if not answer:
        return UNANSWERED
    try:
        value = parse_number(answer)
    except NumberFormatError as error:
        return Grade(score=0.0, correct=False, feedback=str(error))
    matches = [item for item in question["answers"] if _numeric_matches(item, value)]
    if not matches:
        return grade_from_score(0.0, question.get("wrong_feedback"))
    best = max(matches, key=lambda item: item.get("weight", 100))
    return grade_from_score(best.get("weight", 100) / 100, best.get("feedback"))


NUMERIC = QuestionType("numeric", frozenset({"answers", "unit", "wrong_feedback", "vars"}),
                       _validate_numeric, normalize_text, _grade_numeric)
