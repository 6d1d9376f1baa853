"""Staff pages that list many learners or products send as many statements for a long list as for
a short one (issue 11): a class's certificate page and the class overview evaluate every learner's
criteria in a few queries for the whole class, and the batched evaluation says exactly what one
learner's evaluation says; the showroom's list of practice products reads the makers with them."""
from __future__ import annotations

import pytest

from tests.certificate_world import finish_lessons, graded_task, quiz_scores
from tests.conftest import TEST_PASSWORD, count_queries, sign_in
from training.accounts import services as accounts
from training.accounts.models import Facility, TrainingClass, User
from training.certificates import criteria
from training.courses.models import Course, Task
from training.extensions import db

RUBRIC = [{"criterion": "HPP", "levels": [{"label": "Belum", "points": 0}, {"label": "Cukup", "points": 2},
                                          {"label": "Baik", "points": 4}]}]
EVERY_KIND = {"lessons_completed": "all", "min_quiz_average": 70, "practical_min_level": "Cukup",
              "storefront": ["product_registered", "season_finished"]}


def _add_learners(app, world, count: int, first: int = 0) -> list[int]:
    """``count`` more learners in class_a, each further along than the one before: lessons done,
    quizzes taken, the task graded."""
    with app.app_context():
        lapas = db.session.get(Facility, world.lapas.id)
        course = db.session.get(Course, world.course.id)
        db.session.scalar(db.select(Task).where(Task.course_id == course.id)).rubric = RUBRIC
        course.certificate_criteria = dict(EVERY_KIND)
        ids = []
        for number in range(first, first + count):
            user, _ = accounts.create_learner(lapas, reg_number=f"A.{100 + number}/2025",
                                              full_name=f"Peserta Tambahan {number}", password=TEST_PASSWORD)
            ids.append(user.id)
            finish_lessons(user.id, course.id, number % 4)
            if number % 2:
                quiz_scores(user.id, course.id, [60 + 10 * number, 90])
            if number % 3 == 2:
                graded_task(user.id, course.id, 1 + number % 4, 4)
        training_class = db.session.get(TrainingClass, world.class_a.id)
        members = {learner.id for learner in training_class.learners}
        accounts.set_class_members(training_class, members | set(ids), {world.instructor.id})
        db.session.commit()
        return ids


@pytest.mark.parametrize("page", ["/sertifikat/kelas/{id}", "/pengajar/kelas/{id}/ringkasan"])
def test_class_pages_send_as_many_statements_for_eight_learners_as_for_three(app, world, page):
    url = page.format(id=world.class_a.id)
    client = app.test_client()
    assert sign_in(client, world.instructor.username).headers["Location"].endswith("/pengajar")
    _add_learners(app, world, 1)
    client.get(url)  # a worker's first page reads what it keeps (course outlines, questions)
    few, response = count_queries(app, lambda: client.get(url))
    assert response.status_code == 200 and "Peserta Tambahan 0" in response.get_data(as_text=True)
    _add_learners(app, world, 5, first=1)  # the class now holds 8
    many, response = count_queries(app, lambda: client.get(url))
    assert response.status_code == 200 and "Peserta Tambahan 4" in response.get_data(as_text=True)
    assert many == few


def test_batched_evaluation_says_what_each_single_evaluation_says(app, world):
    ids = _add_learners(app, world, 6)
    with app.app_context():
        learners = [db.session.get(User, learner_id) for learner_id in [world.learner.id, world.learner2.id, *ids]]
        courses = db.session.scalars(db.select(Course).order_by(Course.id)).all()
        batched = criteria.evaluate_many(learners, courses)
        assert len(batched) == len(learners) * len(courses)
        met = set()
        for learner in learners:
            for course in courses:
                single = criteria.evaluate(learner, course)
                assert batched[learner.id, course.id] == single, (learner.full_name, course.slug)
                met |= {item.key for item in single.items if item.met}
                assert {item.key for item in single.items} >= (
                    {"lessons_completed", "min_quiz_average", "practical_min_level"}
                    if course.id == world.course.id else set())
        # the learners differ: some criteria hold for somebody (the comparison is not of empty lists)
        assert {"lessons_completed", "min_quiz_average", "practical_min_level"} <= met


