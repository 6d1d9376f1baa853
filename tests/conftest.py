"""Shared fixtures: one app and database per test run, emptied after every test; the shared
world is built once per run and written back before each test that asks for it.

The database is SQLite in a temporary folder, or PostgreSQL when ``TEST_DATABASE_URL`` is set
(CI sets it, so the suite runs on both). The schema is built by running the migrations, so every
run also proves that the migrations produce the models' tables.
"""
from __future__ import annotations

import os
import re
from dataclasses import dataclass

import pytest
from sqlalchemy import create_engine, text

from training.app import create_app
from training.extensions import db

TEST_PASSWORD = "uji-coba-panjang"

TEST_SETTINGS = {
    "TESTING": True,
    "SECRET_KEY": "test-only-key-not-for-use",
    # The cheapest Argon2id the library allows: the suite signs in hundreds of times.
    "ARGON2_TIME_COST": 1,
    "ARGON2_MEMORY_COST": 8,
    "ARGON2_PARALLELISM": 1,
}


def _reset_database(url: str) -> None:
    """Start from an empty database: drop every table the last run left."""
    if url.startswith("postgresql"):
        engine = create_engine(url)
        with engine.begin() as conn:
            conn.execute(text("DROP SCHEMA IF EXISTS public CASCADE"))
            conn.execute(text("CREATE SCHEMA public"))
        engine.dispose()


@pytest.fixture(scope="session")
def database_url(tmp_path_factory) -> str:
    url = os.environ.get("TEST_DATABASE_URL")
    if url:
        return url
    return f"sqlite:///{tmp_path_factory.mktemp('db') / 'test.sqlite3'}"


@pytest.fixture(scope="session")
def app(database_url, tmp_path_factory):
    _reset_database(database_url)
    settings = dict(TEST_SETTINGS, DATABASE_URL=database_url)
    application = create_app(settings, instance_path=str(tmp_path_factory.mktemp("instance")))
    with application.app_context():
        from alembic.autogenerate import compare_metadata
        from alembic.migration import MigrationContext
        from flask_migrate import upgrade

        upgrade()
        with db.engine.connect() as conn:
            # What the migrations left out, for test_migrations_build_every_model's table.
            diffs = compare_metadata(MigrationContext.configure(conn), db.metadata)
        application.extensions["karya_migration_diffs"] = diffs
        db.create_all()  # so the rest of the suite runs even while a migration is missing
    yield application
    with application.app_context():
        db.session.remove()
        db.engine.dispose()


@pytest.fixture(autouse=True)
def _clean_tables(request):
    """Empty every table after each test that used the app."""
    yield
    if "app" not in request.fixturenames:
        return
    application = request.getfixturevalue("app")
    with application.app_context():
        db.session.remove()
        with db.engine.begin() as conn:
            for table in reversed(db.metadata.sorted_tables):
                conn.execute(table.delete())
    from training.courses.quiz import forget_catalogue
    from training.page_cache import STORE

    STORE.clear()  # the rows are gone without raising a page version
    forget_catalogue()  # ids are given again to other rows (SQLite reuses them once a table is empty)


@pytest.fixture
def app_ctx(app):
    """An app context for tests that call services directly (not for tests using the client)."""
    with app.app_context():
        yield
        db.session.remove()


@pytest.fixture
def client(app):
    return app.test_client()


@dataclass
class World:
    """Two facilities and a bapas with one account of every role, for access tests."""

    lapas: object
    rutan: object
    bapas: object
    learner: object  # in lapas, on the officer's caseload, in class_a
    learner2: object  # in lapas, not on the caseload
    other_learner: object  # in rutan
    instructor: object
    other_instructor: object  # in rutan
    officer: object
    admin: object
    other_admin: object  # facility admin of rutan
    national: object
    class_a: object
    class_b: object
    course: object = None  # tests/data/courses/uji-coba, offered in lapas only
    lesson: object = None  # its first lesson: a quiz (no attempt limit) and a task
    attempt: object = None  # learner's open attempt at that quiz
    certificate: object = None  # learner's certificate for course, issued by instructor
    assignment: object = None  # learner2's own assignment of course (tests/teach_world.py)
    session: object = None  # class_a's attendance session today
    submission: object = None  # learner2's task submission waiting for a grade
    essay_answer: object = None  # learner2's essay answer waiting for review
    product: object = None  # learner's product, with a photo
    season: object = None  # learner's practice season, one week of eight played
    class_market: object = None  # an open market of "Kelas Pasar A" (learner, learner2, instructor)
    etalase: object = None  # showroom staff of lapas (tests/showroom_world.py)
    other_etalase: object = None  # showroom staff of rutan
    catalogue_product: object = None  # lapas's catalogue product made by learner, 9 in stock after the sale
    other_product: object = None  # rutan's catalogue product
    sale: object = None  # one unit of catalogue_product, sold by etalase


