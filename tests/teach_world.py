"""The instructor-workspace part of the test world (issue 4): records of the first facility for
the route walk. learner2 has an individual assignment of the test course, a task submission
waiting for a grade, and a finished attempt at tests/data/teaching/uji-esai with an essay answer
waiting for review (that course is imported but offered nowhere). class_a has one attendance
session today."""
from __future__ import annotations

from datetime import time, timedelta
from pathlib import Path

TEACHING_COURSE = Path(__file__).parent / "data" / "teaching" / "uji-esai"


def add_teaching(world) -> None:
    """Add world.assignment, world.session, world.submission and world.essay_answer."""
    from training.courses import importer, quiz, services
    from training.teaching.assignments import create_assignment, local_today
    from training.teaching.attendance import open_session
    from training.courses.models import Course, Lesson
    from training.extensions import db

    today = local_today()
    world.assignment = create_assignment(world.instructor, world.course, learner=world.learner2,
                                         opens_on=today - timedelta(days=1), due_on=today + timedelta(days=7))
    world.session, _created = open_session(world.instructor, world.class_a, held_on=today, starts_at=time(8, 0),
                                           planned_minutes=120)
    world.submission = services.submit_task(world.learner2, world.lesson.task, "Bahan Rp10.000, tenaga Rp5.000.")

    courses, problems = importer.check(TEACHING_COURSE)
    assert not problems, problems
    importer.import_courses(courses)
    course = db.session.scalar(db.select(Course).where(Course.slug == "uji-esai"))
    lesson = db.session.scalar(db.select(Lesson).where(Lesson.course_id == course.id))
    attempt = quiz.start_attempt(world.learner2, lesson)
    answers = {}
    for question in lesson.questions:
        kind = question.current.data["type"]
        raw = "1" if kind == "single" else "Laba adalah uang masuk dikurangi semua biaya, misalnya jual roti."
        answers[kind] = quiz.answer_question(attempt, question, raw).answer
    assert attempt.is_finished
    world.essay_answer = answers["essay"]
