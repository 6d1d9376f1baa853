"""Issue 15 in the shop: every number a product form takes is bounded at the form and the model,
rupiah columns hold real amounts, one bad stored record breaks no one's page, a new-product form
posted many times at once saves one product, Enter saves, and errors are summed up on top."""
from __future__ import annotations

import re
import threading

import pytest
from sqlalchemy import text

from tests.conftest import csrf_token, post_form, sign_in
from tests.web.test_storefront_products import product_form
from training.extensions import db
from training.storefront.models import Product

HUGE = "1" * 26


def signed_in(app, login: str):
    """A test client signed in as ``login``; the sign-in is checked."""
    client = app.test_client()
    assert sign_in(client, login).status_code == 302
    assert client.get("/masuk").status_code == 302  # signed in: the sign-in page sends us on
    return client


def product_count(app, name="Keripik tempe") -> int:
    with app.app_context():
        return db.session.scalar(db.select(db.func.count(Product.id)).where(Product.name == name))


@pytest.mark.parametrize("field, typed, message", [
    ("materials-0-quantity", HUGE, "Paling banyak 100.000"),
    ("materials-0-quantity", "0,123456", "Paling banyak 4 angka"),
    ("materials-0-price_per_unit", "9" * 20, "Paling banyak Rp100 miliar"),
    ("labour_rate", "9" * 20, "Paling banyak Rp100 miliar"),
    ("packaging_cost", "Rp 200.000.000.000", "Paling banyak Rp100 miliar"),
    ("overhead_monthly", "9" * 30, "Paling banyak Rp100 miliar"),
    ("labour_hours", "5000", "Paling banyak 1.000 jam"),
    ("units_per_month", "9" * 20, "Paling banyak 100.000"),
])
def test_an_absurd_number_is_refused_with_a_message_and_nothing_is_lost(app, world, field, typed, message):
    client = signed_in(app, world.learner.reg_number)
    response = post_form(client, "/toko/produk/baru", product_form(**{field: typed}), page="/toko/produk/baru")
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert message in html and f'value="{typed}"' in html and 'value="Keripik tempe"' in html
    assert product_count(app) == 0


def test_a_furniture_price_past_rp2_miliar_is_stored_and_read_back(app, world):
    client = signed_in(app, world.learner.reg_number)
    response = post_form(client, "/toko/produk/baru", product_form(
        name="Lemari jati", **{"materials-0-price_per_unit": "Rp 3.000.000.000", "labour_rate": "2.500.000.000"}),
        page="/toko/produk/baru")
    assert response.status_code == 302
    with app.app_context():
        product = db.session.scalar(db.select(Product).where(Product.name == "Lemari jati"))
        assert product.labour_rate == 2_500_000_000 and product.materials[0]["price_per_unit"] == 3_000_000_000
    assert "Rp3.000.000.000" in client.get(response.headers["Location"]).get_data(as_text=True)


@pytest.mark.parametrize("column, value", [("labour_rate", 10**13), ("units_per_month", 0), ("packaging_cost", -1),
                                           ("materials", [{"name": "x", "quantity": HUGE, "unit": "kg",
                                                           "price_per_unit": 1}])])
def test_the_model_refuses_what_the_form_would(app, world, column, value):
    with app.app_context():
        product = db.session.get(Product, world.product.id)
        with pytest.raises(ValueError):
            setattr(product, column, value)


def _store_bad_quantity(app, product_id: int) -> None:
    """Put a 26-digit quantity in the database behind the model's back, as an old record could hold."""
    with app.app_context():
        materials = '[{"name": "Tepung", "quantity": "%s", "unit": "kg", "price_per_unit": 12000}]' % HUGE
        db.session.execute(text("UPDATE shop_product SET materials = :m WHERE id = :id"),
                           {"m": materials, "id": product_id})
        db.session.commit()


