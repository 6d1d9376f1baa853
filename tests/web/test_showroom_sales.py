"""Selling at the showroom: a sale is recorded once, takes stock, is audited and can be voided with
a reason but never deleted; bad input changes nothing; the last unit cannot be sold twice."""
from __future__ import annotations

import re
import threading

import pytest

from tests.conftest import post_form, sign_in
from training.extensions import db


def _staff_client(app, world, who="etalase"):
    client = app.test_client()
    assert sign_in(client, getattr(world, who).username).status_code == 302
    return client


def _stock(app, product_id):
    from training.showroom.models import CatalogueProduct

    with app.app_context():
        return db.session.get(CatalogueProduct, product_id).stock


def _sale_count(app):
    from training.showroom.models import Sale

    with app.app_context():
        return db.session.scalar(db.select(db.func.count(Sale.id)))


def test_a_sale_takes_stock_and_is_audited(app, world):
    from training.audit import AuditEvent
    from training.showroom.models import Sale, StockMove

    client = _staff_client(app, world)
    response = post_form(client, "/etalase/", {"token": "t-1", f"qty-{world.catalogue_product.id}": "3",
                                               "payment": "qris"}, page="/etalase/")
    assert response.status_code == 302 and "/etalase/penjualan/" in response.headers["Location"]
    assert _stock(app, world.catalogue_product.id) == 9 - 3
    with app.app_context():
        sale = db.session.scalar(db.select(Sale).where(Sale.token == "t-1"))
        assert sale.total == 3 * 35_000 and sale.payment == "qris"
        move = db.session.scalar(db.select(StockMove).where(StockMove.sale_id == sale.id))
        assert (move.kind, move.quantity, move.stock_after) == ("sale", -3, 6)
        actions = set(db.session.scalars(db.select(AuditEvent.action).where(AuditEvent.target_id.in_([sale.id, move.id]))))
        assert {"showroom.sale", "showroom.stock_moved"} <= actions


def test_pressing_the_button_twice_records_one_sale(app, world):
    client = _staff_client(app, world)
    data = {"token": "same-token", f"qty-{world.catalogue_product.id}": "2", "payment": "tunai"}
    before = _sale_count(app)
    first = post_form(client, "/etalase/", data, page="/etalase/")
    second = post_form(client, "/etalase/", data, page="/etalase/")
    assert first.headers["Location"] == second.headers["Location"]
    assert _sale_count(app) == before + 1
    assert _stock(app, world.catalogue_product.id) == 7


@pytest.mark.parametrize("quantity, message", [
    ("-1", "harus angka bulat"),
    ("2,5", "harus angka bulat"),
    ("99999", "harus angka bulat"),
    ("10", "tidak cukup: hanya ada 9"),
])
def test_bad_quantities_are_refused_with_a_message_and_change_nothing(app, world, quantity, message):
    client = _staff_client(app, world)
    before = _sale_count(app)
    response = post_form(client, "/etalase/", {"token": f"bad-{quantity}", f"qty-{world.catalogue_product.id}": quantity,
                                               "payment": "tunai"}, page="/etalase/")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert message in html
    assert f'value="{quantity}"' in html  # what was typed stays in the box
    assert _sale_count(app) == before and _stock(app, world.catalogue_product.id) == 9


def test_a_product_of_another_facility_cannot_be_sold(app, world):
    client = _staff_client(app, world)
    before = _sale_count(app)
    response = post_form(client, "/etalase/", {"token": "other", f"qty-{world.other_product.id}": "1",
                                               "payment": "tunai"}, page="/etalase/")
    assert "tidak dijual di etalase ini" in response.get_data(as_text=True)
    assert _sale_count(app) == before and _stock(app, world.other_product.id) == 5


def test_staff_of_the_national_centre_sell_for_every_facility(app, world):
    from training.access import can_manage_catalogue_product
    from training.accounts.models import Facility, User

    with app.app_context():
        staff = db.session.get(User, world.etalase.id)
        other = db.session.get(User, world.other_etalase.id)
        from training.showroom.models import CatalogueProduct

        product = db.session.get(CatalogueProduct, world.other_product.id)
        assert not can_manage_catalogue_product(staff, product)
        assert can_manage_catalogue_product(other, product)
        db.session.get(Facility, world.lapas.id).kind = "pusat"
        assert can_manage_catalogue_product(staff, product)
        db.session.rollback()


def test_a_void_keeps_the_sale_with_its_reason_and_puts_stock_back(app, world):
    from training.showroom.models import Sale, StockMove

    client = _staff_client(app, world)
    url = f"/etalase/penjualan/{world.sale.id}"
    refused = post_form(client, f"{url}/batal", {"reason": ""}, page=url)
    assert "Tulis alasannya." in refused.get_data(as_text=True)
    response = post_form(client, f"{url}/batal", {"reason": "Salah ketik jumlah"}, page=url)
    assert response.status_code == 302
    assert _stock(app, world.catalogue_product.id) == 10
    with app.app_context():
        sale = db.session.get(Sale, world.sale.id)
        assert sale.is_void and sale.void_reason == "Salah ketik jumlah" and sale.voided_by_id == world.etalase.id
        kinds = list(db.session.scalars(db.select(StockMove.kind).where(StockMove.product_id == world.catalogue_product.id)
                                        .order_by(StockMove.id)))
        assert kinds == ["delivery", "sale", "void"]
    again = post_form(client, f"{url}/batal", {"reason": "Sekali lagi"}, page=url, follow_redirects=True)
    assert "sudah dibatalkan" in again.get_data(as_text=True)
    assert _stock(app, world.catalogue_product.id) == 10


