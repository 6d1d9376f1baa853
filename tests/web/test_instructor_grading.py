"""Grading with rubrics: the score, the queue, what the learner sees, changes with a reason in the
audit trail, and two instructors grading the same work at once."""
from __future__ import annotations

import re

import pytest

from tests.conftest import TEST_PASSWORD, csrf_token, sign_in
from training.accounts.models import User
from training.audit import AuditEvent
from training.teaching import grading
from training.courses.models import AttemptAnswer, QuizAttempt, Task, TaskSubmission
from training.teaching.models import Grading
from training.extensions import db

RUBRIC = [
    {"criterion": "HPP", "levels": [{"label": "Belum", "points": 0}, {"label": "Cukup", "points": 1},
                                    {"label": "Baik", "points": 2}, {"label": "Sangat baik", "points": 3}]},
    {"criterion": "Harga", "levels": [{"label": "Belum", "points": 0}, {"label": "Cukup", "points": 2},
                                      {"label": "Baik", "points": 4}, {"label": "Sangat baik", "points": 6}]},
]


@pytest.mark.parametrize("chosen, points, label", [
    ([0, 0], 0, "Belum"),
    ([2, 2], 6, "Baik"),
    ([3, 1], 5, "Cukup"),  # 5/9 is below Baik's share 6/9
    ([3, 3], 9, "Sangat baik"),
    ([1, 3], 7, "Baik"),
])
def test_rubric_points_are_the_sum_of_the_chosen_levels_and_the_level_reached_follows_the_share(chosen, points, label):
    score = grading.score_levels(RUBRIC, chosen)
    assert (score.points, score.max_points, score.label) == (points, 9, label)


@pytest.mark.parametrize("chosen", [[0], [0, None], [0, 4]])
def test_every_criterion_needs_one_valid_level(chosen):
    with pytest.raises(grading.GradingError):
        grading.score_levels(RUBRIC, chosen)


def _grade_url(world):
    return f"/pengajar/penilaian/tugas/{world.submission.id}"


def _load(client, url):
    html = client.get(url).get_data(as_text=True)
    version = re.search(r'name="version" type="hidden" value="(\d+)"', html).group(1)
    return csrf_token(html), version


def _instructor(app, world):
    client = app.test_client()
    sign_in(client, world.instructor.username)
    return client


def test_queue_lists_waiting_work_oldest_first(app, world):
    client = _instructor(app, world)
    page = client.get("/pengajar/penilaian").get_data(as_text=True)
    assert page.index(_grade_url(world)) < page.index(f"/pengajar/penilaian/esai/{world.essay_answer.id}")


def test_graded_task_shows_the_learner_points_rubric_levels_and_feedback(app, world):
    client = _instructor(app, world)
    token, version = _load(client, _grade_url(world))
    assert version == "0"
    response = client.post(_grade_url(world), data={"csrf_token": token, "version": version, "tingkat-0": "1",
                                                    "feedback": "Hitungan tenaga sudah ada. Tambahkan kemasan.",
                                                    "status": "graded"})
    assert response.status_code == 302
    with app.app_context():
        submission = db.session.get(TaskSubmission, world.submission.id)
        assert (submission.status, submission.score, submission.max_score) == ("graded", 4, 4)
        assert db.session.scalar(db.select(Grading)).level_label == "Baik"
    learner = app.test_client()
    sign_in(learner, world.learner2.reg_number)
    page = learner.get(f"/belajar/kursus/{world.course.slug}/{world.lesson.slug}/tugas/nilai").get_data(as_text=True)
    assert "Tambahkan kemasan." in page and "✓ Baik" in page and "tingkat Baik" in page
    assert "Tugas yang sudah dinilai" in learner.get("/belajar").get_data(as_text=True)


