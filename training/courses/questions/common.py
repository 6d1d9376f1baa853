"""What every question type shares: the Grade result, validation messages, the table row type
and small helpers for checking and grading."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any, Callable

COMMON_KEYS = frozenset(
    {"id", "type", "title", "text", "text_format", "points", "explanation", "source", "category"}
)
TEXT_FORMATS = frozenset({"markdown", "html", "plain", "moodle"})
WEIGHT_SLACK = 0.01  # Moodle writes thirds as 33.33333, so sums may miss 100 by a hair


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


def msg(message: str, *path) -> ValidationMessage:
    """A ValidationMessage about the field at ``path``."""
    return ValidationMessage(message, path)


def is_number(value: Any) -> bool:
    """True for an int or float that is not a bool (YAML reads true as a bool)."""
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def to_decimal(value: Any) -> Decimal:
    """A stored number as the exact Decimal the author wrote."""
    return Decimal(str(value))


def json_number(value: Decimal) -> int | float:
    """Store a Decimal as int when whole, else float (whose repr gives the digits back)."""
    if value == value.to_integral_value():
        return int(value)
    return float(value)


def collapse(text: str) -> str:
    """The text with runs of whitespace made one space and the ends trimmed."""
    return " ".join(str(text).split())


def clamp_score(value: float) -> float:
    """A score kept within 0..1 and rounded, so sums of weights compare reliably."""
    return round(min(1.0, max(0.0, value)), 7)


def grade_from_score(score: float, feedback: str | None) -> Grade:
    """A Grade for a score; full marks (within rounding) count as correct."""
    score = clamp_score(score)
    return Grade(score=score, correct=score >= 1.0 - 1e-9, feedback=feedback or None)


UNANSWERED = Grade(score=0.0, correct=False, feedback="Soal ini belum dijawab.")


def check_text(question: dict, key: str, required: bool) -> list:
    """Problems with an optional or required text field of a question."""
    value = question.get(key)
    if value is None:
        return [msg(f"'{key}' wajib diisi.", key)] if required else []
    if not isinstance(value, str) or (required and not value.strip()):
        return [msg(f"'{key}' harus berupa teks yang tidak kosong.", key)]
    return []


def check_weight(weight: Any, path: tuple, low: float = -100, high: float = 100) -> list:
    """Problems with a weight in percent that must lie within low..high."""
    if not is_number(weight):
        return [msg(f"Bobot harus berupa angka persen ({low:g} sampai {high:g}).", *path)]
    if not low <= weight <= high:
        return [msg(f"Bobot {weight:g}% di luar batas {low:g} sampai {high:g}.", *path)]
    return []


def normalize_text(raw: Any) -> str:
    """Form input for a typed answer as one collapsed string."""
    if isinstance(raw, list):
        raw = raw[0] if len(raw) == 1 else ""
    if raw is None:
        return ""
    return collapse(raw)

