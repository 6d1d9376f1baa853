"""The instructor's workspace: helping learners, assignments, attendance and grading."""
from __future__ import annotations

from flask import abort
from flask_login import current_user

from training.access.core import INSTRUCTOR, LEARNER, _same_facility, can_view_class
from training.extensions import db


def can_help_learner(actor, user) -> bool:
    """May ``actor`` reset the password of, or unlock, ``user``? Instructors: their facility's learners."""
    return (
        user is not None
        and actor.role == INSTRUCTOR
        and user.role == LEARNER
        and actor.facility_id is not None
        and user.facility_id == actor.facility_id
    )


def helped_learner_or_404(user_id: int):
    """Load a learner the current instructor may help with their account, or answer 404."""
    from training.accounts.models import User

    user = db.session.get(User, user_id)
    if not can_help_learner(current_user, user):
        abort(404)
    return user


def _in_instructor_facility(actor, facility_id) -> bool:
    return actor.role == INSTRUCTOR and facility_id is not None and facility_id == actor.facility_id


def can_view_assignment(actor, assignment) -> bool:
    """May ``actor`` see and change an assignment? The instructors of its facility; for an
    assignment given to one learner, only while that learner is still in the facility (a learner
    transferred away is no longer theirs)."""
    if assignment is None or not _in_instructor_facility(actor, assignment.facility_id):
        return False
    return assignment.learner_id is None or _in_instructor_facility(actor, assignment.learner.facility_id)


def can_grade_submission(actor, submission) -> bool:
    """May ``actor`` grade a task submission? The instructors of its learner's facility."""
    from training.accounts.models import User

    learner = db.session.get(User, submission.learner_id) if submission is not None else None
    return learner is not None and _in_instructor_facility(actor, learner.facility_id)


def assignment_filter(actor):
    """The filter beside :func:`can_view_assignment`: the assignments an instructor lists."""
    from training.teaching.models import Assignment

    return _same_facility(Assignment.facility_id, actor) if actor.role == INSTRUCTOR else db.false()


def submission_filter(actor):
    """The filter beside :func:`can_grade_submission`: task submissions of the instructor's facility."""
    from training.accounts.models import User
    from training.courses.models import TaskSubmission

    if actor.role != INSTRUCTOR:
        return db.false()
    return TaskSubmission.learner_id.in_(db.select(User.id).where(_same_facility(User.facility_id, actor)))


def assignment_or_404(assignment_id: int):
    """Load an assignment of the current instructor's facility, or answer 404."""
    from training.teaching.models import Assignment

    assignment = db.session.get(Assignment, assignment_id)
    if not can_view_assignment(current_user, assignment):
        abort(404)
    return assignment


def attendance_session_or_404(session_id: int):
    """Load an attendance session of a class in the current instructor's facility, or answer 404."""
    from training.teaching.models import AttendanceSession

    session = db.session.get(AttendanceSession, session_id)
    if session is None or not can_view_class(current_user, session.training_class) or current_user.role != INSTRUCTOR:
        abort(404)
    return session


def submission_or_404(submission_id: int):
    """Load a task submission of a learner in the current instructor's facility, or answer 404."""
    from training.courses.models import TaskSubmission

    submission = db.session.get(TaskSubmission, submission_id)
    if not can_grade_submission(current_user, submission):
        abort(404)
    return submission


def essay_answer_or_404(answer_id: int):
    """Load an essay answer (of a finished attempt) by a learner of the instructor's facility, or 404."""
    from training.accounts.models import User
    from training.courses.models import AttemptAnswer, QuizAttempt

    answer = db.session.get(AttemptAnswer, answer_id)
    attempt = db.session.get(QuizAttempt, answer.attempt_id) if answer is not None else None
    learner = db.session.get(User, attempt.learner_id) if attempt is not None else None
    if (answer is None or attempt is None or learner is None
            or not _in_instructor_facility(current_user, learner.facility_id)
            or answer.version.data.get("type") != "essay" or not attempt.is_finished):
        abort(404)
    return answer
