"""Issuing, approving and revoking certificates, and the public verification check.

Functions take objects and validated data, change the session and flush; the caller commits.
Every certificate action goes into the audit trail.
"""
from __future__ import annotations

import json
import re

from flask import current_app
from sqlalchemy.exc import IntegrityError

from training import audit
from training.accounts.models import ClassLearner, User
from training.certificates import codes
from training.certificates.criteria import Evaluation, evaluate
from training.certificates.models import (
    ISSUED,
    PENDING,
    REJECTED,
    REVOKED,
    Certificate,
    CertificateSettings,
)
from training.clock import now_utc
from training.extensions import db, gettext as _, one_of

MIN_REASON_LENGTH = 10
# Words the issuer name may never contain: a certificate never says where it was earned.
PLACE_WORDS = re.compile(
    r"\b(prison|penjara|lapas|rutan|lpka|inmate|narapidana|napi|warga binaan|pemasyarakatan|tahanan)\b",
    re.IGNORECASE,
)


class CertificateError(ValueError):
    """A certificate action that can't be carried out; the message is for the user."""


# --- settings ------------------------------------------------------------------------------

def signatories() -> list[list[str]]:
    """The configured (name, title) pairs; a JSON string is accepted from the environment."""
    value = current_app.config["CERTIFICATE_SIGNATORIES"]
    if isinstance(value, str):
        value = json.loads(value) if value.strip() else []
    return [[str(name), str(title)] for name, title in value]


def issuer_problems(name: str) -> list[str]:
    """Why a configured issuer name can't be printed (empty when it can)."""
    problems = []
    if not (name or "").strip():
        problems.append(_("Nama penerbit sertifikat (CERTIFICATE_ISSUER_NAME) kosong."))
    found = PLACE_WORDS.search(name or "")
    if found:
        problems.append(_("Nama penerbit tidak boleh menyebut '%(word)s'.", word=found.group(0)))
    return problems


def issuer_name() -> str:
    """The configured issuer name, refused when it would reveal where a certificate was earned."""
    name = current_app.config["CERTIFICATE_ISSUER_NAME"]
    problems = issuer_problems(name)
    if problems:
        raise CertificateError(" ".join(problems))
    return name.strip()


def needs_approval(facility_id: int | None) -> bool:
    """Does the facility want an approval before a certificate is issued?

    Automatic certificates then wait for an instructor; one asked for by hand waits for a second
    person (the one who asked can't approve it).
    """
    if facility_id is None:
        return False
    row = db.session.get(CertificateSettings, facility_id)
    return bool(row and row.certificate_needs_approval)


def set_needs_approval(facility, value: bool, actor) -> None:
    """Change a facility's approval setting (audited when it changes)."""
    row = db.session.get(CertificateSettings, facility.id)
    if row is None:
        row = CertificateSettings(facility_id=facility.id, certificate_needs_approval=False)
        db.session.add(row)
    if row.certificate_needs_approval != value:
        row.certificate_needs_approval = value
        row.updated_by_id = actor.id
        audit.record("certificate.settings", actor=actor, facility_id=facility.id, needs_approval=value)
    db.session.flush()


# --- queries -------------------------------------------------------------------------------

def live_certificate(learner, course) -> Certificate | None:
    """The learner's issued or pending certificate for a course, if any."""
    return db.session.scalar(
        db.select(Certificate).where(Certificate.active_key == _active_key(learner.id, course.id))
    )


def live_certificates(learner_ids) -> dict[tuple[int, int], Certificate]:
    """The issued or pending certificates of these learners, by (learner id, course id), in one query."""
    if not learner_ids:
        return {}
    return {(c.learner_id, c.course_id): c for c in db.session.scalars(
        db.select(Certificate).where(one_of(Certificate.learner_id, learner_ids), Certificate.active_key.is_not(None)))}


def learner_certificates(learner) -> list[Certificate]:
    """All of a learner's certificates, revoked ones included, newest first."""
    return db.session.scalars(
        db.select(Certificate).where(Certificate.learner_id == learner.id).order_by(Certificate.created_dt.desc())
    ).all()


def certificates_of_learners_query(learner_ids):
    """A select of certificates of the given learners (for the officers' readiness view); a rejected
    request never was a certificate and is left out."""
    return (
        db.select(Certificate)
        .where(one_of(Certificate.learner_id, learner_ids), Certificate.status != REJECTED)
        .order_by(Certificate.learner_id, Certificate.created_dt.desc())
    )


