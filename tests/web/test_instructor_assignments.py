"""Assignments: what a learner sees and when, due dates, late marks and extensions."""
from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from tests.conftest import post_form, sign_in
from training.accounts.models import TrainingClass, User
from training.teaching import assignments as assigning
from training.courses.models import Course, LessonProgress
from training.teaching.models import Assignment
from training.courses.services import visible_courses
from training.extensions import db

COURSE_URL = "/belajar/kursus/uji-coba"


def _assign_to_class(app, world, *, opens_in=0, due_in=7, lesson_ids=None):
    with app.app_context():
        today = assigning.local_today()
        assignment = assigning.create_assignment(
            db.session.get(User, world.instructor.id), db.session.get(Course, world.course.id),
            training_class=db.session.get(TrainingClass, world.class_a.id),
            opens_on=today + timedelta(days=opens_in), due_on=today + timedelta(days=due_in), lesson_ids=lesson_ids)
        db.session.commit()
        return assignment.id


def test_learner_without_assignment_sees_every_course_the_facility_offers(app, world):
    with app.app_context():
        learner = db.session.get(User, world.learner.id)
        assert [c.slug for c in visible_courses(learner)] == ["uji-coba"]


def test_assigned_course_is_not_visible_before_its_opening_date(app, world):
    _assign_to_class(app, world, opens_in=2, due_in=9)
    with app.app_context():
        assert visible_courses(db.session.get(User, world.learner.id)) == []
    client = app.test_client()
    sign_in(client, world.learner.reg_number)
    assert client.get(COURSE_URL).status_code == 404
    home = client.get("/belajar").get_data(as_text=True)
    assert "Tugas dari pengajar" in home and "Mulai tanggal" in home


def test_assigned_course_opens_on_its_date_with_the_due_date_on_the_learner_home(app, world):
    _assign_to_class(app, world, opens_in=0, due_in=5)
    client = app.test_client()
    sign_in(client, world.learner.reg_number)
    assert client.get(COURSE_URL).status_code == 200
    home = client.get("/belajar").get_data(as_text=True)
    with app.app_context():
        due = assigning.local_today() + timedelta(days=5)
    assert "Batas waktu:" in home
    assert str(due.day) in home and "Kursus Uji Coba" in home


def test_lesson_finished_after_the_due_date_is_marked_late(app, world):
    assignment_id = _assign_to_class(app, world, opens_in=-10, due_in=-3)
    with app.app_context():
        learner = db.session.get(User, world.learner.id)
        course = db.session.get(Course, world.course.id)
        first, second = course.lessons[0], course.lessons[1]
        due = assigning.lesson_due_dates(learner, course)
        # finished on time, finished late, not finished: on time, late, late (due date passed)
        on_time = LessonProgress(learner_id=learner.id, lesson_id=first.id, status="done",
                                 completed_dt=datetime.combine(due[first.id] - timedelta(days=1), datetime.min.time()))
        late = LessonProgress(learner_id=learner.id, lesson_id=second.id, status="done",
                              completed_dt=datetime.combine(due[second.id] + timedelta(days=1), datetime.min.time()))
        assert not assigning.is_late(on_time, due[first.id])
        assert assigning.is_late(late, due[second.id])
        assert assigning.is_late(None, due[second.id])
        rows = assigning.who_is_behind(db.session.get(Assignment, assignment_id))
        assert {r.learner.id for r in rows if r.behind} == {world.learner.id, world.learner2.id}


def test_extension_moves_the_due_date_for_one_learner_only(app, world):
    assignment_id = _assign_to_class(app, world, opens_in=-10, due_in=-1)
    client = app.test_client()
    sign_in(client, world.instructor.username)
    with app.app_context():
        new_due = assigning.local_today() + timedelta(days=3)
    page = f"/pengajar/penugasan/{assignment_id}/perpanjang"
    response = post_form(client, page, {"learner_id": world.learner.id, "due_on": new_due.isoformat(),
                                        "reason": "sakit"}, page=page)
    assert response.status_code == 302
    with app.app_context():
        assignment = db.session.get(Assignment, assignment_id)
        learner = db.session.get(User, world.learner.id)
        other = db.session.get(User, world.learner2.id)
        assert assigning.effective_due(assignment, learner) == new_due
        assert assigning.effective_due(assignment, other) == assignment.due_on
        behind = {r.learner.id: r.behind for r in assigning.who_is_behind(assignment)}
        assert behind == {world.learner.id: False, world.learner2.id: True}
        from training.audit import AuditEvent

        event = db.session.scalar(db.select(AuditEvent).where(AuditEvent.action == "assignment.extended"))
        assert event.details["new"] == new_due.isoformat() and event.details["reason"] == "sakit"


