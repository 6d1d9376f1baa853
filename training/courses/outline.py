"""A course's outline, kept per worker: its active lessons in order with what a lesson page shows
besides the lesson itself (the number of quiz questions, the practical task's title), and each
lesson's body and the course's introduction rendered to HTML.

Course structure changes only when a course is imported, and an import that changes anything
stores a new ``Course.content_hash``. Every course page loads the course row anyway, so that hash
is a version that costs no query: a worker keeps the outline built for the hash it last saw and
builds it again (three queries) when the hash differs, so another worker's or server's import is
seen on the next page. Nothing about a learner is kept here; access is checked before.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from markupsafe import Markup

from training.courses.display import glossary, lesson_html
from training.courses.models import Lesson, Question, Task
from training.extensions import db, one_of


@dataclass(frozen=True)
class LessonEntry:
    """One active lesson as the outline knows it."""

    id: int
    slug: str
    title: str
    question_count: int
    task_title: str | None
    position: int = 0  # the lesson's place in the course as imported (gaps where a lesson was retired)


@dataclass(frozen=True)
class Outline:
    """The active lessons of one course at one content version, in course order."""

    version: str
    lessons: tuple[LessonEntry, ...]
    # Rendered bodies by lesson id, with the glossary they were rendered with; the course's
    # introduction under the key None.
    bodies: dict[int | None, tuple[tuple, Markup]] = field(default_factory=dict, compare=False)

    def entry(self, lesson_id: int) -> LessonEntry | None:
        """The entry of an active lesson of this course, or None."""
        return next((item for item in self.lessons if item.id == lesson_id), None)

    def neighbours(self, lesson_id: int) -> tuple[LessonEntry | None, LessonEntry | None]:
        """The previous and next active lessons around ``lesson_id``."""
        index = next(i for i, item in enumerate(self.lessons) if item.id == lesson_id)
        return (self.lessons[index - 1] if index > 0 else None,
                self.lessons[index + 1] if index + 1 < len(self.lessons) else None)


_OUTLINES: dict[int, Outline] = {}


def outline(course) -> Outline:
    """The outline of ``course`` at its current content version (built when the version changed).

    Threads of a worker may build the same outline at once; the last one stored wins, and both
    are equal.
    """
    found = _OUTLINES.get(course.id)
    if found is None or found.version != course.content_hash:
        found = _OUTLINES[course.id] = _build(course)
    return found


def _build(course) -> Outline:
    lessons = db.session.execute(
        db.select(Lesson.id, Lesson.slug, Lesson.title, Lesson.position)
        .where(Lesson.course_id == course.id, Lesson.is_active.is_(True)).order_by(Lesson.position)
    ).all()
    ids = [row.id for row in lessons]
    counts = dict(db.session.execute(
        db.select(Question.lesson_id, db.func.count(Question.id))
        .where(one_of(Question.lesson_id, ids), Question.is_active.is_(True)).group_by(Question.lesson_id)
    ).all()) if ids else {}
    tasks = dict(db.session.execute(
        db.select(Task.lesson_id, Task.title).where(one_of(Task.lesson_id, ids), Task.is_active.is_(True))
    ).all()) if ids else {}
    return Outline(version=course.content_hash, lessons=tuple(
        LessonEntry(row.id, row.slug, row.title, counts.get(row.id, 0), tasks.get(row.id), row.position)
        for row in lessons
    ))


def body_html(course, lesson) -> Markup:
    """The lesson's body as safe HTML with the glossary in place, rendered once per content
    version and glossary (the body itself is then not even loaded)."""
    terms = glossary()
    bodies = outline(course).bodies
    stored = bodies.get(lesson.id)
    if stored is None or stored[0] is not terms:
        stored = bodies[lesson.id] = (terms, lesson_html(course, lesson.body))
    return stored[1]


def introduction_html(course) -> Markup:
    """The course's introduction as safe HTML (no glossary), rendered once per content version."""
    bodies = outline(course).bodies
    stored = bodies.get(None)
    if stored is None:
        stored = bodies[None] = ((), lesson_html(course, course.introduction, with_glossary=False))
    return stored[1]
