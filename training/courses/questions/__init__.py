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

One module per type (``choice``, ``truefalse``, ``numeric``, ``short``, ``matching``, ``essay``)
each defines its table row; ``table`` assembles QUESTION_TYPES, ``authoring`` reads the YAML form.
"""

from training.courses.questions.authoring import canonical_question
from training.courses.questions.common import (
    COMMON_KEYS, Grade, QuestionType, ValidationMessage,
)
from training.courses.questions.essay import validate_rubric
from training.courses.questions.short import short_answer_matches
from training.courses.questions.table import (
    QUESTION_TYPES, grade, normalize_answer, validate_question,
)

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