def make_world() -> World:
    """Create the world inside an app context and commit it."""
    from training.access import FACILITY_ADMIN, INSTRUCTOR, NATIONAL_ADMIN, OFFICER
    from training.accounts.models import Facility
    from training.accounts import services

    lapas = Facility(code="LPS-A", name="Lapas A", kind="lapas", city="Kota A")
    rutan = Facility(code="RTN-B", name="Rutan B", kind="rutan", city="Kota B")
    bapas = Facility(code="BPS-C", name="Bapas C", kind="bapas", city="Kota A")
    db.session.add_all([lapas, rutan, bapas])
    db.session.flush()

    def learner(facility, reg, name):
        user, _ = services.create_learner(facility, reg_number=reg, full_name=name, password=TEST_PASSWORD)
        return user

    def staff(facility, role, username, name):
        user, _ = services.create_staff(facility, role=role, username=username, full_name=name, password=TEST_PASSWORD)
        return user

    world = World(
        lapas=lapas,
        rutan=rutan,
        bapas=bapas,
        learner=learner(lapas, "A.1/2025", "Budi Santoso"),
        learner2=learner(lapas, "A.2/2025", "Sari Wulandari"),
        other_learner=learner(rutan, "B.1/2025", "Joko Susilo"),
        instructor=staff(lapas, INSTRUCTOR, "guru.a", "Dian Pengajar"),
        other_instructor=staff(rutan, INSTRUCTOR, "guru.b", "Yudi Pengajar"),
        officer=staff(bapas, OFFICER, "pk.c", "Ratih Pembimbing"),
        admin=staff(lapas, FACILITY_ADMIN, "admin.a", "Siti Admin"),
        other_admin=staff(rutan, FACILITY_ADMIN, "admin.b", "Tono Admin"),
        national=staff(None, NATIONAL_ADMIN, "nasional", "Ratna Nasional"),
        class_a=services.create_class(lapas, name="Kelas A"),
        class_b=services.create_class(rutan, name="Kelas B"),
    )
    services.set_class_members(world.class_a, {world.learner.id, world.learner2.id}, {world.instructor.id})
    services.set_class_members(world.class_b, {world.other_learner.id}, {world.other_instructor.id})
    services.set_officer(world.learner, world.officer)
    from tests.course_world import add_courses

    add_courses(world)
    from tests.teach_world import add_teaching

    add_teaching(world)
    from training.certificates.services import issue_manually

    world.certificate = issue_manually(world.learner, world.course, world.instructor, "Sertifikat untuk uji akses.")
    from tests.storefront_world import add_storefront

    add_storefront(world)
    from tests.showroom_world import add_showroom

    add_showroom(world)
    db.session.commit()
    # Load every attribute, then detach: tests read ids and names without a live session.
    for obj in vars(world).values():
        db.session.refresh(obj)
        db.session.expunge(obj)
    return world


@pytest.fixture(scope="session")
def _world_snapshot(app) -> tuple[World, dict[str, list[dict]]]:
    """The world built once per run through the real services, then taken apart: its detached
    objects, and every row it wrote, table by table (the tables are emptied again)."""
    # Built in a context of its own: a test client request inside a pushed app context would
    # share that context's ``g`` (and signed-in user) with the test.
    with app.app_context():
        built = make_world()
        db.session.remove()
        with db.engine.begin() as conn:
            rows = {table.name: [dict(row._mapping) for row in conn.execute(table.select())]
                    for table in db.metadata.sorted_tables}
            for table in reversed(db.metadata.sorted_tables):
                conn.execute(table.delete())
    return built, rows


