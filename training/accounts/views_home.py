"""The front door that sends a user to their role's home, the health check, and the instructor's
home and class pages. A learner's home is served by courses (``learn.home``), an officer's by
readiness (``readiness.caseload``)."""
from __future__ import annotations

from flask import Blueprint, redirect, render_template, url_for
from flask_login import current_user

from training.access import (
    ANYONE,
    ETALASE,
    FACILITY_ADMIN,
    INSTRUCTOR,
    LEARNER,
    NATIONAL_ADMIN,
    OFFICER,
    allow,
    class_filter,
    class_or_404,
    restrict_blueprint,
)
from training.accounts.models import ClassInstructor, ClassLearner, TrainingClass, User
from training.extensions import db

bp = Blueprint("home", __name__)

HOME_ENDPOINTS = {
    LEARNER: "learn.home",
    INSTRUCTOR: "home.instructor",
    OFFICER: "readiness.caseload",
    FACILITY_ADMIN: "admin.index",
    NATIONAL_ADMIN: "national.facilities",  # its index only redirects there
    ETALASE: "showroom.sell",
}


def home_url(user) -> str:
    """Where a signed-in user starts: their role's home, or the password form while a new password
    is owed. Signing in goes straight there, a round trip fewer than through ``/``."""
    if user.must_change_password:
        return url_for("auth.change_password")
    return url_for(HOME_ENDPOINTS[user.role])


@bp.route("/")
@allow(ANYONE)
def index():
    """Send a signed-in user to their role's home, anyone else to the sign-in page."""
    if not current_user.is_authenticated:
        return redirect(url_for("auth.login"))
    return redirect(home_url(current_user))


@bp.route("/healthz")
@allow(ANYONE)
def health():
    """For the load balancer: the app answers and reaches its database."""
    db.session.execute(db.text("SELECT 1"))
    return {"status": "ok"}


restrict_blueprint(bp, INSTRUCTOR)


@bp.route("/pengajar")
def instructor():
    """An instructor's home: the classes they teach and the other classes of their facility."""
    classes = db.session.scalars(
        db.select(TrainingClass)
        .where(class_filter(current_user), TrainingClass.is_active.is_(True))
        .order_by(TrainingClass.name)
    ).all()
    mine = set(
        db.session.scalars(db.select(ClassInstructor.class_id).where(ClassInstructor.user_id == current_user.id))
    )
    counts = dict(
        db.session.execute(
            db.select(ClassLearner.class_id, db.func.count())
            .join(User, User.id == ClassLearner.user_id)
            .where(User.active.is_(True))
            .group_by(ClassLearner.class_id)
        ).all()
    )
    return render_template("home/instructor.html", classes=classes, mine=mine, counts=counts)


@bp.route("/pengajar/kelas/<int:class_id>")
def instructor_class(class_id: int):
    """A class as an instructor sees it: its learners."""
    training_class = class_or_404(class_id)
    return render_template("home/instructor_class.html", training_class=training_class)
