"""Edges of the showroom found in review: odd digits never reach a server error, a sale voided by
two people at once puts its units back once, a practice product goes into the catalogue once and
only when its figures can be read, and the monthly split never gives premi above its share."""
from __future__ import annotations

import threading

import pytest

from tests.conftest import post_form
from training.extensions import db



def _stock(app, product_id):
    from training.showroom.models import CatalogueProduct

    with app.app_context():
        return db.session.get(CatalogueProduct, product_id).stock


@pytest.mark.parametrize("typed", ["²", "1" * 5000, "٣"])
def test_odd_digits_in_a_sale_get_a_message(app, world, typed, client_as):
    client = client_as("etalase")
    before = _stock(app, world.catalogue_product.id)
    response = post_form(client, "/etalase/", {"token": "t-odd", f"qty-{world.catalogue_product.id}": typed,
                                               "payment": "tunai"}, page="/etalase/")
    assert response.status_code == 200 and "harus angka bulat" in response.get_data(as_text=True)
    odd_key = post_form(client, "/etalase/", {"token": "t-odd-2", f"qty-{typed[:40]}": "1", "payment": "tunai"},
                        page="/etalase/")
    assert odd_key.status_code == 200 and "tidak dijual di etalase ini" in odd_key.get_data(as_text=True)
    assert _stock(app, world.catalogue_product.id) == before


@pytest.mark.parametrize("typed", ["²", "9" * 30])
def test_odd_practice_product_ids_are_not_found(app, world, typed, client_as):
    response = post_form(client_as("etalase"), "/etalase/dari-latihan", {"product_id": typed, "price": "20.000"},
                         page="/etalase/dari-latihan", follow_redirects=True)
    assert response.status_code == 200 and "tidak ditemukan" in response.get_data(as_text=True)


def test_two_voids_at_once_put_the_units_back_once(app, world):
    from training.accounts.models import User
    from training.showroom import services
    from training.showroom.models import Sale

    before = _stock(app, world.catalogue_product.id)
    outcomes: list[str] = []
    barrier = threading.Barrier(2)

    def void():
        with app.app_context():
            sale = db.session.get(Sale, world.sale.id)
            actor = db.session.get(User, world.etalase.id)
            barrier.wait()  # both hold the sale as not yet voided
            try:
                services.void_sale(sale, actor, "Salah ketik jumlah")
                db.session.commit()
                outcomes.append("voided")
            except services.ShowroomError:
                db.session.rollback()
                outcomes.append("refused")
            except Exception:  # the database's own lock refusing the second writer also counts as refused
                db.session.rollback()
                outcomes.append("refused")
            finally:
                db.session.remove()

    threads = [threading.Thread(target=void) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["refused", "voided"]
    with app.app_context():
        quantity = sum(line.quantity for line in db.session.get(Sale, world.sale.id).lines)
    assert _stock(app, world.catalogue_product.id) == before + quantity


def test_a_practice_product_goes_into_the_catalogue_once(app, world, client_as):
    from training.showroom.models import CatalogueProduct

    client = client_as("etalase")
    data = {"product_id": str(world.product.id), "price": "20.000"}
    assert post_form(client, "/etalase/dari-latihan", data, page="/etalase/dari-latihan").status_code == 302
    again = post_form(client, "/etalase/dari-latihan", data, page="/etalase/dari-latihan", follow_redirects=True)
    assert "sudah ada di katalog" in again.get_data(as_text=True)
    with app.app_context():
        count = db.session.scalar(db.select(db.func.count(CatalogueProduct.id))
                                  .where(CatalogueProduct.source_product_id == world.product.id))
    assert count == 1


def test_a_practice_product_with_unreadable_figures_is_refused(app, world, client_as):
    from training.showroom.models import CatalogueProduct
    from training.storefront.models import Product

    with app.app_context():  # stored before the numbers were bounded (so past today's model checks)
        db.session.execute(db.update(Product).where(Product.id == world.product.id).values(
            materials=[{"name": "Tepung", "quantity": "1" * 26, "unit": "kg", "price_per_unit": 12_000}]))
        db.session.commit()
    response = post_form(client_as("etalase"), "/etalase/dari-latihan",
                         {"product_id": str(world.product.id), "price": "20.000"},
                         page="/etalase/dari-latihan", follow_redirects=True)
    assert "tidak bisa dibaca" in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(db.select(CatalogueProduct.id)
                                 .where(CatalogueProduct.source_product_id == world.product.id)) is None
    assert client_as("etalase").get("/etalase/produk").status_code == 200


@pytest.mark.parametrize(("revenue", "cost", "pnbp_rate", "premi_rate"),
                         [(1, 0, 0.15, 0.35), (3, 0, 0.15, 0.35), (101, 0, 0.25, 0.25), (7, 4, 0.5, 0.5)])
def test_the_monthly_split_never_gives_premi_above_its_share(revenue, cost, pnbp_rate, premi_rate):
    from training.showroom.settlement import settle_period
    from training.simulator import SplitRates

    pnbp, premi, capital = settle_period(revenue, cost, SplitRates(pnbp_rate, premi_rate, "profit"))
    base = max(0, revenue - cost)
    assert premi <= (2 * base * round(premi_rate * 100) + 100) // 200  # its share, rounded half up
    assert pnbp + premi + capital == revenue - cost
