"""Grading pages: the queue of work waiting (oldest first), grading a practical task or an essay
answer with its rubric, and the learner's page showing a grade with the rubric and feedback.

A save carries the grade version the form was loaded at. When another instructor saved in
between, nothing is written: the page shows the current grade and asks again.
"""
from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import joinedload
from sqlalchemy.orm.exc import StaleDataError

from training.access import (
    INSTRUCTOR,
    LEARNER,
    course_or_404,
    essay_answer_or_404,
    lesson_or_404,
    restrict_blueprint,
    submission_or_404,
)
from training.accounts.models import User
from training.teaching import assignments as assigning
from training.teaching import grading
from training.inputs import whole_number
from training.courses.display import lesson_html
from training.teaching.forms import GradeForm
from training.courses.models import QuizAttempt, Task, TaskSubmission
from training.teaching.models import Grading
from training.extensions import db, gettext as _

bp = Blueprint("grading", __name__, url_prefix="/pengajar/penilaian")
restrict_blueprint(bp, INSTRUCTOR)

mine = Blueprint("my_grades", __name__, url_prefix="/belajar")
restrict_blueprint(mine, LEARNER)


@bp.route("")
def queue():
    """Essays and practical tasks waiting for a grade, oldest first, and the latest grades."""
    return render_template("teaching/grading_queue.html", items=grading.queue(current_user),
                           recent=grading.recently_graded(current_user.facility_id))


def _chosen(rubric: list[dict]) -> list[int | None]:
    """The level index picked for each criterion (None where nothing was picked)."""
    chosen = []
    for index, criterion in enumerate(rubric):
        raw = request.form.get(f"tingkat-{index}", "")
        chosen.append(whole_number(raw, len(str(len(criterion["levels"])))))
    return chosen


def _grade_page(*, kind: str, rubric: list[dict], learner: User, load_current, save, template_args: dict):
    """GET shows the rubric (with the saved grade picked); POST saves or explains why not.

    A POST that is not saved shows the levels and words as the instructor left them.
    """
    current = load_current()
    form = GradeForm()
    conflict = None
    if request.method == "GET":
        chosen = [item["level"] for item in current.levels] if current is not None else [None] * len(rubric)
        form.version.data = str(current.version if current is not None else 0)
        form.feedback.data = current.feedback if current is not None else ""
    else:
        chosen = _chosen(rubric)
    if form.validate_on_submit():
        try:
            loaded = int(form.version.data or 0)
        except ValueError:
            loaded = -1
        try:
            save(chosen, loaded, form)
            db.session.commit()
        except grading.GradingError as error:
            db.session.rollback()
            form.reason.errors = list(form.reason.errors) + [str(error)]
        except grading.GradeConflict:
            db.session.rollback()
            conflict = load_current()
        except (StaleDataError, IntegrityError):  # the other save won the race by a hair
            db.session.rollback()
            conflict = load_current()
        else:
            flash(_("Nilai untuk %(name)s tersimpan.", name=learner.full_name), "success")
            return redirect(url_for("grading.queue"))
        if conflict is not None:
            form.version.data = str(conflict.version)
            current = conflict
    return render_template(f"teaching/grade_{kind}.html", form=form, rubric=rubric, chosen=chosen,
                           current=current, conflict=conflict, learner=learner, **template_args)


@bp.route("/tugas/<int:submission_id>", methods=["GET", "POST"])
def grade_task(submission_id: int):
    """Grade a practical task with its rubric, or send it back as "perlu diperbaiki"."""
    submission = submission_or_404(submission_id)
    learner = db.session.get(User, submission.learner_id)
    task = submission.task

    def save(chosen, loaded, form):
        grading.grade_submission(current_user, submission, chosen, feedback=form.feedback.data,
                                 status=request.form.get("status", ""), loaded_version=loaded,
                                 reason=form.reason.data)

    return _grade_page(
        kind="task", rubric=grading.submission_rubric(submission), learner=learner,
        load_current=lambda: _fresh(grading.grading_of_submission(submission)), save=save,
        template_args={"submission": submission, "task": task,
                       "instructions": lesson_html(task.course, task.instructions, with_glossary=False)},
    )


@bp.route("/esai/<int:answer_id>", methods=["GET", "POST"])
def grade_essay(answer_id: int):
    """Grade an essay answer with its rubric; the quiz attempt's score is updated."""
    answer = essay_answer_or_404(answer_id)
    attempt = db.session.get(QuizAttempt, answer.attempt_id)
    learner = db.session.get(User, attempt.learner_id)

    def save(chosen, loaded, form):
        grading.grade_essay(current_user, answer, chosen, feedback=form.feedback.data, loaded_version=loaded,
                            reason=form.reason.data)

    return _grade_page(
        kind="essay", rubric=grading.answer_rubric(answer), learner=learner,
        load_current=lambda: _fresh(grading.grading_of_answer(answer)), save=save,
        template_args={"answer": answer, "attempt": attempt, "question": answer.version.data},
    )


def _fresh(row):
    """The row as the database has it now (another request may have changed it)."""
    if row is not None:
        db.session.refresh(row)
    return row


def learner_home_blocks(learner) -> dict:
    """The learner's home-page blocks from teaching: assigned work with due dates
    (``assignments.assigned_work``) and graded tasks; registered with ``courses.services.add_home_block``."""
    return {"assigned_work": assigning.assigned_work(learner), "graded_tasks": graded_tasks(learner)}


def graded_tasks(learner):
    """For the learner's home: the newest graded submission of each task, newest first."""
    latest = {}
    for submission in db.session.scalars(
        db.select(TaskSubmission).join(Grading, Grading.submission_id == TaskSubmission.id)
        .options(joinedload(TaskSubmission.task).joinedload(Task.course),
                 joinedload(TaskSubmission.task).joinedload(Task.lesson))
        .where(TaskSubmission.learner_id == learner.id).order_by(Grading.graded_dt.desc())
    ):
        latest.setdefault(submission.task_id, submission)
    return list(latest.values())


@mine.route("/kursus/<slug>/<lesson_slug>/tugas/nilai")
def task_grade(slug: str, lesson_slug: str):
    """The learner's own graded task: points, the rubric with the chosen levels, the feedback.

    Shows the newest graded (or sent back) submission of the lesson's task.
    """
    course = course_or_404(slug)
    lesson = lesson_or_404(course, lesson_slug)
    task = lesson.task
    if task is None:
        abort(404)
    row = db.session.execute(
        db.select(TaskSubmission, Grading).join(Grading, Grading.submission_id == TaskSubmission.id)
        .where(TaskSubmission.learner_id == current_user.id, TaskSubmission.task_id == task.id)
        .order_by(TaskSubmission.id.desc()).limit(1)
    ).first()
    submission, grade = row if row is not None else (None, None)
    return render_template("teaching/my_grade.html", submission=submission, task=task, grade=grade)
