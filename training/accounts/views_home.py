"""Each role's home page, and the front door that sends a user to theirs."""
from __future__ import annotations

from flask import Blueprint, redirect, render_template, url_for
from flask_login import current_user

from training.access import (
    ETALASE,
    FACILITY_ADMIN,
    INSTRUCTOR,
    LEARNER,
    NATIONAL_ADMIN,
    OFFICER,
    class_or_404,
    restrict_blueprint,
)
from training.accounts.models import ClassInstructor, ClassLearner, TrainingClass, User
from training.extensions import db

bp = Blueprint("home", __name__)

HOME_ENDPOINTS = {
    LEARNER: "home.learner",
    INSTRUCTOR: "home.instructor",
    OFFICER: "home.officer",
    FACILITY_ADMIN: "admin.index",
    NATIONAL_ADMIN: "national.index",
    ETALASE: "showroom.sell",
}


@bp.route("/")
def index():
    """Send a signed-in user to their role's home, anyone else to the sign-in page."""
    if not current_user.is_authenticated:
        return redirect(url_for("auth.login"))
    return redirect(url_for(HOME_ENDPOINTS[current_user.role]))


@bp.route("/healthz")
def health():
    """For the load balancer: the app answers and reaches its database."""
    db.session.execute(db.text("SELECT 1"))
    return {"status": "ok"}


index._public = True
health._public = True
restrict_blueprint(bp, *HOME_ENDPOINTS)


def _only(role: str):
    from flask import abort

    if current_user.role != role:
        abort(403)


@bp.route("/belajar")
def learner():
    """A learner's home, "Tugas saya": their courses with progress and one button to go on."""
    _only(LEARNER)
    from training.courses.views_home import learner_home

    classes = db.session.scalars(
        db.select(TrainingClass)
        .join(ClassLearner, ClassLearner.class_id == TrainingClass.id)
        .where(ClassLearner.user_id == current_user.id)
        .order_by(TrainingClass.name)
    ).all()
    return learner_home(classes)


@bp.route("/pengajar")
def instructor():
    """An instructor's home: the classes they teach and the other classes of their facility."""
    _only(INSTRUCTOR)
    classes = db.session.scalars(
        db.select(TrainingClass)
        .where(TrainingClass.facility_id == current_user.facility_id, TrainingClass.is_active.is_(True))
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
    _only(INSTRUCTOR)
    training_class = class_or_404(class_id)
    return render_template("home/instructor_class.html", training_class=training_class)


@bp.route("/pk")
def officer():
    """A parole officer's home: the caseload with readiness levels, nearest release first."""
    _only(OFFICER)
    from training.readiness.views import caseload_page

    return caseload_page()
