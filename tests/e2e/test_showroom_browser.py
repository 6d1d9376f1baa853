"""Showroom staff sell three products in a real browser and print the receipt; the maker sees the
sale on their page."""
from __future__ import annotations

import pytest

from tests.conftest import TEST_PASSWORD
from tests.showroom_world import KOPI

pytestmark = pytest.mark.browser


def _add_products(app, world):
    from training.accounts.models import User
    from training.extensions import db
    from training.showroom import services

    with app.app_context():
        staff, learner = db.session.get(User, world.etalase.id), db.session.get(User, world.learner.id)
        ids = []
        for name, price in (("Batik tulis", 275_000), ("Dupa wangi", 15_000)):
            product = services.save_product(world.lapas.id, {**KOPI, "name": name, "price": price,
                                                             "makers": [(learner, 100)]})
            services.move_stock(product, "delivery", 5, staff)
            ids.append(product.id)
        db.session.commit()
        return [world.catalogue_product.id] + ids


def _sign_in(page, live_server, login):
    page.goto(f"{live_server}/masuk")
    page.fill("#login", login)
    page.fill("#password", TEST_PASSWORD)
    page.click("button.btn-primary")


def test_staff_sell_three_products_and_print_a_receipt(app, live_server, world, browser_page):
    page = browser_page
    product_ids = _add_products(app, world)
    _sign_in(page, live_server, "etalase.a")
    page.wait_for_url(f"{live_server}/etalase/")
    for product_id, quantity in zip(product_ids, ("2", "1", "3")):
        page.fill(f"#qty-{product_id}", quantity)
    page.check("input[name=payment][value=qris]")
    page.click("button:has-text('Simpan penjualan')")
    page.wait_for_url(f"{live_server}/etalase/penjualan/*")
    main = page.inner_text("main")
    # 2 x Rp35.000 + 1 x Rp275.000 + 3 x Rp15.000
    assert "Penjualan tercatat: Rp390.000." in main and "QRIS" in main
    page.screenshot(path="/tmp/karya-e2e-showroom-sale.png", full_page=True)
    receipt = page.request.get(live_server + page.get_attribute("text=Cetak struk (58 mm)", "href"))
    assert receipt.status == 200 and receipt.headers["content-type"] == "application/pdf"
    assert receipt.body().startswith(b"%PDF")

    page.click("button.btn-signout")
    _sign_in(page, live_server, "A.1/2025")
    page.wait_for_url(f"{live_server}/belajar")
    page.click("nav.mainnav >> text=Toko saya")
    page.click("text=Lihat penjualan nyata")
    main = page.inner_text("main")
    assert "Batik tulis" in main and "Dupa wangi" in main
    assert "Rp425.000" in main  # the world's earlier sale (Rp35.000) and this one (Rp390.000)


def test_staff_find_a_practice_product_and_see_a_refused_price_on_its_row(app, live_server, world, browser_page):
    from tests.web.test_showroom_promote import _add_makers

    _add_makers(app, world, 3)
    page = browser_page
    _sign_in(page, live_server, "etalase.a")
    page.wait_for_url(f"{live_server}/etalase/")
    page.goto(f"{live_server}/etalase/dari-latihan")
    page.fill("#q", "pembuat roti 01")
    page.click("button:has-text('Cari')")
    rows = page.locator("tbody tr")
    assert rows.count() == 1 and "Roti Tawar 01" in rows.first.inner_text()
    page.screenshot(path="/tmp/karya-e2e-promote-1366.png", full_page=True)
    page.set_viewport_size({"width": 390, "height": 844})
    price = rows.first.locator("input[name=price]")
    price.fill("dua puluh ribu")
    rows.first.locator("button:has-text('Masukkan ke katalog')").click()
    page.wait_for_load_state()
    assert "q=pembuat+roti+01" in page.url  # the search stays
    row = page.locator("tbody tr").first
    assert row.locator("input[name=price]").input_value() == "dua puluh ribu"  # what was typed stays
    assert row.locator("ul.errors").is_visible()
    assert "Lihat pesan di baris produknya" in page.inner_text("main")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390  # nothing pushes the page sideways
    page.screenshot(path="/tmp/karya-e2e-promote-390.png", full_page=True)
    row.locator("input[name=price]").fill("20.000")
    row.locator("button:has-text('Masukkan ke katalog')").click()
    page.wait_for_url(f"{live_server}/etalase/produk/*/stok")
    assert "Roti Tawar 01 masuk katalog" in page.inner_text("main")


def test_the_staff_pages_fit_a_phone_without_hiding_columns(app, live_server, world, browser_page):
    """At 390 px each table of the showroom staff's lists is a block per row: nothing scrolls
    sideways, neither the page nor a table inside its frame."""
    _add_products(app, world)
    page = browser_page
    page.set_viewport_size({"width": 390, "height": 844})
    _sign_in(page, live_server, "etalase.a")
    page.wait_for_url(f"{live_server}/etalase/")
    for path in ("/etalase/penjualan", "/etalase/produk", "/etalase/dari-latihan", "/etalase/laporan?bulan=" +
                 world.sale.sold_dt.strftime("%Y-%m")):
        page.goto(live_server + path)
        assert page.locator("table").count() > 0, path
        assert page.evaluate("document.documentElement.scrollWidth") <= 390, path
        hidden = page.evaluate("[...document.querySelectorAll('.table-wrap')]"
                               ".filter(w => w.scrollWidth > w.clientWidth + 1).length")
        assert hidden == 0, path
        assert page.locator("td[data-label]").first.is_visible(), path
    page.screenshot(path="/tmp/karya-e2e-showroom-report-390.png", full_page=True)


def test_a_maker_sees_their_premi_on_a_phone_without_scrolling_sideways(app, live_server, world, browser_page):
    """The learner's real sales at 390 px: each month a block, the premi among its figures (it sat
    in a column cut off inside the table's frame)."""
    page = browser_page
    page.set_viewport_size({"width": 390, "height": 844})
    _sign_in(page, live_server, "A.1/2025")
    page.wait_for_url(f"{live_server}/belajar")
    page.goto(f"{live_server}/belajar/penjualan-nyata")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    assert page.evaluate("[...document.querySelectorAll('.table-wrap')]"
                         ".filter(w => w.scrollWidth > w.clientWidth + 1).length") == 0
    premi = page.locator("tbody td[data-label='Premi Anda']").first
    assert premi.is_visible() and "Rp" in premi.inner_text()
    page.screenshot(path="/tmp/karya-e2e-real-sales-390.png", full_page=True)
