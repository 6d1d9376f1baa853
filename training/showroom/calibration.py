"""The simulator learns from real sales: per category, the price that really sells and how many
units really sell a week, proposed for the practice market and applied only when an admin accepts.

Proposed reference price: the median price of the units sold in the period (each unit counts once,
so a one-off expensive sale does not move it much). Weekly demand: units sold divided by the weeks
of the period. The practice market counts shoppers, not buyers; we assume that about one shopper in
``SHOPPERS_PER_BUYER`` who look at a category at a showroom stall buys (an assumption for the game,
to be checked against the debriefs), so customers per week = weekly units x that number.
"""
from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from training import audit
from training.extensions import db
from training.showroom.models import Calibration, CatalogueProduct, Sale, SaleLine
from training.simulator.presets import category_presets

SHOPPERS_PER_BUYER = 3


@dataclass
class Proposal:
    """What real sales say about one category, beside what the practice market uses now."""

    category: str
    units: int
    weekly_units: int
    reference_price: int
    customers_per_week: int
    current_reference_price: int
    current_customers_per_week: int


def _median_unit_price(price_counts: list[tuple[int, int]]) -> int:
    """The median of prices where each (price, count) stands for ``count`` units."""
    ordered = sorted(price_counts)
    total = sum(count for _p, count in ordered)
    middle, seen = (total + 1) // 2, 0
    for price, count in ordered:
        seen += count
        if seen >= middle:
            return price
    return 0


def propose(date_from: date, date_to: date) -> list[Proposal]:
    """The proposals from real sales between two dates (both included), one per category sold."""
    start = datetime.combine(date_from, datetime.min.time())
    end = datetime.combine(date_to + timedelta(days=1), datetime.min.time())
    rows = db.session.execute(
        db.select(CatalogueProduct.category, SaleLine.unit_price, db.func.sum(SaleLine.quantity))
        .join(SaleLine, SaleLine.product_id == CatalogueProduct.id).join(Sale)
        .where(Sale.sold_dt >= start, Sale.sold_dt < end, Sale.voided_dt.is_(None))
        .group_by(CatalogueProduct.category, SaleLine.unit_price)
    ).all()
    by_category: dict[str, list[tuple[int, int]]] = {}
    for category, price, units in rows:
        by_category.setdefault(category, []).append((int(price), int(units)))
    weeks = max(1, ((date_to - date_from).days + 1) / 7)
    current = calibrated_categories()
    proposals = []
    for category, prices in sorted(by_category.items()):
        if category not in current:
            continue
        units = sum(count for _p, count in prices)
        weekly = max(1, round(units / weeks))
        proposals.append(Proposal(
            category=category, units=units, weekly_units=weekly, reference_price=_median_unit_price(prices),
            customers_per_week=weekly * SHOPPERS_PER_BUYER,
            current_reference_price=int(current[category].reference_price),
            current_customers_per_week=int(current[category].customers_per_week.get("showroom", 0))))
    return proposals


def apply(proposals: list[Proposal], date_from: date, date_to: date, admin) -> list[Calibration]:
    """Store accepted proposals (the practice market uses them from now on), audited per category."""
    rows = []
    for proposal in proposals:
        if proposal.reference_price <= 0:
            continue
        row = Calibration(category=proposal.category, reference_price=proposal.reference_price,
                          weekly_units=proposal.weekly_units, customers_per_week=proposal.customers_per_week,
                          period_from=date_from, period_to=date_to, accepted_by_id=admin.id)
        db.session.add(row)
        db.session.flush()
        audit.record("showroom.calibration_applied", row, actor=admin, category=row.category,
                     reference_price=row.reference_price, customers_per_week=row.customers_per_week,
                     before={"reference_price": proposal.current_reference_price,
                             "customers_per_week": proposal.current_customers_per_week},
                     period=[date_from.isoformat(), date_to.isoformat()])
        rows.append(row)
    return rows


def calibrated_categories() -> dict:
    """The practice market's categories: the presets, with the latest accepted calibration of each
    category in place of its reference price and showroom customers per week."""
    categories = category_presets()
    latest = db.session.scalars(db.select(Calibration).order_by(Calibration.accepted_dt, Calibration.id)).all()
    for row in latest:  # later rows replace earlier ones
        preset = categories.get(row.category)
        if preset is not None:
            customers = {**preset.customers_per_week, "showroom": float(row.customers_per_week)}
            categories[row.category] = dataclasses.replace(preset, reference_price=int(row.reference_price),
                                                           customers_per_week=customers)
    return categories
