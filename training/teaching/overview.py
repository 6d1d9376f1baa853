"""A class at a glance: who hasn't started, who is stuck, who is ready for a certificate, and
what happened lately. Reads only; changes nothing.

"Stuck" means three or more failed attempts at a lesson's quiz that is still not passed.
"Ready" uses the certificate criteria (``training.certificates.criteria.evaluate``) when that
module is installed, else it means every lesson of the course is done.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.orm import selectinload

from training.accounts.models import TrainingClass, User
from training.teaching.attendance import class_learners
from training.teaching.gradebook import class_courses
from training.courses.models import Course, Lesson, LessonProgress, QuizAttempt, TaskSubmission
from training.certificates.criteria import evaluate_many
from training.extensions import db, one_of

STUCK_FAILED_ATTEMPTS = 3


@dataclass
class Stuck:
    """A learner who failed a quiz several times and has not passed it yet."""

    learner: User
    lesson: Lesson
    failed: int


@dataclass
class Activity:
    """One recent thing a learner did."""

    at_dt: datetime
    learner: User
    what: str  # lesson, attempt or task
    title: str
    score: float | None = None
    passed: bool | None = None


@dataclass
class Overview:
    """Everything the overview page shows."""

    learners: list[User]
    courses: list[Course]
    not_started: list[User]
    stuck: list[Stuck]
    ready: list[tuple[User, Course]]
    activity: list[Activity]


def build(training_class: TrainingClass, activity_limit: int = 15) -> Overview:
    """The overview of a class over the courses it works on."""
    learners = class_learners(training_class)
    courses = class_courses(training_class)
    ids = [u.id for u in learners]
    by_id = {u.id: u for u in learners}
    lesson_ids = [lesson.id for course in courses for lesson in course.lessons]

    started = set()
    if ids and lesson_ids:
        started = set(db.session.scalars(db.select(LessonProgress.learner_id).where(
            one_of(LessonProgress.learner_id, ids), one_of(LessonProgress.lesson_id, lesson_ids)).distinct()))
    not_started = [u for u in learners if u.id not in started]

    stuck = []
    if ids:
        failed = db.session.execute(
            db.select(QuizAttempt.learner_id, QuizAttempt.lesson_id, db.func.count())
            .where(one_of(QuizAttempt.learner_id, ids), QuizAttempt.passed.is_(False))
            .group_by(QuizAttempt.learner_id, QuizAttempt.lesson_id)
            .having(db.func.count() >= STUCK_FAILED_ATTEMPTS)
        ).all()
        passed = set(db.session.execute(
            db.select(QuizAttempt.learner_id, QuizAttempt.lesson_id).where(
                one_of(QuizAttempt.learner_id, ids), QuizAttempt.passed.is_(True)).distinct()
        )) if failed else set()
        for learner_id, lesson_id, n in failed:
            if (learner_id, lesson_id) not in passed:
                stuck.append(Stuck(by_id[learner_id], db.session.get(Lesson, lesson_id), n))
    stuck.sort(key=lambda s: (-s.failed, s.learner.full_name))

    begun = [u for u in learners if u.id in started]
    evaluations = evaluate_many(begun, courses)
    ready = [(u, c) for c in courses for u in begun if evaluations[u.id, c.id].all_met]
    return Overview(learners, courses, not_started, stuck, ready, _activity(ids, by_id, activity_limit))


def _activity(ids: list[int], by_id: dict[int, User], limit: int) -> list[Activity]:
    if not ids:
        return []
    items = []
    for row in db.session.scalars(db.select(LessonProgress).options(selectinload(LessonProgress.lesson))
                                  .where(one_of(LessonProgress.learner_id, ids))
                                  .order_by(LessonProgress.last_seen_dt.desc()).limit(limit)):
        items.append(Activity(row.last_seen_dt, by_id[row.learner_id], "lesson", row.lesson.title))
    for row in db.session.scalars(db.select(QuizAttempt).options(selectinload(QuizAttempt.lesson)).where(
            one_of(QuizAttempt.learner_id, ids), QuizAttempt.finished_dt.is_not(None))
            .order_by(QuizAttempt.finished_dt.desc()).limit(limit)):
        items.append(Activity(row.finished_dt, by_id[row.learner_id], "attempt", row.lesson.title, row.score, row.passed))
    for row in db.session.scalars(db.select(TaskSubmission).options(selectinload(TaskSubmission.task))
                                  .where(one_of(TaskSubmission.learner_id, ids))
                                  .order_by(TaskSubmission.updated_dt.desc()).limit(limit)):
        items.append(Activity(row.updated_dt, by_id[row.learner_id], "task", row.task.title))
    items.sort(key=lambda a: a.at_dt, reverse=True)
    return items[:limit]
