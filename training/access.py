"""The one access policy: who may see or change what.

Every view asks this module. Blueprints declare the roles they serve with :func:`restrict_blueprint`
(role checks); views that load a record call one of the ``*_or_404`` helpers (record checks). A
request for a record outside the user's reach answers 404, never 403, so ids cannot be probed.

Who sees whom:
- a learner sees only their own records;
- an instructor and a facility admin see the learners of their own facility;
- a parole officer sees only the learners on their caseload, in any facility;
- a national admin manages facilities, facility admins and settings, and reads the audit trail,
  but does not browse learners' records.
"""
from __future__ import annotations

from functools import wraps

from flask import abort, request
from flask_login import current_user

from training.extensions import db, login_manager

LEARNER = "learner"
INSTRUCTOR = "instructor"
OFFICER = "officer"
FACILITY_ADMIN = "facility_admin"
NATIONAL_ADMIN = "national_admin"
# Showroom staff (petugas etalase): sell at their facility's showroom, or, at a facility of kind
# "pusat" (the national UMKM centre), for every facility.
ETALASE = "etalase"
ROLES = (LEARNER, INSTRUCTOR, OFFICER, FACILITY_ADMIN, NATIONAL_ADMIN, ETALASE)
STAFF_ROLES = (INSTRUCTOR, OFFICER, FACILITY_ADMIN, NATIONAL_ADMIN, ETALASE)
# The staff roles a facility admin may create in their own facility.
FACILITY_STAFF_ROLES = (INSTRUCTOR, OFFICER, ETALASE)

def public(view):
    """Mark a view as reachable without signing in (its endpoint is added at registration)."""
    view._public = True
    return view


def restrict_blueprint(blueprint, *roles: str) -> None:
    """Let only signed-in users with one of ``roles`` into any route of ``blueprint``.

    Anonymous users are sent to sign in; signed-in users with another role get 403, because the
    page exists but is not theirs. Views marked :func:`public` are let through.
    """

    @blueprint.before_request
    def _check_role():
        view = blueprint_view(request.endpoint)
        if view is not None and getattr(view, "_public", False):
            return None
        if not current_user.is_authenticated:
            return login_manager.unauthorized()
        if current_user.role not in roles:
            abort(403)
        return None

    blueprint.allowed_roles = roles


def blueprint_view(endpoint: str | None):
    """The view function behind an endpoint of the current app, if any."""
    from flask import current_app

    return current_app.view_functions.get(endpoint) if endpoint else None


def roles_required(*roles: str):
    """Decorator for a single view that serves only ``roles`` (inside a broader blueprint)."""

    def decorate(view):
        @wraps(view)
        def wrapper(*args, **kwargs):
            if not current_user.is_authenticated:
                return login_manager.unauthorized()
            if current_user.role not in roles:
                abort(403)
            return view(*args, **kwargs)

        wrapper.allowed_roles = roles
        return wrapper

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


def visible_learners_query(actor):
    """A select of the learners ``actor`` may see, for lists and search."""
    from training.accounts.models import Caseload, User

    query = db.select(User).where(User.role == LEARNER)
    if actor.role == LEARNER:
        return query.where(User.id == actor.id)
    if actor.role in (INSTRUCTOR, FACILITY_ADMIN):
        return query.where(User.facility_id == actor.facility_id)
    if actor.role == OFFICER:
        return query.join(Caseload, Caseload.learner_id == User.id).where(Caseload.officer_id == actor.id)
    return query.where(db.false())


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

def _owned_by_current_learner(record) -> bool:
    return (
        record is not None
        and current_user.role == LEARNER
        and record.learner_id == current_user.id
    )


def product_or_404(product_id: int):
    """Load one of the current learner's own products, or answer 404."""
    from training.storefront.models import Product

    product = db.session.get(Product, product_id)
    if not _owned_by_current_learner(product):
        abort(404)
    return product


