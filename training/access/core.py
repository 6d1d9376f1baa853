"""Roles, how a route declares who it serves, and who sees which learner, account and class."""
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
# Showroom staff (petugas etalase): sell at their facility's showroom, or, at a facility of kind
# "pusat" (the national UMKM centre), for every facility.
ETALASE = "etalase"
ROLES = (LEARNER, INSTRUCTOR, OFFICER, FACILITY_ADMIN, NATIONAL_ADMIN, ETALASE)
# The staff roles a facility admin may create in their own facility.
FACILITY_STAFF_ROLES = (INSTRUCTOR, OFFICER, ETALASE)
# What a person reads for each role, everywhere a role is named.
ROLE_LABELS = {
    LEARNER: _l("Warga binaan"),
    INSTRUCTOR: _l("Pengajar"),
    OFFICER: _l("Pembimbing kemasyarakatan"),
    FACILITY_ADMIN: _l("Admin fasilitas"),
    NATIONAL_ADMIN: _l("Admin nasional"),
    ETALASE: _l("Petugas etalase"),
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
