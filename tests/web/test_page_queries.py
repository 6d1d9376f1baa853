"""Learner pages load everything before they render, write only after, and their queries stay
few (issue 11).

A query issued while a template renders is a lazy load: it costs a round trip per row shown and
hides from the view's code. Each learner page is opened by a signed-in learner and every SQL
statement is counted, and those issued between Flask's ``before_render_template`` and
``template_rendered`` signals must be none. A page view that records time on task sends its
writes after rendering (on SQLite a write holds the one write lock until the commit). The ceilings are today's counts: a page that starts
issuing more fails here, and whoever lowers a count lowers its ceiling. A page that notes time on task
may also write the time it added up (one UPDATE, when the learner moved on), and its ceiling has room for it.

These pages are measured as their views render them: the worker's kept pages
(training/page_cache.py) are emptied first. Serving a kept page again is tested in
test_page_cache.py. The ceilings count the page cache's own read (the session's account and the learner's
versions, before the view).
"""
from __future__ import annotations

import pytest
from flask import before_render_template, template_rendered
from sqlalchemy import event

from tests.conftest import TEST_PASSWORD, count_queries, csrf_token, lesson_seconds_spent, sign_in
from training.extensions import db
from training.page_cache import STORE

# page -> (URL from the world, most SQL statements the page may issue for a signed-in learner)
PAGES = {
    "home": (lambda w: "/belajar", 11),
    "course": (lambda w: f"/belajar/kursus/{w.course.slug}", 9),
    "lesson": (lambda w: f"/belajar/kursus/{w.course.slug}/{w.lesson.slug}", 7),
    "quiz question": (lambda w: f"/belajar/kuis/{w.attempt.id}/soal/1", 6),
    "quiz result": (lambda w: f"/belajar/kuis/{w.attempt.id}/hasil", 5),
    "task": (lambda w: f"/belajar/kursus/{w.course.slug}/{w.lesson.slug}/tugas", 10),
    "certificates": (lambda w: "/sertifikat-saya/", 7),
    "plan": (lambda w: "/rencana-saya", 2),
    "shop": (lambda w: "/toko/", 6),
    "shop decisions": (lambda w: f"/toko/latihan/{w.season.id}", 4),
    "shop week": (lambda w: f"/toko/latihan/{w.season.id}/minggu/1", 4),
}


def statements_of(app, client, url: str) -> tuple[int, int, object]:
    """(statements in all, statements while a template rendered, response) of GETting ``url``."""
    counts, _writes, response = _watch(app, client, url)
    return counts["all"], counts["rendering"], response


def _watch(app, client, url: str) -> tuple[dict, list[str], object]:
    """Statement counts, the writes (INSERT/UPDATE/DELETE) sent before the page had rendered,
    and the response of GETting ``url``."""
    counts = {"all": 0, "rendering": 0}
    state = {"rendering": False, "rendered": False}
    early_writes: list[str] = []

    def on_statement(_conn, _cursor, statement, *_args):
        counts["all"] += 1
        counts["rendering"] += state["rendering"]
        if not state["rendered"] and statement.lstrip().split(None, 1)[0].upper() in {"INSERT", "UPDATE", "DELETE"}:
            early_writes.append(statement)

    def started(*_args, **_kwargs):
        state["rendering"] = True

    def finished(*_args, **_kwargs):
        state["rendering"], state["rendered"] = False, True

    STORE.clear()  # measure the page as its view renders it
    with app.app_context():
        engine = db.engine
    event.listen(engine, "before_cursor_execute", on_statement)
    before_render_template.connect(started, app)
    template_rendered.connect(finished, app)
    reads = STORE.reads
    try:
        response = client.get(url)
        counts["all"] += STORE.reads - reads  # the page cache's own read goes to the driver directly
    finally:
        event.remove(engine, "before_cursor_execute", on_statement)
        before_render_template.disconnect(started, app)
        template_rendered.disconnect(finished, app)
    return counts, early_writes, response


