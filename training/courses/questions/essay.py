"""Essays and rubrics: never graded automatically, an instructor grades with the rubric."""

from __future__ import annotations

from typing import Any

from training.courses.questions.common import Grade, QuestionType, is_number, msg


def validate_rubric(rubric: Any, path: tuple = ("rubric",)) -> list:
    """Check a rubric: criteria, each with 2+ levels from lowest to highest points."""
    if not isinstance(rubric, list) or not rubric:
        return [msg("Rubrik harus berupa daftar kriteria.", *path)]
    problems = []
    for index, criterion in enumerate(rubric):
        here = (*path, index)
        if not isinstance(criterion, dict):
            problems.append(msg("Setiap kriteria rubrik perlu 'criterion' dan 'levels'.", *here))
            continue
        unknown = set(criterion) - {"criterion", "levels"}
        for key in sorted(unknown, key=str):
            problems.append(msg(f"Kunci '{key}' tidak dikenal di kriteria rubrik.", *here, key))
        if not isinstance(criterion.get("criterion"), str) or not criterion["criterion"].strip():
            problems.append(msg("Kriteria rubrik belum punya nama ('criterion').", *here))
        levels = criterion.get("levels")
        if not isinstance(levels, list) or len(levels) < 2:
            problems.append(msg("Setiap kriteria perlu paling sedikit 2 tingkat ('levels').",
                                 *here, "levels"))
            continue
        labels, previous = set(), None
        for level_index, level in enumerate(levels):
            at = (*here, "levels", level_index)
            if not isinstance(level, dict):
                problems.append(msg("Tingkat rubrik perlu label, points dan description.", *at))
                continue
            for key in sorted(set(level) - {"label", "points", "description"}, key=str):
                hint = (" Teks yang berisi koma di dalam {…} harus diberi tanda kutip."
                        if " " in str(key).strip() else "")
                problems.append(msg(f"Kunci '{key}' tidak dikenal di tingkat rubrik.{hint}",
                                     *at, key))
            label = level.get("label")
            if not isinstance(label, str) or not label.strip():
                problems.append(msg("Tingkat rubrik belum punya 'label'.", *at))
            elif label in labels:
                problems.append(msg(f"Label '{label}' ditulis dua kali.", *at, "label"))
            else:
                labels.add(label)
            points = level.get("points")
            if not is_number(points) or points < 0:
                problems.append(msg("'points' harus angka 0 atau lebih.", *at, "points"))
            elif previous is not None and points <= previous:
                problems.append(msg("Tingkat rubrik harus urut dari poin terendah ke tertinggi.",
                                     *at, "points"))
            else:
                previous = points
            if level.get("description") is not None and not isinstance(level["description"], str):
                problems.append(msg("'description' harus berupa teks.", *at, "description"))
    return problems


def _validate_essay(question: dict) -> list:
    problems = []
    if question.get("rubric") is not None:
        problems += validate_rubric(question["rubric"])
    min_words = question.get("min_words")
    if min_words is not None and (not isinstance(min_words, int) or isinstance(min_words, bool)
                                  or min_words < 0):
        problems.append(msg("'min_words' harus bilangan bulat 0 atau lebih.", "min_words"))
    return problems


def _normalize_essay(raw: Any) -> str:
    if isinstance(raw, list):
        raw = "\n".join(str(item) for item in raw)
    return "" if raw is None else str(raw).strip()


def _grade_essay(question: dict, answer: str) -> Grade:
    words = len(answer.split())
    min_words = question.get("min_words") or 0
    feedback = None
    if words < min_words:
        feedback = f"Jawaban Anda baru {words} kata; paling sedikit {min_words} kata."
    return Grade(score=0.0, correct=None, feedback=feedback, needs_review=True)


ESSAY = QuestionType("essay", frozenset({"rubric", "min_words"}), _validate_essay,
                     _normalize_essay, _grade_essay)
