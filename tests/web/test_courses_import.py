"""Course import: shipped courses are valid, re-imports keep learners' work, broken files change nothing."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.course_world import TEST_COURSE
from training.courses import importer, quiz, services
from training.courses.content import load_tree
from training.courses.models import AttemptAnswer, Course, Lesson, LessonProgress, Question, QuestionVersion
from training.extensions import db

SHIPPED = Path(__file__).resolve().parents[2] / "content" / "courses"


def test_every_shipped_course_passes_validation():
    courses, problems = load_tree(SHIPPED)
    assert [str(p) for p in problems] == []
    assert {c.slug for c in courses} >= {"manajemen-usaha", "pemasaran", "persaingan"}


def test_shipped_courses_import_and_a_second_import_changes_nothing(app_ctx):
    courses, _problems = importer.check(SHIPPED)
    first = importer.import_courses(courses)
    db.session.commit()
    assert {r.outcome for r in first} == {"created"}
    versions = db.session.scalar(db.select(db.func.count()).select_from(QuestionVersion))
    again = importer.import_courses(importer.check(SHIPPED)[0])
    db.session.commit()
    assert {r.outcome for r in again} == {"unchanged"}
    assert db.session.scalar(db.select(db.func.count()).select_from(QuestionVersion)) == versions


@pytest.fixture
def course_copy(tmp_path) -> Path:
    """A copy of the test course that a test may edit."""
    target = tmp_path / "uji-coba"
    shutil.copytree(TEST_COURSE, target)
    return target


def _import(path: Path) -> list[importer.ImportReport]:
    courses, problems = importer.check(path)
    assert not problems, problems
    reports = importer.import_courses(courses)
    db.session.commit()
    return reports


def _lesson(slug: str) -> Lesson:
    return db.session.scalar(db.select(Lesson).where(Lesson.slug == slug))


def test_reimport_of_a_changed_course_keeps_progress_and_past_answers(app, world, course_copy):
    with app.app_context():
        from training.accounts.models import User

        learner = db.session.get(User, world.learner.id)
        _import(course_copy)  # the copy takes over the slug (same content: unchanged)
        lesson = _lesson("uang")
        attempt = quiz.start_attempt(learner, lesson)
        hpp = next(q for q in lesson.questions if q.key == "hpp-roti")
        quiz.answer_question(attempt, hpp, "Rp 12.500")
        services.complete_lesson(learner, _lesson("baca"))
        db.session.commit()
        old_version_id = attempt.answers[0].question_version_id if attempt.answers else None

        lesson_file = course_copy / "01-uang.md"
        lesson_file.write_text(lesson_file.read_text().replace("Biaya satu adonan", "Biaya satu adonan roti"))
        (course_copy / "02-baca.md").unlink()
        reports = _import(course_copy)
        assert reports[0].outcome == "updated"
        assert reports[0].new_versions == 1
        assert reports[0].retired == ["baca"]

        db.session.expire_all()
        hpp = db.session.scalar(db.select(Question).where(Question.key == "hpp-roti"))
        assert [v.number for v in hpp.versions] == [1, 2]
        assert "adonan roti" in hpp.current.data["text"]
        answer = db.session.scalar(db.select(AttemptAnswer).where(AttemptAnswer.question_id == hpp.id))
        assert answer.question_version_id == old_version_id == hpp.versions[0].id
        assert "adonan roti" not in answer.version.data["text"]
        # The removed lesson is hidden, its progress kept; other questions got no new version.
        baca = _lesson("baca")
        assert baca.is_active is False
        assert db.session.scalar(db.select(LessonProgress).where(LessonProgress.lesson_id == baca.id)).status == "done"
        assert [v.number for q in _lesson("uang").questions if q.key != "hpp-roti" for v in q.versions] == [1, 1]
        course = db.session.scalar(db.select(Course).where(Course.slug == "uji-coba"))
        assert [lesson.slug for lesson in course.lessons] == ["uang", "ulang"]


def test_an_old_attempt_still_shows_the_question_it_answered(app, world, client, course_copy):
    from tests.conftest import post_form, sign_in

    with app.app_context():
        _import(course_copy)
    sign_in(client, world.learner.reg_number)
    base = f"/belajar/kuis/{world.attempt.id}"
    for number, answer in ((1, "12.500"), (2, "1"), (3, "false")):
        post_form(client, f"{base}/soal/{number}", {f"jawaban-{number}": answer})
    lesson_file = course_copy / "01-uang.md"
    lesson_file.write_text(lesson_file.read_text().replace("Berapa HPP satu roti?", "Berapa HPP sebuah roti tawar?"))
    with app.app_context():
        _import(course_copy)
    html = client.get(f"{base}/hasil").get_data(as_text=True)
    assert "Berapa HPP satu roti?" in html
    assert "roti tawar" not in html


def test_import_command_with_a_broken_course_prints_file_line_and_changes_nothing(app, course_copy):
    lesson_file = course_copy / "01-uang.md"
    lesson_file.write_text(lesson_file.read_text().replace("minutes: 20", "minutes: dua puluh"))
    result = app.test_cli_runner().invoke(args=["import-courses", str(course_copy)])
    assert result.exit_code == 1
    assert "01-uang.md:3: 'minutes'" in result.output
    with app.app_context():
        assert db.session.scalar(db.select(db.func.count()).select_from(Course)) == 0


def test_import_command_check_only_validates_and_changes_nothing(app, course_copy):
    runner = app.test_cli_runner()
    result = runner.invoke(args=["import-courses", str(course_copy), "--check"])
    assert result.exit_code == 0, result.output
    with app.app_context():
        assert db.session.scalar(db.select(db.func.count()).select_from(Course)) == 0
    result = runner.invoke(args=["import-courses", str(course_copy)])
    assert result.exit_code == 0, result.output
    assert "uji-coba: created" in result.output
    with app.app_context():
        assert db.session.scalar(db.select(db.func.count()).select_from(Course)) == 1
