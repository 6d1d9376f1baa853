"""Descriptions: text shown between questions (Moodle's GIFT "description"), never graded."""

from __future__ import annotations

from typing import Any

from training.courses.questions.common import Grade, QuestionType


def _validate_description(question: dict) -> list:
    return []


def _normalize_description(raw: Any) -> None:
    return None


def _grade_description(question: dict, answer: None) -> Grade:
    return Grade(score=0.0, correct=None)


DESCRIPTION = QuestionType("description", frozenset(), _validate_description,
                           _normalize_description, _grade_description)


def is_description(question: dict) -> bool:
    """True for text between questions: nothing to answer, worth 0 points."""
    return question.get("type") == "description"
