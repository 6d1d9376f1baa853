"""Final-quiz settings: feedback only after the attempt, and figures drawn per attempt."""
from __future__ import annotations

import re
import shutil

import pytest

from tests.conftest import post_form, sign_in
from training.courses.models import AttemptAnswer, QuizAttempt
from training.extensions import db

LESSON = """\
---
title: Kuis akhir
minutes: 10
summary: Angka yang diundi.
quiz:
  pass_mark: 100
  max_attempts: 3
  counts: last
  feedback: after_attempt
  questions:
    - id: laba-acak
      type: numeric
      unit: rupiah
      vars:
        harga: {min: 5000, max: 9000, step: 500}
        jumlah: {min: 10, max: 40, step: 5}
      text: Bu Sari menjual {jumlah} roti seharga Rp{harga}. Berapa pendapatannya?
      formula: harga * jumlah
      tolerance: 0
      explanation: Pendapatan sama dengan harga kali jumlah.
    - id: benar-salah
      type: truefalse
      text: Harga jual harus lebih tinggi dari HPP.
      answer: true
---
Isi pelajaran.
"""
URL = "/belajar/kursus/uji-acak/akhir/kuis"


@pytest.fixture
def final_quiz(app, world, tmp_path):
    """The test course copied as 'uji-acak' with a final quiz using the new settings."""
    from training.accounts.models import Facility
    from training.courses import importer, services
    from training.courses.models import Course

    folder = tmp_path / "uji-acak"
    shutil.copytree("tests/data/courses/uji-coba", folder)
    (folder / "01-uang.md").write_text(
        (folder / "01-uang.md").read_text().replace("id: tugas-uji", "id: tugas-acak"))
    (folder / "04-akhir.md").write_text(LESSON)
    with app.app_context():
        courses, problems = importer.check(folder)
        assert problems == []
        importer.import_courses(courses)
        course = db.session.scalar(db.select(Course).where(Course.slug == "uji-acak"))
        services.set_enabled(db.session.get(Facility, world.lapas.id), course, True)
        db.session.commit()


@pytest.fixture
def learner(client, world, final_quiz):
    response = sign_in(client, world.learner.reg_number)
    assert response.status_code == 302 and "/masuk" not in response.headers["Location"]
    return client


def _start(learner) -> str:
    response = post_form(learner, URL, page=URL)
    assert response.status_code == 302
    return response.headers["Location"].rsplit("/soal/", 1)[0]


def _figures(html: str) -> tuple[int, int]:
    match = re.search(r"menjual (\d+) roti seharga Rp([\d.]+)\.", html)
    assert match, html
    return int(match.group(1)), int(match.group(2).replace(".", ""))


def test_the_quiz_page_says_when_the_key_is_shown(learner):
    html = learner.get(URL).get_data(as_text=True)
    assert "tampil setelah kuis selesai" in html and "Boleh dikerjakan 3 kali" in html


def test_figures_are_drawn_once_and_the_key_follows_them(app, learner):
    base = _start(learner)
    first = learner.get(f"{base}/soal/1").get_data(as_text=True)
    jumlah, harga = _figures(first)
    assert 10 <= jumlah <= 40 and 5000 <= harga <= 9000
    assert _figures(learner.get(f"{base}/soal/1").get_data(as_text=True)) == (jumlah, harga)
    assert _figures(learner.get(f"{base}/semua").get_data(as_text=True)) == (jumlah, harga)
    post_form(learner, f"{base}/soal/1", {"jawaban-1": f"Rp{harga * jumlah:,}".replace(",", ".")})
    attempt_id = int(base.rsplit("/", 1)[1])
    with app.app_context():
        [answer] = db.session.scalars(db.select(AttemptAnswer).where(AttemptAnswer.attempt_id == attempt_id)).all()
        assert answer.correct is True
        attempt = db.session.get(QuizAttempt, attempt_id)
        assert list(attempt.drawn.values()) == [{"harga": harga, "jumlah": jumlah}]
    post_form(learner, f"{base}/soal/2", {"jawaban-2": "true"})
    result = learner.get(f"{base}/hasil").get_data(as_text=True)
    assert _figures(result) == (jumlah, harga) and "100" in result


def test_the_verdict_and_key_wait_until_the_attempt_is_finished(learner):
    base = _start(learner)
    post_form(learner, f"{base}/soal/2", {"jawaban-2": "false"})
    for page in (f"{base}/soal/2", f"{base}/semua"):
        html = learner.get(page).get_data(as_text=True)
        assert "Jawaban tersimpan. Benar atau salah" in html
        assert "Belum tepat" not in html and "Jawaban yang benar:" not in html
        assert "Pendapatan sama dengan harga kali jumlah" not in html
    post_form(learner, f"{base}/selesai")
    html = learner.get(f"{base}/soal/2").get_data(as_text=True)
    assert "Belum tepat" in html and "Jawaban yang benar:" in html
    result = learner.get(f"{base}/hasil").get_data(as_text=True)
    assert "Jawaban yang benar:" in result and "Pendapatan sama dengan harga kali jumlah" in result


def test_a_second_attempt_draws_its_own_figures_and_keeps_the_first(app, learner):
    first = _start(learner)
    post_form(learner, f"{first}/selesai")
    second = _start(learner)
    assert second != first
    with app.app_context():
        attempts = db.session.scalars(db.select(QuizAttempt).order_by(QuizAttempt.number)
                                      .where(QuizAttempt.lesson.has(slug="akhir"))).all()
        assert [len(a.drawn) for a in attempts] == [1, 1]
        [kept] = attempts[0].drawn.values()
    # The finished attempt's review shows the figures it was drawn with, not new ones.
    assert _figures(learner.get(f"{first}/hasil").get_data(as_text=True)) == (kept["jumlah"], kept["harga"])
