"""A learner at a shared lab PC: signs in, sees their home, signs out, presses Back, sees nothing."""
from __future__ import annotations

import pytest

from tests.conftest import TEST_PASSWORD

pytestmark = pytest.mark.browser


def test_learner_signs_out_and_back_shows_no_personal_data(live_server, world, browser_page):
    page = browser_page
    page.goto(f"{live_server}/")
    assert page.url.endswith("/masuk")
    page.fill("#login", "A.1/2025")
    page.fill("#password", TEST_PASSWORD)
    page.click("button.btn-primary")
    page.wait_for_url(f"{live_server}/belajar")
    assert "Budi" in page.inner_text("main")
    assert "A.1/2025" in page.inner_text("main")
    page.screenshot(path="/tmp/karya-e2e-learner-home.png")

    page.click("button.btn-signout")
    page.wait_for_url(f"{live_server}/masuk")
    page.go_back()
    page.wait_for_load_state()
    body = page.inner_text("body")
    assert "Budi Santoso" not in body
    assert "A.1/2025" not in body
    assert page.url.endswith("/masuk") or "/masuk" in page.url


def test_wrong_password_keeps_the_name_and_explains(live_server, world, browser_page):
    page = browser_page
    page.goto(f"{live_server}/masuk")
    page.fill("#login", "A.1/2025")
    page.fill("#password", "salah-sekali")
    page.click("button.btn-primary")
    assert "kata sandi salah" in page.inner_text(".flash-error")
    assert page.input_value("#login") == "A.1/2025"
    assert page.input_value("#password") == ""
