"""Quiz answers and clicks that used to go wrong: English thousands, hostile values, racing starts."""
from __future__ import annotations

import pytest

from tests.conftest import post_form, sign_in
from training.courses.models import AttemptAnswer, QuizAttempt
from training.extensions import db

COURSE = "/belajar/kursus/uji-coba"


@pytest.fixture
def learner(client, world):
    response = sign_in(client, world.learner.reg_number)
    assert response.status_code == 302 and "/masuk" not in response.headers["Location"]
    return client


def _answers(app, attempt_id):
    with app.app_context():
        return db.session.scalars(db.select(AttemptAnswer).where(AttemptAnswer.attempt_id == attempt_id)).all()


def test_english_thousands_are_asked_about_not_counted(app, world, learner):
    url = f"/belajar/kuis/{world.attempt.id}/soal/1"
    response = post_form(learner, url, {"jawaban-1": "Rp12,500"})
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Maksud Anda 12.500?" in html and 'value="Rp12,500"' in html
    assert _answers(app, world.attempt.id) == []
    post_form(learner, url, {"jawaban-1": "Rp12.500"})
    [answer] = _answers(app, world.attempt.id)
    assert answer.correct is True


@pytest.mark.parametrize("value", ["9" * 5000, "²", "1" * 4301])
def test_a_hostile_choice_value_is_refused_without_an_error(app, world, learner, value):
    response = post_form(learner, f"/belajar/kuis/{world.attempt.id}/soal/2", {"jawaban-2": value})
    assert response.status_code in (200, 302)  # asked again, never a server error
    assert _answers(app, world.attempt.id) == []


def test_an_overlong_number_is_refused_with_a_message(app, world, learner):
    response = post_form(learner, f"/belajar/kuis/{world.attempt.id}/soal/1", {"jawaban-1": "9" * 5000})
    assert response.status_code == 200 and "terlalu panjang" in response.get_data(as_text=True)
    assert _answers(app, world.attempt.id) == []


def test_a_start_that_loses_the_race_continues_the_attempt_just_made(app, world, learner, monkeypatch):
    """Two clicks at once: both saw no open attempt; the second insert hits the unique key."""
    from training.courses import quiz

    url = f"{COURSE}/uang/kuis"
    real_open_attempt = quiz.open_attempt
    calls = []

    def not_yet_visible(learner_, lesson):
        calls.append(1)
        return None if len(calls) == 1 else real_open_attempt(learner_, lesson)

    monkeypatch.setattr(quiz, "open_attempt", not_yet_visible)
    monkeypatch.setattr(quiz, "attempts", lambda learner_, lesson: [])  # the other click's row unseen
    response = post_form(learner, url, page=url)
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/belajar/kuis/{world.attempt.id}/soal/1")
    with app.app_context():
        rows = db.session.scalars(db.select(QuizAttempt).where(QuizAttempt.learner_id == world.learner.id)).all()
    assert [row.id for row in rows] == [world.attempt.id]


def test_an_answer_longer_than_any_real_one_is_refused_before_grading(app, world):
    from training.courses import quiz
    from training.courses.models import Question

    with app.app_context():
        attempt = db.session.get(QuizAttempt, world.attempt.id)
        questions = quiz.attempt_questions(attempt, {})
        choice = next(q for q in questions if quiz.question_data(attempt, q, q.current)["type"] == "single")
        for raw in ("x" * 501, ["a"] * 60, {"kiri": "y" * 600}):
            outcome = quiz.answer_question(attempt, db.session.get(Question, choice.id), raw)
            assert outcome.message and "terlalu panjang" in outcome.message
        db.session.rollback()
    assert _answers(app, world.attempt.id) == []
