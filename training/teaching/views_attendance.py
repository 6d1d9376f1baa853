"""Attendance pages: the instructor's classes with recent sessions, opening a session, and the
sheet (one row per learner, a segmented choice of present / late / absent / excused and the
minutes). Works without JavaScript; the sheet is saved whole or not at all."""
from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_login import current_user

from training.access import (
    INSTRUCTOR,
    attendance_session_or_404,
    class_filter,
    class_or_404,
    restrict_blueprint,
)
from training.accounts.models import ClassInstructor, TrainingClass
from training.teaching import attendance
from training.teaching.assignments import local_now, local_today
from training.teaching.forms import AttendanceForm, OpenSessionForm
from training.extensions import db, gettext as _

bp = Blueprint("attendance", __name__, url_prefix="/pengajar")
restrict_blueprint(bp, INSTRUCTOR)


def _defaults(form: OpenSessionForm) -> None:
    """Today, the half hour just begun (a session is usually opened a few minutes after it starts), 120 minutes."""
    now = local_now()
    form.held_on.data = now.date()
    form.starts_at.data = now.replace(minute=0 if now.minute < 30 else 30, second=0, microsecond=0,
                                      tzinfo=None).time()
    form.planned_minutes.data = 120


@bp.route("/kehadiran")
def index():
    """The facility's classes (the instructor's own first) with their latest sessions."""
    return _index_page()


def _index_page(failed: OpenSessionForm | None = None, failed_class_id: int | None = None,
                error: str | None = None):
    """The classes page; a form that failed is shown again in its class, as typed, with the message."""
    classes = db.session.scalars(
        db.select(TrainingClass).where(class_filter(current_user), TrainingClass.is_active.is_(True))
        .order_by(TrainingClass.name)
    ).all()
    mine = set(db.session.scalars(db.select(ClassInstructor.class_id).where(ClassInstructor.user_id == current_user.id)))
    classes = sorted(classes, key=lambda c: (c.id not in mine, c.name))
    rows = [(c, attendance.class_sessions(c, limit=3)) for c in classes]
    counts = attendance.session_counts([s.id for _c, sessions in rows for s in sessions])
    fresh = OpenSessionForm(formdata=None)
    _defaults(fresh)
    return render_template("teaching/attendance_index.html", rows=rows, mine=mine, form=fresh, counts=counts,
                           failed=failed, failed_class_id=failed_class_id, error=error)


@bp.route("/kelas/<int:class_id>/kehadiran", methods=["POST"])
def open_session(class_id: int):
    """Open a session (everyone present) and go to its sheet; an existing one is reopened.

    A form with a mistake comes back on the classes page with what was typed and the message.
    """
    training_class = class_or_404(class_id)
    form = OpenSessionForm()
    if not form.validate_on_submit():
        return _index_page(form, training_class.id)
    try:
        session, created = attendance.open_session(
            current_user, training_class, held_on=form.held_on.data, starts_at=form.starts_at.data,
            planned_minutes=form.planned_minutes.data)
    except attendance.AttendanceError as error:
        return _index_page(form, training_class.id, str(error))
    db.session.commit()
    if not created:
        flash(_("Sesi ini sudah dibuka sebelumnya. Anda bisa memperbaikinya di sini."), "info")
    return redirect(url_for("attendance.sheet", session_id=session.id))


@bp.route("/kehadiran/<int:session_id>", methods=["GET", "POST"])
def sheet(session_id: int):
    """The attendance sheet: everyone present unless marked; saved whole or not at all."""
    session = attendance_session_or_404(session_id)
    form = AttendanceForm()
    rows = attendance.sheet(session)
    if request.method == "POST":
        entries = {row.learner.id: (request.form.get(f"status-{row.learner.id}", row.status),
                                    request.form.get(f"menit-{row.learner.id}", ""))
                   for row in rows}
        if form.validate_on_submit():
            result = attendance.save_sheet(current_user, session, entries, planned_minutes=form.planned_minutes.data)
            if result.ok:
                db.session.commit()
                flash(_("Kehadiran tersimpan."), "success")
                return redirect(url_for("attendance.sheet", session_id=session.id))
            db.session.rollback()
            session = attendance_session_or_404(session_id)
            rows = result.rows
            flash(_("Belum tersimpan: periksa baris yang ditandai merah."), "error")
        else:
            for row in rows:  # show the marks as typed, so nothing has to be tapped again
                row.status, raw_minutes = entries[row.learner.id]
                row.minutes = raw_minutes
            flash(_("Belum tersimpan: periksa lama sesi."), "error")
    else:
        form.planned_minutes.data = session.planned_minutes
    return render_template("teaching/attendance_sheet.html", session=session, rows=rows, form=form,
                           counts=attendance.counts(session), today=local_today())
