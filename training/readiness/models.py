"""Tables of the readiness review: the instructor's assessment, the learner's plan, the officer's
notes and conclusions, and the national rubric settings.

Nothing here holds offence or sentence details; the system collects none.
"""
from __future__ import annotations

from training.clock import now_utc
from training.extensions import db
from training.readiness.rubric import ASSESSMENT_CRITERIA, LEVELS  # noqa: F401  (re-exported)


class InstructorAssessment(db.Model):
    """An instructor's assessment of one learner's work habits, each criterion scored 1 to 4.

    One row per learner and instructor; the instructor updates it over time. ``scores`` maps
    a key of :data:`ASSESSMENT_CRITERIA` to 1..4.
    """

    __tablename__ = "readiness_assessment"

    id = db.Column(db.Integer, primary_key=True)
    learner_id = db.Column(db.Integer, db.ForeignKey("user_account.id", ondelete="CASCADE"), nullable=False, index=True)
    instructor_id = db.Column(db.Integer, db.ForeignKey("user_account.id", ondelete="CASCADE"), nullable=False, index=True)
    scores = db.Column(db.JSON, nullable=False, default=dict)
    comment = db.Column(db.Text, nullable=False, default="")
    created_dt = db.Column(db.DateTime, nullable=False, default=now_utc)
    updated_dt = db.Column(db.DateTime, nullable=False, default=now_utc)

    learner = db.relationship("User", foreign_keys=[learner_id])
    instructor = db.relationship("User", foreign_keys=[instructor_id])

    __table_args__ = (db.UniqueConstraint("learner_id", "instructor_id"),)


class LearnerPlan(db.Model):
    """The learner's own plan for after release, written and kept up to date by the learner."""

    __tablename__ = "readiness_plan"

    learner_id = db.Column(db.Integer, db.ForeignKey("user_account.id", ondelete="CASCADE"), primary_key=True)
    goals = db.Column(db.Text, nullable=False, default="")
    business = db.Column(db.Text, nullable=False, default="")
    obstacles = db.Column(db.Text, nullable=False, default="")
    support = db.Column(db.Text, nullable=False, default="")
    created_dt = db.Column(db.DateTime, nullable=False, default=now_utc)
    updated_dt = db.Column(db.DateTime, nullable=False, default=now_utc)


class OfficerNote(db.Model):
    """A dated note by a parole officer about a learner; officers and admins only, never learners
    or instructors."""

    __tablename__ = "readiness_note"

    id = db.Column(db.Integer, primary_key=True)
    learner_id = db.Column(db.Integer, db.ForeignKey("user_account.id", ondelete="CASCADE"), nullable=False, index=True)
    officer_id = db.Column(db.Integer, db.ForeignKey("user_account.id", ondelete="SET NULL"), nullable=True)
    text = db.Column(db.Text, nullable=False)
    created_dt = db.Column(db.DateTime, nullable=False, default=now_utc)

    officer = db.relationship("User", foreign_keys=[officer_id])


class OfficerConclusion(db.Model):
    """The officer's own conclusion on a learner's readiness. Every recorded conclusion is kept;
    the newest is the one shown and put in the report."""

    __tablename__ = "readiness_conclusion"

    id = db.Column(db.Integer, primary_key=True)
    learner_id = db.Column(db.Integer, db.ForeignKey("user_account.id", ondelete="CASCADE"), nullable=False, index=True)
    officer_id = db.Column(db.Integer, db.ForeignKey("user_account.id", ondelete="SET NULL"), nullable=True)
    level = db.Column(db.String(10), nullable=False)
    text = db.Column(db.Text, nullable=False, default="")
    concluded_on = db.Column(db.Date, nullable=False)
    created_dt = db.Column(db.DateTime, nullable=False, default=now_utc)

    officer = db.relationship("User", foreign_keys=[officer_id])


class ReadinessSettings(db.Model):
    """The national rubric settings: one row (id 1). Weights are relative; thresholds are percents
    except ``min_assessment`` (on the 1..4 scale). Defaults live in :class:`rubric.RubricSettings`."""

    __tablename__ = "readiness_settings"

    id = db.Column(db.Integer, primary_key=True)
    weight_courses = db.Column(db.Integer, nullable=False)
    weight_quizzes = db.Column(db.Integer, nullable=False)
    weight_practical = db.Column(db.Integer, nullable=False)
    weight_attendance = db.Column(db.Integer, nullable=False)
    weight_storefront = db.Column(db.Integer, nullable=False)
    weight_assessment = db.Column(db.Integer, nullable=False)
    weight_plan = db.Column(db.Integer, nullable=False)
    min_quiz_percent = db.Column(db.Integer, nullable=False)
    min_practical_percent = db.Column(db.Integer, nullable=False)
    min_attendance_percent = db.Column(db.Integer, nullable=False)
    min_pricing_percent = db.Column(db.Integer, nullable=False)
    min_seasons = db.Column(db.Integer, nullable=False)
    min_assessment = db.Column(db.Float, nullable=False)
    ready_percent = db.Column(db.Integer, nullable=False)
    almost_percent = db.Column(db.Integer, nullable=False)
    updated_dt = db.Column(db.DateTime, nullable=False, default=now_utc)
    updated_by_id = db.Column(db.Integer, db.ForeignKey("user_account.id", ondelete="SET NULL"), nullable=True)


class ReadinessReport(db.Model):
    """One downloaded readiness report and its number (``0007/LKU/2026``), sequential per year.

    The number is printed on the PDF and put in the audit trail, so a report in a parole file
    can be traced to who made it and when.
    """

    __tablename__ = "readiness_report"

    id = db.Column(db.Integer, primary_key=True)
    year = db.Column(db.Integer, nullable=False)
    number = db.Column(db.Integer, nullable=False)
    learner_id = db.Column(db.Integer, db.ForeignKey("user_account.id", ondelete="CASCADE"), nullable=False, index=True)
    officer_id = db.Column(db.Integer, db.ForeignKey("user_account.id", ondelete="SET NULL"), nullable=True)
    created_dt = db.Column(db.DateTime, nullable=False, default=now_utc)

    __table_args__ = (db.UniqueConstraint("year", "number"),)

    @property
    def code(self) -> str:
        """The report number as printed: 0007/LKU/2026 (LKU: Laporan Kesiapan Usaha)."""
        return f"{self.number:04d}/LKU/{self.year}"