def test_work_sent_back_for_revision_can_be_handed_in_again_and_queues_again(app, world):
    client = _instructor(app, world)
    token, version = _load(client, _grade_url(world))
    client.post(_grade_url(world), data={"csrf_token": token, "version": version, "tingkat-0": "0",
                                         "feedback": "Tulis semua biaya.", "status": "revise"})
    with app.app_context():
        from training.courses.services import submit_task

        learner = db.session.get(User, world.learner2.id)
        assert db.session.get(TaskSubmission, world.submission.id).status == "revise"
        again = submit_task(learner, db.session.get(Task, world.submission.task_id), "Bahan, tenaga, kemasan.")
        db.session.commit()
        again_id = again.id
    assert again_id != world.submission.id
    assert "kiriman ulang" in client.get("/pengajar/penilaian").get_data(as_text=True)


def test_changing_a_grade_needs_a_reason_and_is_audited_with_old_and_new_values(app, world):
    client = _instructor(app, world)
    token, version = _load(client, _grade_url(world))
    client.post(_grade_url(world), data={"csrf_token": token, "version": version, "tingkat-0": "1", "status": "graded"})
    token, version = _load(client, _grade_url(world))
    assert version == "1"
    refused = client.post(_grade_url(world), data={"csrf_token": token, "version": version, "tingkat-0": "0",
                                                   "status": "graded"})
    assert refused.status_code == 200 and "Tulis alasan mengubah nilai." in refused.get_data(as_text=True)
    changed = client.post(_grade_url(world), data={"csrf_token": token, "version": version, "tingkat-0": "0",
                                                   "status": "graded", "reason": "Salah pilih tingkat."})
    assert changed.status_code == 302
    with app.app_context():
        events = db.session.scalars(db.select(AuditEvent).where(AuditEvent.action.like("grade.%"))
                                    .order_by(AuditEvent.id)).all()
        assert [e.action for e in events] == ["grade.created", "grade.changed"]
        assert events[1].details["old"]["points"] == 4 and events[1].details["new"]["points"] == 0
        assert events[1].details["reason"] == "Salah pilih tingkat."
        assert db.session.get(TaskSubmission, world.submission.id).score == 0


def test_second_instructor_grading_at_the_same_time_is_shown_the_first_grade_instead_of_overwriting(app, world):
    with app.app_context():
        from training.accounts.services import create_staff

        create_staff(db.session.get(User, world.instructor.id).facility, role="instructor", username="guru.a2",
                     full_name="Eka Pengajar", password=TEST_PASSWORD)
        db.session.commit()
    first, second = _instructor(app, world), app.test_client()
    sign_in(second, "guru.a2")
    token1, version1 = _load(first, _grade_url(world))
    token2, version2 = _load(second, _grade_url(world))  # both loaded the ungraded work
    assert first.post(_grade_url(world), data={"csrf_token": token1, "version": version1, "tingkat-0": "1",
                                               "feedback": "Dari Dian.", "status": "graded"}).status_code == 302
    late = second.post(_grade_url(world), data={"csrf_token": token2, "version": version2, "tingkat-0": "0",
                                                "feedback": "Dari Eka.", "status": "graded",
                                                "reason": "coba"})
    page = late.get_data(as_text=True)
    assert late.status_code == 200
    assert "Nilai Anda belum disimpan" in page and "Dian Pengajar" in page and "Dari Dian." in page
    with app.app_context():
        grade = db.session.scalar(db.select(Grading))
        assert (grade.points, grade.feedback, grade.version) == (4, "Dari Dian.", 1)
    # asked again, now with the current version, the second instructor's change goes through
    assert re.search(r'name="version" type="hidden" value="1"', page)
    token2 = csrf_token(page)
    again = second.post(_grade_url(world), data={"csrf_token": token2, "version": "1", "tingkat-0": "0",
                                                 "feedback": "Dari Eka.", "status": "graded", "reason": "Dicek ulang."})
    assert again.status_code == 302


