"""A learner's way through a course: lessons, quizzes saved answer by answer, results, tasks."""
from __future__ import annotations

import pytest

from tests.conftest import post_form, sign_in
from training.courses.models import AttemptAnswer, LessonProgress, QuizAttempt, TaskSubmission
from training.extensions import db

COURSE = "/belajar/kursus/uji-coba"


@pytest.fixture
def learner(client, world):
    sign_in(client, world.learner.reg_number)
    return client


def _rows(app, model, **where):
    with app.app_context():
        query = db.select(model)
        for name, value in where.items():
            query = query.where(getattr(model, name) == value)
        return db.session.scalars(query).all()


def test_home_lists_the_course_with_progress_and_a_continue_button(learner):
    html = learner.get("/belajar").get_data(as_text=True)
    assert "Kursus Uji Coba" in html
    assert "0 dari 3 pelajaran selesai" in html
    assert "Lanjutkan" in html and f'{COURSE}/uang/kuis"' in html  # the open attempt


def test_learner_reads_a_lesson_and_marks_it_done(app, world, learner):
    page = learner.get(f"{COURSE}/baca")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert 'data-read-aloud="Dengarkan"' in html and "Tandai selesai" in html
    response = post_form(learner, f"{COURSE}/baca/selesai", page=f"{COURSE}/baca")
    assert response.status_code == 302 and response.headers["Location"].endswith(f"{COURSE}/ulang")
    [row] = _rows(app, LessonProgress, learner_id=world.learner.id, lesson_id=_lesson_id(app, "baca"))
    assert row.status == "done" and row.completed_dt is not None
    html = learner.get(COURSE).get_data(as_text=True)
    assert "1 dari 3 pelajaran selesai" in html
    assert "Sedang dipelajari" in html  # lesson "uang": the world's open attempt started it


def _lesson_id(app, slug):
    from training.courses.models import Lesson

    with app.app_context():
        return db.session.scalar(db.select(Lesson.id).where(Lesson.slug == slug))


def test_lesson_page_shows_the_glossary_and_serves_its_image(learner):
    html = learner.get(f"{COURSE}/uang").get_data(as_text=True)
    assert '<dfn class="term"' in html and "Arti kata" in html
    assert 'src="/kursus/uji-coba/berkas/gambar/titik.png"' in html
    image = learner.get("/kursus/uji-coba/berkas/gambar/titik.png")
    assert image.status_code == 200 and image.mimetype == "image/png"
    assert image.data.startswith(b"\x89PNG")
    image.close()  # a file response streams from an open file


@pytest.mark.parametrize("path", [
    "../uji-coba/course.md", "..%2F..%2Fconftest.py", "%2E%2E/%2E%2E/conftest.py", "course.md",
    "gambar/../01-uang.md", "gambar/tidak-ada.png", "/etc/passwd", "gambar/..%2F..%2F..%2Fconftest.png",
])
def test_only_images_inside_the_course_folder_are_served(learner, path):
    response = learner.get(f"/kursus/uji-coba/berkas/{path}", follow_redirects=True)
    assert response.status_code == 404


def test_quiz_saves_each_answer_when_given_and_shows_the_result(app, world, learner):
    base = f"/belajar/kuis/{world.attempt.id}"
    page = learner.get(f"{base}/soal/1")
    assert "Soal 1 dari 3" in page.get_data(as_text=True)
    post_form(learner, f"{base}/soal/1", {"jawaban-1": "Rp 12.500"})
    answers = _rows(app, AttemptAnswer, attempt_id=world.attempt.id)
    assert [(a.raw, a.correct) for a in answers] == [("Rp 12.500", True)]  # saved before the next question
    html = learner.get(f"{base}/soal/1").get_data(as_text=True)
    assert "Benar!" in html and "Rp125.000 dibagi 10" in html  # feedback and explanation

    post_form(learner, f"{base}/soal/2", {"jawaban-2": "0"})  # the wrong choice
    html = learner.get(f"{base}/soal/2").get_data(as_text=True)
    assert "Belum tepat" in html and "untung rugi tidak kelihatan" in html and "Di kotak uang usaha" in html
    response = post_form(learner, f"{base}/soal/3", {"jawaban-3": "false"})
    assert response.status_code == 302

    [attempt] = _rows(app, QuizAttempt, id=world.attempt.id)
    assert attempt.finished_dt is not None and attempt.score == pytest.approx(66.7) and attempt.passed is False
    html = learner.get(f"{base}/hasil").get_data(as_text=True)
    assert "66,7" in html and "Belum lulus" in html  # the stored score, never rounded up to a pass
    assert "Yang perlu dipelajari lagi" in html and 'href="#ulas-2"' in html
    assert 'href="#ulas-1"' not in html