def class_certificates(training_class, *, status: str | None = ISSUED) -> list[Certificate]:
    """Certificates of a class's learners earned in the class's facility, by name then course."""
    query = (
        db.select(Certificate)
        .join(ClassLearner, ClassLearner.user_id == Certificate.learner_id)
        .where(ClassLearner.class_id == training_class.id, Certificate.facility_id == training_class.facility_id)
        .order_by(Certificate.learner_name, Certificate.course_title)
    )
    if status is not None:
        query = query.where(Certificate.status == status)
    return db.session.scalars(query).all()


def pending_certificates(facility_id: int) -> list[Certificate]:
    """Certificates of a facility waiting for an instructor's approval, oldest first."""
    return db.session.scalars(
        db.select(Certificate)
        .where(Certificate.facility_id == facility_id, Certificate.status == PENDING)
        .order_by(Certificate.created_dt)
    ).all()


# --- issuing -------------------------------------------------------------------------------

def _active_key(learner_id: int, course_id: int) -> str:
    return f"{learner_id}:{course_id}"


def _snapshot(certificate: Certificate, learner, course) -> None:
    """Freeze what the certificate will print."""
    certificate.learner_name = learner.full_name
    certificate.course_title = course.title
    certificate.hours = course.estimated_hours or 0
    certificate.outcomes = list(course.outcomes or [])
    certificate.issuer_name = issuer_name()
    certificate.signatories = signatories()


def _create(learner, course, *, status: str, evaluation: Evaluation, issued_by=None, reason=None,
            requested_by=None) -> Certificate:
    """Add a live certificate; a unique code is drawn again in the (astronomically rare) clash."""
    at_dt = now_utc()
    for _attempt in range(5):
        certificate = Certificate(
            learner_id=learner.id,
            course_id=course.id,
            facility_id=learner.facility_id,
            code=codes.new_code(),
            status=status,
            active_key=_active_key(learner.id, course.id),
            created_dt=at_dt,
            issued_dt=at_dt if status == ISSUED else None,
            issued_by_id=issued_by.id if issued_by is not None else None,
            requested_by_id=requested_by.id if requested_by is not None else None,
            reason=reason,
            criteria_waived=requested_by is not None and not evaluation.all_met,
            criteria_report=[item.to_dict() for item in evaluation.items],
        )
        _snapshot(certificate, learner, course)
        try:
            with db.session.begin_nested():
                db.session.add(certificate)
                db.session.flush()
        except IntegrityError:
            if live_certificate(learner, course) is not None:  # someone else issued it just now
                raise CertificateError(_("Warga binaan ini sudah punya sertifikat untuk kursus ini.")) from None
            continue
        return certificate
    raise CertificateError(_("Kode sertifikat tidak bisa dibuat. Coba lagi."))


def check_and_issue(learner, course, *, milestones: set[str] | None = None) -> Certificate | None:
    """Issue (or put up for approval) a learner's certificate when the course's criteria hold.

    The progress listeners call it after anything that can complete a criterion (a lesson done,
    a quiz finished, a task graded, shop progress); the learner's certificates page calls it too. Returns the
    live certificate, if there is one now.
    """
    existing = live_certificate(learner, course)
    if existing is not None:
        return existing
    evaluation = evaluate(learner, course, milestones=milestones)
    if not evaluation.all_met:
        return None
    status = PENDING if needs_approval(learner.facility_id) else ISSUED
    try:
        certificate = _create(learner, course, status=status, evaluation=evaluation)
    except CertificateError:
        return live_certificate(learner, course)
    action = "certificate.issued" if status == ISSUED else "certificate.requested"
    audit.record(action, certificate, automatic=True, learner_id=learner.id, course=course.slug,
                 code=certificate.display_code)
    return certificate


def issue_manually(learner, course, actor, reason: str) -> Certificate:
    """An instructor issues a certificate with a written reason, whatever the criteria say.

    When not every criterion holds, the certificate is marked ``criteria_waived``: its PDF and the
    public page then say it was given by an instructor. Where the facility wants approval, it
    waits for a second person. A pending certificate is approved with the reason (unless this
    instructor asked for it); an issued one can't be issued twice.
    """
    reason = (reason or "").strip()
    if len(reason) < MIN_REASON_LENGTH:
        raise CertificateError(_("Tulis alasannya, paling sedikit %(n)d huruf.", n=MIN_REASON_LENGTH))
    existing = live_certificate(learner, course)
    if existing is not None and existing.status == ISSUED:
        raise CertificateError(_("Warga binaan ini sudah punya sertifikat untuk kursus ini."))
    if existing is not None:
        _check_second_person(existing, actor)
        existing.reason = reason
        return approve(existing, actor)
    evaluation = evaluate(learner, course)
    if needs_approval(learner.facility_id):
        certificate = _create(learner, course, status=PENDING, evaluation=evaluation, reason=reason,
                              requested_by=actor)
        action = "certificate.requested"
    else:
        certificate = _create(learner, course, status=ISSUED, evaluation=evaluation, issued_by=actor, reason=reason,
                              requested_by=actor)
        action = "certificate.issued"
    audit.record(action, certificate, actor=actor, automatic=False, reason=reason, learner_id=learner.id,
                 course=course.slug, code=certificate.display_code, criteria_met=evaluation.all_met)
    return certificate


