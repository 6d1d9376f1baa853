"""Tables of the instructor workspace: assignments, attendance and rubric grades.

They sit beside the course tables and point at them by id; nothing here is written by the
content importer. A grade row carries a ``version`` that SQLAlchemy checks on every update
(optimistic locking), so two instructors grading the same work at once cannot silently overwrite
each other: the later save fails and is shown the current grade.
"""
from __future__ import annotations

from training.clock import now_utc
from training.extensions import db

ATTENDANCE_STATUSES = ("present", "late", "absent", "excused")
# Present and late count as attended; excused is left out of the rate's denominator.
ATTENDED_STATUSES = ("present", "late")
GRADE_STATUSES = ("graded", "revise")
GRADE_KINDS = ("task", "essay")


class Assignment(db.Model):
    """A course (or chosen lessons of it) given to a class or to one learner, with dates.

    Exactly one of ``class_id`` and ``learner_id`` is set. ``lesson_ids`` is None for the whole
    course. Dates are the facility's calendar dates; the due date is the last day that is on time.
    """

    __tablename__ = "assignment"

    id = db.Column(db.Integer, primary_key=True)
    facility_id = db.Column(db.Integer, db.ForeignKey("facility.id", ondelete="CASCADE"), nullable=False, index=True)
    class_id = db.Column(db.Integer, db.ForeignKey("training_class.id", ondelete="CASCADE"), nullable=True, index=True)
    learner_id = db.Column(db.Integer, db.ForeignKey("user_account.id", ondelete="CASCADE"), nullable=True, index=True)
    course_id = db.Column(db.Integer, db.ForeignKey("course.id", ondelete="CASCADE"), nullable=False, index=True)
    lesson_ids = db.Column(db.JSON, nullable=True)
    opens_on = db.Column(db.Date, nullable=False)
    due_on = db.Column(db.Date, nullable=True)
    created_by_id = db.Column(db.Integer, db.ForeignKey("user_account.id", ondelete="SET NULL"), nullable=True)
    created_dt = db.Column(db.DateTime, nullable=False, default=now_utc)

    course = db.relationship("Course")
    training_class = db.relationship("TrainingClass")
    learner = db.relationship("User", foreign_keys=[learner_id])

    __table_args__ = (
        db.CheckConstraint("(class_id IS NULL) <> (learner_id IS NULL)", name="ck_assignment_one_target"),
    )


class AssignmentExtension(db.Model):
    """A later due date for one learner on one assignment."""

    __tablename__ = "assignment_extension"

    assignment_id = db.Column(db.Integer, db.ForeignKey("assignment.id", ondelete="CASCADE"), primary_key=True)
    learner_id = db.Column(db.Integer, db.ForeignKey("user_account.id", ondelete="CASCADE"), primary_key=True, index=True)
    due_on = db.Column(db.Date, nullable=False)
    reason = db.Column(db.String(200), nullable=False, default="")
    created_by_id = db.Column(db.Integer, db.ForeignKey("user_account.id", ondelete="SET NULL"), nullable=True)
    created_dt = db.Column(db.DateTime, nullable=False, default=now_utc)


class AttendanceSession(db.Model):
    """One meeting of a class: the date, when it started and how long it was planned to last."""

    __tablename__ = "attendance_session"

    id = db.Column(db.Integer, primary_key=True)
    class_id = db.Column(db.Integer, db.ForeignKey("training_class.id", ondelete="CASCADE"), nullable=False, index=True)
    held_on = db.Column(db.Date, nullable=False)
    starts_at = db.Column(db.Time, nullable=False)
    planned_minutes = db.Column(db.Integer, nullable=False)
    created_by_id = db.Column(db.Integer, db.ForeignKey("user_account.id", ondelete="SET NULL"), nullable=True)
    created_dt = db.Column(db.DateTime, nullable=False, default=now_utc)
    updated_dt = db.Column(db.DateTime, nullable=False, default=now_utc)

    training_class = db.relationship("TrainingClass")
    records = db.relationship("AttendanceRecord", viewonly=True)

    __table_args__ = (db.UniqueConstraint("class_id", "held_on", "starts_at"),)


class AttendanceRecord(db.Model):
    """One learner at one session: present, late, absent or excused, and the minutes attended."""

    __tablename__ = "attendance_record"

    session_id = db.Column(db.Integer, db.ForeignKey("attendance_session.id", ondelete="CASCADE"), primary_key=True)
    learner_id = db.Column(db.Integer, db.ForeignKey("user_account.id", ondelete="CASCADE"), primary_key=True, index=True)
    status = db.Column(db.String(10), nullable=False, default="present")
    minutes = db.Column(db.Integer, nullable=False, default=0)

    session = db.relationship(AttendanceSession)
    learner = db.relationship("User")


class Grading(db.Model):
    """An instructor's rubric grade of a practical task submission or of an essay answer.

    Exactly one of ``submission_id`` and ``answer_id`` is set (``kind`` says which). ``levels``
    holds, per rubric criterion, the chosen level's index, label and points, so the grade still
    reads right after a re-import changes the rubric.
    """

    __tablename__ = "grading"

    id = db.Column(db.Integer, primary_key=True)
    kind = db.Column(db.String(10), nullable=False)
    submission_id = db.Column(db.Integer, db.ForeignKey("task_submission.id", ondelete="CASCADE"), nullable=True, unique=True)
    answer_id = db.Column(db.Integer, db.ForeignKey("attempt_answer.id", ondelete="CASCADE"), nullable=True, unique=True)
    learner_id = db.Column(db.Integer, db.ForeignKey("user_account.id", ondelete="CASCADE"), nullable=False, index=True)
    levels = db.Column(db.JSON, nullable=False, default=list)
    points = db.Column(db.Float, nullable=False, default=0)
    max_points = db.Column(db.Float, nullable=False, default=0)
    level_label = db.Column(db.String(60), nullable=True)
    feedback = db.Column(db.Text, nullable=False, default="")
    status = db.Column(db.String(10), nullable=False, default="graded")
    graded_by_id = db.Column(db.Integer, db.ForeignKey("user_account.id", ondelete="SET NULL"), nullable=True)
    graded_dt = db.Column(db.DateTime, nullable=False, default=now_utc)
    version = db.Column(db.Integer, nullable=False, default=1)

    graded_by = db.relationship("User", foreign_keys=[graded_by_id])

    __mapper_args__ = {"version_id_col": version}

    @property
    def share(self) -> float:
        """Points as a share of the maximum, 0..1."""
        return self.points / self.max_points if self.max_points else 0.0