@pytest.mark.parametrize("typed", ["12.500", "12500", "Rp12.500,-", "12,5 ribu", "Rp 12.500,00"])
def test_indonesian_number_forms_are_accepted(app, world, learner, typed):
    post_form(learner, f"/belajar/kuis/{world.attempt.id}/soal/1", {"jawaban-1": typed})
    [answer] = _rows(app, AttemptAnswer, attempt_id=world.attempt.id)
    assert answer.correct is True


def test_an_unreadable_number_is_not_saved_and_can_be_answered_again(app, world, learner):
    url = f"/belajar/kuis/{world.attempt.id}/soal/1"
    response = post_form(learner, url, {"jawaban-1": "dua belas ribu"})
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "tidak bisa dibaca" in html and 'value="dua belas ribu"' in html  # kept what was typed
    assert _rows(app, AttemptAnswer, attempt_id=world.attempt.id) == []
    post_form(learner, url, {"jawaban-1": "12500"})
    [answer] = _rows(app, AttemptAnswer, attempt_id=world.attempt.id)
    assert answer.correct is True


def test_an_empty_answer_is_not_saved(app, world, learner):
    response = post_form(learner, f"/belajar/kuis/{world.attempt.id}/soal/2", {}, follow_redirects=True)
    assert response.status_code == 200 and "Pilih atau tulis jawaban dulu." in response.get_data(as_text=True)
    assert _rows(app, AttemptAnswer, attempt_id=world.attempt.id) == []


def test_all_questions_on_one_page_save_one_by_one(app, world, learner):
    base = f"/belajar/kuis/{world.attempt.id}"
    html = learner.get(f"{base}/semua").get_data(as_text=True)
    assert html.count("Simpan jawaban</button>") == 3
    response = post_form(learner, f"{base}/soal/3", {"jawaban-3": "false", "tampilan": "semua"})
    assert response.headers["Location"].endswith(f"{base}/semua#soal-3")
    assert len(_rows(app, AttemptAnswer, attempt_id=world.attempt.id)) == 1


def test_finishing_early_counts_unanswered_questions_as_wrong(app, world, learner):
    base = f"/belajar/kuis/{world.attempt.id}"
    post_form(learner, f"{base}/soal/1", {"jawaban-1": "12500"})
    post_form(learner, f"{base}/selesai")
    [attempt] = _rows(app, QuizAttempt, id=world.attempt.id)
    assert attempt.score == pytest.approx(33.3)
    assert "Tidak dijawab" in learner.get(f"{base}/hasil").get_data(as_text=True)


def _take_limited_quiz(learner, answer):
    response = post_form(learner, f"{COURSE}/ulang/kuis", page=f"{COURSE}/ulang/kuis")
    location = response.headers["Location"]
    post_form(learner, location, {"jawaban-1": answer})
    return location


def test_attempt_limit_and_the_last_attempt_counts(app, world, learner):
    _take_limited_quiz(learner, "true")  # passes
    _take_limited_quiz(learner, "false")  # fails: the last attempt counts
    html = learner.get(f"{COURSE}/ulang/kuis").get_data(as_text=True)
    assert "sudah habis" in html
    assert "Nilai Anda yang dihitung: 0" in html
    response = post_form(learner, f"{COURSE}/ulang/kuis", page=f"{COURSE}/ulang/kuis")
    assert response.headers["Location"].endswith(f"{COURSE}/ulang/kuis")
    attempts = _rows(app, QuizAttempt, learner_id=world.learner.id, lesson_id=_lesson_id(app, "ulang"))
    assert [a.passed for a in attempts] == [True, False]
    # Passing once finished the lesson; a worse later attempt does not take that back.
    [row] = _rows(app, LessonProgress, learner_id=world.learner.id, lesson_id=_lesson_id(app, "ulang"))
    assert row.status == "done"