def test_a_stale_write_racing_at_the_database_is_refused(app, world):
    """Two sessions that both read version 1: the second UPDATE finds no row at that version."""
    with app.app_context():
        instructor = db.session.get(User, world.instructor.id)
        submission = db.session.get(TaskSubmission, world.submission.id)
        grading.grade_submission(instructor, submission, [1], feedback="", status="graded", loaded_version=0)
        db.session.commit()
        grade_id = db.session.scalar(db.select(Grading.id))
    with app.app_context():
        mine = db.session.get(Grading, grade_id)
        assert mine.version == 1
        with db.engine.begin() as conn:  # someone else's save lands in between
            conn.execute(db.update(Grading).where(Grading.id == grade_id).values(version=2, points=0))
        mine.points = 3
        from sqlalchemy.orm.exc import StaleDataError

        with pytest.raises(StaleDataError):
            db.session.flush()
        db.session.rollback()


def test_grading_an_essay_updates_the_attempt_score(app, world):
    with app.app_context():
        attempt = db.session.get(QuizAttempt, db.session.get(AttemptAnswer, world.essay_answer.id).attempt_id)
        assert attempt.score == 100.0  # only the single-choice question counted so far
    client = _instructor(app, world)
    url = f"/pengajar/penilaian/esai/{world.essay_answer.id}"
    token, version = _load(client, url)
    response = client.post(url, data={"csrf_token": token, "version": version, "tingkat-0": "1", "tingkat-1": "0",
                                      "feedback": "Beri contoh.", "status": "graded"})
    assert response.status_code == 302
    with app.app_context():
        answer = db.session.get(AttemptAnswer, world.essay_answer.id)
        attempt = db.session.get(QuizAttempt, answer.attempt_id)
        assert (answer.score, answer.needs_review, answer.feedback) == (0.25, False, "Beri contoh.")
        assert attempt.score == 62.5  # (1 + 0.25) of 2 points
    assert f"/esai/{world.essay_answer.id}" not in client.get("/pengajar/penilaian").get_data(as_text=True).split("Baru dinilai")[0]


def test_scoring_again_before_any_grade_gives_the_score_the_attempt_closed_with(app, world):
    """Closing an attempt and scoring it again after a grade follow one rule (quiz.score_attempt):
    with nothing graded yet, scoring again changes nothing."""
    with app.app_context():
        attempt = db.session.get(QuizAttempt, db.session.get(AttemptAnswer, world.essay_answer.id).attempt_id)
        closed_with = (attempt.score, attempt.passed)
        grading.rescore_attempt(attempt)
        assert (attempt.score, attempt.passed) == closed_with
        db.session.rollback()


def test_task_level_gives_the_best_graded_level_for_certificates(app, world):
    with app.app_context():
        learner = db.session.get(User, world.learner2.id)
        task = db.session.get(Task, world.submission.task_id)
        assert grading.task_level(learner, task) == (None, None)
        grading.grade_submission(db.session.get(User, world.instructor.id), db.session.get(TaskSubmission, world.submission.id),
                                 [1], feedback="", status="graded", loaded_version=0)
        assert grading.task_level(learner, task) == ("Baik", 1.0)


def test_a_grade_that_is_not_saved_keeps_the_levels_and_words_the_instructor_gave(app, world):
    client = _instructor(app, world)
    token, version = _load(client, _grade_url(world))
    too_long = "x" * (grading.FEEDBACK_MAX_CHARS + 1)
    response = client.post(_grade_url(world), data={"csrf_token": token, "version": version, "tingkat-0": "1",
                                                    "feedback": too_long, "status": "graded"})
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert re.search(r'name="tingkat-0" value="1" checked', page)
    assert too_long in page
    with app.app_context():
        assert db.session.scalar(db.select(Grading)) is None


@pytest.mark.parametrize("level", ["²", "9" * 5000, "0" * 5000 + "9", "-1", " 1"])
def test_an_exotic_or_huge_rubric_level_asks_again_instead_of_failing(app, world, level):
    client = _instructor(app, world)
    token, version = _load(client, _grade_url(world))
    response = client.post(_grade_url(world), data={"csrf_token": token, "version": version, "tingkat-0": level,
                                                    "status": "graded"})
    assert response.status_code == 200
    assert "Pilih satu tingkat untuk setiap kriteria." in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(db.select(Grading)) is None
