"""A learner takes a quiz in a real browser: one question per page, feedback, then the result."""
from __future__ import annotations

import pytest

from tests.conftest import TEST_PASSWORD

pytestmark = pytest.mark.browser


def test_learner_takes_a_quiz_to_the_result_page(live_server, world, browser_page):
    page = browser_page
    page.goto(f"{live_server}/masuk")
    page.fill("#login", world.learner.reg_number)
    page.fill("#password", TEST_PASSWORD)
    page.click("button.btn-primary")
    page.wait_for_url(f"{live_server}/belajar")

    page.click("text=Lanjutkan")  # the world's open attempt: straight to the quiz
    page.click("button:has-text('Lanjutkan kuis')")
    page.wait_for_url("**/soal/1")

    page.fill("#jawaban-1", "dua belas ribu")
    page.click("button:has-text('Simpan jawaban')")
    assert "tidak bisa dibaca" in page.inner_text("main")
    page.fill("#jawaban-1", "Rp 12.500")
    page.click("button:has-text('Simpan jawaban')")
    assert "Benar!" in page.inner_text(".answer-feedback")

    page.click("text=Soal berikutnya")
    page.check("label.choice:has-text('Di kotak uang usaha') input")
    page.click("button:has-text('Simpan jawaban')")
    assert "Benar!" in page.inner_text(".answer-feedback")

    page.click("text=Soal berikutnya")
    page.check("label.choice:has-text('Benar') input")
    page.click("button:has-text('Simpan jawaban')")
    assert "Belum tepat" in page.inner_text(".answer-feedback")
    assert "Tenaga sendiri juga biaya." in page.inner_text(".answer-feedback")

    page.click("text=Lihat hasil")
    page.wait_for_url("**/hasil")
    assert page.inner_text(".result-score").startswith("66,7")  # the stored score, not rounded up
    assert "Yang perlu dipelajari lagi" in page.inner_text("main")
    page.screenshot(path="/tmp/karya-e2e-quiz-result.png", full_page=True)