def _finish_attempt(app, world) -> None:
    """Close the learner's quiz attempt, so its result page can be opened."""
    from training.courses import quiz
    from training.courses.models import QuizAttempt

    with app.app_context():
        quiz.finish_attempt(db.session.get(QuizAttempt, world.attempt.id))
        db.session.commit()


# Both learners for every page, except the quiz pages: the world's quiz attempt is the first learner's.
CASES = [(page, who) for page in PAGES for who in ("learner", "learner2")
         if who == "learner" or not page.startswith(("quiz", "shop "))]


@pytest.mark.parametrize(("page", "who"), CASES)
def test_learner_pages_query_nothing_while_rendering_and_stay_under_their_ceiling(app, world, page, who):
    url_of, ceiling = PAGES[page]
    if page == "quiz result":
        _finish_attempt(app, world)
    client = app.test_client()
    sign_in(client, getattr(world, who).reg_number, TEST_PASSWORD)
    client.get(url_of(world))  # a first view may create rows (progress, a drawn question)
    total, rendering, response = statements_of(app, client, url_of(world))
    assert response.status_code == 200
    assert rendering == 0, f"{page}: {rendering} queries while the template rendered (lazy loads)"
    assert total <= ceiling, f"{page}: {total} queries, ceiling {ceiling}"


@pytest.mark.parametrize("page", ["home", "course", "lesson", "quiz question"])
def test_a_page_view_writes_time_on_task_only_after_rendering(app, world, page):
    """Leaving the lesson (home, course) writes its time; so does a page of the lesson itself once
    the time added up in the session is due to be written. Either way after the page rendered."""
    from training.courses.services import PENDING_WRITE_SECONDS

    client = app.test_client()
    sign_in(client, world.learner.reg_number, TEST_PASSWORD)
    lesson_url = PAGES["lesson"][0](world)
    client.get(lesson_url)  # the lesson is open (and its progress row exists) from here on
    before = lesson_seconds_spent(app, world)
    with client.session_transaction() as cookie:  # opened a minute ago, with time added up before
        cookie["lesson_tick"] = [world.lesson.id, cookie["lesson_tick"][1] - 60, PENDING_WRITE_SECONDS - 30]
    _counts, early_writes, response = _watch(app, client, PAGES[page][0](world))
    assert response.status_code == 200
    assert early_writes == []
    assert lesson_seconds_spent(app, world) >= before + PENDING_WRITE_SECONDS + 30 - 3  # written, after rendering


@pytest.mark.parametrize("page", ["lesson", "quiz question"])
def test_another_page_of_the_open_lesson_adds_its_time_up_without_writing(app, world, page):
    """A quiz question, its feedback, the next question: pages of the lesson already open add the
    time since the last page up in the session, and the page view writes nothing."""
    client = app.test_client()
    sign_in(client, world.learner.reg_number, TEST_PASSWORD)
    client.get(PAGES["lesson"][0](world))
    client.get(PAGES[page][0](world))  # read once: the worker keeps the lesson's questions from here on
    before = lesson_seconds_spent(app, world)
    with client.session_transaction() as cookie:
        cookie["lesson_tick"] = [world.lesson.id, cookie["lesson_tick"][1] - 60]
    counts, _early, response = _watch(app, client, PAGES[page][0](world))
    assert response.status_code == 200
    assert lesson_seconds_spent(app, world) == before
    with client.session_transaction() as cookie:
        lesson_id, _at, added = cookie["lesson_tick"]
    assert lesson_id == world.lesson.id and 60 - 3 <= added <= 60 + 3
    assert counts["all"] <= PAGES[page][1] - 1  # no room used for a write


