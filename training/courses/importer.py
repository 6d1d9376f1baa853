"""Put checked course folders into the database without losing any learner's work.

``check(path)`` loads one course folder or a whole tree with the content layer and returns the
courses and every problem; ``import_courses(courses)`` writes them. Lessons, questions and tasks
are matched by their stable keys (lesson slug, question id, task id). Nothing is deleted: what
left the files is marked inactive, and a question whose content changed gets a new version, so
past attempts keep pointing at what the learner saw. The caller commits once.
"""
from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path

from training.clock import now_utc
from training.courses import content
from training.courses.models import Course, Lesson, Question, QuestionVersion, Task
from training.extensions import db


@dataclass
class ImportReport:
    """What an import did to one course."""

    slug: str
    outcome: str  # created, updated or unchanged
    new_versions: int = 0
    retired: list[str] = field(default_factory=list)


def check(path: str | Path) -> tuple[list[content.Course], list[content.Problem]]:
    """Load and validate a course folder (with course.md) or a folder of courses."""
    path = Path(path)
    if (path / "course.md").is_file():
        course, problems = content.load_course(path)
        return ([course] if course is not None else []), problems
    return content.load_tree(path)


def question_data(question: dict) -> dict:
    """The stored form of a canonical question: without where it came from in the files.

    A question moving down a file (because another one was added above it) is not a change.
    """
    return {key: value for key, value in question.items() if key != "source"}


def _criteria(criteria: content.CertificateCriteria) -> dict:
    return {
        "lessons_completed": criteria.lessons_completed,
        "min_quiz_average": criteria.min_quiz_average,
        "practical_min_level": criteria.practical_min_level,
        "storefront": list(criteria.storefront),
    }


def _lesson_dict(lesson: content.Lesson) -> dict:
    quiz = lesson.quiz
    return {
        "slug": lesson.slug,
        "position": lesson.number,
        "title": lesson.title,
        "minutes": lesson.minutes,
        "summary": lesson.summary,
        "body": lesson.body,
        "quiz": None if quiz is None else {
            "pass_mark": quiz.pass_mark,
            "max_attempts": quiz.max_attempts,
            "counts": quiz.counts,
            "feedback": quiz.feedback,
            "questions": [question_data(q) for q in quiz.questions],
        },
        "task": None if lesson.task is None else {
            "key": lesson.task.id,
            "title": lesson.task.title,
            "instructions": lesson.task.instructions,
            "rubric": lesson.task.rubric.to_list(),
        },
    }


def course_dict(course: content.Course) -> dict:
    """Everything the database keeps of a course, as plain JSON-able data."""
    return {
        "slug": course.slug,
        "title": course.title,
        "language": course.language,
        "version": course.version,
        "summary": course.summary,
        "estimated_hours": course.estimated_hours,
        "outcomes": list(course.outcomes),
        "certificate": _criteria(course.certificate),
        "introduction": course.introduction,
        "lessons": [_lesson_dict(lesson) for lesson in course.lessons],
    }


def content_hash(data: dict) -> str:
    """A fingerprint of a course's content: equal exactly when nothing a learner sees changed."""
    encoded = json.dumps(data, sort_keys=True, ensure_ascii=False, default=str).encode("utf-8")
    return hashlib.sha256(encoded).hexdigest()


def import_courses(courses: list[content.Course]) -> list[ImportReport]:
    """Write checked courses to the session (flushes, never commits)."""
    return [import_course(course) for course in courses]


def import_course(loaded: content.Course) -> ImportReport:
    """Create or update one course, keeping every learner record attached."""
    data = course_dict(loaded)
    digest = content_hash(data)
    source_dir = str(Path(loaded.path).resolve())
    course = db.session.scalar(db.select(Course).where(Course.slug == loaded.slug))
    if course is not None and course.content_hash == digest:
        course.source_dir = source_dir
        return ImportReport(loaded.slug, "unchanged")
    report = ImportReport(loaded.slug, "updated" if course is not None else "created")
    if course is None:
        course = Course(slug=loaded.slug)
        db.session.add(course)
    course.title, course.language, course.version = data["title"], data["language"], data["version"]
    course.summary, course.estimated_hours = data["summary"].strip(), data["estimated_hours"]
    course.outcomes, course.certificate_criteria = data["outcomes"], data["certificate"]
    course.introduction, course.content_hash = data["introduction"], digest
    course.source_dir, course.imported_dt = source_dir, now_utc()
    db.session.flush()

    existing = {lesson.slug: lesson for lesson in db.session.scalars(
        db.select(Lesson).where(Lesson.course_id == course.id))}
    tasks = {task.key: task for task in db.session.scalars(db.select(Task).where(Task.course_id == course.id))}
    seen_tasks: set[str] = set()
    for lesson_data in data["lessons"]:
        lesson = existing.pop(lesson_data["slug"], None)
        if lesson is None:
            lesson = Lesson(course_id=course.id, slug=lesson_data["slug"])
            db.session.add(lesson)
        _update_lesson(lesson, lesson_data)
        db.session.flush()
        report.new_versions += _sync_questions(lesson, (lesson_data["quiz"] or {}).get("questions", []))
        task_data = lesson_data["task"]
        if task_data is not None:
            seen_tasks.add(task_data["key"])
            task = tasks.get(task_data["key"])
            if task is None:
                task = Task(course_id=course.id, key=task_data["key"])
                db.session.add(task)
            task.lesson_id, task.title = lesson.id, task_data["title"]
            task.instructions, task.rubric, task.is_active = task_data["instructions"], task_data["rubric"], True
    for lesson in existing.values():  # left the files: hidden, but its records stay
        if lesson.is_active:
            lesson.is_active = False
            report.retired.append(lesson.slug)
    for key, task in tasks.items():
        if key not in seen_tasks:
            task.is_active = False
    db.session.flush()
    return report


def _update_lesson(lesson: Lesson, data: dict) -> None:
    lesson.position, lesson.title, lesson.minutes = data["position"], data["title"], data["minutes"]
    lesson.summary, lesson.body, lesson.is_active = data["summary"], data["body"], True
    quiz = data["quiz"]
    lesson.has_quiz = quiz is not None
    if quiz is not None:
        lesson.pass_mark, lesson.max_attempts, lesson.counts = quiz["pass_mark"], quiz["max_attempts"], quiz["counts"]
        lesson.feedback = quiz["feedback"]


def _as_stored(data: dict) -> str:
    return json.dumps(data, sort_keys=True, ensure_ascii=False, default=str)


def _sync_questions(lesson: Lesson, questions: list[dict]) -> int:
    """Match questions by id; add a version only where the content changed. Returns new versions."""
    existing = {q.key: q for q in db.session.scalars(db.select(Question).where(Question.lesson_id == lesson.id))}
    added = 0
    for position, data in enumerate(questions, start=1):
        question = existing.pop(data["id"], None)
        if question is None:
            question = Question(lesson_id=lesson.id, key=data["id"], position=position)
            db.session.add(question)
            db.session.flush()
        question.position, question.is_active = position, True
        latest = db.session.scalar(
            db.select(QuestionVersion)
            .where(QuestionVersion.question_id == question.id)
            .order_by(QuestionVersion.number.desc())
            .limit(1)
        )
        if latest is None or _as_stored(latest.data) != _as_stored(data):
            number = 1 if latest is None else latest.number + 1
            db.session.add(QuestionVersion(question_id=question.id, number=number, data=data))
            added += 1
    for question in existing.values():
        question.is_active = False
    db.session.flush()
    return added
