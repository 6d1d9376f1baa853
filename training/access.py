"""The one access policy: who may see or change what.

Every view asks this module. Every blueprint declares the roles it serves with
:func:`restrict_blueprint`, and a view that serves other roles (or anyone, :data:`ANYONE`) says so
with :func:`allow`: one way for public and role-only routes. Views that load a record call one of
the ``*_or_404`` helpers (record checks); lists select through the ``*_filter`` beside each check
(in ``access_filters``), so a list never shows a record its check would refuse. A request for a
record outside the user's reach answers 404, never 403, so ids cannot be probed.

Who sees whom:
- a learner sees only their own records;
- an instructor and a facility admin see the learners of their own facility;
- a parole officer sees only the learners on their caseload, in any facility;
- a national admin manages facilities, facility admins and settings, and reads the audit trail,
  but does not browse learners' records.
"""
from __future__ import annotations

from flask import abort, current_app, request
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from training.extensions import db, login_manager

LEARNER = "learner"
INSTRUCTOR = "instructor"
OFFICER = "officer"
FACILITY_ADMIN = "facility_admin"
NATIONAL_ADMIN = "national_admin"
ROLES = (LEARNER, INSTRUCTOR, OFFICER, FACILITY_ADMIN, NATIONAL_ADMIN)
# The staff roles a facility admin may create in their own facility.
FACILITY_STAFF_ROLES = (INSTRUCTOR, OFFICER)
# What a person reads for each role, everywhere a role is named.
ROLE_LABELS = {
    LEARNER: _l("Warga binaan"),
    INSTRUCTOR: _l("Pengajar"),
    OFFICER: _l("Pembimbing kemasyarakatan"),
    FACILITY_ADMIN: _l("Admin fasilitas"),
    NATIONAL_ADMIN: _l("Admin nasional"),
}
# Allowed without signing in (the sign-in page, certificate verification, the health check).
ANYONE = "anyone"


def role_choices(*roles: str) -> list[tuple[str, str]]:
    """(role, label) pairs for a select field offering ``roles``."""
    return [(role, ROLE_LABELS[role]) for role in roles]


def restrict_blueprint(blueprint, *roles: str) -> None:
    """Let only signed-in users with one of ``roles`` into the routes of ``blueprint``
    (``ANYONE``: no sign-in needed); a view marked with :func:`allow` serves its own roles instead.

    Anonymous users are sent to sign in; signed-in users with another role get 403, because the
    page exists but is not theirs.
    """

    @blueprint.before_request
    def _check_role():
        view = current_app.view_functions.get(request.endpoint) if request.endpoint else None
        allowed = getattr(view, "allowed_roles", roles)
        if ANYONE in allowed:
            return None
        if not current_user.is_authenticated:
            return login_manager.unauthorized()
        if current_user.role not in allowed:
            abort(403)
        return None

    blueprint.allowed_roles = roles


def allow(*roles: str):
    """Decorator: this view serves ``roles`` (or ``ANYONE``) rather than its blueprint's roles."""

    def decorate(view):
        view.allowed_roles = roles
        return view

    return decorate


# --- record checks -------------------------------------------------------------------------

def can_view_learner(actor, learner) -> bool:
    """May ``actor`` see ``learner``'s records?"""
    from training.accounts.models import Caseload

    if learner is None or learner.role != LEARNER:
        return False
    if actor.role == LEARNER:
        return actor.id == learner.id
    if actor.role in (INSTRUCTOR, FACILITY_ADMIN):
        return actor.facility_id is not None and actor.facility_id == learner.facility_id
    if actor.role == OFFICER:
        return db.session.get(Caseload, (actor.id, learner.id)) is not None
    return False


def can_manage_account(actor, user) -> bool:
    """May ``actor`` change ``user``'s account (reset password, unlock, deactivate, edit)?"""
    if user is None or actor.id == user.id:
        return False
    if actor.role == FACILITY_ADMIN:
        return (
            user.facility_id == actor.facility_id
            and user.role in (LEARNER,) + FACILITY_STAFF_ROLES
        )
    if actor.role == NATIONAL_ADMIN:
        return user.role in (FACILITY_ADMIN, OFFICER, NATIONAL_ADMIN)
    return False