def test_practice_products_for_the_showroom_send_as_many_statements_for_many_makers_as_for_one(app, world, client_as):
    from tests.storefront_world import ROTI
    from training.storefront import services as shop

    client = client_as("etalase")
    url = "/etalase/dari-latihan"
    client.get(url)
    few, response = count_queries(app, lambda: client.get(url))
    assert response.status_code == 200 and world.learner.full_name in response.get_data(as_text=True)
    with app.app_context():
        lapas = db.session.get(Facility, world.lapas.id)
        for number in range(4):
            maker, _ = accounts.create_learner(lapas, reg_number=f"A.{200 + number}/2025",
                                               full_name=f"Pembuat Roti {number}", password=TEST_PASSWORD)
            shop.save_product(maker, dict(ROTI, name=f"Roti Tawar {number}"))
        db.session.commit()
    many, response = count_queries(app, lambda: client.get(url))
    page = response.get_data(as_text=True)
    assert response.status_code == 200 and all(f"Pembuat Roti {number}" in page for number in range(4))
    assert many == few


def test_the_facility_admins_class_list_sends_as_many_statements_for_many_classes_as_for_few(app, world, client_as):
    client = client_as("facility_admin")
    url = "/admin/kelas"
    client.get(url)
    few, response = count_queries(app, lambda: client.get(url))
    assert response.status_code == 200 and "Kelas A" in response.get_data(as_text=True)
    with app.app_context():
        lapas = db.session.get(Facility, world.lapas.id)
        for number in range(4):
            extra = accounts.create_class(lapas, name=f"Kelas Tambahan {number}")
            accounts.set_class_members(extra, {world.learner2.id}, {world.instructor.id})
        db.session.commit()
    many, response = count_queries(app, lambda: client.get(url))
    page = response.get_data(as_text=True)
    assert response.status_code == 200 and all(f"Kelas Tambahan {number}" in page for number in range(4))
    assert many == few


def test_a_class_assignments_page_sends_as_many_statements_for_many_assignments_as_for_few(app, world):
    from datetime import timedelta

    from training.teaching.assignments import create_assignment, local_today, who_is_behind, who_is_behind_many
    from training.teaching.models import Assignment

    def assign(first: int, count: int) -> None:
        """``count`` assignments, by turns for the class and for one learner; some already overdue."""
        with app.app_context():
            instructor, course = db.session.get(User, world.instructor.id), db.session.get(Course, world.course.id)
            training_class = db.session.get(TrainingClass, world.class_a.id)
            today = local_today()
            for number in range(first, first + count):
                create_assignment(instructor, course, opens_on=today - timedelta(days=10 + number),
                                  due_on=today + timedelta(days=number - 2),
                                  training_class=None if number % 2 else training_class,
                                  learner=db.session.get(User, world.learner.id) if number % 2 else None,
                                  lesson_ids=[lesson.id for lesson in course.lessons[: number % 3 + 1]])
            db.session.commit()

    client = app.test_client()
    assert sign_in(client, world.instructor.username).headers["Location"].endswith("/pengajar")
    url = f"/pengajar/kelas/{world.class_a.id}/penugasan"
    assign(0, 2)
    client.get(url)
    few, response = count_queries(app, lambda: client.get(url))
    assert response.status_code == 200
    assign(2, 4)
    with app.app_context():
        finish_lessons(world.learner2.id, world.course.id, 2)
        db.session.commit()
    many, response = count_queries(app, lambda: client.get(url))
    assert response.status_code == 200 and many == few
    with app.app_context():  # the batch says what each assignment's own list says
        listed = db.session.scalars(db.select(Assignment).order_by(Assignment.id)).all()
        batched = who_is_behind_many(listed)
        assert len(listed) >= 7 and any(row.behind for rows in batched.values() for row in rows)
        assert any(row.done for rows in batched.values() for row in rows)
        for assignment in listed:
            assert batched[assignment.id] == who_is_behind(assignment)
