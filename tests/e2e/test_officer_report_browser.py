"""A parole officer goes from the caseload to a learner's profile and downloads the report PDF."""
from __future__ import annotations

import pytest

from tests.conftest import TEST_PASSWORD
from tests.readiness_world import add_evidence

pytestmark = pytest.mark.browser


def test_officer_goes_from_caseload_to_downloaded_report(app, live_server, world, browser_page, tmp_path):
    with app.app_context():
        add_evidence(world)
    page = browser_page
    page.goto(f"{live_server}/masuk")
    page.fill("#login", world.officer.username)
    page.fill("#password", TEST_PASSWORD)
    page.click("button.btn-primary")
    page.wait_for_url(f"{live_server}/pk")
    caseload = page.inner_text("main")
    assert "Daftar klien" in caseload and "Budi Santoso" in caseload
    assert "Sari Wulandari" not in caseload  # not on this officer's caseload
    page.screenshot(path="/tmp/karya-e2e-officer-caseload.png", full_page=True)

    page.click("text=Budi Santoso")
    page.wait_for_url(f"{live_server}/kesiapan/{world.learner.id}")
    assert "Saran sistem" in page.inner_text("main")
    page.screenshot(path="/tmp/karya-e2e-officer-profile.png", full_page=True)

    with page.expect_download() as info:
        page.click("text=Unduh laporan (PDF)")
    download = info.value
    assert download.suggested_filename == "laporan-kesiapan-A.1-2025.pdf"
    target = tmp_path / download.suggested_filename
    download.save_as(target)
    assert target.read_bytes().startswith(b"%PDF")


def test_officer_caseload_and_profile_fit_a_phone_without_sideways_scrolling(app, live_server, world, browser_page):
    with app.app_context():
        add_evidence(world)
    page = browser_page
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{live_server}/masuk")
    page.fill("#login", world.officer.username)
    page.fill("#password", TEST_PASSWORD)
    page.click("button.btn-primary")
    page.wait_for_url(f"{live_server}/pk")
    # the caseload: each learner a block, every column's heading beside its value, nothing off the side
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    row = page.locator("table.caseload tbody tr").first
    assert "Budi Santoso" in row.inner_text()
    labels = row.locator("td[data-label]").evaluate_all(
        "cells => cells.map(c => getComputedStyle(c, '::before').content)")
    assert labels == ['"Perkiraan bebas: "', '"Saran sistem: "', '"Kesimpulan Anda: "']
    page.screenshot(path="/tmp/karya-e2e-officer-caseload-390.png", full_page=True)
    page.goto(f"{live_server}/kesiapan/{world.learner.id}")
    assert "Saran sistem" in page.inner_text("main")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.click("label[for=note_text]")  # the note's own label reaches the note's box
    assert page.evaluate("document.activeElement.id") == "note_text"
