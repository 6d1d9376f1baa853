"""In a real browser: the phone header is compact, the slips print, the passwords can be shown."""
from __future__ import annotations

import pytest

from tests.e2e.conftest import sign_in

pytestmark = pytest.mark.browser


def test_learner_header_takes_under_a_fifth_of_a_phone_screen(live_server, world, browser_page):
    page = browser_page
    page.set_viewport_size({"width": 390, "height": 844})
    sign_in(page, live_server, world.learner.reg_number)
    page.goto(f"{live_server}/belajar")
    height = page.evaluate("document.querySelector('header.topbar').getBoundingClientRect().height")
    assert height < 0.2 * 844, height
    assert page.evaluate("document.documentElement.scrollWidth") <= 390  # nothing pushes the page sideways
    for link in ("Tugas saya", "Toko saya", "Sertifikat saya", "Keluar"):
        assert page.get_by_text(link, exact=True).first.is_visible()
    assert page.get_by_role("link", name="Karya Mandiri").is_visible()  # the icon keeps its name
    page.screenshot(path="/tmp/karya-e2e-learner-header-390.png")

def test_slips_print_button_prints(live_server, world, browser_page):
    page = browser_page
    sign_in(page, live_server, world.admin.username)
    page.goto(f"{live_server}/admin/warga-binaan/impor")
    csv = "nomor_registrasi;nama_lengkap\nBI.801/2026;Agus Salim\n".encode()
    page.set_input_files("#file", files=[{"name": "kelas.csv", "mimeType": "text/csv", "buffer": csv}])
    page.click("main button.btn-primary")
    page.wait_for_load_state()
    page.evaluate("() => { window.__printed = 0; window.print = () => { window.__printed += 1; }; }")
    page.get_by_role("button", name="Cetak lembar ini").click()
    assert page.evaluate("window.__printed") == 1
    page.emulate_media(media="print")
    assert not page.locator("header.topbar").is_visible() and page.locator(".slip").first.is_visible()
    assert not page.get_by_role("button", name="Cetak lembar ini").is_visible()

def test_show_passwords_reveals_and_hides_the_boxes(live_server, world, browser_page):
    page = browser_page
    sign_in(page, live_server, world.learner.reg_number)
    page.goto(f"{live_server}/akun/kata-sandi")
    page.fill("#new_password", "kopi-pagi-cerah")
    box = page.get_by_label("Tampilkan kata sandi")
    box.check()
    assert page.get_attribute("#new_password", "type") == "text"
    assert page.get_attribute("#current_password", "type") == "text"
    box.uncheck()
    assert page.get_attribute("#new_password", "type") == "password"