def test_best_attempt_counts_when_the_quiz_says_best(app, world, learner):
    from training.courses.quiz import counted_attempt
    from training.courses.models import Lesson

    base = f"/belajar/kuis/{world.attempt.id}"
    for number, answer in ((1, "12500"), (2, "1"), (3, "false")):
        post_form(learner, f"{base}/soal/{number}", {f"jawaban-{number}": answer})
    second = post_form(learner, f"{COURSE}/uang/kuis", page=f"{COURSE}/uang/kuis").headers["Location"]
    post_form(learner, second.replace("/soal/1", "/selesai"))
    with app.app_context():
        lesson = db.session.get(Lesson, world.lesson.id)
        attempts = db.session.scalars(db.select(QuizAttempt).where(QuizAttempt.lesson_id == lesson.id)
                                      .order_by(QuizAttempt.number)).all()
        assert [a.score for a in attempts] == [100.0, 0.0]
        assert counted_attempt(lesson, attempts).number == 1


def test_learner_cannot_see_another_learners_attempt(app, world, client):
    sign_in(client, world.learner2.reg_number)  # same facility, same course
    base = f"/belajar/kuis/{world.attempt.id}"
    for url in (f"{base}/soal/1", f"{base}/semua", f"{base}/hasil"):
        assert client.get(url).status_code == 404
    assert post_form(client, f"{base}/soal/1", {"jawaban-1": "12500"}).status_code == 404
    assert post_form(client, f"{base}/selesai").status_code == 404
    assert _rows(app, AttemptAnswer, attempt_id=world.attempt.id) == []


def test_a_course_not_offered_at_the_facility_answers_404(app, world, learner):
    from training.accounts.models import Facility
    from training.courses import services
    from training.courses.models import Course

    with app.app_context():
        services.set_enabled(db.session.get(Facility, world.lapas.id), db.session.get(Course, world.course.id), False)
        db.session.commit()
    for url in (COURSE, f"{COURSE}/uang", f"{COURSE}/uang/kuis", f"/belajar/kuis/{world.attempt.id}/soal/1",
                "/kursus/uji-coba/berkas/gambar/titik.png"):
        assert learner.get(url).status_code == 404, url
    assert "Kursus Uji Coba" not in learner.get("/belajar").get_data(as_text=True)


def test_task_is_saved_resubmitted_until_graded_and_keeps_text_on_error(app, world, learner):
    url = f"{COURSE}/uang/tugas"
    html = learner.get(url).get_data(as_text=True)
    assert "Perhitungan HPP" in html and "Semua biaya masuk." in html  # the rubric is shown
    response = post_form(learner, url, {"text": "x" * 20_001}, page=url)
    assert response.status_code == 200 and "terlalu panjang" in response.get_data(as_text=True)
    assert "x" * 100 in response.get_data(as_text=True)  # what was typed is still there
    post_form(learner, url, {"text": "Tepung Rp50.000, gas Rp10.000."}, page=url)
    post_form(learner, url, {"text": "Tepung Rp50.000, gas Rp10.000, plastik Rp5.000."}, page=url)
    [submission] = _rows(app, TaskSubmission, learner_id=world.learner.id)
    assert submission.status == "submitted" and "plastik" in submission.text
    assert "plastik" in learner.get(url).get_data(as_text=True)


def test_time_on_task_counts_gaps_between_pages_but_at_most_five_minutes(app, world, learner, monkeypatch):
    from training import clock as app_clock

    clock = {"now": 1_000_000.0}
    monkeypatch.setattr(app_clock, "epoch_seconds", lambda: clock["now"])
    learner.get(f"{COURSE}/baca")
    clock["now"] += 90
    learner.get(f"{COURSE}/baca")
    clock["now"] += 3 * 3600  # the PC was left alone
    learner.get(f"{COURSE}/uang")
    [row] = _rows(app, LessonProgress, learner_id=world.learner.id, lesson_id=_lesson_id(app, "baca"))
    assert row.seconds_spent == 90 + 300


