"""The course outline each worker keeps (training.courses.outline) follows every import at once:
a learner never sees a lesson's old neighbours, task or text after the course was imported again."""
from __future__ import annotations

import shutil
from pathlib import Path

from tests.conftest import sign_in
from tests.course_world import TEST_COURSE
from training.courses import importer
from training.extensions import db


def _import(app, folder: Path) -> None:
    with app.app_context():
        courses, problems = importer.check(folder)
        assert not problems, problems
        importer.import_courses(courses)
        db.session.commit()


def test_a_reimported_course_shows_its_new_titles_and_text_on_the_next_page(app, world, tmp_path):
    copy = tmp_path / "uji-coba"
    shutil.copytree(TEST_COURSE, copy)
    client = app.test_client()
    sign_in(client, world.learner.reg_number)
    url = f"/belajar/kursus/{world.course.slug}/{world.lesson.slug}"
    before = client.get(url).get_data(as_text=True)
    client.get(f"/belajar/kursus/{world.course.slug}")  # the introduction, rendered and kept
    assert "Bacaan saja" in before  # the next lesson's title, from the outline

    second = copy / "02-baca.md"
    second.write_text(second.read_text().replace("title: Bacaan saja", "title: Bacaan baru"))
    course_md = copy / "course.md"
    course_md.write_text(course_md.read_text() + "\nPengantar baru sesudah impor ulang.\n")
    first = copy / "01-uang.md"
    first.write_text(first.read_text() + "\nKalimat tambahan sesudah impor ulang.\n")
    _import(app, copy)

    after = client.get(url).get_data(as_text=True)
    assert "Bacaan baru" in after and "Bacaan saja" not in after
    assert "Kalimat tambahan sesudah impor ulang." in after
    assert "Pengantar baru sesudah impor ulang." in client.get(f"/belajar/kursus/{world.course.slug}").get_data(as_text=True)


def test_the_lesson_page_shows_its_question_count_task_and_neighbours_from_the_outline(app, world):
    from training.courses.models import Lesson, Question, Task

    with app.app_context():
        questions = db.session.scalar(db.select(db.func.count(Question.id)).where(
            Question.lesson_id == world.lesson.id, Question.is_active.is_(True)))
        task_title = db.session.scalar(db.select(Task.title).where(Task.lesson_id == world.lesson.id))
        second = db.session.scalar(db.select(Lesson).where(Lesson.course_id == world.course.id, Lesson.position == 2))
        second_title, second_slug = second.title, second.slug
    client = app.test_client()
    sign_in(client, world.learner.reg_number)
    html = client.get(f"/belajar/kursus/{world.course.slug}/{world.lesson.slug}").get_data(as_text=True)
    assert questions > 0 and f"Jawab {questions} soal" in html
    assert task_title and f"Tugas praktik: {task_title}" in html
    assert f'href="/belajar/kursus/{world.course.slug}/{second_slug}" rel="next"' in html and second_title in html


def test_a_reimported_question_shows_its_new_text_on_the_next_quiz_page(app, world, tmp_path):
    """The quiz questions each worker keeps (training.courses.quiz's catalogue) follow an import at
    once: an unanswered question of an open attempt shows, and grades, its newest version."""
    from tests.conftest import post_form

    copy = tmp_path / "uji-coba"
    shutil.copytree(TEST_COURSE, copy)
    _import(app, copy)  # the copy takes over the course (same content: unchanged)
    client = app.test_client()
    sign_in(client, world.learner.reg_number)
    url = f"/belajar/kuis/{world.attempt.id}/soal/1"
    assert "Berapa HPP satu roti?" in client.get(url).get_data(as_text=True)  # read, and kept by the worker

    lesson_file = copy / "01-uang.md"
    lesson_file.write_text(lesson_file.read_text().replace("Berapa HPP satu roti?", "Berapa HPP sebuah roti tawar?"))
    _import(app, copy)

    html = client.get(url).get_data(as_text=True)
    assert "Berapa HPP sebuah roti tawar?" in html and "Berapa HPP satu roti?" not in html
    post_form(client, url, {"jawaban-1": "12.500"})
    with app.app_context():
        from training.courses.models import AttemptAnswer, QuestionVersion

        answer = db.session.scalar(db.select(AttemptAnswer).where(AttemptAnswer.attempt_id == world.attempt.id))
        version = db.session.get(QuestionVersion, answer.question_version_id)
        assert version.number == 2 and "roti tawar" in version.data["text"]  # graded against the new version
        assert answer.correct is True
