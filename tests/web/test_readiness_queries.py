"""The caseload page reads each kind of evidence once for the whole caseload: its number of
queries stays the same however many learners the officer follows."""
from __future__ import annotations

from datetime import timedelta

from tests.conftest import TEST_PASSWORD, count_queries, sign_in
from tests.readiness_world import add_evidence
from tests.storefront_world import ROTI, START, simple_decisions
from training.extensions import db


def caseload_queries(app, world) -> tuple[int, str]:
    """(queries, page) of one signed-in visit to the officer's caseload."""
    client = app.test_client()
    sign_in(client, world.officer.username)
    queries, response = count_queries(app, lambda: client.get("/pk"))
    assert response.status_code == 200
    return queries, response.get_data(as_text=True)


def follow_learner2(world) -> None:
    """Put learner2 (own assignment, task handed in, essay attempt) on the officer's caseload too."""
    from training.accounts import services
    from training.accounts.models import User

    services.set_officer(db.session.get(User, world.learner2.id), db.session.get(User, world.officer.id))
    db.session.commit()


def add_followed_learner(world, number: int) -> str:
    """A learner of lapas on the officer's caseload with evidence of every kind; returns the name."""
    from training.accounts import services as accounts
    from training.accounts.models import TrainingClass, User
    from training.certificates.services import issue_manually
    from training.courses import services as courses
    from training.teaching.assignments import create_assignment, local_today
    from training.courses.models import Course
    from training.teaching.models import AttendanceRecord
    from training.readiness import services as readiness
    from training.storefront import practice
    from training.storefront import services as shop

    name = f"Warga Uji {number}"
    learner, _password = accounts.create_learner(db.session.get(type(world.lapas), world.lapas.id),
                                                 reg_number=f"A.{number}/2026", full_name=name, password=TEST_PASSWORD)
    officer, instructor = db.session.get(User, world.officer.id), db.session.get(User, world.instructor.id)
    course = db.session.get(Course, world.course.id)
    accounts.set_officer(learner, officer)
    class_a = db.session.get(TrainingClass, world.class_a.id)
    accounts.set_class_members(class_a, {u.id for u in class_a.learners} | {learner.id},
                               {u.id for u in class_a.instructors})
    if number % 2:  # half of them work to an assignment, the others see every offered course
        create_assignment(instructor, course, learner=learner, opens_on=local_today() - timedelta(days=1),
                          due_on=local_today() + timedelta(days=7))
    lesson = course.lessons[0]
    courses.complete_lesson(learner, lesson)
    courses.submit_task(learner, lesson.task, "Bahan Rp10.000, tenaga Rp5.000.")
    db.session.add(AttendanceRecord(session_id=world.session.id, learner_id=learner.id, status="late", minutes=60))
    product = shop.save_product(learner, dict(ROTI))
    season = practice.start_season(learner, [product], 8, seed=number, start_date=START)
    practice.play_week(season, simple_decisions(season))
    issue_manually(learner, course, instructor, "Sertifikat untuk uji jumlah kueri.")
    readiness.save_assessment(learner, instructor, {"attendance": 3, "initiative": 3}, "Tekun.")
    readiness.save_plan(learner, {"goals": "Berjualan roti", "business": "Roti sobek"})
    db.session.commit()
    return name


def test_caseload_queries_do_not_grow_with_the_caseload(app, world):
    with app.app_context():
        add_evidence(world)
        follow_learner2(world)
    two, page = caseload_queries(app, world)
    assert "Budi Santoso" in page and "Sari Wulandari" in page

    with app.app_context():
        names = [add_followed_learner(world, number) for number in range(3, 7)]
    six, page = caseload_queries(app, world)
    assert all(name in page for name in ["Budi Santoso", "Sari Wulandari", *names])
    assert six == two


def _caseload_statements(app, world) -> list[str]:
    """The texts of the statements one visit to the officer's caseload sends."""
    from sqlalchemy import event

    client = app.test_client()
    assert sign_in(client, world.officer.username).status_code == 302
    texts: list[str] = []
    with app.app_context():
        engine = db.engine
    listener = lambda _conn, _cursor, statement, *_rest: texts.append(statement)  # noqa: E731
    event.listen(engine, "before_cursor_execute", listener)
    try:
        response = client.get("/pk")
    finally:
        event.remove(engine, "before_cursor_execute", listener)
    assert response.status_code == 200
    return texts


def test_on_postgresql_the_caseload_sends_the_same_statement_texts_whatever_its_size(app, world):
    """On PostgreSQL a batch of learner ids goes as one array parameter, so each statement's text
    (which SQLAlchemy compiles once and the driver parses and prepares once) stays the same."""
    with app.app_context():
        if db.engine.dialect.name != "postgresql":
            import pytest

            pytest.skip("SQLite has no array parameters: IN lists are written out")
        add_evidence(world)
        follow_learner2(world)
    two = _caseload_statements(app, world)
    with app.app_context():
        for number in range(3, 7):
            add_followed_learner(world, number)
    six = _caseload_statements(app, world)
    assert len(two) == len(six) and two == six


def test_one_of_finds_what_in_finds_on_every_database(app, world):
    from training.accounts.models import User
    from training.extensions import one_of

    with app.app_context():
        wanted = [world.learner.id, world.learner2.id, 999_999]
        found = set(db.session.scalars(db.select(User.id).where(one_of(User.id, wanted))))
        assert found == {world.learner.id, world.learner2.id}
        assert db.session.scalars(db.select(User.id).where(one_of(User.id, []))).all() == []
        assert set(db.session.scalars(db.select(User.id).where(one_of(User.id, {world.learner.id})))) == {world.learner.id}


def test_the_evidence_read_as_figures_says_what_the_records_say(app, world):
    """Seasons' profits are summed by the database and submissions read without their text: the
    evidence still names each task and course and gives each finished season the profit of its weeks."""
    from training.accounts.models import User
    from training.courses.models import Task, TaskSubmission
    from training.readiness.evidence import gather_many
    from training.storefront import practice
    from training.storefront.models import MarketWeek
    from training.storefront.models import Product

    with app.app_context():
        learner = db.session.get(User, world.learner.id)
        product = db.session.get(Product, world.product.id)
        finished = []
        for seed, price in ((3, 18_000), (4, 26_000)):
            season = practice.start_season(learner, [product], practice.MIN_WEEKS, seed=seed, start_date=START)
            for _week in range(practice.MIN_WEEKS):
                practice.play_week(season, simple_decisions(season, price=price))
            finished.append(season.id)
        db.session.commit()
        learner2 = db.session.get(User, world.learner2.id)
        evidence = gather_many([learner, learner2])
        profits = [sum(db.session.scalars(db.select(MarketWeek.profit).where(MarketWeek.season_id == season_id)))
                   for season_id in finished]
        assert evidence[learner.id]["storefront"]["season_profits"] == [("1", profits[0]), ("2", profits[1])]
        assert profits[0] != profits[1]  # two different seasons, not one counted twice
        submission = db.session.get(TaskSubmission, world.submission.id)
        task = db.session.get(Task, submission.task_id)
        [row] = evidence[learner2.id]["tasks"]
        assert (row["course"], row["title"], row["status"]) == (task.course.title, task.title, submission.status)