def test_xss_in_lesson_markdown_does_not_reach_the_page(app, world, learner):
    from training.courses.models import Lesson

    payload = "\n\n".join([
        "<script>alert('x')</script>",
        '<img src="gambar/titik.png" onerror="alert(1)">',
        "[klik](javascript:alert(1))",
        '<a href="data:text/html;base64,PHNjcmlwdD4=">data</a>',
        '<iframe src="https://example.org"></iframe>',
        '<p style="background:url(javascript:alert(1))" onclick="alert(1)">teks</p>',
        "<svg><script>alert(1)</script></svg>",
    ])
    with app.app_context():
        lesson = db.session.get(Lesson, world.lesson.id)
        lesson.body = payload
        db.session.commit()
    html = learner.get(f"{COURSE}/uang").get_data(as_text=True).lower()
    article = html[html.index("<article"):html.index("</article>")]
    for bad in ("<script", "onerror", "onclick", "javascript:", "data:text", "<iframe", "<svg", "style="):
        assert bad not in article, bad


def test_instructor_previews_a_lesson_without_recording_progress(app, world, client):
    sign_in(client, world.instructor.username)
    html = client.get("/pengajar/kursus/uji-coba/baca").get_data(as_text=True)
    assert "Pratinjau" in html and "Pelajaran ini cukup dibaca" in html and "Tandai selesai" not in html
    assert _rows(app, LessonProgress, lesson_id=_lesson_id(app, "baca")) == []
    assert "Kursus Uji Coba" in client.get("/pengajar/kursus").get_data(as_text=True)


def test_facility_admin_offers_and_stops_a_course(app, world, client):
    sign_in(client, world.other_admin.username)  # rutan does not offer it yet
    page = "/admin/kursus"
    assert "Tawarkan" in client.get(page).get_data(as_text=True)
    post_form(client, f"/admin/kursus/{world.course.id}", {"enabled": "1"}, page=page)
    learner = app.test_client()
    sign_in(learner, world.other_learner.reg_number)
    assert learner.get(COURSE).status_code == 200
    post_form(client, f"/admin/kursus/{world.course.id}", {"enabled": "0"}, page=page)
    assert learner.get(COURSE).status_code == 404
    assert client.get(page).status_code == 200


def test_national_admin_sees_versions_and_import_time(world, client):
    sign_in(client, world.national.username)
    html = client.get("/nasional/kursus").get_data(as_text=True)
    assert "Kursus Uji Coba" in html and "uji-coba" in html


def test_a_double_click_that_races_the_first_answer_shows_the_saved_answer(app, world, learner, monkeypatch):
    url = f"/belajar/kuis/{world.attempt.id}/soal/1"
    assert post_form(learner, url, {"jawaban-1": "12500"}, page=url).status_code == 302
    # The second request checked before the first was committed: it sees no answer yet.
    from training.courses import quiz

    monkeypatch.setattr(quiz, "answers_by_question", lambda attempt: {})
    response = post_form(learner, url, {"jawaban-1": "12500"}, page=url)
    assert response.status_code == 302 and response.headers["Location"].endswith(url)


def test_a_task_graded_while_its_page_was_open_says_why_the_new_text_was_not_saved(app, world, learner):
    url = f"{COURSE}/uang/tugas"
    post_form(learner, url, {"text": "Tepung Rp50.000."}, page=url)
    page = learner.get(url).get_data(as_text=True)  # the form is still on the learner's screen
    with app.app_context():
        [submission] = db.session.scalars(
            db.select(TaskSubmission).where(TaskSubmission.learner_id == world.learner.id)).all()
        submission.status = "graded"
        db.session.commit()
    from tests.conftest import csrf_token

    response = learner.post(url, data={"text": "Tepung Rp50.000, gas Rp10.000.", "csrf_token": csrf_token(page)})
    html = response.get_data(as_text=True)
    assert response.status_code == 200 and "sudah dinilai dan tidak bisa dikirim lagi" in html
    [submission] = _rows(app, TaskSubmission, learner_id=world.learner.id)
    assert "gas" not in submission.text
