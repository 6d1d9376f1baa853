"""Each kind of certificate criterion is met by the learner's action alone: the service that
records the progress announces it, and the certificate is there without a "check again".

For every kind the course's only criterion is that kind; the learner is brought just short of it
(no certificate yet), then one service call (the same one the views make) completes it.
"""
from __future__ import annotations

import pytest

from tests.storefront_world import ROTI, START, simple_decisions
from training.accounts.models import User
from training.certificates.models import Certificate
from training.courses.models import Course, TaskSubmission
from training.extensions import db
from training.storefront.models import ClassMarket, Product

NO_CRITERIA = {"lessons_completed": None, "min_quiz_average": None, "practical_min_level": None, "storefront": []}
FREE_PRODUCT = dict(ROTI, materials=[], labour_hours="0", labour_rate=0, packaging_cost=0, overhead_monthly=0)


def _lesson(course, slug):
    return next(lesson for lesson in course.lessons if lesson.slug == slug)


def _nothing(learner, course, world):
    """No preparation: the criterion is one action away."""


def _read_lesson(learner, course, world):
    from training.courses import services

    services.mark_read(learner, _lesson(course, "baca"))


def _pass_quiz(learner, course, world):
    from training.courses import quiz

    lesson = _lesson(course, "uang")
    attempt = quiz.start_attempt(learner, lesson)
    for question, raw in zip(lesson.questions, ("12500", "1", "false")):
        quiz.answer_question(attempt, question, raw)
    assert attempt.is_finished and attempt.score == 100


def _grade_task(learner, course, world):
    from training.teaching import grading

    submission = db.session.get(TaskSubmission, world.submission.id)
    grading.grade_submission(db.session.get(User, world.instructor.id), submission, [1], feedback="Bagus.",
                             status="graded", loaded_version=0)


def _register_product(learner, course, world):
    from training.storefront import services

    services.save_product(learner, dict(FREE_PRODUCT))


def _free_product(learner, course, world):
    _register_product(learner, course, world)


def _cost_product(learner, course, world):
    from training.storefront import services

    product = db.session.scalar(db.select(Product).where(Product.learner_id == learner.id))
    services.save_product(learner, dict(ROTI), product)


def _season_one_week_left(price):
    def prepare(learner, course, world):
        from training.storefront import practice, services

        product = services.save_product(learner, dict(ROTI))
        season = practice.start_season(learner, [product], practice.MIN_WEEKS, seed=3, start_date=START)
        for _week in range(practice.MIN_WEEKS - 1):
            practice.play_week(season, simple_decisions(season, price=price))
    return prepare


def _last_week(price):
    def act(learner, course, world):
        from training.storefront import practice

        season = practice.learner_seasons(learner)[0]
        practice.play_week(season, simple_decisions(season, price=price))
    return act


def _decisions_sent(learner, course, world):
    from training.storefront import class_market, services

    product = services.save_product(learner, dict(ROTI))
    market = db.session.get(ClassMarket, world.class_market.id)
    class_market.submit(market, learner, 0, simple_decisions([services.product_snapshot(product)]))


def _run_class_round(learner, course, world):
    from training.storefront import class_market

    class_market.run_round(db.session.get(ClassMarket, world.class_market.id),
                           actor=db.session.get(User, world.instructor.id))


CASES = {
    "lessons": ({"lessons_completed": 1}, _nothing, _read_lesson),
    "quiz_average": ({"min_quiz_average": 33}, _nothing, _pass_quiz),
    "practical_level": ({"practical_min_level": "Baik"}, _nothing, _grade_task),
    "product_registered": ({"storefront": ["product_registered"]}, _nothing, _register_product),
    "product_costed": ({"storefront": ["product_costed"]}, _free_product, _cost_product),
    "season_finished": ({"storefront": ["season_finished"]}, _season_one_week_left(20_000), _last_week(20_000)),
    "season_profit": ({"storefront": ["season_profit"]}, _season_one_week_left(20_000), _last_week(20_000)),
    "pricing_skill": ({"storefront": ["pricing_skill"]}, _season_one_week_left(40_000), _last_week(40_000)),
    "class_market_round": ({"storefront": ["class_market_round"]}, _decisions_sent, _run_class_round),
}


def _certificate(learner_id, course_id):
    return db.session.scalar(db.select(Certificate).where(
        Certificate.learner_id == learner_id, Certificate.course_id == course_id))


@pytest.mark.parametrize("kind", CASES)
def test_the_action_alone_issues_the_certificate(app, world, kind):
    criteria, prepare, act = CASES[kind]
    with app.app_context():
        course = db.session.get(Course, world.course.id)
        course.certificate_criteria = dict(NO_CRITERIA, **criteria)
        learner = db.session.get(User, world.learner2.id)
        prepare(learner, course, world)
        db.session.commit()
        assert _certificate(learner.id, course.id) is None, "met before the action: the test proves nothing"

        act(learner, course, world)
        db.session.commit()
        certificate = _certificate(learner.id, course.id)
        assert certificate is not None and certificate.status == "issued"
        db.session.remove()



def test_saving_attendance_announces_each_learner_whose_record_changed(app, world):
    from training import events
    from training.teaching.attendance import save_sheet
    from training.teaching.models import AttendanceSession

    heard = []

    def listen(learner, session=None, **_details):
        heard.append((learner.id, session.id))

    with app.app_context(), events.attendance_recorded.connected_to(listen):
        session = db.session.get(AttendanceSession, world.session.id)
        instructor = db.session.get(User, world.instructor.id)
        save_sheet(instructor, session, {world.learner.id: ("late", "75")})
        save_sheet(instructor, session, {world.learner.id: ("late", "75")})  # nothing changed: silent
        db.session.commit()
        db.session.remove()
    assert heard == [(world.learner.id, world.session.id)]
