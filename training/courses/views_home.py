"""The learner's home page ("Tugas saya", ``/belajar``): their classes, their courses with progress
and one button to go on."""
from __future__ import annotations

from dataclasses import dataclass

from flask import url_for
from flask_login import current_user

from training.accounts.models import ClassLearner, TrainingClass
from training.courses import services
from training.courses.models import Course, Lesson
from training.courses.time_on_task import note_time, render_and_commit
from training.courses.views_learner import bp
from training.extensions import db
from training.page_cache import keeps_page


@dataclass
class Resume:
    """Where the big button goes: "Lanjutkan" once a lesson was opened, "Mulai" before that."""

    course: Course
    lesson: Lesson
    url: str
    started: bool = True


def resume_point(progresses: list[services.CourseProgress]) -> Resume | None:
    """The lesson the learner was last on (or the first lesson of their first course)."""
    open_courses = [p for p in progresses if p.next_lesson is not None]
    if not open_courses:
        return None
    seen = [p for p in open_courses if p.last_seen_dt is not None]
    chosen = max(seen, key=lambda p: p.last_seen_dt) if seen else open_courses[0]
    lesson = chosen.next_lesson
    attempt = services.open_attempt(current_user, lesson) if lesson.has_quiz else None
    if attempt is not None:
        url = url_for("quiz.start", slug=chosen.course.slug, lesson_slug=lesson.slug)
    else:
        url = url_for("learn.lesson", slug=chosen.course.slug, lesson_slug=lesson.slug)
    return Resume(chosen.course, lesson, url, started=bool(seen))


@bp.route("")
@keeps_page()
def home():
    """A learner's home, "Tugas saya": their courses with progress and one button to go on."""
    classes = db.session.scalars(
        db.select(TrainingClass)
        .join(ClassLearner, ClassLearner.class_id == TrainingClass.id)
        .where(ClassLearner.user_id == current_user.id)
        .order_by(TrainingClass.name)
    ).all()
    note_time(None)
    progresses = services.courses_progress(current_user, services.visible_courses(current_user))
    return render_and_commit("home/learner.html", classes=classes, courses=progresses,
                             resume=resume_point(progresses), **services.home_blocks(current_user))
