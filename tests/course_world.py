"""The course part of the test world: a small course imported from tests/data, offered in the
first facility, with an open quiz attempt by the first learner."""
from __future__ import annotations

from pathlib import Path

TEST_COURSES = Path(__file__).parent / "data" / "courses"
TEST_COURSE = TEST_COURSES / "uji-coba"


def add_courses(world) -> None:
    """Import tests/data/courses/uji-coba, offer it in world.lapas, start world.learner's attempt."""
    from training.courses import importer, quiz, services
    from training.courses.models import Course, Lesson
    from training.extensions import db

    courses, problems = importer.check(TEST_COURSE)
    assert not problems, problems
    importer.import_courses(courses)
    course = db.session.scalar(db.select(Course).where(Course.slug == "uji-coba"))
    services.set_enabled(world.lapas, course, True, actor=world.admin)
    lesson = db.session.scalar(db.select(Lesson).where(Lesson.course_id == course.id, Lesson.slug == "uang"))
    world.course, world.lesson = course, lesson
    world.attempt = quiz.start_attempt(world.learner, lesson)