@pytest.fixture
def world(app, _world_snapshot) -> World:
    """The shared world, written back row for row before each test (far quicker than building it
    again) and emptied after it like every table."""
    built, rows = _world_snapshot
    with app.app_context():
        with db.engine.begin() as conn:
            for table in db.metadata.sorted_tables:
                if rows[table.name]:
                    conn.execute(table.insert(), rows[table.name])
            if conn.dialect.name == "postgresql":  # new rows must not reuse the restored ids
                for table in db.metadata.sorted_tables:
                    if "id" in table.c and rows[table.name]:
                        conn.execute(text(
                            f"SELECT setval(pg_get_serial_sequence('{table.name}', 'id'), MAX(id)) FROM {table.name}"))
    return built


def attempt_sign_in(client, login: str, password: str = TEST_PASSWORD, follow: bool = False):
    """Post the real sign-in form, CSRF token and all, and return the answer whatever it is
    (for tests of sign-ins that must fail)."""
    page = client.get("/masuk")
    token = csrf_token(page.get_data(as_text=True))
    return client.post(
        "/masuk", data={"login": login, "password": password, "csrf_token": token}, follow_redirects=follow
    )


def is_signed_in(client) -> bool:
    """Does ``client``'s session hold a signed-in account?"""
    with client.session_transaction() as session:
        return bool(session.get("_user_id")) and bool(session.get("sid"))


def sign_in(client, login: str, password: str = TEST_PASSWORD, follow: bool = False):
    """Sign in through the real form and assert that it worked, so a test never runs on as a
    visitor when sign-in breaks. Returns the form's answer. (Failing sign-ins: :func:`attempt_sign_in`.)"""
    response = attempt_sign_in(client, login, password, follow)
    assert is_signed_in(client), f"sign-in as {login!r} failed: {response.status_code}"
    return response


# Who ``client_as`` signs in: a role, or any account of the world by its field name.
ROLE_ACCOUNTS = {"learner": "learner", "instructor": "instructor", "officer": "officer",
                 "facility_admin": "admin", "national_admin": "national"}


@pytest.fixture
def client_as(app, world):
    """``client_as(who)``: a new test client signed in (and checked) as ``who``, a role name
    (``learner``, ``instructor``, ``officer``, ``facility_admin``, ``national_admin``) or a World
    field (``learner2``, ``other_admin``...)."""

    def make(who: str):
        account = getattr(world, ROLE_ACCOUNTS.get(who, who))
        client = app.test_client()
        sign_in(client, account.username or account.reg_number)
        return client

    return make


def csrf_token(html: str) -> str:
    """The page's CSRF token ("" when a test has switched CSRF off)."""
    match = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', html) or re.search(
        r'name="csrf_token" value="([^"]+)"', html
    )
    return match.group(1) if match else ""


def post_form(client, url: str, data: dict | None = None, *, page: str | None = None, **kwargs):
    """POST like a browser: take the CSRF token from ``page`` (or the home page) first."""
    html = client.get(page or "/", follow_redirects=True).get_data(as_text=True)
    payload = dict(data or {})
    payload["csrf_token"] = csrf_token(html)
    return client.post(url, data=payload, **kwargs)


def count_queries(app, request_page) -> tuple[int, object]:
    """(number of SQL statements, result) of calling ``request_page()``: for tests that a page's
    queries do not grow with the data it lists."""
    from sqlalchemy import event

    statements = []

    def count(*_args):
        statements.append(1)

    with app.app_context():
        engine = db.engine
    event.listen(engine, "before_cursor_execute", count)
    try:
        result = request_page()
    finally:
        event.remove(engine, "before_cursor_execute", count)
    return len(statements), result


def lesson_seconds_spent(app, world) -> int:
    """The learner's time on task recorded for the world's lesson (None before any)."""
    from training.courses.models import LessonProgress

    with app.app_context():
        return db.session.scalar(db.select(LessonProgress.seconds_spent).where(
            LessonProgress.learner_id == world.learner.id, LessonProgress.lesson_id == world.lesson.id))