def can_manage_class(actor, training_class) -> bool:
    """May ``actor`` change a class's members? Facility admins of the class's facility only."""
    return (
        training_class is not None
        and actor.role == FACILITY_ADMIN
        and training_class.facility_id == actor.facility_id
    )


def can_view_class(actor, training_class) -> bool:
    """May ``actor`` see a class? Its facility's admins and the instructors of that facility."""
    return (
        training_class is not None
        and actor.role in (FACILITY_ADMIN, INSTRUCTOR)
        and training_class.facility_id == actor.facility_id
    )


def _same_facility(column, actor):
    """``column`` holds the actor's facility (never true for an actor without one)."""
    return column == actor.facility_id if actor.facility_id is not None else db.false()


def _caseload_ids(actor):
    from training.accounts.models import Caseload

    return db.select(Caseload.learner_id).where(Caseload.officer_id == actor.id)


def learner_filter(actor):
    """The filter beside :func:`can_view_learner`: the ``User`` rows of learners ``actor`` may see."""
    from training.accounts.models import User

    if actor.role == LEARNER:
        return db.and_(User.role == LEARNER, User.id == actor.id)
    if actor.role in (INSTRUCTOR, FACILITY_ADMIN):
        return db.and_(User.role == LEARNER, _same_facility(User.facility_id, actor))
    if actor.role == OFFICER:  # the caseload
        return db.and_(User.role == LEARNER, User.id.in_(_caseload_ids(actor)))
    return db.false()


def account_filter(actor):
    """The filter beside :func:`can_manage_account`: the accounts ``actor`` may manage (admin lists)."""
    from training.accounts.models import User

    if actor.role == FACILITY_ADMIN:
        return db.and_(_same_facility(User.facility_id, actor), User.role.in_((LEARNER,) + FACILITY_STAFF_ROLES),
                       User.id != actor.id)
    if actor.role == NATIONAL_ADMIN:
        return db.and_(User.role.in_((FACILITY_ADMIN, OFFICER, NATIONAL_ADMIN)), User.id != actor.id)
    return db.false()


def class_filter(actor, *, manage: bool = False):
    """The filter beside :func:`can_view_class` (or :func:`can_manage_class`): the classes listed."""
    from training.accounts.models import TrainingClass

    roles = (FACILITY_ADMIN,) if manage else (FACILITY_ADMIN, INSTRUCTOR)
    return _same_facility(TrainingClass.facility_id, actor) if actor.role in roles else db.false()


def visible_learners_query(actor):
    """A select of the learners ``actor`` may see, for lists and search."""
    from training.accounts.models import User

    return db.select(User).where(learner_filter(actor))


def learner_or_404(learner_id: int):
    """Load a learner the current user may see, or answer 404."""
    from training.accounts.models import User

    learner = db.session.get(User, learner_id)
    if not can_view_learner(current_user, learner):
        abort(404)
    return learner


def managed_account_or_404(user_id: int):
    """Load an account the current user may manage, or answer 404."""
    from training.accounts.models import User

    user = db.session.get(User, user_id)
    if not can_manage_account(current_user, user):
        abort(404)
    return user


def class_or_404(class_id: int, *, manage: bool = False):
    """Load a class the current user may see (or manage), or answer 404."""
    from training.accounts.models import TrainingClass

    training_class = db.session.get(TrainingClass, class_id)
    check = can_manage_class if manage else can_view_class
    if not check(current_user, training_class):
        abort(404)
    return training_class


# --- courses -------------------------------------------------------------------------------

def can_view_course(actor, course) -> bool:
    """May ``actor`` open a course? Learners and staff of a facility that offers it; national admins any."""
    from training.courses.services import is_enabled

    if course is None:
        return False
    if actor.role == NATIONAL_ADMIN:
        return True
    if actor.role == LEARNER:  # an assigned course opens to its learners on its opening date
        from training.teaching.assignments import course_not_open_yet

        return is_enabled(course, actor.facility_id) and not course_not_open_yet(actor, course)
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
    from training.courses.models import QuizAttempt

    attempt = db.session.get(QuizAttempt, attempt_id)
    if attempt is None or current_user.role != LEARNER or attempt.learner_id != current_user.id:
        abort(404)
    if not can_view_course(current_user, attempt.lesson.course):
        abort(404)
    return attempt


# --- storefront ----------------------------------------------------------------------------

