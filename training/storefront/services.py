"""Products, their unit cost (HPP) step by step, premi, and facility settings.

Functions take objects and validated data, change the session and flush; the view commits.
Money is integer rupiah; fractional rupiah are rounded half up, the simulator's rule.
"""
from __future__ import annotations

import logging
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from sqlalchemy import inspect

from training import audit, events
from training.extensions import db
from training.simulator import EXAMPLE_SPLIT, SETTLEMENT_PERIODS, SplitRates
from training.simulator.money import compile_split, split_money
from training.simulator.presets import category_presets
from training.storefront.models import FacilitySettings, Product, ProductPhoto

log = logging.getLogger(__name__)


class ShopError(ValueError):
    """A request the shop cannot carry out; the message is for the user."""


def rupiah_round(amount: Decimal) -> int:
    """Round a Decimal amount of rupiah half up to a whole rupiah."""
    return int(amount.quantize(Decimal(1), rounding=ROUND_HALF_UP))


@dataclass
class CostSteps:
    """The unit cost worked out step by step, each line in whole rupiah."""

    materials: list[dict] = field(default_factory=list)  # name, quantity, unit, price_per_unit, cost
    materials_total: int = 0
    labour_hours: Decimal = Decimal(0)
    labour_rate: int = 0
    labour: int = 0
    packaging: int = 0
    overhead_monthly: int = 0
    units_per_month: int = 1
    overhead: int = 0
    unreadable: bool = False  # a stored figure could not be read: shown as such, counted as 0

    @property
    def unit_cost(self) -> int:
        """HPP: materials + labour + packaging + overhead share."""
        return self.materials_total + self.labour + self.packaging + self.overhead

    def breakdown(self) -> dict[str, int]:
        """The lines the simulator keeps with an offer (they add up to ``unit_cost``)."""
        return {"bahan": self.materials_total, "tenaga": self.labour,
                "kemasan": self.packaging, "overhead": self.overhead}


def cost_steps(materials: list[dict], labour_hours: Decimal, labour_rate: int, packaging: int,
               overhead_monthly: int, units_per_month: int) -> CostSteps:
    """Work out one unit's cost from its parts. ``materials`` rows hold Decimal-able quantities."""
    steps = CostSteps(labour_hours=Decimal(labour_hours), labour_rate=labour_rate, packaging=packaging,
                      overhead_monthly=overhead_monthly, units_per_month=max(1, units_per_month))
    for row in materials:
        quantity = Decimal(str(row["quantity"]))
        cost = rupiah_round(quantity * row["price_per_unit"])
        steps.materials.append({**row, "quantity": quantity, "cost": cost})
        steps.materials_total += cost
    steps.labour = rupiah_round(steps.labour_hours * labour_rate)
    steps.overhead = rupiah_round(Decimal(overhead_monthly) / steps.units_per_month)
    return steps


def product_cost(product: Product) -> CostSteps:
    """The cost steps of a stored product.

    A product stored before its numbers were bounded may hold figures no cost can be worked out
    from (a quantity of 26 digits): it is logged and given back as ``unreadable`` with a cost of 0,
    so the pages that show many learners (the class market, an officer's caseload) still open and
    its owner can repair it.
    """
    try:
        return cost_steps(product.materials or [], Decimal(product.labour_centihours) / 100, product.labour_rate,
                          product.packaging_cost, product.overhead_monthly, product.units_per_month)
    except (InvalidOperation, ArithmeticError, ValueError, TypeError, KeyError):
        log.warning("product %s of learner %s has figures that cannot be read", product.id, getattr(product, "learner_id", None))
        return CostSteps(unreadable=True)


def category_choices(lang: str = "id") -> list[tuple[str, str]]:
    """(code, name) of the simulator's categories, for a select box."""
    return [(code, (p.name_id if lang == "id" else p.name_en).capitalize())
            for code, p in category_presets().items()]


def category_name(code: str, lang: str = "id") -> str:
    """A category's name in plain words."""
    preset = category_presets().get(code)
    if preset is None:
        return code
    return (preset.name_id if lang == "id" else preset.name_en).capitalize()


