"""Quiz pages: start or continue an attempt, one question per page (or all on one page), each
answer saved as soon as it is sent, feedback after each answer, and the result page."""
from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, request, url_for
from flask_login import current_user
from sqlalchemy.exc import IntegrityError

from training.access import LEARNER, attempt_or_404, course_or_404, lesson_or_404, restrict_blueprint
from training.courses import quiz as quizzes
from training.courses.display import answer_text, correct_text, matching_options, part_html, question_html
from training.courses.questions.description import is_description
from training.courses.render import part_text
from training.courses.forms import EmptyForm
from training.courses.services import CourseError, neighbours, start_lesson
from training.courses.time_on_task import commit_noted, note_time, render_and_commit
from training.extensions import commit_and_keep_loaded, db
from training.page_cache import keeps_page

bp = Blueprint("quiz", __name__, url_prefix="/belajar")
restrict_blueprint(bp, LEARNER)


@bp.context_processor
def _helpers():
    return {"answer_text": answer_text, "correct_text": correct_text, "matching_options": matching_options,
            "part": part_html, "part_text": part_text}


@bp.route("/kursus/<slug>/<lesson_slug>/kuis", methods=["GET", "POST"])
def start(slug: str, lesson_slug: str):
    """GET: the quiz's rules and past attempts. POST: start (or continue) an attempt."""
    course = course_or_404(slug)
    lesson = lesson_or_404(course, lesson_slug)
    if not lesson.has_quiz:
        abort(404)
    form = EmptyForm()
    if request.method == "POST" and form.validate_on_submit():
        try:
            attempt = _start_once(lesson)
        except CourseError as error:
            flash(str(error), "error")
            return redirect(url_for("quiz.start", slug=slug, lesson_slug=lesson_slug))
        return redirect(url_for("quiz.question", attempt_id=attempt.id, number=_first_open(attempt)))
    start_lesson(current_user, lesson)
    note_time(lesson)
    made = quizzes.attempts(current_user, lesson)
    return render_and_commit(
        "courses/quiz_start.html", course=course, lesson=lesson, attempts=made, form=form,
        left=quizzes.attempts_left(lesson, made), counted=quizzes.counted_attempt(lesson, made),
        current=next((a for a in made if not a.is_finished), None),
    )


def _start_once(lesson):
    """Start (or continue) an attempt and commit; several clicks at once get the same attempt.

    Two requests can both see no open attempt and both insert number N; the database's unique
    key refuses the second, which then rolls back and continues the attempt the first one made.
    """
    try:
        attempt = quizzes.start_attempt(current_user, lesson)
        commit_and_keep_loaded()
    except IntegrityError:
        db.session.rollback()
        attempt = quizzes.start_attempt(current_user, lesson)
        commit_and_keep_loaded()
    return attempt


def _first_open(attempt) -> int:
    saved = quizzes.answers_by_question(attempt)
    for number, question in enumerate(quizzes.attempt_questions(attempt, saved), start=1):
        if question.id not in saved:
            return number
    return 1


def _raw_answer(data: dict, number: int):
    """The answer as the form sent it, by question type (names carry the question number)."""
    name = f"jawaban-{number}"
    if data["type"] == "multiple":
        return request.form.getlist(name)
    if data["type"] == "matching":
        lefts = [p["left"] for p in data["pairs"] if (p.get("left") or "").strip()]
        return {left: request.form.get(f"{name}-{index}", "") for index, left in enumerate(lefts)
                if request.form.get(f"{name}-{index}")}
    return request.form.get(name, "")


def _question_url(attempt_id: int, number: int, all_view: bool) -> str:
    """Back to a question: on its own page, or at its place on the all-questions page."""
    if all_view:
        return url_for("quiz.all_questions", attempt_id=attempt_id) + f"#soal-{number}"
    return url_for("quiz.question", attempt_id=attempt_id, number=number)


def _html(course):
    """The templates' ``html(data, key)``: a question's text or explanation as safe HTML."""
    return lambda data, key="text": question_html(course, data, key)


def _item(attempt, number: int):
    items = quizzes.review(attempt)
    if not 1 <= number <= len(items):
        abort(404)
    return items, items[number - 1]


@bp.route("/kuis/<int:attempt_id>/soal/<int:number>", methods=["GET", "POST"])
@keeps_page(notes_time=True)
def question(attempt_id: int, number: int):
    """One question. POST saves the answer at once and shows its feedback on the same page."""
    attempt = attempt_or_404(attempt_id)
    items, item = _item(attempt, number)
    lesson = attempt.lesson
    all_view = request.values.get("tampilan") == "semua"
    typed, message = None, None
    if request.method == "POST":
        if attempt.is_finished:
            return redirect(url_for("quiz.result", attempt_id=attempt.id))
        raw = _raw_answer(item.version_data, number)
        try:
            outcome = quizzes.answer_question(attempt, item.question, raw, items)
        except IntegrityError:
            # A double click sent the same answer twice; the first one is saved, so show it.
            db.session.rollback()
            return redirect(url_for("quiz.question", attempt_id=attempt.id, number=number))
        if outcome.answer is not None:
            note_time(lesson)
            commit_noted()
            return redirect(_question_url(attempt_id, number, all_view))  # the id: no reload after the commit
        db.session.rollback()
        if not (isinstance(raw, str) and raw.strip()):
            flash(outcome.message, "error")
            return redirect(_question_url(attempt_id, number, all_view))
        # Typed but unreadable: show the page again with what was typed and why it can't count.
        typed, message = raw, outcome.message
        attempt = attempt_or_404(attempt_id)
        items, item = _item(attempt, number)
    else:
        note_time(lesson)
    return render_and_commit(
        "courses/quiz_question.html", attempt=attempt, lesson=lesson, course=lesson.course, items=items,
        item=item, number=number, typed=typed, message=message, form=EmptyForm(), html=_html(lesson.course),
    )


@bp.route("/kuis/<int:attempt_id>/semua")
@keeps_page(notes_time=True)
def all_questions(attempt_id: int):
    """Every question of the attempt on one page; each still has its own Save button."""
    attempt = attempt_or_404(attempt_id)
    lesson = attempt.lesson
    note_time(lesson)
    return render_and_commit(
        "courses/quiz_all.html", attempt=attempt, lesson=lesson, course=lesson.course,
        items=quizzes.review(attempt), form=EmptyForm(), html=_html(lesson.course),
    )


@bp.route("/kuis/<int:attempt_id>/selesai", methods=["POST"])
def finish(attempt_id: int):
    """Finish now: questions not answered count as wrong."""
    attempt = attempt_or_404(attempt_id)
    if EmptyForm().validate_on_submit():
        quizzes.finish_attempt(attempt)
        db.session.commit()
    return redirect(url_for("quiz.result", attempt_id=attempt.id))


@bp.route("/kuis/<int:attempt_id>/hasil")
def result(attempt_id: int):
    """The score, pass or not, and the questions to look at again."""
    attempt = attempt_or_404(attempt_id)
    lesson = attempt.lesson
    made = quizzes.attempts(current_user, lesson)
    _previous, following = neighbours(lesson)
    items = quizzes.review(attempt)
    return render_and_commit(  # may store figures drawn for a question added since the start
        "courses/quiz_result.html", attempt=attempt, lesson=lesson, course=lesson.course, items=items,
        to_review=[i for i in items if not is_description(i.version_data)
                   and (i.answer is None or i.answer.correct is False)], counted=quizzes.counted_attempt(lesson, made),
        left=quizzes.attempts_left(lesson, made), following=following, form=EmptyForm(),
        html=_html(lesson.course),
    )
