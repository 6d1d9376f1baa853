"""A learner whose cash runs short mid-season: the week is refused with the reason in plain words,
a loan pays for it, and \u201cke mana uang Anda\u201d shows where every rupiah went (issue 10)."""
from __future__ import annotations

import pytest

from tests.conftest import TEST_PASSWORD
from training.extensions import db
from training.storefront import services

pytestmark = pytest.mark.browser


def test_cash_runs_short_a_loan_pays_and_the_money_flow_is_read(app, live_server, world, browser_page):
    with app.app_context():
        services.save_facility_settings(world.lapas.id, pnbp_rate=0.15, premi_rate=0.5, split_basis="profit",
                                        margin_low_percent=20, margin_high_percent=50, starting_modal=400_000)
        db.session.commit()
    page = browser_page
    page.goto(f"{live_server}/masuk")
    page.fill("#login", "A.1/2025")
    page.fill("#password", TEST_PASSWORD)
    page.click("button.btn-primary")
    page.wait_for_url(f"{live_server}/belajar")
    page.goto(f"{live_server}/toko/latihan/baru")
    page.click("input[type=submit][value='Mulai musim']")
    assert "Minggu 1 dari 8" in page.inner_text("h1")
    assert "Rp400.000" in page.inner_text("#modal")

    # Week 1: 20 loaves below cost. Rp251.000 of the Rp400.000 goes before anything sells, and
    # at most Rp240.000 comes back.
    page.fill("#rows-0-price", "Rp 12.000")
    page.fill("#rows-0-units", "20")
    page.click("input[type=submit][value='Jalankan minggu ini']")
    assert "Hasil minggu 1 dari 8" in page.inner_text("h1")
    page.click("text=Lanjut ke minggu 2")

    # Week 2: 36 loaves (Rp451.800) no longer fit the cash: refused, with the reason, nothing lost.
    page.fill("#rows-0-price", "Rp 21.000")
    page.fill("#rows-0-units", "36")
    page.click("input[type=submit][value='Jalankan minggu ini']")
    reason = page.inner_text("#alasan")
    assert "Uang Anda" in reason and "pinjam" in reason
    assert page.input_value("#rows-0-units") == "36"
    page.set_viewport_size({"width": 390, "height": 844})
    page.screenshot(path="/tmp/karya-e2e-cash-refused-390.png", full_page=True)
    page.set_viewport_size({"width": 1366, "height": 768})
    page.screenshot(path="/tmp/karya-e2e-cash-refused.png", full_page=True)

    page.fill("#borrow", "Rp 400.000")
    page.click("input[type=submit][value='Jalankan minggu ini']")
    assert "Hasil minggu 2 dari 8" in page.inner_text("h1")
    page.click("text=Ke mana uang Anda?")
    flow = page.inner_text("#uang")
    for words in ("Uang masuk dari penjualan", "Biaya membuat", "Bunga pinjaman", "Laba minggu ini",
                  "Premi untuk Anda", "Modal usaha", "Pinjaman diterima", "Kas di akhir minggu", "Utang pinjaman"):
        assert words in flow
    page.screenshot(path="/tmp/karya-e2e-money-week2.png", full_page=True)
    page.set_viewport_size({"width": 390, "height": 844})
    page.screenshot(path="/tmp/karya-e2e-money-week2-390.png", full_page=True)
