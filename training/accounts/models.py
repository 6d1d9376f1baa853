"""Who uses the system and where: facilities, users, classes and officers' caseloads.

Only what the programme needs is kept about a learner: registration number, name, facility,
classes and expected release date. Nothing about offences or sentences.
"""
from __future__ import annotations

import secrets

from flask_login import UserMixin
from sqlalchemy import func

from training.clock import now_utc
from training.extensions import db

# "pusat": the national UMKM Pemasyarakatan centre, whose showroom sells for every facility.
FACILITY_KINDS = ("lapas", "rutan", "lpka", "bapas", "pusat")


def new_session_token() -> str:
    """A fresh random token; changing a user's token ends all of their sessions."""
    return secrets.token_urlsafe(32)


def normalise_reg_number(raw: str) -> str:
    """The form a registration number is stored and looked up in: upper case, no spaces."""
    return "".join((raw or "").split()).upper()


def normalise_username(raw: str) -> str:
    """Usernames are case-insensitive and never contain spaces."""
    return (raw or "").strip().lower()


class Facility(db.Model):
    """A lapas, rutan, LPKA or bapas using the platform."""

    __tablename__ = "facility"

    id = db.Column(db.Integer, primary_key=True)
    code = db.Column(db.String(20), nullable=False, unique=True)
    name = db.Column(db.String(120), nullable=False)
    kind = db.Column(db.String(10), nullable=False)
    city = db.Column(db.String(80), nullable=False, default="")
    is_active = db.Column(db.Boolean, nullable=False, default=True)
    is_demo = db.Column(db.Boolean, nullable=False, default=False)
    created_dt = db.Column(db.DateTime, nullable=False, default=now_utc)

    def __repr__(self) -> str:
        return f"<Facility {self.code}>"


class User(UserMixin, db.Model):
    """Anyone who signs in: learner, instructor, parole officer or admin."""

    __tablename__ = "user_account"

    id = db.Column(db.Integer, primary_key=True)
    role = db.Column(db.String(20), nullable=False, index=True)
    facility_id = db.Column(db.Integer, db.ForeignKey("facility.id"), nullable=True, index=True)
    # Staff sign in with a username, learners with their registration number.
    username = db.Column(db.String(60), unique=True, nullable=True)
    reg_number = db.Column(db.String(40), unique=True, nullable=True)
    full_name = db.Column(db.String(120), nullable=False)
    expected_release_on = db.Column(db.Date, nullable=True)
    # A civil servant's NIP (18 digits), printed on the parole officer's readiness reports.
    nip = db.Column(db.String(18), nullable=True)

    password_hash = db.Column(db.String(255), nullable=False)
    must_change_password = db.Column(db.Boolean, nullable=False, default=True)
    session_token = db.Column(db.String(64), nullable=False, default=new_session_token)
    failed_logins = db.Column(db.Integer, nullable=False, default=0)
    locked_until_dt = db.Column(db.DateTime, nullable=True)
    last_login_dt = db.Column(db.DateTime, nullable=True)

    active = db.Column(db.Boolean, nullable=False, default=True)
    deactivated_dt = db.Column(db.DateTime, nullable=True)
    deactivation_reason = db.Column(db.String(200), nullable=True)
    locale = db.Column(db.String(5), nullable=True)
    is_demo = db.Column(db.Boolean, nullable=False, default=False)
    created_dt = db.Column(db.DateTime, nullable=False, default=now_utc)
    # Raised (by training/page_cache.py only) whenever something this learner's pages show changes.
    page_version = db.Column(db.Integer, nullable=False, default=0, server_default="0")

    facility = db.relationship(Facility, lazy="joined")

    @property
    def is_active(self) -> bool:  # Flask-Login asks this
        return bool(self.active)

    def get_id(self) -> str:
        """The id Flask-Login keeps in the session: user id and session token together."""
        return f"{self.id}:{self.session_token}"

    @property
    def login_name(self) -> str:
        """What the person types to sign in."""
        return self.reg_number if self.role == "learner" else self.username

    def is_locked(self, at_dt=None) -> bool:
        """True while a lockout from repeated failures is running."""
        at_dt = at_dt or now_utc()
        return self.locked_until_dt is not None and self.locked_until_dt > at_dt

    def end_all_sessions(self) -> None:
        """Invalidate every session of this account on every app server."""
        self.session_token = new_session_token()

    def __repr__(self) -> str:
        return f"<User {self.id} {self.role}>"


