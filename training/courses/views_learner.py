"""The learner's course pages: a course, its lessons, marking a lesson read, practical tasks.

Each lesson or quiz page notes the time on task (training/courses/time_on_task.py) and writes it
after the page has rendered.
"""
from __future__ import annotations

from pathlib import Path

from flask import (
    Blueprint, abort, current_app, flash, jsonify, redirect, render_template, request, send_file, url_for,
)
from flask_babel import format_time
from flask_login import current_user
from sqlalchemy.exc import IntegrityError

from training.access import LEARNER, course_or_404, lesson_or_404, restrict_blueprint
from training.courses import audio, outline, services
from training.courses.audio import speakable_text
from training.courses.display import lesson_html
from training.courses.forms import DraftForm, EmptyForm, TaskForm
from training.courses.services import CourseError
from training.extensions import db, gettext as _
from training.courses.time_on_task import commit_noted, note_time, render_and_commit
from training.page_cache import keeps_page, open_lesson

bp = Blueprint("learn", __name__, url_prefix="/belajar")
restrict_blueprint(bp, LEARNER)


@bp.route("/kursus/<slug>")
@keeps_page()
def course(slug: str):
    """A course: its introduction and every lesson with done / in progress / not started."""
    course = course_or_404(slug)
    note_time(None)
    progress = services.course_progress(current_user, course, with_details=True)
    return render_and_commit("courses/course.html", course=course, progress=progress,
                             introduction=outline.introduction_html(course))


@bp.route("/kursus/<slug>/<lesson_slug>")
@keeps_page(notes_time=True)
def lesson(slug: str, lesson_slug: str):
    """A lesson to read, with the glossary in place, read-aloud, previous and next."""
    course = course_or_404(slug)
    lesson = lesson_or_404(course, lesson_slug)
    row = services.start_lesson(current_user, lesson, reopened=open_lesson() == lesson.id)
    note_time(lesson)
    previous, following = services.neighbours(lesson)
    return render_and_commit(
        "courses/lesson.html", course=course, lesson=lesson, body=outline.body_html(course, lesson),
        entry=outline.outline(course).entry(lesson.id),
        status=row.status, previous=previous, following=following, preview=False, form=EmptyForm(),
        audio_url=url_for("learn.lesson_audio", slug=slug, lesson_slug=lesson_slug)
        if audio.espeak_available() else None,
    )


@bp.route("/kursus/<slug>/<lesson_slug>/suara.wav")
def lesson_audio(slug: str, lesson_slug: str):
    """The lesson read aloud by espeak-ng (courses.audio), for PCs without an Indonesian voice."""
    course = course_or_404(slug)
    lesson = lesson_or_404(course, lesson_slug)
    text = speakable_text(str(outline.body_html(course, lesson)))
    try:
        path = audio.lesson_audio(Path(current_app.instance_path) / "audio", course.slug, lesson.slug, text,
                                  course.language)
    except audio.AudioUnavailable as error:
        current_app.logger.warning("lesson audio for %s/%s: %s", slug, lesson_slug, error)
        abort(503)
    return send_file(path, mimetype="audio/wav", conditional=True)


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
    commit_noted()
    flash(_("Bagus! Pelajaran \"%(title)s\" selesai.", title=lesson.title), "success")
    _previous, following = services.neighbours(lesson)
    if following is not None:
        return redirect(url_for("learn.lesson", slug=slug, lesson_slug=following.slug))
    return redirect(url_for("learn.course", slug=slug))


def _task_or_404(slug: str, lesson_slug: str):
    course = course_or_404(slug)
    lesson = lesson_or_404(course, lesson_slug)
    if lesson.task is None:
        abort(404)
    return course, lesson, lesson.task


def _task_page(course, lesson, task, submission, form):
    return render_template(
        "courses/task.html", course=course, lesson=lesson, task=task, submission=submission, form=form,
        draft=services.task_draft(current_user, task),
        instructions=lesson_html(course, task.instructions, with_glossary=False),
    )


@bp.route("/kursus/<slug>/<lesson_slug>/tugas", methods=["GET", "POST"])
def task(slug: str, lesson_slug: str):
    """A practical task: instructions, the rubric, and a box to hand in (again, until graded).

    The box starts with the saved draft when it is newer than the last hand-in, so work saved
    before a session ended comes back after signing in again.
    """
    course, lesson, task = _task_or_404(slug, lesson_slug)
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
            commit_noted()
            flash(_("Tugas Anda tersimpan. Pengajar akan menilainya."), "success")
            return redirect(url_for("learn.task", slug=slug, lesson_slug=lesson_slug))
    elif not form.is_submitted():
        draft = services.task_draft(current_user, task)
        if draft is not None and (submission is None or draft.saved_dt >= submission.updated_dt):
            form.text.data = draft.text
        elif submission is not None:
            form.text.data = submission.text
    return _task_page(course, lesson, task, submission, form)


@bp.route("/kursus/<slug>/<lesson_slug>/tugas/draf", methods=["POST"])
def task_draft(slug: str, lesson_slug: str):
    """Save the task's text as a draft: the "Simpan draf" button, or the page's autosave.

    The autosave (static/js/app.js) sends ``X-Requested-With: fetch`` and gets JSON back; the
    button gets the task page again, with what was typed.
    """
    course, lesson, task = _task_or_404(slug, lesson_slug)
    by_script = request.headers.get("X-Requested-With") == "fetch"
    form = DraftForm()
    error = None
    if form.validate_on_submit():
        try:
            try:
                draft = services.save_draft(current_user, task, form.text.data)
                db.session.commit()
            except IntegrityError:  # two saves at once: the other one made the row
                db.session.rollback()
                draft = services.save_draft(current_user, task, form.text.data)
                db.session.commit()
        except CourseError as problem:
            db.session.rollback()
            error = str(problem)
    else:
        error = next(iter(form.text.errors), None) or _("Draf tidak tersimpan. Muat ulang halaman lalu coba lagi.")
    if by_script:
        if error:
            return jsonify(error=error), 400
        return jsonify(saved=_("Draf tersimpan otomatis pukul %(time)s.", time=_clock(draft.saved_dt)))
    if error:
        task_form = TaskForm(formdata=None, text=form.text.data)
        task_form.text.errors = [error]
        return _task_page(course, lesson, task, services.latest_submission(current_user, task), task_form), 400
    flash(_("Draf tersimpan. Tugas belum dikirim ke pengajar."), "success")
    return redirect(url_for("learn.task", slug=slug, lesson_slug=lesson_slug))


def _clock(moment) -> str:
    """A stored UTC time as the facility's clock time, as the datetime filter shows it."""
    return format_time(moment, "HH:mm")
