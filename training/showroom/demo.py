"""The showroom part of the demo: a showroom staff account at the demo lapas, a catalogue of ten
real-looking workshop products (two promoted from the demo learner's practice products), stock
deliveries, dated rates and two months of sales, one of them voided. Safe to run again.

Prices follow FACTS.md where it has them (rattan sets Rp1,8 to 4 juta, batik Rp245.000 to 400.000,
cookies about Rp50.000, crafts Rp10.000 to 150.000, sawi about Rp4.000 a bunch); costs and sales
volumes are assumptions for the demo. The 15% PNBP / 50% premi split is an example only.
"""
from __future__ import annotations

import io
import random
import uuid
from datetime import datetime, timedelta

from PIL import Image, ImageDraw

from training.access import ETALASE
from training.accounts.models import Facility, User
from training.clock import today_utc
from training.extensions import db
from training.showroom import services
from training.showroom.models import CatalogueProduct
from training.showroom.rates import set_rate
from training.showroom.settlement import month_start
from training.storefront.models import Product, ProductPhoto

STAFF_USERNAME = "etalase.contoh"
COLOURS = {"makanan": (214, 160, 70), "mebel": (150, 100, 50), "kerajinan": (60, 110, 160),
           "perikanan": (90, 140, 150), "pertanian": (80, 150, 70)}

# name, category, unit, price, material, hours, hourly rate, packaging, overhead/month, units/month,
# makers (registration number, share), weekly demand (assumption)
PRODUCTS = [
    ("Batik tulis (kain 2 m)", "kerajinan", "lembar", 275_000, 90_000, 12, 8_000, 10_000, 600_000, 20,
     [("BI.104/2025", 60), ("BI.105/2025", 40)], 2),
    ("Kopi bubuk robusta 250 g", "makanan", "bungkus", 35_000, 18_000, 0.25, 8_000, 3_000, 300_000, 150,
     [("BI.106/2025", 100)], 8),
    ("Lele segar 1 kg", "perikanan", "kg", 28_000, 17_000, 0.2, 8_000, 1_000, 400_000, 300,
     [("BI.107/2025", 50), ("BI.108/2025", 50)], 10),
    ("Sawi hijau (1 ikat)", "pertanian", "ikat", 4_000, 1_200, 0.1, 8_000, 200, 150_000, 600,
     [("BI.109/2025", 100)], 25),
    ("Dupa wangi (1 kotak)", "kerajinan", "kotak", 15_000, 5_000, 0.3, 8_000, 1_000, 200_000, 200,
     [("BI.110/2025", 100)], 6),
    ("Kaos sablon", "kerajinan", "buah", 85_000, 38_000, 1, 8_000, 3_000, 500_000, 80,
     [("BI.111/2025", 100)], 3),
    ("Gantungan kunci manik", "kerajinan", "buah", 25_000, 8_500, 1, 8_000, 1_000, 200_000, 200,
     [("BI.112/2025", 100)], 5),
    ("Roti sobek cokelat", "makanan", "bungkus", 20_000, 6_000, 0.4, 8_000, 1_500, 300_000, 200,
     [("BI.101/2025", 50), ("BI.113/2025", 50)], 9),
]


def _picture(category: str, seed: int) -> tuple[bytes, int, int, str]:
    """A simple drawn picture standing in for a product photo (the demo has no real photos)."""
    rng = random.Random(seed)
    base = COLOURS.get(category, (120, 120, 120))
    image = Image.new("RGB", (480, 360), tuple(min(255, c + 70) for c in base))
    draw = ImageDraw.Draw(image)
    for _i in range(6):
        x, y, r = rng.randint(60, 420), rng.randint(60, 300), rng.randint(30, 80)
        draw.ellipse((x - r, y - r, x + r, y + r), fill=tuple(max(0, c - rng.randint(0, 60)) for c in base))
    out = io.BytesIO()
    image.save(out, format="JPEG", quality=80)
    return out.getvalue(), 480, 360, "image/jpeg"


def _with_photo(product: CatalogueProduct, learner_id: int, seed: int) -> None:
    data, width, height, content_type = _picture(product.category, seed)
    photo = ProductPhoto(learner_id=learner_id, content_type=content_type, data=data, width=width, height=height)
    db.session.add(photo)
    db.session.flush()
    product.photo_id = photo.id


