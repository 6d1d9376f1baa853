"""Learner pages kept per worker (training/page_cache.py): served again with one query, never
after something they show has changed, never to anyone but the session they were made for.

The oracle for "never stale": after a write, the page the learner is served must equal the page
its view renders from scratch (the kept pages emptied), apart from the CSRF token's signature,
which carries the second it was made.
"""
from __future__ import annotations

import re
from datetime import date, timedelta

import pytest
from flask import template_rendered
from sqlalchemy import event

from tests.conftest import csrf_token, lesson_seconds_spent, post_form, sign_in
from training.extensions import db
from training.page_cache import SCOPES, STORE, UNSHOWN_TABLES

COURSE = "/belajar/kursus/uji-coba"


def _page(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    html = re.sub(r'(name="csrf_token"[^>]*value=")[^"]+"', r'\1"', response.get_data(as_text=True))
    html = re.sub(r'<div class="flash [^>]+>[^<]*</div>', "", html)  # a message is shown once, by design
    return re.sub(r"\s+", " ", html)


def _served_again(client, url: str) -> str:
    """GET ``url`` and assert the worker's kept page answered it."""
    hits = STORE.hits
    html = _page(client, url)
    assert STORE.hits == hits + 1, f"{url} was rendered again, not served from the kept pages"
    return html


def _fresh(client, url: str) -> str:
    """What the view renders for ``url`` right now, with no kept page to serve."""
    STORE.clear()
    return _page(client, url)


def _kept(client, url: str) -> str:
    """Render ``url`` once and check that the next request is served from the kept page."""
    first = _page(client, url)
    assert _served_again(client, url) == first
    return first


def _is_current(client, url: str, before: str) -> str:
    """After a write: the page served equals a fresh render, and differs from ``before``."""
    served = _page(client, url)
    assert served == _fresh(client, url)
    assert served != before
    return served


def test_a_kept_page_is_served_with_one_query_and_no_template(app, world, client_as):
    learner = client_as("learner")
    _kept(learner, "/belajar")
    statements, templates = [], []
    with app.app_context():
        engine = db.engine
    listener = lambda *args: statements.append(args[2])  # noqa: E731
    event.listen(engine, "before_cursor_execute", listener)
    template_rendered.connect(lambda *a, **k: templates.append(1), app, weak=False)
    reads = STORE.reads
    try:
        _served_again(learner, "/belajar")
    finally:
        event.remove(engine, "before_cursor_execute", listener)
        template_rendered.receivers.clear()
    assert statements == [] and STORE.reads == reads + 1  # its one read, sent to the driver directly
    assert templates == []


@pytest.mark.parametrize("url", [
    lambda w: "/belajar",
    lambda w: COURSE,
    lambda w: f"{COURSE}/uang",
    lambda w: f"/belajar/kuis/{w.attempt.id}/soal/1",
    lambda w: f"/belajar/kuis/{w.attempt.id}/semua",
    lambda w: "/toko/",
    lambda w: f"/toko/latihan/{w.season.id}",
    lambda w: f"/toko/latihan/{w.season.id}/minggu/1",
])
def test_every_kept_page_is_served_again_as_rendered_with_one_query(app, world, client_as, url):
    learner = client_as("learner")
    first = _page(learner, url(world))
    statements = []
    with app.app_context():
        engine = db.engine
    listener = lambda *args: statements.append(args[2])  # noqa: E731
    event.listen(engine, "before_cursor_execute", listener)
    reads = STORE.reads
    try:
        again = _served_again(learner, url(world))
    finally:
        event.remove(engine, "before_cursor_execute", listener)
    assert again == first
    assert statements == [] and STORE.reads == reads + 1
    assert first == _fresh(learner, url(world))


def test_a_finished_lesson_shows_at_once_on_home_and_course(app, world, client_as):
    learner = client_as("learner")
    home, course = _kept(learner, "/belajar"), _kept(learner, COURSE)
    assert "0 dari 3 pelajaran selesai" in home

    def finish_reading(objects):  # as on another PC: this session's open lesson stays the same
        from training.courses.services import mark_read

        mark_read(objects["learner"], next(x for x in objects["course"].lessons if x.slug == "baca"))

    _as_staff(app, world, finish_reading)
    assert "1 dari 3 pelajaran selesai" in _is_current(learner, COURSE, course)
    assert "1 dari 3 pelajaran selesai" in _is_current(learner, "/belajar", home)


def test_an_answer_shows_at_once_on_its_question_page(world, client_as):
    learner = client_as("learner")
    url = f"/belajar/kuis/{world.attempt.id}/soal/1"
    before = _kept(learner, url)
    all_before = _kept(learner, f"/belajar/kuis/{world.attempt.id}/semua")
    post_form(learner, url, {"jawaban-1": "12500"}, page=url)
    assert "12500" in _is_current(learner, url, before)
    _is_current(learner, f"/belajar/kuis/{world.attempt.id}/semua", all_before)


def test_a_played_week_shows_at_once_on_the_shop_pages(world, client_as):
    from tests.web.test_storefront_practice import decision_post

    learner = client_as("learner")
    url = f"/toko/latihan/{world.season.id}"
    before, shop = _kept(learner, url), _kept(learner, "/toko/")
    response = post_form(learner, f"{url}/minggu", decision_post(1, world.product.id), page=url)
    assert response.headers["Location"].endswith(f"{url}/minggu/2")
    _is_current(learner, url, before)
    _is_current(learner, "/toko/", shop)


def test_an_instructors_grade_shows_at_once_on_the_learners_home(app, world, client_as):
    learner = client_as("learner2")
    home = _kept(learner, "/belajar")
    instructor = client_as("instructor")
    url = f"/pengajar/penilaian/tugas/{world.submission.id}"
    html = instructor.get(url).get_data(as_text=True)
    version = re.search(r'name="version" type="hidden" value="(\d+)"', html).group(1)
    response = instructor.post(url, data={"csrf_token": csrf_token(html), "version": version, "tingkat-0": "1",
                                          "feedback": "Bagus.", "status": "graded"})
    assert response.status_code == 302
    assert "Tugas yang sudah dinilai" in _is_current(learner, "/belajar", home)


def _as_staff(app, world, change):
    """Run ``change(objects)`` as a service call outside any request, then commit."""
    from training.accounts.models import Facility, TrainingClass, User
    from training.courses.models import Course

    with app.app_context():
        objects = {
            "course": db.session.get(Course, world.course.id),
            "class_a": db.session.get(TrainingClass, world.class_a.id),
            "lapas": db.session.get(Facility, world.lapas.id),
            "instructor": db.session.get(User, world.instructor.id),
            "learner": db.session.get(User, world.learner.id),
        }
        change(objects)
        db.session.commit()


def test_work_assigned_to_the_class_shows_at_once(app, world, client_as):
    from training.teaching.assignments import create_assignment

    learner = client_as("learner")
    home = _kept(learner, "/belajar")
    _as_staff(app, world, lambda o: create_assignment(
        o["instructor"], o["course"], opens_on=date.today() - timedelta(days=1),
        due_on=date.today() + timedelta(days=6), training_class=o["class_a"]))
    _is_current(learner, "/belajar", home)


def test_a_course_no_longer_offered_leaves_the_page_at_once(app, world, client_as):
    from training.courses.services import set_enabled

    learner = client_as("learner")
    home = _kept(learner, "/belajar")
    _as_staff(app, world, lambda o: set_enabled(o["lapas"], o["course"], False))
    assert "Kursus Uji Coba" not in _is_current(learner, "/belajar", home)


def test_a_change_to_the_course_itself_shows_on_every_learners_lesson(app, world, client_as):
    first, second = client_as("learner"), client_as("learner2")
    url = f"{COURSE}/uang"
    before = _kept(first, url), _kept(second, url)

    def rename(objects):
        objects["course"].title = "Kursus Uji Coba Baru"

    _as_staff(app, world, rename)  # no table rule for courses: every page is out of date
    for client, old in zip((first, second), before, strict=True):
        assert "Kursus Uji Coba Baru" in _is_current(client, url, old)


def test_a_renamed_learner_sees_the_new_name_at_once(app, world, client_as):
    learner = client_as("learner")
    home = _kept(learner, "/belajar")

    def rename(objects):
        objects["learner"].full_name = "Budi Santoso Putra"

    _as_staff(app, world, rename)
    assert "Budi Santoso Putra" in _is_current(learner, "/belajar", home)


def test_another_learners_write_does_not_empty_this_learners_pages(app, world, client_as):
    first, second = client_as("learner"), client_as("learner2")
    _kept(first, COURSE)
    post_form(second, f"{COURSE}/baca/selesai", page=f"{COURSE}/baca")
    _served_again(first, COURSE)


def test_a_page_is_never_served_to_another_learner_or_another_sign_in(app, world, client_as):
    first, second = client_as("learner"), client_as("learner2")
    assert "Budi Santoso" in _kept(first, "/belajar")
    html = _page(second, "/belajar")
    assert "Sari Wulandari" in html and "Budi Santoso" not in html
    # The same learner signed in on a second PC gets a page of their own, whose forms work there.
    other_pc = app.test_client()
    sign_in(other_pc, world.learner.reg_number)
    hits = STORE.hits
    page = other_pc.get("/belajar").get_data(as_text=True)
    assert STORE.hits == hits
    with other_pc.session_transaction() as cookie:
        secret = cookie["csrf_token"]
    with first.session_transaction() as cookie:
        assert cookie["csrf_token"] != secret
    response = other_pc.post(f"{COURSE}/baca/selesai", data={"csrf_token": csrf_token(page)})
    assert response.status_code == 302


def test_an_ended_session_gets_no_kept_page(app, world, client_as):
    learner = client_as("learner")
    _kept(learner, "/belajar")
    with learner.session_transaction() as cookie:
        saved = dict(cookie)
    post_form(learner, "/keluar", page="/belajar")
    with learner.session_transaction() as cookie:  # the signed-out cookie, replayed
        cookie.update(saved)
    response = learner.get("/belajar")
    assert response.status_code == 302 and "/masuk" in response.headers["Location"]


def test_a_deactivated_learner_gets_no_kept_page(app, world, client_as):
    from training.accounts.services import deactivate

    learner = client_as("learner")
    _kept(learner, "/belajar")
    _as_staff(app, world, lambda o: deactivate(o["learner"], "Dipindahkan."))
    response = learner.get("/belajar")
    assert response.status_code == 302 and "/masuk" in response.headers["Location"]


def test_an_idle_session_ends_even_on_a_kept_page(app, world, client_as):
    learner = client_as("learner")
    _kept(learner, "/belajar")
    with learner.session_transaction() as cookie:
        cookie["seen"] -= app.config["LEARNER_IDLE_MINUTES"] * 60 + 5
    response = learner.get("/belajar")
    assert response.status_code == 302 and "/masuk" in response.headers["Location"]
    assert "terlalu lama" in learner.get(response.headers["Location"]).get_data(as_text=True)


def test_a_message_is_shown_once_and_never_kept(world, client_as):
    learner = client_as("learner")
    _kept(learner, COURSE)
    post_form(learner, f"{COURSE}/baca/selesai", page=f"{COURSE}/baca")  # flashes, goes to lesson "ulang"
    first = learner.get(f"{COURSE}/ulang").get_data(as_text=True)
    assert "Bagus!" in first
    again = learner.get(f"{COURSE}/ulang").get_data(as_text=True)
    assert "Bagus!" not in again


def test_reloading_a_lesson_adds_up_its_time_and_writes_it_on_leaving(app, world, client_as):
    learner = client_as("learner")
    url = f"{COURSE}/uang"
    _kept(learner, url)

    start = lesson_seconds_spent(app, world)
    for _ in range(3):  # three reloads, each a minute after the last, each served from the kept page
        with learner.session_transaction() as cookie:
            tick = cookie["lesson_tick"]
            cookie["lesson_tick"] = [tick[0], tick[1] - 60, *tick[2:]]
        _served_again(learner, url)
    with learner.session_transaction() as cookie:
        assert cookie["lesson_tick"][2] >= 180 - 3  # the second hand may have moved
    assert lesson_seconds_spent(app, world) == start  # nothing written while the page was served again
    _page(learner, "/belajar")  # leaving the lesson writes what was added up
    assert 180 - 3 <= lesson_seconds_spent(app, world) - start <= 180 + 3


def test_a_reload_seconds_later_leaves_the_session_alone_and_its_time_still_counts(app, world, client_as,
                                                                                   monkeypatch):
    """A reload within NOTE_EVERY_SECONDS of the last page noted sends no new session cookie
    (nothing to sign again); its gap is counted with the next page's, so no second is lost."""
    from training import clock as app_clock
    from training.courses.services import NOTE_EVERY_SECONDS

    now = {"t": 2_000_000_000.0}
    monkeypatch.setattr(app_clock, "epoch_seconds", lambda: now["t"])
    learner = client_as("learner")
    url = f"{COURSE}/uang"
    _kept(learner, url)

    start = lesson_seconds_spent(app, world)
    now["t"] += NOTE_EVERY_SECONDS - 10
    hits = STORE.hits
    response = learner.get(url)
    assert response.status_code == 200 and STORE.hits == hits + 1
    assert "Set-Cookie" not in response.headers  # the tick did not move: nothing to sign again
    STORE.clear()  # rendered by the view: the same rule
    now["t"] += 5
    response = learner.get(url)
    assert response.status_code == 200 and "Set-Cookie" not in response.headers
    now["t"] += 40
    _served_again(learner, url)  # now the tick moves on, with all three gaps added up
    with learner.session_transaction() as cookie:
        assert cookie["lesson_tick"][1:] == [int(now["t"]), NOTE_EVERY_SECONDS - 10 + 5 + 40]
    assert lesson_seconds_spent(app, world) == start
    _page(learner, "/belajar")
    assert lesson_seconds_spent(app, world) - start == NOTE_EVERY_SECONDS - 10 + 5 + 40


def test_time_enough_to_write_is_written_by_the_lesson_view(app, world, client_as):
    from training.courses.services import PENDING_WRITE_SECONDS

    learner = client_as("learner")
    url = f"{COURSE}/uang"
    _kept(learner, url)
    with learner.session_transaction() as cookie:
        tick = cookie["lesson_tick"]
        cookie["lesson_tick"] = [tick[0], tick[1] - 60, PENDING_WRITE_SECONDS - 30]
    hits = STORE.hits
    _page(learner, url)
    assert STORE.hits == hits  # rendered by the view, which wrote the time
    assert lesson_seconds_spent(app, world) >= PENDING_WRITE_SECONDS + 30 - 3


def test_moving_to_another_lesson_renders_it_and_the_way_back(world, client_as):
    learner = client_as("learner")
    _kept(learner, f"{COURSE}/uang")
    _kept(learner, f"{COURSE}/baca")
    hits = STORE.hits
    _page(learner, f"{COURSE}/uang")  # the open lesson changed: the view writes where the learner is
    assert STORE.hits == hits


def test_each_language_has_its_own_page(world, client_as):
    learner = client_as("learner")
    indonesian = _kept(learner, "/belajar")
    post_form(learner, "/bahasa", {"lang": "en", "next": "/belajar"}, page="/belajar")
    english = _page(learner, "/belajar")
    assert english != indonesian and 'lang="en"' in english


def test_every_table_with_a_learner_column_has_its_own_rule(app):
    """A table a learner's records live in must not fall to the rule for unknown tables (every
    page of every learner out of date at each write): it names its learners, or is marked unshown."""
    with app.app_context():
        tables = db.metadata.sorted_tables
    learner_tables = {t.name for t in tables if {"learner_id", "user_id"} & set(t.c.keys())}
    unruled = learner_tables - set(SCOPES) - UNSHOWN_TABLES
    assert unruled == set()
