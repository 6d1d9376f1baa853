"""Who may open a course, a lesson and a quiz attempt."""
from __future__ import annotations

from flask import abort
from flask_login import current_user

from training.access.core import FACILITY_ADMIN, INSTRUCTOR, LEARNER, NATIONAL_ADMIN
from training.extensions import db


def can_view_course(actor, course) -> bool:
    """May ``actor`` open a course? Learners and staff of a facility that offers it; national admins any."""
    from training.courses.services import is_enabled

    if course is None:
        return False
    if actor.role == NATIONAL_ADMIN:
        return True
    if actor.role == LEARNER:  # an assigned course opens to its learners on its opening date
        from training.teaching.assignments import course_open_to

        return course_open_to(actor, course)
    if actor.role in (INSTRUCTOR, FACILITY_ADMIN):
        return is_enabled(course, actor.facility_id)
    return False


def course_or_404(slug: str):
    """Load a course the current user's facility offers, or answer 404."""
    from training.courses.models import Course

    course = db.session.scalar(db.select(Course).where(Course.slug == slug))
    if not can_view_course(current_user, course):
        abort(404)
    return course


def lesson_or_404(course, lesson_slug: str):
    """Load an active lesson of a course already checked with :func:`course_or_404`."""
    from training.courses.models import Lesson

    lesson = db.session.scalar(
        db.select(Lesson).where(Lesson.course_id == course.id, Lesson.slug == lesson_slug, Lesson.is_active.is_(True))
    )
    if lesson is None:
        abort(404)
    return lesson


def attempt_or_404(attempt_id: int):
    """Load one of the current learner's own quiz attempts, or answer 404."""
    from training.courses.quiz import load_attempt

    attempt = load_attempt(attempt_id)
    if attempt is None or current_user.role != LEARNER or attempt.learner_id != current_user.id:
        abort(404)
    if not can_view_course(current_user, attempt.lesson.course):
        abort(404)
    return attempt