def test_instructor_assigns_chosen_lessons_to_the_class_through_the_form(app, world):
    client = app.test_client()
    sign_in(client, world.instructor.username)
    page = f"/pengajar/kelas/{world.class_a.id}/penugasan"
    with app.app_context():
        course = db.session.get(Course, world.course.id)
        first_id = course.lessons[0].id
        today = assigning.local_today()
    response = post_form(client, page, {"course_id": world.course.id, "target": "kelas", "lesson_ids": [first_id],
                                        "opens_on": today.isoformat(),
                                        "due_on": (today + timedelta(days=7)).isoformat()}, page=page)
    assert response.status_code == 302
    with app.app_context():
        made = db.session.scalar(db.select(Assignment).where(Assignment.class_id == world.class_a.id))
        assert made.lesson_ids == [first_id]
    assert "1 pelajaran" in client.get(page).get_data(as_text=True)


@pytest.mark.parametrize("who, url", [
    ("instructor", lambda w: f"/pengajar/kelas/{w.class_b.id}/penugasan"),
    ("instructor", lambda w: f"/pengajar/kelas/{w.class_b.id}/ringkasan"),
    ("instructor", lambda w: f"/pengajar/kelas/{w.class_b.id}/nilai"),
    ("instructor", lambda w: f"/pengajar/kelas/{w.class_b.id}/nilai.csv"),
    ("instructor", lambda w: f"/pengajar/warga-binaan/{w.other_learner.id}"),
    ("other_instructor", lambda w: f"/pengajar/penugasan/{w.assignment.id}/perpanjang"),
    ("other_instructor", lambda w: f"/pengajar/kehadiran/{w.session.id}"),
    ("other_instructor", lambda w: f"/pengajar/penilaian/tugas/{w.submission.id}"),
    ("other_instructor", lambda w: f"/pengajar/penilaian/esai/{w.essay_answer.id}"),
    ("other_instructor", lambda w: f"/pengajar/warga-binaan/{w.learner.id}"),
])
def test_records_of_another_facility_answer_404_to_an_instructor(app, world, who, url):
    client = app.test_client()
    sign_in(client, getattr(world, who).username)
    assert client.get(url(world)).status_code == 404


def test_class_due_dates_are_each_learners_own_due_dates(app, world):
    """The gradebook's due dates for a whole class match lesson_due_dates learner by learner."""
    _assign_to_class(app, world, opens_in=-2, due_in=3)
    with app.app_context():
        learners = [db.session.get(User, world.learner.id), db.session.get(User, world.learner2.id)]
        course = db.session.get(Course, world.course.id)
        class_assignment = db.session.scalar(db.select(Assignment).where(Assignment.class_id == world.class_a.id))
        assigning.extend_due_date(db.session.get(User, world.instructor.id), class_assignment, learners[0],
                                  assigning.local_today() + timedelta(days=10))
        db.session.flush()
        by_learner = assigning.class_lesson_due_dates(learners, course)
        for learner in learners:
            assert by_learner[learner.id] == assigning.lesson_due_dates(learner, course)
        assert set(by_learner[learners[0].id].values()) == {assigning.local_today() + timedelta(days=10)}


@pytest.mark.parametrize("page", ["penugasan", "nilai", "nilai.csv"])
def test_class_pages_take_as_many_queries_for_a_full_class_as_for_two(app, world, page):
    from tests.conftest import TEST_PASSWORD, count_queries
    from training.accounts import services as accounts

    _assign_to_class(app, world, opens_in=-2, due_in=3)
    client = app.test_client()
    sign_in(client, world.instructor.username)
    url = f"/pengajar/kelas/{world.class_a.id}/{page}"

    def page_queries() -> int:
        queries, response = count_queries(app, lambda: client.get(url))
        assert response.status_code == 200
        return queries

    small = page_queries()
    with app.app_context():
        klass = db.session.get(TrainingClass, world.class_a.id)
        ids = {world.learner.id, world.learner2.id}
        for i in range(12):
            user, _ = accounts.create_learner(klass.facility, reg_number=f"Q.{i}/2025", full_name=f"Tambahan {i}",
                                              password=TEST_PASSWORD)
            ids.add(user.id)
        db.session.flush()
        accounts.set_class_members(klass, ids, {world.instructor.id})
        db.session.commit()
    assert page_queries() == small
