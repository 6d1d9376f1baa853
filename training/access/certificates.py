"""Who sees, downloads and revokes a certificate, and the list filter beside it."""
from __future__ import annotations

from flask import abort
from flask_login import current_user

from training.access.core import FACILITY_ADMIN, INSTRUCTOR, LEARNER, OFFICER, _caseload_ids, _same_facility, can_view_learner
from training.extensions import db


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
