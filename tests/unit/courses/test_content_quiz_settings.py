"""Quiz settings and drawn numeric questions in lesson front matter, each problem at its line."""

import shutil
from pathlib import Path

import pytest

from training.courses.content import load_course

DATA = Path(__file__).parent / "data" / "courses"

DRAWN = """\
---
title: T
minutes: 10
summary: s
quiz:
  feedback: {feedback}
  questions:
    - id: laba-acak
      type: numeric
      vars:
        harga: {{min: {low}, max: 9000, step: 500}}
        jumlah: {{min: 10, max: 40, step: 5}}
      text: Bu Sari menjual {{jumlah}} roti seharga Rp{{harga}}. Berapa pendapatannya?
      formula: {formula}
      tolerance: 0
---
Isi pelajaran.
"""


@pytest.fixture
def course_dir(tmp_path):
    target = tmp_path / "roti-sobek"
    shutil.copytree(DATA / "roti-sobek", target)
    return target


def _load(course_dir, **fields):
    values = {"feedback": "after_attempt", "low": 5000, "formula": "harga * jumlah", **fields}
    path = course_dir / "03-coba.md"
    path.write_text(DRAWN.format(**values), encoding="utf-8")
    course, problems = load_course(course_dir)
    return path, course, [(p.line, p.message) for p in problems if Path(p.path).name == "03-coba.md"]


def _line(path, fragment):
    return next(n for n, line in enumerate(path.read_text().split("\n"), 1) if fragment in line)


def test_drawn_question_loads_with_feedback_after_the_attempt(course_dir):
    _path, course, problems = _load(course_dir)
    assert problems == []
    lesson = course.lessons[-1]
    assert lesson.quiz.feedback == "after_attempt"
    [question] = lesson.quiz.questions
    assert question["vars"]["harga"] == {"min": 5000, "max": 9000, "step": 500}
    assert question["answers"][0]["formula"] == "harga * jumlah"


def test_feedback_defaults_to_immediate(course_dir):
    path = course_dir / "01-hpp-roti.md"
    course, problems = load_course(course_dir)
    assert problems == [] and course.lessons[0].quiz.feedback == "immediate", path


@pytest.mark.parametrize("fields, fragment, marker", [
    ({"feedback": "nanti"}, "'feedback' harus salah satu dari: immediate, after_attempt", "feedback:"),
    ({"low": 9500}, "lebih besar dari 'max'", "harga:"),
    ({"formula": "harga * banyak"}, "'banyak'", "formula:"),
    ({"formula": "open('x')"}, "Rumus", "formula:"),
])
def test_a_wrong_setting_range_or_formula_is_reported_at_its_line(course_dir, fields, fragment, marker):
    path, course, problems = _load(course_dir, **fields)
    assert course is None
    assert any(fragment in message and line == _line(path, marker) for line, message in problems), problems
