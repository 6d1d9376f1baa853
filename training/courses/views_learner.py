"""The learner's course pages: a course, its lessons, marking a lesson read, practical tasks.

Time on task: each lesson or quiz page view credits the time since the learner's previous
course page view to the lesson that was open then, capped per gap (services.MAX_GAP_SECONDS).
The open lesson and the time are kept in the signed session, so it works with several app
servers and costs no extra write on pages that are not lessons.
"""
from __future__ import annotations

from datetime import UTC

from flask import Blueprint, abort, flash, redirect, render_template, session, url_for
from flask_babel import gettext as _
from flask_login import current_user

from training.access import LEARNER, course_or_404, lesson_or_404, restrict_blueprint
from training.clock import now_utc
from training.courses import services
from training.courses.display import lesson_html
from training.courses.forms import EmptyForm, TaskForm
from training.courses.services import CourseError
from training.extensions import db

bp = Blueprint("learn", __name__, url_prefix="/belajar")
restrict_blueprint(bp, LEARNER)

TICK_KEY = "lesson_tick"


def _seconds_now() -> float:
    return now_utc().replace(tzinfo=UTC).timestamp()


def note_time(lesson=None) -> None:
    """Credit the time since the last course page to the lesson that was open; remember this one."""
    now = _seconds_now()
    tick = session.get(TICK_KEY)
    if isinstance(tick, list) and len(tick) == 2:
        services.add_time(current_user, int(tick[0]), now - float(tick[1]))
    if lesson is None:
        session.pop(TICK_KEY, None)
    else:
        session[TICK_KEY] = [lesson.id, int(now)]


def render_and_commit(template: str, **context) -> str:
    """Render a page, then commit what viewing it recorded (progress, time on task).

    Committing first would expire every loaded object and reload each one while rendering.
    """
    page = render_template(template, **context)
    db.session.commit()
    return page


@bp.route("/kursus/<slug>")
def course(slug: str):
    """A course: its introduction and every lesson with done / in progress / not started."""
    course = course_or_404(slug)
    note_time(None)
    progress = services.course_progress(current_user, course, with_details=True)
    return render_and_commit("courses/course.html", course=course, progress=progress,
                             introduction=lesson_html(course, course.introduction, with_glossary=False))


@bp.route("/kursus/<slug>/<lesson_slug>")
def lesson(slug: str, lesson_slug: str):
    """A lesson to read, with the glossary in place, read-aloud, previous and next."""
    course = course_or_404(slug)
    lesson = lesson_or_404(course, lesson_slug)
    row = services.start_lesson(current_user, lesson)
    note_time(lesson)
    previous, following = services.neighbours(lesson)
    return render_and_commit(
        "courses/lesson.html", course=course, lesson=lesson, body=lesson_html(course, lesson.body),
        status=row.status, previous=previous, following=following, preview=False, form=EmptyForm(),
    )


@bp.route("/kursus/<slug>/<lesson_slug>/selesai", methods=["POST"])
def lesson_done(slug: str, lesson_slug: str):
    """The learner finished reading a lesson without a quiz; go on to the next one."""
    course = course_or_404(slug)
    lesson = lesson_or_404(course, lesson_slug)
    form = EmptyForm()
    if not form.validate_on_submit():
        return redirect(url_for("learn.lesson", slug=slug, lesson_slug=lesson_slug))
    try:
        services.mark_read(current_user, lesson)
    except CourseError as error:
        flash(str(error), "info")
        return redirect(url_for("quiz.start", slug=slug, lesson_slug=lesson_slug))
    note_time(None)
    db.session.commit()
    flash(_("Bagus! Pelajaran \"%(title)s\" selesai.", title=lesson.title), "success")
    _previous, following = services.neighbours(lesson)
    if following is not None:
        return redirect(url_for("learn.lesson", slug=slug, lesson_slug=following.slug))
    return redirect(url_for("learn.course", slug=slug))


@bp.route("/kursus/<slug>/<lesson_slug>/tugas", methods=["GET", "POST"])
def task(slug: str, lesson_slug: str):
    """A practical task: instructions, the rubric, and a box to hand in (again, until graded)."""
    course = course_or_404(slug)
    lesson = lesson_or_404(course, lesson_slug)
    task = lesson.task
    if task is None:
        abort(404)
    submission = services.latest_submission(current_user, task)
    form = TaskForm()
    if form.validate_on_submit():
        try:
            services.submit_task(current_user, task, form.text.data)
        except CourseError as error:
            form.text.errors = list(form.text.errors) + [str(error)]
            if submission is not None and submission.status == "graded":
                flash(str(error), "error")  # the page shows no form (and so no field error) now
        else:
            note_time(lesson)
            db.session.commit()
            flash(_("Tugas Anda tersimpan. Pengajar akan menilainya."), "success")
            return redirect(url_for("learn.task", slug=slug, lesson_slug=lesson_slug))
    elif not form.is_submitted() and submission is not None:
        form.text.data = submission.text
    return render_template(
        "courses/task.html", course=course, lesson=lesson, task=task, submission=submission, form=form,
        instructions=lesson_html(course, task.instructions, with_glossary=False),
    )