def test_receipt_is_a_small_pdf_with_the_lines_and_total(app, world):
    from tests.web.test_readiness_report import pdf_text

    client = _staff_client(app, world)
    for size, width_mm in (("58mm", 58), ("a6", 105)):
        response = client.get(f"/etalase/penjualan/{world.sale.id}/struk.pdf?ukuran={size}")
        assert response.status_code == 200 and response.mimetype == "application/pdf"
        text = pdf_text(response.data)
        assert "Kopi bubuk 250 g" in text and "Rp35.000" in text and "Tunai" in text
        from pypdf import PdfReader
        import io

        box = PdfReader(io.BytesIO(response.data)).pages[0].mediabox
        assert round(float(box.width) / 72 * 25.4) == width_mm


@pytest.mark.parametrize("kind, quantity, stock_after, error", [
    ("delivery", "4", 13, None),
    ("return", "2", 7, None),
    ("return", "12", 9, "tidak cukup"),
    ("delivery", "-3", 9, "kurang dari nol"),
    ("delivery", "20000", 9, "1 sampai 10.000"),
])
def test_stock_moves_on_the_stock_card(app, world, kind, quantity, stock_after, error):
    client = _staff_client(app, world)
    url = f"/etalase/produk/{world.catalogue_product.id}/stok"
    response = post_form(client, url, {"kind": kind, "quantity": quantity, "note": "uji"}, page=url)
    assert _stock(app, world.catalogue_product.id) == stock_after
    if error:
        assert response.status_code == 200 and error in response.get_data(as_text=True)
    else:
        card = client.get(url).get_data(as_text=True)
        assert response.status_code == 302 and f'data-label="Sisa">{stock_after}</td>' in card


def test_a_negative_price_is_refused(app, world):
    client = _staff_client(app, world)
    url = f"/etalase/produk/{world.catalogue_product.id}"
    page = client.get(url).get_data(as_text=True)
    assert 'value="35.000"' in page
    data = {"name": "Kopi", "category": "makanan", "unit": "bungkus", "price": "-5000", "material_cost": "6000",
            "labour_hours": "0,5", "labour_rate": "8000", "packaging_cost": "1500", "overhead_monthly": "300000",
            "units_per_month": "200", "maker_1": str(world.learner.id), "share_1": "100", "maker_2": "0",
            "maker_3": "0", "is_listed": "y"}
    response = post_form(client, url, data, page=url)
    assert "kurang dari nol" in response.get_data(as_text=True)
    with app.app_context():
        from training.showroom.models import CatalogueProduct

        assert db.session.get(CatalogueProduct, world.catalogue_product.id).price == 35_000


def test_two_sales_of_the_last_unit_cannot_both_succeed(app, world):
    from training.accounts.models import User
    from training.showroom import services
    from training.showroom.models import CatalogueProduct, Sale

    with app.app_context():
        db.session.get(CatalogueProduct, world.catalogue_product.id).stock = 1
        db.session.commit()
    barrier = threading.Barrier(2)
    outcomes = []

    def sell(token):
        with app.app_context():
            staff = db.session.get(User, world.etalase.id)
            product = db.session.get(CatalogueProduct, world.catalogue_product.id)
            barrier.wait()
            try:
                services.sell(staff, token, [(product, 1)], "tunai")
                db.session.commit()
                outcomes.append("sold")
            except services.ShowroomError:
                db.session.rollback()
                outcomes.append("refused")
            finally:
                db.session.remove()

    threads = [threading.Thread(target=sell, args=(f"race-{n}",)) for n in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["refused", "sold"]
    with app.app_context():
        assert db.session.get(CatalogueProduct, world.catalogue_product.id).stock == 0
        assert db.session.scalar(db.select(db.func.count(Sale.id)).where(Sale.token.like("race-%"))) == 1


def test_a_practice_product_is_promoted_with_its_costing_and_photo(app, world):
    from tests.storefront_world import ROTI_UNIT_COST
    from training.showroom.models import CatalogueProduct
    from training.showroom.services import product_cost

    from training.storefront.models import Product

    with app.app_context():  # the learner sells it by the tray, not by the category's unit
        db.session.get(Product, world.product.id).unit = "loyang"
        db.session.commit()
    client = _staff_client(app, world)
    page = client.get("/etalase/dari-latihan").get_data(as_text=True)
    assert "Roti sobek" in page and "Budi Santoso" in page
    response = post_form(client, "/etalase/dari-latihan", {"product_id": str(world.product.id), "price": "20.000"},
                         page="/etalase/dari-latihan")
    assert response.status_code == 302
    with app.app_context():
        product = db.session.scalar(db.select(CatalogueProduct).where(CatalogueProduct.source_product_id == world.product.id))
        assert product_cost(product) == ROTI_UNIT_COST and product.price == 20_000
        assert product.photo_id == world.product.photo_id
        assert [(m.learner_id, m.share_percent) for m in product.makers] == [(world.learner.id, 100)]
        assert product.unit == "loyang"  # the product's own unit, not its category's
        product_id, lines = product.id, len(product.materials)
    url = f"/etalase/produk/{product_id}"
    form = client.get(url).get_data(as_text=True)
    fields = {re.search(r'name="(\w+)"', tag).group(1): re.search(r'value="([^"]*)"', tag).group(1)
              for tag in re.findall(r"<input [^>]*>", form) if 'value="' in tag and 'name="' in tag}
    fields.update({"category": "makanan", "maker_1": str(world.learner.id), "maker_2": "0", "maker_3": "0",
                   "is_listed": "y", "price": "21.000"})
    assert post_form(client, url, fields, page=url).status_code == 302
    with app.app_context():
        product = db.session.get(CatalogueProduct, product_id)
        assert product.price == 21_000 and len(product.materials) == lines == 2  # the detail is kept
        assert product_cost(product) == ROTI_UNIT_COST
