"""Showroom records for the access-test world: a showroom staff member in each facility, a
catalogue product of each facility (the first made by world.learner, with a photo and stock) and one
sale at the first showroom. Also the product data the showroom tests share."""
from __future__ import annotations

import io

from tests.conftest import TEST_PASSWORD

# One unit: Rp6.000 materials + 0,5 h x Rp8.000 + Rp1.500 packaging + Rp300.000 / 200 = Rp13.000.
KOPI = {"name": "Kopi bubuk 250 g", "category": "makanan", "unit": "bungkus", "price": 35_000,
        "material_cost": 6_000, "labour_hours": "0.5", "labour_rate": 8_000, "packaging_cost": 1_500,
        "overhead_monthly": 300_000, "units_per_month": 200, "description": "Kopi robusta sangrai."}
KOPI_UNIT_COST = 13_000


def add_showroom(world) -> None:
    """Create the showroom records of ``world`` (inside the app context, before its commit)."""
    from tests.storefront_world import png_bytes
    from training.access import ETALASE
    from training.accounts import services as accounts
    from training.showroom import services
    from training.storefront.photos import process_photo
    from training.storefront.models import ProductPhoto

    world.etalase, _t = accounts.create_staff(world.lapas, role=ETALASE, username="etalase.a",
                                              full_name="Wulan Etalase", password=TEST_PASSWORD)
    world.other_etalase, _t = accounts.create_staff(world.rutan, role=ETALASE, username="etalase.b",
                                                    full_name="Rina Etalase", password=TEST_PASSWORD)
    product = services.save_product(world.lapas.id, {**KOPI, "makers": [(world.learner, 100)]})
    data, width, height, content_type = process_photo(io.BytesIO(png_bytes()))
    photo = ProductPhoto(learner_id=world.learner.id, content_type=content_type, data=data, width=width,
                         height=height)
    from training.extensions import db

    db.session.add(photo)
    db.session.flush()
    product.photo_id = photo.id
    services.move_stock(product, "delivery", 10, world.etalase)
    other = services.save_product(world.rutan.id, {**KOPI, "name": "Kopi rutan",
                                                   "makers": [(world.other_learner, 100)]})
    services.move_stock(other, "delivery", 5, world.other_etalase)
    world.catalogue_product, world.other_product = product, other
    world.sale = services.sell(world.etalase, "world-sale", [(product, 1)], "tunai")