def owns(actor, record) -> bool:
    """Is ``record`` (a product, a practice season) ``actor``'s own? Only its learner sees it."""
    return record is not None and actor.role == LEARNER and record.learner_id == actor.id


def own_records_filter(model, actor):
    """The filter beside :func:`owns`: a learner's own rows of
    ``model`` (products, practice seasons); nobody else lists them."""
    return model.learner_id == actor.id if actor.role == LEARNER else db.false()


def product_or_404(product_id: int):
    """Load one of the current learner's own products, or answer 404."""
    from training.storefront.models import Product

    product = db.session.get(Product, product_id)
    if not owns(current_user, product):
        abort(404)
    return product


def season_or_404(season_id: int):
    """Load one of the current learner's own practice seasons, or answer 404."""
    from training.storefront.models import MarketSeason

    season = db.session.get(MarketSeason, season_id)
    if not owns(current_user, season):
        abort(404)
    return season


def can_view_class_market(actor, class_market) -> bool:
    """Instructors see their facility's class markets; learners those of their own classes."""
    from training.accounts.models import ClassLearner

    if class_market is None or actor.facility_id is None or class_market.facility_id != actor.facility_id:
        return False
    if actor.role == INSTRUCTOR:
        return True
    if actor.role == LEARNER:
        return db.session.get(ClassLearner, (class_market.class_id, actor.id)) is not None
    return False


def class_market_filter(actor):
    """The filter beside :func:`can_view_class_market`: the class markets ``actor`` lists."""
    from training.accounts.models import ClassLearner
    from training.storefront.models import ClassMarket

    in_facility = _same_facility(ClassMarket.facility_id, actor)
    if actor.role == INSTRUCTOR:
        return in_facility
    if actor.role == LEARNER:
        return db.and_(in_facility, ClassMarket.class_id.in_(
            db.select(ClassLearner.class_id).where(ClassLearner.user_id == actor.id)))
    return db.false()


def class_market_or_404(market_id: int, *, lock: bool = False):
    """Load a class market the current user may see, or answer 404. ``lock`` takes a row lock
    (PostgreSQL) so that concurrent submissions run a round only once."""
    from training.storefront.models import ClassMarket

    if lock:
        class_market = db.session.scalar(
            db.select(ClassMarket).where(ClassMarket.id == market_id).with_for_update()
        )
    else:
        class_market = db.session.get(ClassMarket, market_id)
    if not can_view_class_market(current_user, class_market):
        abort(404)
    return class_market


# --- certificates --------------------------------------------------------------------------

def can_view_certificate(actor, certificate) -> bool:
    """May ``actor`` see a certificate record?

    Its learner; the instructors and facility admins of the facility where it was earned; the
    officer whose caseload holds the learner. National admins do not browse learners' records.
    """
    if certificate is None:
        return False
    if actor.role == LEARNER:
        return certificate.learner_id == actor.id
    if actor.role in (INSTRUCTOR, FACILITY_ADMIN):
        return actor.facility_id is not None and certificate.facility_id == actor.facility_id
    if actor.role == OFFICER:
        return can_view_learner(actor, certificate.learner)
    return False


def certificate_filter(actor):
    """The filter beside :func:`can_view_certificate`: the certificates ``actor`` lists."""
    from training.certificates.models import Certificate

    if actor.role == LEARNER:
        return Certificate.learner_id == actor.id
    if actor.role in (INSTRUCTOR, FACILITY_ADMIN):
        return _same_facility(Certificate.facility_id, actor)
    if actor.role == OFFICER:
        return Certificate.learner_id.in_(_caseload_ids(actor))
    return db.false()


def can_revoke_certificate(actor, certificate) -> bool:
    """Only a facility admin of the facility where it was earned may revoke a certificate."""
    return actor.role == FACILITY_ADMIN and can_view_certificate(actor, certificate)


def certificate_or_404(certificate_id: int):
    """Load a certificate the current user may see, or answer 404."""
    from training.certificates.models import Certificate

    certificate = db.session.get(Certificate, certificate_id)
    if not can_view_certificate(current_user, certificate):
        abort(404)
    return certificate


# --- instructor workspace ------------------------------------------------------------------

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
    """May ``actor`` see and change an assignment? The instructors of its facility."""
    return assignment is not None and _in_instructor_facility(actor, assignment.facility_id)


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
