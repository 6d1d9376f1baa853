"""Tables of certificates: the certificates themselves, per-facility settings and the counters of
the public verification page.

A certificate keeps a snapshot of everything printed on it (name, course, hours, outcomes,
issuer, signatories), so it stays what it was when a course or a name changes later. Revoking
keeps the row; only its status changes.
"""
from __future__ import annotations

from training.certificates.codes import display
from training.clock import now_utc
from training.extensions import db

ISSUED = "issued"
PENDING = "pending_approval"
REVOKED = "revoked"
REJECTED = "rejected"  # a pending certificate turned down, with a reason
STATUSES = (ISSUED, PENDING, REVOKED, REJECTED)


class Certificate(db.Model):
    """A learner's certificate for one course: issued, waiting for approval, rejected or revoked."""

    __tablename__ = "certificate"

    id = db.Column(db.Integer, primary_key=True)
    learner_id = db.Column(db.Integer, db.ForeignKey("user_account.id", ondelete="CASCADE"), nullable=False, index=True)
    course_id = db.Column(db.Integer, db.ForeignKey("course.id", ondelete="CASCADE"), nullable=False, index=True)
    # The facility where it was earned: its staff manage it, even after a transfer.
    facility_id = db.Column(db.Integer, db.ForeignKey("facility.id"), nullable=True, index=True)
    code = db.Column(db.String(16), nullable=False, unique=True)
    status = db.Column(db.String(20), nullable=False, default=PENDING, index=True)
    # "learner:course" while the certificate is issued or pending, NULL once revoked: the unique
    # constraint allows one live certificate per learner and course, on every database.
    active_key = db.Column(db.String(40), nullable=True, unique=True)
    created_dt = db.Column(db.DateTime, nullable=False, default=now_utc)
    issued_dt = db.Column(db.DateTime, nullable=True)
    issued_by_id = db.Column(db.Integer, db.ForeignKey("user_account.id", ondelete="SET NULL"), nullable=True)
    reason = db.Column(db.Text, nullable=True)  # why an instructor issued it by hand
    # Issued by an instructor's decision while not every criterion held: the PDF and the public
    # page say so, so the words "telah berhasil menyelesaikan" are never printed for it.
    criteria_waived = db.Column(db.Boolean, nullable=False, default=False)
    # Who asked for a certificate by hand; where the facility wants approval, someone else approves.
    requested_by_id = db.Column(db.Integer, db.ForeignKey("user_account.id", ondelete="SET NULL"), nullable=True)
    rejected_dt = db.Column(db.DateTime, nullable=True)
    rejected_by_id = db.Column(db.Integer, db.ForeignKey("user_account.id", ondelete="SET NULL"), nullable=True)
    reject_reason = db.Column(db.Text, nullable=True)
    criteria_report = db.Column(db.JSON, nullable=False, default=list)  # the criteria as evaluated
    revoked_dt = db.Column(db.DateTime, nullable=True)
    revoked_by_id = db.Column(db.Integer, db.ForeignKey("user_account.id", ondelete="SET NULL"), nullable=True)
    revoke_reason = db.Column(db.Text, nullable=True)

    # What is printed, frozen at issue.
    learner_name = db.Column(db.String(120), nullable=False)
    course_title = db.Column(db.String(200), nullable=False)
    hours = db.Column(db.Integer, nullable=False, default=0)
    outcomes = db.Column(db.JSON, nullable=False, default=list)
    issuer_name = db.Column(db.String(200), nullable=False)
    signatories = db.Column(db.JSON, nullable=False, default=list)  # [[name, title], ...]

    verification_count = db.Column(db.Integer, nullable=False, default=0)
    last_verified_dt = db.Column(db.DateTime, nullable=True)

    learner = db.relationship("User", foreign_keys=[learner_id])
    course = db.relationship("Course")
    issued_by = db.relationship("User", foreign_keys=[issued_by_id])
    revoked_by = db.relationship("User", foreign_keys=[revoked_by_id])
    requested_by = db.relationship("User", foreign_keys=[requested_by_id])
    rejected_by = db.relationship("User", foreign_keys=[rejected_by_id])

    @property
    def display_code(self) -> str:
        """The code as printed, in groups of four."""
        return display(self.code)

    @property
    def is_issued(self) -> bool:
        """True for a valid certificate (not pending, not revoked)."""
        return self.status == ISSUED

    def __repr__(self) -> str:
        return f"<Certificate {self.id} {self.status}>"


class CertificateSettings(db.Model):
    """A facility's certificate settings. A facility without a row issues without approval."""

    __tablename__ = "certificate_settings"

    facility_id = db.Column(db.Integer, db.ForeignKey("facility.id", ondelete="CASCADE"), primary_key=True)
    certificate_needs_approval = db.Column(db.Boolean, nullable=False, default=False)
    updated_dt = db.Column(db.DateTime, nullable=False, default=now_utc, onupdate=now_utc)
    updated_by_id = db.Column(db.Integer, db.ForeignKey("user_account.id", ondelete="SET NULL"), nullable=True)


class VerificationLimit(db.Model):
    """Checks per source address in the current window, shared by all app servers."""

    __tablename__ = "certificate_verification_limit"

    address = db.Column(db.String(64), primary_key=True)
    window_start_dt = db.Column(db.DateTime, nullable=False, default=now_utc)
    checks = db.Column(db.Integer, nullable=False, default=0)


class VerificationTally(db.Model):
    """How many checks of each outcome there were on a day: every check is counted, found or not."""

    __tablename__ = "certificate_verification_tally"

    day = db.Column(db.Date, primary_key=True)
    outcome = db.Column(db.String(12), primary_key=True)  # valid, revoked, unknown, mistyped, limited
    checks = db.Column(db.Integer, nullable=False, default=0)
