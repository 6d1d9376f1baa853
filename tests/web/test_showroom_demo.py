"""The demo's showroom reads as a real one would: every stock card, in the order it is shown
(oldest first), runs from one balance to the next by each movement, voids included."""
from __future__ import annotations

from pathlib import Path

from training.courses import importer
from training.extensions import db

SHIPPED = Path(__file__).resolve().parents[2] / "content" / "courses"


def test_every_demo_stock_card_runs_from_balance_to_balance_in_time_order(app_ctx):
    from training.demo import load_demo
    from training.showroom.models import CatalogueProduct, Sale
    from training.showroom.services import stock_card

    importer.import_courses(importer.check(SHIPPED)[0])
    load_demo()
    db.session.commit()
    products = db.session.scalars(db.select(CatalogueProduct)).all()
    voided = db.session.scalars(db.select(Sale).where(Sale.voided_dt.is_not(None))).all()
    assert products and voided, "the demo has no showroom products or no voided sale: nothing to check"
    checked = 0
    for product in products:
        balance = 0
        for move in stock_card(product):
            balance += move.quantity
            assert move.stock_after == balance, (product.name, move.moved_dt, move.kind)
            checked += 1
        assert balance == product.stock, product.name
    assert checked > 100
    assert all(sale.voided_dt >= sale.sold_dt and sale.voided_dt.year == sale.sold_dt.year for sale in voided)
