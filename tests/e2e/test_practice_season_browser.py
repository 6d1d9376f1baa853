"""A learner plays a whole 8-week practice season through the real pages in a headless browser."""
from __future__ import annotations

import pytest

from tests.conftest import TEST_PASSWORD

pytestmark = pytest.mark.browser


def test_learner_plays_a_whole_practice_season_in_the_browser(live_server, world, browser_page):
    page = browser_page
    page.goto(f"{live_server}/masuk")
    page.fill("#login", "A.1/2025")
    page.fill("#password", TEST_PASSWORD)
    page.click("button.btn-primary")
    page.wait_for_url(f"{live_server}/belajar")

    page.click("nav.mainnav >> text=Toko saya")
    page.wait_for_url(f"{live_server}/toko/")
    assert "Roti sobek" in page.inner_text("main")
    page.click("text=Mulai musim baru")
    page.select_option("#weeks", "8")
    page.click("input[type=submit][value='Mulai musim']")

    for week in range(1, 9):
        assert f"Minggu {week} dari 8" in page.inner_text("h1")
        page.fill("#rows-0-price", "Rp 21.000")
        page.fill("#rows-0-units", str(20 + week))
        page.click("input[type=submit][value='Jalankan minggu ini']")
        assert f"Hasil minggu {week} dari 8" in page.inner_text("h1")
        assert page.locator(".charts:not(.curves) svg.chart").count() == 4
        assert page.locator(".curves svg.chart").count() == 1  # the week's what-if curve
        assert "Penjelasan" in page.inner_text("main")
        if week < 8:
            page.click(f"text=Lanjut ke minggu {week + 1}")
        else:
            page.screenshot(path="/tmp/karya-e2e-week8.png", full_page=True)
            page.click("text=Lihat laporan musim")

    assert "Laporan musim" in page.inner_text("h1")
    main = page.inner_text("main")
    assert "Selama 8 minggu" in main and "terbaik" in main
    page.screenshot(path="/tmp/karya-e2e-season-report.png", full_page=True)
