"""A certificate appears the moment the last criterion holds, without the learner asking."""
from __future__ import annotations

from tests.conftest import post_form, sign_in
from training.certificates.models import Certificate
from training.courses.models import Course
from training.extensions import db


def _require_lessons(app, world, count: int) -> None:
    """Make the test course's only criterion: ``count`` lessons completed."""
    with app.app_context():
        course = db.session.get(Course, world.course.id)
        course.certificate_criteria = {"lessons_completed": count, "min_quiz_average": None,
                                       "practical_min_level": None, "storefront": []}
        db.session.commit()


def _finish_reading_lesson(app, world):
    """learner2 opens the reading lesson and presses "done"; returns that response."""
    client = app.test_client()
    sign_in(client, world.learner2.reg_number)
    page = f"/belajar/kursus/{world.course.slug}/baca"
    assert client.get(page).status_code == 200
    return post_form(client, f"{page}/selesai", page=page)


def test_finishing_the_last_lesson_issues_the_certificate(app, world):
    _require_lessons(app, world, 1)
    response = _finish_reading_lesson(app, world)
    assert response.status_code == 302
    with app.app_context():
        certificate = db.session.scalar(db.select(Certificate).where(Certificate.learner_id == world.learner2.id))
        assert certificate is not None and certificate.course_id == world.course.id


def test_a_lesson_short_of_the_criteria_issues_nothing(app, world):
    _require_lessons(app, world, 2)
    _finish_reading_lesson(app, world)
    with app.app_context():
        assert db.session.scalar(db.select(Certificate).where(Certificate.learner_id == world.learner2.id)) is None


def _criteria_met_without_a_certificate(app, world):
    from training.accounts.models import User
    from training.courses import services

    _require_lessons(app, world, 2)
    with app.app_context():
        course = db.session.get(Course, world.course.id)
        learner = db.session.get(User, world.learner2.id)
        lesson = next(lesson for lesson in course.lessons if lesson.slug == "baca")
        services.mark_read(learner, lesson)  # one of two: nothing is issued yet
        db.session.commit()
    _require_lessons(app, world, 1)  # the course changed: its criteria hold now, with no new progress


def test_the_certificates_page_changes_nothing_when_opened(app, world):
    _criteria_met_without_a_certificate(app, world)
    client = app.test_client()
    sign_in(client, world.learner2.reg_number)
    page = client.get("/sertifikat-saya/").get_data(as_text=True)
    assert "buat sertifikat saya" in page
    with app.app_context():
        assert db.session.scalar(db.select(Certificate).where(Certificate.learner_id == world.learner2.id)) is None


def test_the_button_issues_a_certificate_whose_criteria_hold(app, world):
    _criteria_met_without_a_certificate(app, world)
    client = app.test_client()
    sign_in(client, world.learner2.reg_number)
    response = post_form(client, "/sertifikat-saya/periksa", page="/sertifikat-saya/")
    assert response.status_code == 302
    with app.app_context():
        assert db.session.scalar(db.select(Certificate).where(Certificate.learner_id == world.learner2.id)) is not None