def category_unit(code: str, lang: str = "id") -> str:
    """The unit products of a category are counted in (buah, bungkus, ...)."""
    preset = category_presets().get(code)
    if preset is None:
        return "unit"
    return preset.unit_id if lang == "id" else preset.unit_en


def product_unit(product, lang: str = "id") -> str:
    """The unit a product is sold in: its own (toples) or else its category's (bungkus)."""
    return getattr(product, "unit", "") or category_unit(product.category, lang)


def product_by_token(learner, token: str | None) -> Product | None:
    """The learner's product saved from the new-product form carrying ``token`` (None if none)."""
    if not token:
        return None
    return db.session.scalar(db.select(Product).where(Product.learner_id == learner.id, Product.form_token == token))


def save_product(learner, data: dict, product: Product | None = None, form_token: str | None = None) -> Product:
    """Create a product for ``learner`` (or update ``product``) from validated form data.

    A new product keeps the one-time ``form_token`` of the form it came from; the database allows
    one product per learner and token, so a form posted twice at once saves once (the second flush
    raises ``IntegrityError``; :func:`product_by_token` then finds the first).

    Announces a new product, and a product whose unit cost (HPP) is above zero.
    """
    if product is None:
        product = Product(learner_id=learner.id, facility_id=learner.facility_id, form_token=form_token)
        db.session.add(product)
        action = "shop.product_created"
    else:
        action = "shop.product_changed"
    product.name = data["name"].strip()
    product.category = data["category"]
    product.description = (data.get("description") or "").strip()
    product.quality = float(data["quality"])
    product.unit = (data.get("unit") or "").strip()
    product.materials = [
        {"name": row["name"].strip(), "quantity": str(row["quantity"]), "unit": (row.get("unit") or "").strip(),
         "price_per_unit": int(row["price_per_unit"])}
        for row in data["materials"]
    ]
    product.labour_centihours = rupiah_round(Decimal(data["labour_hours"]) * 100)
    product.labour_rate = int(data["labour_rate"])
    product.packaging_cost = int(data["packaging_cost"])
    product.overhead_monthly = int(data["overhead_monthly"])
    product.units_per_month = max(1, int(data["units_per_month"]))
    db.session.flush()
    audit.record(action, product, name=product.name)
    if action == "shop.product_created":
        events.product_registered.send(learner)
    if product_cost(product).unit_cost > 0:
        events.product_costed.send(learner)
    return product


def set_product_photo(product: Product, photo_bytes: bytes, width: int, height: int, content_type: str) -> ProductPhoto:
    """Attach a re-encoded photo to a product, replacing (and deleting) the one before."""
    old = product.photo
    photo = ProductPhoto(learner_id=product.learner_id, content_type=content_type, data=photo_bytes,
                         width=width, height=height)
    db.session.add(photo)
    db.session.flush()
    product.photo_id = photo.id
    product.photo = photo
    if old is not None:
        db.session.delete(old)
    db.session.flush()
    return photo


def learner_products(learner, active_only: bool = True) -> list[Product]:
    """A learner's products, by name."""
    query = db.select(Product).where(Product.learner_id == learner.id)
    if active_only:
        query = query.where(Product.is_active.is_(True))
    return list(db.session.scalars(query.order_by(Product.name, Product.id)))


def sellable_products(learner) -> list[Product]:
    """The learner's active products whose cost can be worked out: the ones a market may take."""
    return [p for p in learner_products(learner) if not product_cost(p).unreadable]


def product_snapshot(product: Product) -> dict:
    """What a market keeps of a product: enough to build offers even after the product changes."""
    steps = product_cost(product)
    return {"product_id": product.id, "name": product.name, "category": product.category,
            "unit": product.unit or "", "quality": product.quality, "unit_cost": steps.unit_cost,
            "breakdown": steps.breakdown(),
            # the product's own hours of work, else (None) the category's usual hours
            "hours_per_unit": product.labour_centihours / 100 if product.labour_centihours else None}