def test_an_answer_writes_the_time_added_up_on_the_quiz_pages(app, world):
    client = app.test_client()
    sign_in(client, world.learner.reg_number, TEST_PASSWORD)
    url = PAGES["quiz question"][0](world)
    client.get(PAGES["lesson"][0](world))
    before = lesson_seconds_spent(app, world)
    with client.session_transaction() as cookie:
        cookie["lesson_tick"] = [world.lesson.id, cookie["lesson_tick"][1] - 60]
    token = csrf_token(client.get(url).get_data(as_text=True))  # a minute on the lesson, added up
    with client.session_transaction() as cookie:
        cookie["lesson_tick"] = [world.lesson.id, cookie["lesson_tick"][1] - 40, cookie["lesson_tick"][2]]
    assert lesson_seconds_spent(app, world) == before
    response = client.post(url, data={"jawaban-1": "Rp 12.500", "csrf_token": token})
    assert response.status_code == 302
    assert 100 - 3 <= lesson_seconds_spent(app, world) - before <= 100 + 3
    with client.session_transaction() as cookie:
        assert len(cookie["lesson_tick"]) == 2  # nothing left to write


def test_signing_out_writes_the_time_added_up(app, world):
    client = app.test_client()
    sign_in(client, world.learner.reg_number, TEST_PASSWORD)
    client.get(PAGES["lesson"][0](world))
    before = lesson_seconds_spent(app, world)
    with client.session_transaction() as cookie:
        cookie["lesson_tick"] = [world.lesson.id, cookie["lesson_tick"][1] - 60, 120]
    token = csrf_token(client.get("/rencana-saya").get_data(as_text=True))
    response = client.post("/keluar", data={"csrf_token": token})
    assert response.status_code == 302 and response.headers["Location"].endswith("/masuk")
    assert client.get("/belajar").status_code == 302  # signed out
    assert 180 - 3 <= lesson_seconds_spent(app, world) - before <= 180 + 3


def test_answering_a_question_stays_under_its_ceiling(app, world):
    """An answer is the most frequent write of a lesson hour: saving it (the attempt with its
    lesson and course, the access check, the answers, the questions, the insert, the learner's page
    version) and the feedback page it leads to each stay under a ceiling."""
    from training.courses.models import AttemptAnswer

    client = app.test_client()
    sign_in(client, world.learner.reg_number, TEST_PASSWORD)
    url = PAGES["quiz question"][0](world)
    token = csrf_token(client.get(url).get_data(as_text=True))
    sent, response = count_queries(app, lambda: client.post(url, data={"jawaban-1": "Rp 12.500", "csrf_token": token}))
    assert response.status_code == 302 and response.headers["Location"].endswith(url)
    with app.app_context():
        saved = db.session.scalar(db.select(AttemptAnswer).where(AttemptAnswer.attempt_id == world.attempt.id))
        assert saved is not None and saved.correct is True
    assert sent <= 7, f"saving an answer: {sent} statements"
    shown, _rendering, feedback = statements_of(app, client, url)
    assert feedback.status_code == 200 and 'class="answer-feedback"' in feedback.get_data(as_text=True)
    assert shown <= PAGES["quiz question"][1]


def test_starting_a_quiz_stays_under_its_ceiling(app, world):
    """Starting an attempt reads the lesson's questions with their versions in one query (it draws
    each question's figures), not one query per question, and leads to the first question."""
    from training.courses.models import QuizAttempt

    client = app.test_client()
    sign_in(client, world.learner2.reg_number, TEST_PASSWORD)
    url = f"/belajar/kursus/{world.course.slug}/{world.lesson.slug}/kuis"
    token = csrf_token(client.get(url).get_data(as_text=True))
    with app.app_context():
        before = db.session.scalar(db.select(db.func.count(QuizAttempt.id))
                                   .where(QuizAttempt.learner_id == world.learner2.id))
    sent, response = count_queries(app, lambda: client.post(url, data={"csrf_token": token}))
    assert response.status_code == 302 and "/soal/1" in response.headers["Location"]
    with app.app_context():
        after = db.session.scalar(db.select(db.func.count(QuizAttempt.id))
                                  .where(QuizAttempt.learner_id == world.learner2.id))
        questions = len(db.session.get(type(world.lesson), world.lesson.id).questions)
    assert after == before + 1  # a new attempt, with its questions drawn
    assert questions >= 2
    assert sent <= 13, f"starting a quiz: {sent} statements for {questions} questions"
