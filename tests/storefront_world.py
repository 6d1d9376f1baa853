"""Shop records for the access-test world: a product with a photo, a practice season with one week
played, and an open class market of a class like class_a. Also helpers the storefront tests share."""
from __future__ import annotations

import datetime as dt
import io

from PIL import Image

START = dt.date(2027, 1, 4)

# One unit: 0,25 kg x Rp12.000 + 0,1 kg x Rp15.500 + 0,5 h x Rp10.000 + Rp1.500 + Rp300.000 / 200.
ROTI = {
    "name": "Roti sobek", "category": "makanan", "quality": 0.7, "description": "Roti sobek isi cokelat.",
    "materials": [
        {"name": "Tepung terigu", "quantity": "0.25", "unit": "kg", "price_per_unit": 12_000},
        {"name": "Gula", "quantity": "0.1", "unit": "kg", "price_per_unit": 15_500},
    ],
    "labour_hours": "0.5", "labour_rate": 10_000, "packaging_cost": 1_500,
    "overhead_monthly": 300_000, "units_per_month": 200,
}
ROTI_UNIT_COST = 3_000 + 1_550 + 5_000 + 1_500 + 1_500  # Rp12.550


def png_bytes(size=(40, 30), colour=(200, 120, 40)) -> bytes:
    """A real PNG image."""
    out = io.BytesIO()
    Image.new("RGB", size, colour).save(out, format="PNG")
    return out.getvalue()


def simple_decisions(season_or_snapshots, price=20_000, units=20, channels=("showroom",), marketing=0):
    """One decision per product snapshot."""
    snapshots = getattr(season_or_snapshots, "products", season_or_snapshots)
    return [{**snap, "price": price, "units": units, "channels": list(channels), "marketing": marketing}
            for snap in snapshots]


def add_storefront(world) -> None:
    """Create the shop records of ``world`` (inside the app context, before its commit)."""
    from training.storefront import class_market, practice, services
    from training.storefront.photos import process_photo

    product = services.save_product(world.learner, dict(ROTI))
    data, width, height, content_type = process_photo(io.BytesIO(png_bytes()))
    services.set_product_photo(product, data, width, height, content_type)
    season = practice.start_season(world.learner, [product], 8, seed=11, start_date=START)
    practice.play_week(season, simple_decisions(season))
    # A class of its own, so the route walk's empty post to class_a's members leaves this one alone.
    from training.accounts import services as accounts

    market_class = accounts.create_class(world.lapas, name="Kelas Pasar A")
    accounts.set_class_members(market_class, {world.learner.id, world.learner2.id}, {world.instructor.id})
    market = class_market.open_market(
        world.instructor, market_class, name="Pasar A", weeks=4, channels=["showroom", "bazar"],
        pnbp_rate=0.15, premi_rate=0.5, split_basis="profit", seller_count=1, seller_strategy="mixed", seed=5,
        ranking_visible=True, start_date=START)
    world.product, world.season, world.class_market = product, season, market