def _check_second_person(certificate: Certificate, actor) -> None:
    """The one who asked for a certificate by hand can't approve it too."""
    if certificate.requested_by_id is not None and certificate.requested_by_id == actor.id:
        raise CertificateError(_("Anda sendiri yang mengajukan sertifikat ini. Pengajar lain harus menyetujuinya."))


def approve(certificate: Certificate, actor) -> Certificate:
    """An instructor approves a pending certificate; it is issued now, in their name.

    A certificate asked for by hand needs someone other than the one who asked.
    """
    if certificate.status != PENDING:
        raise CertificateError(_("Sertifikat ini tidak menunggu persetujuan."))
    _check_second_person(certificate, actor)
    certificate.status = ISSUED
    certificate.issued_dt = now_utc()
    certificate.issued_by_id = actor.id
    _snapshot(certificate, db.session.get(User, certificate.learner_id), certificate.course)
    audit.record("certificate.approved", certificate, actor=actor, code=certificate.display_code,
                 reason=certificate.reason, requested_by_id=certificate.requested_by_id)
    db.session.flush()
    return certificate


def reject(certificate: Certificate, actor, reason: str) -> Certificate:
    """Turn down a pending certificate with a reason (audited). The record stays; the learner can
    earn or be given one again later, since a rejected one no longer holds the live place."""
    reason = (reason or "").strip()
    if len(reason) < MIN_REASON_LENGTH:
        raise CertificateError(_("Tulis alasannya, paling sedikit %(n)d huruf.", n=MIN_REASON_LENGTH))
    if certificate.status != PENDING:
        raise CertificateError(_("Sertifikat ini tidak menunggu persetujuan."))
    certificate.status = REJECTED
    certificate.active_key = None
    certificate.rejected_dt = now_utc()
    certificate.rejected_by_id = actor.id
    certificate.reject_reason = reason
    audit.record("certificate.rejected", certificate, actor=actor, reason=reason, code=certificate.display_code,
                 requested_by_id=certificate.requested_by_id)
    db.session.flush()
    return certificate


def revoke(certificate: Certificate, actor, reason: str) -> Certificate:
    """Revoke with a reason. The record stays; the verification page says it was revoked."""
    reason = (reason or "").strip()
    if len(reason) < MIN_REASON_LENGTH:
        raise CertificateError(_("Tulis alasannya, paling sedikit %(n)d huruf.", n=MIN_REASON_LENGTH))
    if certificate.status == REVOKED:
        raise CertificateError(_("Sertifikat ini sudah dicabut."))
    if certificate.status == REJECTED:
        raise CertificateError(_("Sertifikat ini tidak disetujui, jadi tidak pernah terbit."))
    certificate.status = REVOKED
    certificate.active_key = None
    certificate.revoked_dt = now_utc()
    certificate.revoked_by_id = actor.id
    certificate.revoke_reason = reason
    audit.record("certificate.revoked", certificate, actor=actor, reason=reason, code=certificate.display_code)
    db.session.flush()
    return certificate


def record_download(certificates: list[Certificate], actor, *, training_class=None) -> None:
    """Audit a download or print of one certificate or a class's certificates."""
    if training_class is not None:
        audit.record("certificate.class_printed", training_class, actor=actor, count=len(certificates),
                     certificate_ids=[c.id for c in certificates])
    for certificate in certificates if training_class is None else ():
        audit.record("certificate.downloaded", certificate, actor=actor, code=certificate.display_code)



def check_after_progress(learner, course=None) -> list[Certificate]:
    """After a learner's progress changed, issue whatever is now earned.

    Run by :mod:`training.certificates.listeners` when a progress signal arrives (and by the
    learner's "check again" button), so a certificate appears the moment its last criterion
    holds. ``course`` limits the check to one course;
    without it every course the learner can see is checked (a shop milestone can complete any).
    """
    from training.courses.services import visible_courses

    courses = [course] if course is not None else visible_courses(learner)
    issued = []
    for each in courses:
        if each is not None and each.certificate_criteria:
            certificate = check_and_issue(learner, each)
            if certificate is not None:
                issued.append(certificate)
    return issued
