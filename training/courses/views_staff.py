"""Staff course pages: a facility admin offers courses, a national admin sees what is imported,
an instructor previews lessons exactly as learners see them (nothing is recorded).
Also the course image route shared by learners and instructors."""
from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_login import current_user

from training.access import (
    FACILITY_ADMIN,
    INSTRUCTOR,
    LEARNER,
    NATIONAL_ADMIN,
    course_or_404,
    lesson_or_404,
    restrict_blueprint,
    allow,
)
from training.courses import outline, services
from training.courses.display import send_course_image
from training.courses.forms import EmptyForm, ToggleCourseForm
from training.courses.models import Course, FacilityCourse, Lesson
from training.extensions import db, gettext as _

bp = Blueprint("course_staff", __name__)
restrict_blueprint(bp, INSTRUCTOR, FACILITY_ADMIN, NATIONAL_ADMIN)

files = Blueprint("course_files", __name__)
restrict_blueprint(files, LEARNER, INSTRUCTOR)


def _all_courses() -> list[Course]:
    return list(db.session.scalars(db.select(Course).order_by(Course.title)))


def _lesson_counts() -> dict[int, int]:
    return dict(db.session.execute(
        db.select(Lesson.course_id, db.func.count()).where(Lesson.is_active.is_(True)).group_by(Lesson.course_id)
    ).all())


@bp.route("/nasional/kursus")
@allow(NATIONAL_ADMIN)
def national_courses():
    """Every imported course with its version, import time and how many facilities offer it."""
    offered = dict(db.session.execute(
        db.select(FacilityCourse.course_id, db.func.count()).group_by(FacilityCourse.course_id)
    ).all())
    return render_template("courses/national_courses.html", courses=_all_courses(),
                           lesson_counts=_lesson_counts(), offered=offered)


@bp.route("/admin/kursus")
@allow(FACILITY_ADMIN)
def facility_courses():
    """The courses this facility offers its learners, with a switch for each."""
    enabled = {c.id for c in services.enabled_courses(current_user.facility_id)}
    return render_template("courses/facility_courses.html", courses=_all_courses(), enabled=enabled,
                           lesson_counts=_lesson_counts(), form=EmptyForm())


@bp.route("/admin/kursus/<int:course_id>", methods=["POST"])
@allow(FACILITY_ADMIN)
def facility_course_toggle(course_id: int):
    """Offer or stop offering one course at this facility. Learners' records are kept either way."""
    course = db.get_or_404(Course, course_id)
    form = ToggleCourseForm()
    if form.validate_on_submit() and form.enabled.data in ("1", "0"):
        on = form.enabled.data == "1"
        if services.set_enabled(current_user.facility, course, on, actor=current_user):
            db.session.commit()
            if on:
                flash(_("Kursus %(title)s sekarang bisa dipelajari warga binaan.", title=course.title), "success")
            else:
                flash(_("Kursus %(title)s tidak ditawarkan lagi. Catatan belajar tetap disimpan.",
                        title=course.title), "success")
    else:
        flash(_("Permintaan tidak lengkap. Coba lagi."), "error")
    return redirect(url_for("course_staff.facility_courses"))


@bp.route("/pengajar/kursus")
@allow(INSTRUCTOR)
def instructor_courses():
    """The courses the instructor's facility offers."""
    return render_template("courses/instructor_courses.html",
                           courses=services.enabled_courses(current_user.facility_id),
                           lesson_counts=_lesson_counts())


@bp.route("/pengajar/kursus/<slug>")
@allow(INSTRUCTOR)
def instructor_course(slug: str):
    """A course's lessons, each with a preview link."""
    course = course_or_404(slug)
    lessons = services.active_lessons([course.id], with_details=True)[course.id]
    return render_template("courses/instructor_course.html", course=course, lessons=lessons,
                           introduction=outline.introduction_html(course))


@bp.route("/pengajar/kursus/<slug>/<lesson_slug>")
@allow(INSTRUCTOR)
def preview(slug: str, lesson_slug: str):
    """A lesson exactly as a learner sees it, read-only; no progress or time is recorded."""
    course = course_or_404(slug)
    lesson = lesson_or_404(course, lesson_slug)
    previous, following = services.neighbours(lesson)
    return render_template(
        "courses/lesson.html", course=course, lesson=lesson, body=outline.body_html(course, lesson),
        entry=outline.outline(course).entry(lesson.id),
        status=None, previous=previous, following=following, preview=True, form=None,
    )


@files.route("/kursus/<slug>/berkas/<path:image_path>")
def image(slug: str, image_path: str):
    """An image from a course folder, for learners and instructors of a facility offering it."""
    course = course_or_404(slug)
    if ".." in image_path.split("/"):
        abort(404)
    return send_course_image(course, image_path)