# --- settings, prices and premi -----------------------------------------------------------

BUSINESS_DEFAULTS = {"settlement_period": "week", "hours_per_week": 30, "starting_modal": 2_000_000,
                     "helper_wage": 15_000, "loan_rate_percent": 1.0}
"""A facility's practice-business limits until it saves its own (the simulator's defaults)."""


def facility_settings(facility_id: int) -> FacilitySettings:
    """The facility's shop settings, or unsaved defaults from the simulator's example split."""
    row = db.session.get(FacilitySettings, facility_id)
    if row is None:
        row = FacilitySettings(facility_id=facility_id, pnbp_rate=EXAMPLE_SPLIT.pnbp_rate,
                               premi_rate=EXAMPLE_SPLIT.premi_rate, split_basis=EXAMPLE_SPLIT.basis,
                               margin_low_percent=20, margin_high_percent=50, **BUSINESS_DEFAULTS)
    return row


def is_example_settings(settings: FacilitySettings) -> bool:
    """True for the unsaved defaults :func:`facility_settings` gives a facility without its own rates."""
    return inspect(settings).transient


def split_of(settings: FacilitySettings) -> SplitRates:
    """The money split of a facility's settings (the labelled example split while none is saved)."""
    if is_example_settings(settings):
        return EXAMPLE_SPLIT
    return SplitRates(settings.pnbp_rate, settings.premi_rate, settings.split_basis, label="")


def is_example_split(facility_id: int) -> bool:
    """True while the facility has not saved its own rates (the example figures apply)."""
    return is_example_settings(facility_settings(facility_id))


def facility_split(facility_id: int) -> SplitRates:
    """The money split that applies to this facility's products."""
    return split_of(facility_settings(facility_id))


def save_facility_settings(facility_id: int, *, pnbp_rate: float, premi_rate: float, split_basis: str,
                           margin_low_percent: int, margin_high_percent: int, actor=None,
                           **limits) -> FacilitySettings:
    """Store a facility's rates and margins, and any of the practice-business ``limits`` given
    (keys of :data:`BUSINESS_DEFAULTS`); checks that PNBP and premi together stay within 100%
    and the settlement period is one the simulator knows."""
    SplitRates(pnbp_rate, premi_rate, split_basis)  # raises ValueError when the rates don't fit
    if not 0 <= margin_low_percent <= margin_high_percent <= 500:
        raise ShopError("margin")
    if set(limits) - set(BUSINESS_DEFAULTS) or limits.get("settlement_period", "week") not in SETTLEMENT_PERIODS:
        raise ShopError("limits")
    row = db.session.get(FacilitySettings, facility_id)
    if row is None:
        row = FacilitySettings(facility_id=facility_id)
        db.session.add(row)
    row.pnbp_rate, row.premi_rate, row.split_basis = pnbp_rate, premi_rate, split_basis
    row.margin_low_percent, row.margin_high_percent = margin_low_percent, margin_high_percent
    for key, value in limits.items():
        setattr(row, key, value)
    row.updated_by_id = getattr(actor, "id", None)
    db.session.flush()
    audit.record("shop.settings_changed", actor=actor, facility_id=facility_id, pnbp_rate=pnbp_rate,
                 premi_rate=premi_rate, basis=split_basis)
    return row


def percent_up_to(amount: int, percent: int, step: int = 100) -> int:
    """``amount`` times ``percent``/100, rounded up to the next ``step`` rupiah (prices people write
    end in 00); integer arithmetic, so no float can tip a price into the next hundred."""
    return -(-amount * percent // (100 * step)) * step


def take_home(price: int, unit_cost: int, split: SplitRates) -> dict:
    """Per unit sold at ``price``: profit, PNBP, the learner's premi and what stays in the business.

    Fees of a channel are left out here (the market pages count them); a price below cost gives
    no premi when the split is on profit.
    """
    pnbp, premi, working_capital = split_money(price, unit_cost, compile_split(split))
    return {"price": price, "profit": price - unit_cost, "pnbp": pnbp, "premi": premi,
            "working_capital": working_capital}
