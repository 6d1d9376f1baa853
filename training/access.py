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
ROLES = (LEARNER, INSTRUCTOR, OFFICER, FACILITY_ADMIN, NATIONAL_ADMIN)
STAFF_ROLES = (INSTRUCTOR, OFFICER, FACILITY_ADMIN, NATIONAL_ADMIN)
# The staff roles a facility admin may create in their own facility.
FACILITY_STAFF_ROLES = (INSTRUCTOR, OFFICER)

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
