"""The showroom's sales list comes a page at a time, newest first, so every sale stays reachable
to look at or void (before, only the latest 200 were listed); a page past the end shows the last."""
from __future__ import annotations

import re
from datetime import timedelta

from training.extensions import db


def _sell(app, world, count: int) -> None:
    """``count`` more one-unit sales of the world's catalogue product, a day apart, oldest first."""
    from training.accounts.models import User
    from training.clock import now_utc
    from training.showroom import services
    from training.showroom.models import CatalogueProduct

    with app.app_context():
        staff = db.session.get(User, world.etalase.id)
        product = db.session.get(CatalogueProduct, world.catalogue_product.id)
        for number in range(count):
            services.sell(staff, f"list-{number}", [(product, 1)], "tunai",
                          sold_dt=now_utc() - timedelta(days=count - number))
        db.session.commit()


def _listed(page: str) -> list[int]:
    return [int(n) for n in re.findall(r'href="/etalase/penjualan/(\d+)"', page)]


def test_every_sale_is_reachable_a_page_at_a_time_newest_first(app, world, client_as, monkeypatch):
    _sell(app, world, 4)  # with the world's own sale: 5
    monkeypatch.setitem(app.config, "ITEMS_PER_PAGE", 2)
    client = client_as("etalase")
    pages = [client.get(f"/etalase/penjualan?halaman={n}").get_data(as_text=True) for n in (1, 2, 3)]
    assert "Halaman 1 dari 3" in pages[0] and "Halaman 3 dari 3" in pages[2]
    seen = [sale_id for page in pages for sale_id in _listed(page)]
    from training.showroom.models import Sale

    with app.app_context():
        newest_first = list(db.session.scalars(db.select(Sale.id).order_by(Sale.sold_dt.desc(), Sale.id.desc())))
    assert seen == newest_first and len(seen) == 5
    past = client.get("/etalase/penjualan?halaman=99").get_data(as_text=True)
    assert "Halaman 3 dari 3" in past and _listed(past) == _listed(pages[2])
    for hostile in ("1e20", "-1", "abc"):
        response = client.get(f"/etalase/penjualan?halaman={hostile}")
        assert response.status_code == 200 and _listed(response.get_data(as_text=True)) == _listed(pages[0])