class TrainingClass(db.Model):
    """A class (kelas) of learners in one facility, taught by one or more instructors."""

    __tablename__ = "training_class"

    id = db.Column(db.Integer, primary_key=True)
    facility_id = db.Column(db.Integer, db.ForeignKey("facility.id"), nullable=False, index=True)
    name = db.Column(db.String(100), nullable=False)
    description = db.Column(db.String(300), nullable=False, default="")
    is_active = db.Column(db.Boolean, nullable=False, default=True)
    created_dt = db.Column(db.DateTime, nullable=False, default=now_utc)

    facility = db.relationship(Facility)
    learners = db.relationship(
        User, secondary="class_learner", order_by=User.full_name, viewonly=True
    )
    instructors = db.relationship(
        User, secondary="class_instructor", order_by=User.full_name, viewonly=True
    )

    __table_args__ = (db.UniqueConstraint("facility_id", "name"),)


class ClassLearner(db.Model):
    """A learner's place in a class."""

    __tablename__ = "class_learner"

    class_id = db.Column(db.Integer, db.ForeignKey("training_class.id", ondelete="CASCADE"), primary_key=True)
    user_id = db.Column(db.Integer, db.ForeignKey("user_account.id", ondelete="CASCADE"), primary_key=True, index=True)
    added_dt = db.Column(db.DateTime, nullable=False, default=now_utc)


class ClassInstructor(db.Model):
    """An instructor teaching a class."""

    __tablename__ = "class_instructor"

    class_id = db.Column(db.Integer, db.ForeignKey("training_class.id", ondelete="CASCADE"), primary_key=True)
    user_id = db.Column(db.Integer, db.ForeignKey("user_account.id", ondelete="CASCADE"), primary_key=True, index=True)
    added_dt = db.Column(db.DateTime, nullable=False, default=now_utc)


class Caseload(db.Model):
    """A learner on a parole officer's caseload. An officer may follow learners in many facilities."""

    __tablename__ = "caseload"

    officer_id = db.Column(db.Integer, db.ForeignKey("user_account.id", ondelete="CASCADE"), primary_key=True)
    learner_id = db.Column(db.Integer, db.ForeignKey("user_account.id", ondelete="CASCADE"), primary_key=True, index=True)
    assigned_dt = db.Column(db.DateTime, nullable=False, default=now_utc)

    officer = db.relationship(User, foreign_keys=[officer_id])
    learner = db.relationship(User, foreign_keys=[learner_id])


class LoginThrottle(db.Model):
    """Failed sign-ins per source address, shared by all app servers through the database."""

    __tablename__ = "login_throttle"

    address = db.Column(db.String(64), primary_key=True)
    failures = db.Column(db.Integer, nullable=False, default=0)
    window_start_dt = db.Column(db.DateTime, nullable=False, default=now_utc)
    blocked_until_dt = db.Column(db.DateTime, nullable=True)


def find_user_by_login(login: str) -> User | None:
    """The account a sign-in name belongs to: a username for staff, a registration number for learners."""
    name = normalise_username(login)
    if not name:
        return None
    # One query for both; a username that is also somebody's registration number means the username.
    found = db.session.scalars(db.select(User).where(
        db.or_(func.lower(User.username) == name, User.reg_number == normalise_reg_number(login)))).all()
    return next((user for user in found if user.username is not None and user.username.lower() == name),
                found[0] if found else None)
