"""Helpers for certificate tests: bring a learner to (or just short of) a course's criteria."""
from __future__ import annotations

from training.clock import now_utc
from training.courses.models import Course, Lesson, LessonProgress, QuizAttempt, Task, TaskSubmission
from training.extensions import db


def lessons(course_id: int) -> list[Lesson]:
    """The course's active lessons in order."""
    return db.session.get(Course, course_id).lessons


def finish_lessons(learner_id: int, course_id: int, count: int | None = None) -> None:
    """Mark the first ``count`` lessons (all when None) done."""
    for lesson in lessons(course_id)[:count]:
        row = db.session.scalar(db.select(LessonProgress).where(
            LessonProgress.learner_id == learner_id, LessonProgress.lesson_id == lesson.id))
        if row is None:
            row = LessonProgress(learner_id=learner_id, lesson_id=lesson.id)
            db.session.add(row)
        row.status, row.completed_dt = "done", now_utc()
    db.session.flush()


def quiz_scores(learner_id: int, course_id: int, scores: list[float]) -> None:
    """Give the learner one finished attempt per quiz of the course, with these scores in order."""
    quizzes = [lesson for lesson in lessons(course_id) if lesson.has_quiz]
    for lesson, score in zip(quizzes, scores):
        number = 1 + (db.session.scalar(db.select(db.func.max(QuizAttempt.number)).where(
            QuizAttempt.learner_id == learner_id, QuizAttempt.lesson_id == lesson.id)) or 0)
        db.session.add(QuizAttempt(learner_id=learner_id, lesson_id=lesson.id, number=number,
                                   finished_dt=now_utc(), score=score, passed=score >= lesson.pass_mark))
    db.session.flush()


def meet_criteria(learner_id: int, course_id: int) -> None:
    """Every lesson done and every quiz at 100: the test course's criteria hold."""
    finish_lessons(learner_id, course_id)
    quiz_scores(learner_id, course_id, [100, 100, 100])


def graded_task(learner_id: int, course_id: int, score: float, max_score: float, status: str = "graded"):
    """A graded submission of the course's (last) task, as the grading service leaves it."""
    task = db.session.scalar(db.select(Task).where(Task.course_id == course_id))
    submission = TaskSubmission(learner_id=learner_id, task_id=task.id, text="HPP saya Rp5.000.", status=status,
                                score=score, max_score=max_score, graded_dt=now_utc())
    db.session.add(submission)
    db.session.flush()
    return task
