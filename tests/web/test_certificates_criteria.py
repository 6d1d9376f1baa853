"""Certificate criteria on the edge of each threshold: just below is not met, exactly at is met."""
from __future__ import annotations

import pytest

from tests.certificate_world import finish_lessons, graded_task, meet_criteria, quiz_scores
from training.accounts.models import User
from training.certificates import criteria, services
from training.certificates.models import ISSUED
from training.courses.models import Course, Task
from training.extensions import db


@pytest.fixture
def setup(app, world):
    """(learner2, course) inside an app context: learner2 has no attempt and no certificate."""
    with app.app_context():
        yield db.session.get(User, world.learner2.id), db.session.get(Course, world.course.id)
        db.session.remove()


def _only(course, **criteria_values):
    course.certificate_criteria = {"lessons_completed": None, "min_quiz_average": None,
                                   "practical_min_level": None, "storefront": [], **criteria_values}
    db.session.flush()


def _item(learner, course, key, **kwargs):
    [item] = [i for i in criteria.evaluate(learner, course, **kwargs).items if i.key == key]
    return item


@pytest.mark.parametrize("done, met", [(2, False), (3, True)])
def test_all_lessons_completed_means_every_lesson(setup, done, met):
    learner, course = setup
    _only(course, lessons_completed="all")
    finish_lessons(learner.id, course.id, done)
    item = _item(learner, course, "lessons_completed")
    assert item.met is met
    assert item.detail == f"{done} dari 3 pelajaran yang diminta sudah selesai."


@pytest.mark.parametrize("done, met", [(1, False), (2, True)])
def test_a_number_of_lessons_completed(setup, done, met):
    learner, course = setup
    _only(course, lessons_completed=2)
    finish_lessons(learner.id, course.id, done)
    assert _item(learner, course, "lessons_completed").met is met


@pytest.mark.parametrize("scores, met, shown", [
    ([69.9, 70], False, "69,9"),  # average 69.95: just below
    ([70, 70], True, "70"),  # exactly at
    ([100], False, "50"),  # the second quiz not taken counts as 0
    ([40, 100], True, "70"),
])
def test_minimum_quiz_average(setup, scores, met, shown):
    learner, course = setup
    _only(course, min_quiz_average=70)
    quiz_scores(learner.id, course.id, scores)
    item = _item(learner, course, "min_quiz_average")
    assert item.met is met
    assert item.detail.startswith(f"Rata-rata {shown} dari 2 kuis")


def test_quiz_average_uses_the_attempt_each_quiz_counts(setup):
    learner, course = setup
    _only(course, min_quiz_average=70)
    quiz_scores(learner.id, course.id, [100, 100])
    quiz_scores(learner.id, course.id, [0, 40])  # "uang" counts the best, "ulang" the last
    assert criteria.quiz_average(learner, course)[0] == pytest.approx(70)


RUBRIC = [
    {"criterion": "HPP", "levels": [{"label": "Belum", "points": 0}, {"label": "Cukup", "points": 2},
                                    {"label": "Baik", "points": 4}]},
    {"criterion": "Rapi", "levels": [{"label": "Belum", "points": 0}, {"label": "Cukup", "points": 1},
                                     {"label": "Baik", "points": 2}]},
]


@pytest.mark.parametrize("score, status, met", [
    (2.9, "graded", False),  # Cukup needs 3 of 6
    (3, "graded", True),
    (6, "revise", False),  # sent back for revision: not a grade that counts
])
def test_practical_task_at_or_above_a_level(setup, score, status, met):
    learner, course = setup
    _only(course, practical_min_level="Cukup")
    db.session.scalar(db.select(Task).where(Task.course_id == course.id)).rubric = RUBRIC
    graded_task(learner.id, course.id, score, 6, status)
    item = _item(learner, course, "practical_min_level")
    assert item.met is met
    if status == "graded":
        assert "perlu 3 poin" in item.detail


def test_practical_task_not_yet_graded_is_not_met(setup):
    learner, course = setup
    _only(course, practical_min_level="Baik")
    item = _item(learner, course, "practical_min_level")
    assert not item.met and "belum dinilai" in item.detail


@pytest.mark.parametrize("reached, met", [(set(), False), ({"season_finished"}, False),
                                          ({"season_finished", "season_profit"}, True)])
def test_storefront_milestones(setup, reached, met):
    learner, course = setup
    _only(course, storefront=["season_profit"])
    item = _item(learner, course, "storefront:season_profit", milestones=reached)
    assert item.met is met
    assert item.label == "Satu musim jualan di toko latihan selesai dengan laba"


def test_storefront_milestones_come_from_the_shop_by_default(setup, monkeypatch):
    learner, course = setup
    _only(course, storefront=["season_finished"])
    assert not _item(learner, course, "storefront:season_finished").met  # the real shop: nothing played
    monkeypatch.setattr(criteria, "learners_milestones",
                        lambda learners: {each.id: {"season_finished"} for each in learners})
    assert _item(learner, course, "storefront:season_finished").met


def test_certificate_is_issued_automatically_only_when_every_criterion_holds(setup):
    learner, course = setup
    finish_lessons(learner.id, course.id)
    quiz_scores(learner.id, course.id, [69.9, 70])
    assert services.check_and_issue(learner, course) is None
    quiz_scores(learner.id, course.id, [0, 70.1])  # "ulang" counts the last attempt; "uang" keeps 69.9
    certificate = services.check_and_issue(learner, course)
    assert certificate is not None and certificate.status == ISSUED and certificate.issued_by_id is None
    assert certificate.learner_name == "Sari Wulandari" and certificate.course_title == "Kursus Uji Coba"
    assert all(item["met"] for item in certificate.criteria_report)
    assert services.check_and_issue(learner, course) is certificate  # never twice


def test_a_course_without_criteria_is_never_issued_automatically(setup):
    learner, course = setup
    _only(course)
    meet_criteria(learner.id, course.id)
    assert services.check_and_issue(learner, course) is None
