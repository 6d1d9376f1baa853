"""The learner's products: the unit cost worked out step by step, photos, prices and privacy."""
from __future__ import annotations

import io
import re

import pytest
from PIL import Image

from tests.conftest import post_form, sign_in
from tests.storefront_world import ROTI_UNIT_COST, png_bytes
from training.extensions import db
from training.storefront import demo, services
from training.storefront.models import FacilitySettings, Product


def product_form(**changes) -> dict:
    data = {
        "name": "Keripik tempe", "category": "makanan", "quality": "0.7", "description": "",
        "materials-0-item_name": "Tempe", "materials-0-quantity": "0,5", "materials-0-unit": "papan",
        "materials-0-price_per_unit": "Rp 7.000",
        "materials-1-item_name": "Minyak", "materials-1-quantity": "0,15", "materials-1-unit": "liter",
        "materials-1-price_per_unit": "18.500",
        "labour_hours": "0,25", "labour_rate": "Rp10.000", "packaging_cost": "1.200",
        "overhead_monthly": "Rp 250.000", "units_per_month": "150",
    }
    data.update(changes)
    return data


def test_product_registration_computes_hpp_to_the_rupiah(app, world):
    client = app.test_client()
    sign_in(client, world.learner.reg_number)
    response = post_form(client, "/toko/produk/baru", product_form(), page="/toko/produk/baru")
    assert response.status_code == 302
    with app.app_context():
        product = db.session.scalar(db.select(Product).where(Product.name == "Keripik tempe"))
        from training.storefront.services import product_cost

        steps = product_cost(product)
        # 3.500 + 2.775 (0,15 x 18.500) + 2.500 + 1.200 + 1.667 (250.000 / 150, rounded half up)
        assert [m["cost"] for m in steps.materials] == [3_500, 2_775]
        assert (steps.labour, steps.packaging, steps.overhead) == (2_500, 1_200, 1_667)
        assert steps.unit_cost == 11_642
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Rp11.642" in page and "Rp2.775" in page


def test_the_world_product_costs_what_its_steps_add_up_to(app, world):
    client = app.test_client()
    sign_in(client, world.learner.reg_number)
    page = client.get(f"/toko/produk/{world.product.id}").get_data(as_text=True)
    assert "Rp12.550" in page and ROTI_UNIT_COST == 12_550


def test_tambah_bahan_adds_a_row_and_keeps_everything_typed(app, world):
    client = app.test_client()
    sign_in(client, world.learner.reg_number)
    response = post_form(client, "/toko/produk/baru", product_form(add_material="Tambah bahan"), page="/toko/produk/baru")
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert 'name="materials-2-item_name"' in html
    assert 'value="Keripik tempe"' in html and 'value="Rp 7.000"' in html and 'value="0,15"' in html
    with app.app_context():
        assert db.session.scalar(db.select(Product).where(Product.name == "Keripik tempe")) is None


def test_unreadable_number_gets_a_plain_message_and_the_form_is_kept(app, world):
    client = app.test_client()
    sign_in(client, world.learner.reg_number)
    response = post_form(client, "/toko/produk/baru", product_form(labour_rate="sepuluh ribu"), page="/toko/produk/baru")
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "tidak bisa dibaca" in html and 'value="sepuluh ribu"' in html and 'value="Keripik tempe"' in html


def test_another_learners_product_answers_404(app, world):
    client = app.test_client()
    sign_in(client, world.learner2.reg_number)
    for url in (f"/toko/produk/{world.product.id}", f"/toko/produk/{world.product.id}/ubah",
                f"/toko/produk/{world.product.id}/foto"):
        assert client.get(url).status_code == 404


def upload(client, product_id, data: bytes, filename: str):
    return post_form(client, f"/toko/produk/{product_id}/foto",
                     {"photo": (io.BytesIO(data), filename)}, page=f"/toko/produk/{product_id}",
                     content_type="multipart/form-data", follow_redirects=True)


def test_real_png_is_accepted_and_reencoded_as_jpeg_without_metadata(app, world):
    client = app.test_client()
    sign_in(client, world.learner.reg_number)
    image = Image.new("RGB", (2400, 1200), (10, 200, 30))
    exif = Image.Exif()
    exif[0x010E] = "rahasia"  # ImageDescription
    raw = io.BytesIO()
    image.save(raw, format="PNG", exif=exif)
    response = upload(client, world.product.id, raw.getvalue(), "foto.png")
    assert "Foto disimpan" in response.get_data(as_text=True)
    photo = client.get(f"/toko/produk/{world.product.id}/foto")
    assert photo.mimetype == "image/jpeg"
    stored = Image.open(io.BytesIO(photo.data))
    assert stored.format == "JPEG" and max(stored.size) == 1000
    assert b"rahasia" not in photo.data and not stored.getexif()


