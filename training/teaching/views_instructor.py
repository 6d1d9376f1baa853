"""Instructor pages for a class: the overview, assignments and due dates, one learner's record,
and account help (temporary password, unlock) for the facility's learners.

Every page loads the class or learner through ``training.access``; another facility's records
answer 404.
"""
from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_login import current_user

from training.access import (
    INSTRUCTOR,
    assignment_or_404,
    class_or_404,
    helped_learner_or_404,
    learner_or_404,
    restrict_blueprint,
)
from training.accounts import services as account_services
from training.accounts.forms import EmptyForm
from training.teaching import assignments as assigning
from training.teaching import attendance, gradebook, overview
from training.teaching.forms import AssignForm, ConfirmForm, ExtendForm
from training.courses.models import Course
from training.courses.services import enabled_courses
from training.extensions import db, gettext as _

bp = Blueprint("teach", __name__, url_prefix="/pengajar")
restrict_blueprint(bp, INSTRUCTOR)


@bp.app_template_filter("angka")
def angka(value) -> str:
    """A number the Indonesian way, as the gradebook writes it: 85,5 and 90."""
    return gradebook.format_number(value)


@bp.route("/kelas/<int:class_id>/ringkasan")
def overview_page(class_id: int):
    """Who hasn't started, who is stuck, who is ready for a certificate, and the latest activity."""
    training_class = class_or_404(class_id)
    return render_template("teaching/overview.html", training_class=training_class,
                           view=overview.build(training_class),
                           sessions=attendance.class_sessions(training_class, limit=3))


def _assign_form(training_class, learners) -> AssignForm:
    form = AssignForm()
    courses = enabled_courses(training_class.facility_id)
    form.course_id.choices = [(c.id, c.title) for c in courses]
    form.target.choices = [("kelas", _("Seluruh kelas"))] + [(f"w{u.id}", f"{u.full_name} ({u.reg_number})")
                                                               for u in learners]
    form.lesson_ids.choices = [(lesson.id, f"{c.title}: {lesson.position}. {lesson.title}")
                               for c in courses for lesson in c.lessons]
    if not form.is_submitted():
        form.opens_on.data = assigning.local_today()
    return form


@bp.route("/kelas/<int:class_id>/penugasan", methods=["GET", "POST"])
def assignments(class_id: int):
    """The class's assignments with who is behind; a form to assign a course or some lessons."""
    training_class = class_or_404(class_id)
    learners = attendance.class_learners(training_class)
    form = _assign_form(training_class, learners)
    if form.validate_on_submit():
        course = db.session.get(Course, form.course_id.data)
        learner = None
        if form.target.data != "kelas":
            learner = next((u for u in learners if f"w{u.id}" == form.target.data), None)
        if course is None or (form.target.data != "kelas" and learner is None):
            form.target.errors = [_("Pilih kursus dan penerima dari daftar.")]
        else:
            try:
                assigning.create_assignment(
                    current_user, course, opens_on=form.opens_on.data, due_on=form.due_on.data,
                    training_class=None if learner else training_class, learner=learner,
                    lesson_ids=list(form.lesson_ids.data or []) or None,
                )
            except assigning.AssignmentError as error:
                form.course_id.errors = [str(error)]
            else:
                db.session.commit()
                flash(_("Tugas %(title)s sudah diberikan.", title=course.title), "success")
                return redirect(url_for("teach.assignments", class_id=class_id))
    listed = assigning.class_assignments(training_class)
    behind = assigning.who_is_behind_many(listed)  # every assignment's learners with a few queries in all
    items = [(a, assigning.assignment_lessons(a), behind[a.id]) for a in listed]
    return render_template("teaching/assignments.html", training_class=training_class, form=form,
                           items=items, today=assigning.local_today(), confirm_form=ConfirmForm())


@bp.route("/penugasan/<int:assignment_id>/perpanjang", methods=["GET", "POST"])
def extend(assignment_id: int):
    """Give one learner a later due date on an assignment."""
    assignment = assignment_or_404(assignment_id)
    learners = assigning.assignment_learners(assignment)
    form = ExtendForm()
    form.learner_id.choices = [(u.id, f"{u.full_name} ({u.reg_number})") for u in learners]
    if request.method == "GET" and request.args.get("warga", type=int):
        form.learner_id.data = request.args.get("warga", type=int)
    if form.validate_on_submit():
        learner = next((u for u in learners if u.id == form.learner_id.data), None)
        try:
            if learner is None:
                raise assigning.AssignmentError(_("Warga binaan ini tidak mendapat tugas ini."))
            assigning.extend_due_date(current_user, assignment, learner, form.due_on.data, form.reason.data)
        except assigning.AssignmentError as error:
            form.due_on.errors = [str(error)]
        else:
            db.session.commit()
            flash(_("Batas waktu %(name)s diperpanjang.", name=learner.full_name), "success")
            return redirect(_assignment_home(assignment))
    return render_template("teaching/extend.html", assignment=assignment, form=form,
                           back=_assignment_home(assignment))


def _assignment_home(assignment) -> str:
    class_id = assignment.class_id
    if class_id is None:
        from training.accounts.models import ClassLearner

        class_id = db.session.scalar(db.select(ClassLearner.class_id).where(
            ClassLearner.user_id == assignment.learner_id).limit(1))
    if class_id is None:
        return url_for("home.instructor")
    return url_for("teach.assignments", class_id=class_id)


@bp.route("/penugasan/<int:assignment_id>/hapus", methods=["POST"])
def assignment_delete(assignment_id: int):
    """Take an assignment back; learners' work is kept."""
    assignment = assignment_or_404(assignment_id)
    back = _assignment_home(assignment)
    if ConfirmForm().validate_on_submit():
        assigning.delete_assignment(current_user, assignment)
        db.session.commit()
        flash(_("Tugas dihapus. Hasil belajar warga binaan tetap disimpan."), "success")
    return redirect(back)


@bp.route("/warga-binaan/<int:user_id>")
def learner_page(user_id: int):
    """Everything one learner did: lessons, quiz attempts, tasks with grades, attendance."""
    learner = learner_or_404(user_id)
    return render_template(
        "teaching/learner.html", learner=learner, records=gradebook.learner_record(learner),
        assigned=assigning.assigned_work(learner), attendance_rows=attendance.learner_records(learner),
        summary=attendance.attendance_summary(learner), form=EmptyForm(),
        is_locked=learner.is_locked(),
    )


@bp.route("/warga-binaan/<int:user_id>/reset-kata-sandi", methods=["POST"])
def help_reset(user_id: int):
    """Give a learner a temporary password, shown once on a slip; they must change it at sign-in."""
    learner = helped_learner_or_404(user_id)
    if not EmptyForm().validate_on_submit():
        flash(_("Permintaan tidak sah. Muat ulang halaman lalu coba lagi."), "error")
        return redirect(url_for("teach.learner_page", user_id=learner.id))
    temp = account_services.reset_password(learner)
    db.session.commit()
    return render_template("admin/slips.html", slips=[(learner, temp)], title=_("Kata sandi sementara dibuat"))


@bp.route("/warga-binaan/<int:user_id>/buka-kunci", methods=["POST"])
def help_unlock(user_id: int):
    """Lift a lockout after repeated failed sign-ins."""
    learner = helped_learner_or_404(user_id)
    if EmptyForm().validate_on_submit():
        account_services.unlock(learner)
        db.session.commit()
        flash(_("Akun %(name)s sudah dibuka.", name=learner.full_name), "success")
    return redirect(url_for("teach.learner_page", user_id=learner.id))