def season_or_404(season_id: int):
    """Load one of the current learner's own practice seasons, or answer 404."""
    from training.storefront.models import MarketSeason

    season = db.session.get(MarketSeason, season_id)
    if not _owned_by_current_learner(season):
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


def _in_instructor_facility(facility_id) -> bool:
    return current_user.role == INSTRUCTOR and facility_id is not None and facility_id == current_user.facility_id


def assignment_or_404(assignment_id: int):
    """Load an assignment of the current instructor's facility, or answer 404."""
    from training.teaching.models import Assignment

    assignment = db.session.get(Assignment, assignment_id)
    if assignment is None or not _in_instructor_facility(assignment.facility_id):
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
    from training.accounts.models import User
    from training.courses.models import TaskSubmission

    submission = db.session.get(TaskSubmission, submission_id)
    learner = db.session.get(User, submission.learner_id) if submission is not None else None
    if learner is None or not _in_instructor_facility(learner.facility_id):
        abort(404)
    return submission


def essay_answer_or_404(answer_id: int):
    """Load an essay answer (of a finished attempt) by a learner of the instructor's facility, or 404."""
    from training.accounts.models import User
    from training.courses.models import AttemptAnswer, QuizAttempt

    answer = db.session.get(AttemptAnswer, answer_id)
    attempt = db.session.get(QuizAttempt, answer.attempt_id) if answer is not None else None
    learner = db.session.get(User, attempt.learner_id) if attempt is not None else None
    if (learner is None or not _in_instructor_facility(learner.facility_id)
            or answer.version.data.get("type") != "essay" or not attempt.is_finished):
        abort(404)
    return answer


# --- showroom ------------------------------------------------------------------------------

def sells_for_every_facility(actor) -> bool:
    """Showroom staff of the national centre (a facility of kind "pusat") sell for every facility."""
    return actor.role == ETALASE and actor.facility is not None and actor.facility.kind == "pusat"


def can_manage_catalogue_product(actor, product) -> bool:
    """May ``actor`` sell, restock or edit a catalogue product? Showroom staff of its facility, or
    of the national centre."""
    if product is None or actor.role != ETALASE or actor.facility_id is None:
        return False
    return sells_for_every_facility(actor) or product.facility_id == actor.facility_id


def catalogue_products_filter(actor):
    """A where-clause for the catalogue products ``actor`` may sell (the list beside the check)."""
    from training.showroom.models import CatalogueProduct

    if actor.role != ETALASE or actor.facility_id is None:
        return db.false()
    if sells_for_every_facility(actor):
        return db.true()
    return CatalogueProduct.facility_id == actor.facility_id


def catalogue_product_or_404(product_id: int):
    """Load a catalogue product the current showroom staff may manage, or answer 404."""
    from training.showroom.models import CatalogueProduct

    product = db.session.get(CatalogueProduct, product_id)
    if not can_manage_catalogue_product(current_user, product):
        abort(404)
    return product


def sale_or_404(sale_id: int):
    """Load a sale made at the current showroom staff's own showroom, or answer 404."""
    from training.showroom.models import Sale

    sale = db.session.get(Sale, sale_id)
    if sale is None or current_user.role != ETALASE or sale.facility_id != current_user.facility_id:
        abort(404)
    return sale


def can_view_showroom_report(actor, facility) -> bool:
    """May ``actor`` read a facility's monthly PNBP and premi report? Its facility admin and its
    showroom staff; staff of the national centre for every facility."""
    if facility is None:
        return False
    if actor.role == FACILITY_ADMIN:
        return actor.facility_id == facility.id
    if actor.role == ETALASE:
        return sells_for_every_facility(actor) or actor.facility_id == facility.id
    return False


def can_download_portfolio(actor, learner) -> bool:
    """Who may print a learner's "Portofolio Usaha": the learner, their officer, their facility's
    staff (admins and instructors), the same people who may see the learner's records."""
    return can_view_learner(actor, learner)