def load_demo_showroom(password: str) -> None:
    """Create the demo showroom once; does nothing if its staff account is already there."""
    from training.accounts.services import create_staff

    lapas = db.session.scalar(db.select(Facility).where(Facility.code == "LPS-CONTOH"))
    if lapas is None or db.session.scalar(db.select(User.id).where(User.username == STAFF_USERNAME)) is not None:
        return
    staff, _temp = create_staff(lapas, role=ETALASE, username=STAFF_USERNAME, full_name="Wulan Sari",
                                is_demo=True, password=password)
    staff.must_change_password = False
    learners = {u.reg_number: u for u in db.session.scalars(db.select(User).where(User.facility_id == lapas.id))}
    today = today_utc()
    first_month = month_start(month_start(today) - timedelta(days=40))
    second_month = month_start(month_start(today) - timedelta(days=1))
    set_rate(lapas.id, first_month, 0.15, 0.5, "profit", staff)
    set_rate(lapas.id, second_month, 0.15, 0.45, "profit", staff)  # a change from a date: old sales keep 50%

    catalogue = []  # (product, weekly demand)
    promoted = db.session.scalars(db.select(Product).where(Product.facility_id == lapas.id, Product.is_active.is_(True))
                                  .order_by(Product.id)).all()
    for practice, price, demand in zip(promoted[:2], (55_000, 2_750_000), (7, 0.3)):
        product = services.promote_practice_product(practice, price)
        _with_photo(product, practice.learner_id, product.id)
        catalogue.append((product, demand))
    for seed, (name, category, unit, price, material, hours, rate, packaging, overhead, per_month, makers,
               demand) in enumerate(PRODUCTS):
        product = services.save_product(lapas.id, {
            "name": name, "category": category, "unit": unit, "price": price, "material_cost": material,
            "labour_hours": hours, "labour_rate": rate, "packaging_cost": packaging, "overhead_monthly": overhead,
            "units_per_month": per_month, "makers": [(learners[reg], share) for reg, share in makers],
            "description": ""})
        _with_photo(product, learners[makers[0][0]].id, 100 + seed)
        catalogue.append((product, demand))
    opened = datetime.combine(first_month, datetime.min.time()) + timedelta(hours=1)
    for product, demand in catalogue:
        services.move_stock(product, "delivery", max(3, int(demand * 12)), staff, "Kiriman awal dari bengkel",
                            moved_dt=opened)
    _demo_sales(staff, catalogue, first_month, today)
    db.session.flush()


def _demo_sales(staff, catalogue, start, today) -> None:
    """Two months of sales: each open day a few buyers, each buying one to three products."""
    rng = random.Random(2026)
    day = start
    voided = False
    restocked = start.month
    while day < today:
        if day.month != restocked:  # the workshop restocks the showroom at each month's start
            morning = datetime.combine(day, datetime.min.time()) + timedelta(hours=1)
            for product, demand in catalogue:
                services.move_stock(product, "delivery", max(2, int(demand * 6)), staff,
                                    "Kiriman bulanan dari bengkel", moved_dt=morning)
            restocked = day.month
        # the day's buyers in the order they came, so each stock card reads in time order
        times = sorted(datetime.combine(day, datetime.min.time()) + timedelta(hours=rng.randint(2, 9),
                                                                            minutes=rng.randint(0, 59))
                       for _buyer in range(rng.randint(2, 5)))
        for sold_dt in times:
            chosen = rng.sample(catalogue, rng.randint(1, 3))
            items = []
            for product, demand in chosen:
                db.session.refresh(product, ["stock"])
                quantity = min(product.stock, max(1, round(rng.random() * demand / 2)))
                if quantity > 0 and rng.random() < min(1.0, demand / 3):
                    items.append((product, quantity))
            if not items:
                continue
            sale = services.sell(staff, uuid.uuid4().hex, items, rng.choice(("tunai", "tunai", "qris", "transfer")),
                                 sold_dt=sold_dt)
            if not voided and day.day >= 10:
                services.void_sale(sale, staff, "Salah catat jumlah, penjualan diulang.", voided_dt=sold_dt)
                voided = True
        day += timedelta(days=1 if day.weekday() < 5 else 2)
