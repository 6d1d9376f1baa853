"""The shop part of the demo: products for the first demo learners, one finished practice season,
and an open class market for "Kelas Usaha Pagi" with one round played. Safe to run again.

Costs are plausible workshop figures (assumptions for the demo, in line with FACTS.md prices).
"""
from __future__ import annotations

import datetime as dt

from training.accounts.models import TrainingClass, User
from training.extensions import db
from training.storefront import class_market, practice, services
from training.storefront.models import ClassMarket, Product

NASTAR = {
    "name": "Kue nastar (toples 500 g)", "category": "makanan", "quality": 0.7, "unit": "toples",
    "description": "Nastar isi selai nanas buatan sendiri, dalam toples plastik 500 gram.",
    "materials": [
        {"name": "Tepung terigu", "quantity": "0.25", "unit": "kg", "price_per_unit": 13_000},
        {"name": "Mentega", "quantity": "0.2", "unit": "kg", "price_per_unit": 45_000},
        {"name": "Selai nanas", "quantity": "0.15", "unit": "kg", "price_per_unit": 40_000},
        {"name": "Telur", "quantity": "3", "unit": "butir", "price_per_unit": 2_000},
        {"name": "Gula halus", "quantity": "0.05", "unit": "kg", "price_per_unit": 18_000},
    ],
    "labour_hours": "0.5", "labour_rate": 8_000, "packaging_cost": 4_000,
    "overhead_monthly": 400_000, "units_per_month": 100,
}
ROTAN = {
    "name": "Set kursi rotan (2 kursi + meja)", "category": "mebel", "quality": 0.9, "unit": "set",
    "description": "Anyaman rotan asli, dipelitur, dengan bantal duduk.",
    "materials": [
        {"name": "Rotan", "quantity": "15", "unit": "kg", "price_per_unit": 45_000},
        {"name": "Paku dan lem", "quantity": "1", "unit": "paket", "price_per_unit": 75_000},
        {"name": "Pelitur", "quantity": "2", "unit": "liter", "price_per_unit": 85_000},
        {"name": "Kain bantal", "quantity": "3", "unit": "meter", "price_per_unit": 60_000},
    ],
    "labour_hours": "36", "labour_rate": 10_000, "packaging_cost": 40_000,
    "overhead_monthly": 1_000_000, "units_per_month": 5,
}
KERIPIK = {
    "name": "Keripik singkong pedas", "category": "makanan", "quality": 0.5, "description": "",
    "materials": [
        {"name": "Singkong", "quantity": "1", "unit": "kg", "price_per_unit": 6_000},
        {"name": "Minyak goreng", "quantity": "0.3", "unit": "liter", "price_per_unit": 18_000},
        {"name": "Bumbu cabai", "quantity": "1", "unit": "paket", "price_per_unit": 3_000},
    ],
    "labour_hours": "0.5", "labour_rate": 8_000, "packaging_cost": 2_000,
    "overhead_monthly": 300_000, "units_per_month": 150,
}
GANTUNGAN = {
    "name": "Gantungan kunci manik", "category": "kerajinan", "quality": 0.7, "description": "",
    "materials": [
        {"name": "Manik-manik", "quantity": "40", "unit": "butir", "price_per_unit": 150},
        {"name": "Ring dan tali", "quantity": "1", "unit": "set", "price_per_unit": 2_500},
    ],
    "labour_hours": "1", "labour_rate": 8_000, "packaging_cost": 1_000,
    "overhead_monthly": 200_000, "units_per_month": 200,
}


def _product(learner, data: dict) -> Product:
    return services.save_product(learner, dict(data))


def _play_demo_week(season, week: int) -> None:
    """One demo week within the demo learner's hours and cash: 20 jars of nastar, and a rattan set
    in odd weeks with a paid helper for the hours it needs; when the cash cannot pay for the set,
    the nastar alone (the demo shows a business that lives within its means)."""
    def plan(with_set: bool) -> list[dict]:
        decisions = []
        for snap in season.products:
            if snap["category"] == "makanan":
                decisions.append({**snap, "price": 52_000 if week < 4 else 49_000, "units": 20,
                                  "channels": ["showroom", "online"], "marketing": 20_000})
            else:
                decisions.append({**snap, "price": 2_600_000, "units": 1 if with_set else 0,
                                  "channels": ["showroom"], "marketing": 0})
        return decisions

    if week % 2:
        try:
            practice.play_week(season, plan(True), {"helper_hours": 16})
            return
        except practice.PlanRefusedError:
            pass
    practice.play_week(season, plan(False))


def load_demo_storefront() -> None:
    """Create the demo shop data once; does nothing when the demo learner already has products."""
    learner = db.session.scalar(db.select(User).where(User.reg_number == "BI.101/2025", User.is_demo.is_(True)))
    morning = db.session.scalar(db.select(TrainingClass).where(TrainingClass.name == "Kelas Usaha Pagi"))
    if learner is None or morning is None:
        return
    if db.session.scalar(db.select(Product.id).where(Product.learner_id == learner.id).limit(1)) is not None:
        return
    nastar, rotan = _product(learner, NASTAR), _product(learner, ROTAN)

    season = practice.start_season(learner, [nastar, rotan], 8, seed=2027, start_date=dt.date(2027, 1, 4))
    for week in range(8):
        _play_demo_week(season, week)

    teacher = morning.instructors[0] if morning.instructors else None
    if teacher is None or db.session.scalar(db.select(ClassMarket.id).where(ClassMarket.class_id == morning.id)):
        return
    market = class_market.open_market(
        teacher, morning, name="Pasar Kelas Usaha Pagi", weeks=8, channels=["showroom", "bazar", "online"],
        pnbp_rate=0.15, premi_rate=0.5, split_basis="profit", seller_count=2, seller_strategy="mixed", seed=7,
        ranking_visible=True, start_date=dt.date(2027, 1, 4))
    others = [u for u in morning.learners if u.id != learner.id][:4]
    plans = [(learner, [nastar], 50_000, 30)]
    for number, other in enumerate(others):
        product = _product(other, KERIPIK if number % 2 == 0 else GANTUNGAN)
        plans.append((other, [product], 20_000 if product.category == "makanan" else 25_000, 25 + 5 * number))
    for who, products, price, units in plans:
        decisions = [{**services.product_snapshot(p), "price": price, "units": units,
                      "channels": ["showroom", "bazar"], "marketing": 10_000} for p in products]
        class_market.submit(market, who, 0, decisions)
    class_market.run_round(market, actor=teacher)
    db.session.flush()