@pytest.mark.parametrize("who, url", [
    ("learner", "/toko/"),
    ("learner", "/toko/produk/{product}"),
    ("learner", "/toko/produk/{product}/ubah"),
    ("learner", "/pasar-kelas/{market}"),
    ("instructor", "/pasar-kelas/{market}"),
    ("officer", "/pk"),
    ("officer", "/kesiapan/{learner}"),
    ("officer", "/kesiapan/{learner}/laporan.pdf"),
    ("admin", "/kesiapan/{learner}"),
    ("admin", "/admin/warga-binaan/{learner}"),
])
def test_one_bad_stored_product_breaks_no_page(app, world, caplog, who, url):
    _store_bad_quantity(app, world.product.id)
    login = world.learner.reg_number if who == "learner" else getattr(world, who).username
    client = signed_in(app, login)
    response = client.get(url.format(product=world.product.id, market=world.class_market.id, learner=world.learner.id))
    assert response.status_code == 200
    if who == "learner" and "produk" in url and "ubah" not in url:
        assert "tidak bisa dibaca" in response.get_data(as_text=True)


def test_a_bad_stored_product_can_be_repaired_by_its_owner(app, world):
    _store_bad_quantity(app, world.product.id)
    client = signed_in(app, world.learner.reg_number)
    url = f"/toko/produk/{world.product.id}/ubah"
    assert "11.111.111.111.111" in client.get(url).get_data(as_text=True)  # shown as stored, to be corrected
    response = post_form(client, url, product_form(name="Roti sobek"), page=url)
    assert response.status_code == 302
    assert "Rp11.642" in client.get(response.headers["Location"]).get_data(as_text=True)


def test_a_practice_week_price_of_20_digits_gets_a_message(app, world):
    client = signed_in(app, world.learner.reg_number)
    url = f"/toko/latihan/{world.season.id}"
    html = client.get(url).get_data(as_text=True)
    product_id = re.search(r'name="rows-0-product_id" type="hidden" value="(\d+)"', html).group(1)
    response = client.post(f"{url}/minggu", data={
        "csrf_token": csrf_token(html), "week_index": "1", "rows-0-product_id": product_id,
        "rows-0-price": "9" * 20, "rows-0-units": "5", "rows-0-channels": "showroom", "rows-0-marketing": "0"})
    assert response.status_code == 200
    assert "Paling banyak Rp100 miliar" in response.get_data(as_text=True)


def test_eight_clicks_at_once_on_saving_a_new_product_save_it_once(app, world):
    client = signed_in(app, world.learner.reg_number)
    html = client.get("/toko/produk/baru").get_data(as_text=True)
    token = re.search(r'name="form_token" type="hidden" value="([^"]+)"', html).group(1)
    data = dict(product_form(), csrf_token=csrf_token(html), form_token=token)
    cookie = client.get_cookie(app.config["SESSION_COOKIE_NAME"])
    answers: list[int] = []
    start = threading.Barrier(8)

    def click():
        other = app.test_client()
        other.set_cookie(cookie.key, cookie.value)
        start.wait()
        answers.append(other.post("/toko/produk/baru", data=data).status_code)

    threads = [threading.Thread(target=click) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert answers == [302] * 8
    assert product_count(app) == 1


def test_enter_saves_the_product_and_errors_are_summed_up_on_top(app, world):
    client = signed_in(app, world.learner.reg_number)
    html = client.get("/toko/produk/baru").get_data(as_text=True)
    form = html[html.index('<form method="post" class="product-form"'):]
    first_submit = re.search(r'<(?:button|input)[^>]*type="submit"[^>]*>', form).group(0)
    assert 'name="submit"' in first_submit  # the browser's Enter presses the first one: save
    response = post_form(client, "/toko/produk/baru", product_form(name="", labour_rate="banyak"),
                         page="/toko/produk/baru")
    html = response.get_data(as_text=True)
    summary = html[html.index('class="error-summary"'):html.index('<form method="post" class="product-form"')]
    assert 'href="#name"' in summary and 'href="#labour_rate"' in summary
    assert "Isi nama produk." in summary