def test_text_file_renamed_png_is_refused_with_a_message(app, world):
    client = app.test_client()
    sign_in(client, world.learner.reg_number)
    before = client.get(f"/toko/produk/{world.product.id}/foto").data
    response = upload(client, world.product.id, b"ini bukan gambar, hanya teks\n" * 10, "foto.png")
    assert "bukan foto" in response.get_data(as_text=True)
    assert client.get(f"/toko/produk/{world.product.id}/foto").data == before


def test_too_big_photo_is_refused_with_a_message(app, world):
    client = app.test_client()
    sign_in(client, world.learner.reg_number)
    big = png_bytes() + b"\0" * (3 * 1024 * 1024)
    response = upload(client, world.product.id, big, "besar.png")
    assert "terlalu besar" in response.get_data(as_text=True)


@pytest.mark.parametrize("price, premi", [("Rp 20.000", "Rp3.725"), ("10.000", "Rp0")])
def test_premi_at_a_price_uses_the_facility_rates(app, world, price, premi):
    with app.app_context():
        db.session.add(FacilitySettings(facility_id=world.lapas.id, pnbp_rate=0.25, premi_rate=0.5,
                                        split_basis="profit", margin_low_percent=20, margin_high_percent=50))
        db.session.commit()
    client = app.test_client()
    sign_in(client, world.learner.reg_number)
    html = client.get(f"/toko/produk/{world.product.id}", query_string={"harga": price}).get_data(as_text=True)
    # Profit 20.000 - 12.550 = 7.450; premi 50% of it. Below cost there is no premi.
    assert f"<strong>{premi}</strong>" in html
    assert "angka contoh" not in html


def test_facility_admin_saves_rates_and_they_apply(app, world):
    client = app.test_client()
    sign_in(client, world.admin.username)
    assert "masih contoh" in client.get("/admin/toko/").get_data(as_text=True)
    response = post_form(client, "/admin/toko/", {"pnbp_percent": "25", "premi_percent": "30", "split_basis": "profit",
                                                  "margin_low_percent": "10", "margin_high_percent": "40"},
                         page="/admin/toko/")
    assert response.status_code == 302
    with app.app_context():
        row = db.session.get(FacilitySettings, world.lapas.id)
        assert (row.pnbp_rate, row.premi_rate) == (0.25, 0.3)


@pytest.mark.parametrize("unit_cost, percent, price", [(12_550, 120, 15_100), (10_000, 150, 15_000), (1, 100, 100),
                                                        (0, 120, 0), (50_000, 80, 40_000)])
def test_suggested_prices_round_up_to_the_next_hundred(unit_cost, percent, price):
    from training.storefront.services import percent_up_to

    assert percent_up_to(unit_cost, percent) == price


def _rupiah_number(text: str) -> int:
    return int(re.sub(r"[^0-9]", "", text))


@pytest.mark.parametrize("data", [demo.NASTAR, demo.ROTAN, demo.KERIPIK, demo.GANTUNGAN],
                         ids=lambda d: d["category"] + ":" + d["name"][:12])
def test_product_page_suggests_the_price_a_new_season_prefills(app, world, data):
    with app.app_context():
        learner = db.session.get(type(world.learner), world.learner.id)
        product_id = services.save_product(learner, dict(data)).id
        everything = [str(p.id) for p in services.sellable_products(learner)]
        db.session.commit()
    client = app.test_client()
    assert sign_in(client, world.learner.reg_number).status_code == 302
    page = client.get(f"/toko/produk/{product_id}").get_data(as_text=True)
    suggested = _rupiah_number(re.search(r'class="stat-n suggested-price">([^<]+)<', page).group(1))
    assert "Harga penjual lain:" in page
    response = post_form(client, "/toko/latihan/baru", {"weeks": "8", "products": everything}, page="/toko/latihan/baru")
    assert response.status_code == 302
    form = client.get(response.headers["Location"]).get_data(as_text=True)
    row = re.search(rf'name="rows-(\d+)-product_id"[^>]*value="{product_id}"', form)
    if row is None:
        row = re.search(rf'value="{product_id}"[^>]*name="rows-(\d+)-product_id"', form)
    prefilled = re.search(rf'name="rows-{row.group(1)}-price"[^>]*value="([^"]+)"', form)
    if prefilled is None:
        prefilled = re.search(rf'value="([^"]+)"[^>]*name="rows-{row.group(1)}-price"', form)
    assert suggested > 0 and _rupiah_number(prefilled.group(1)) == suggested
