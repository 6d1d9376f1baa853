"""Builders shared by the market-engine tests (a uniquely named module, not ``conftest``, so
that importing it can never pick up another test folder's conftest)."""

from __future__ import annotations

from training.simulator import (
    CategoryPreset, MarketSettings, Offer, Segment, SplitRates,
)
from training.simulator.presets import channel_presets

QUIET_START = "2027-05-03"  # May and June 2027 hold no calendar event: season factor 1


def make_offer(offer_id: str = "a", **changes) -> Offer:
    """A learner's bread-and-cookies offer at the bazaar, with any field changed."""
    fields = {"offer_id": offer_id, "owner_id": f"owner-{offer_id}", "category": "makanan",
              "channel": "bazar", "price": 50_000, "quality": 0.6, "unit_cost": 32_000,
              "units_made": 10}
    fields.update(changes)
    return Offer(**fields)


def one_segment_settings(a: float = 2.0, b: float = 3.0, reference_price: int = 50_000,
                         customers: float = 1000.0, **changes) -> MarketSettings:
    """A market with a single customer segment and no seasons, for closed-form checks."""
    category = CategoryPreset(
        code="roti", reference_price=reference_price,
        customers_per_week={"showroom": customers, "bazar": customers, "online": customers},
        segments=(Segment("only", 1.0, a, b),), shelf_life_days=None,
        marketing_reference=50_000, unit_cost_range=(10_000, 40_000), season_factors={})
    fields = {"categories": {"roti": category}, "channels": channel_presets(),
              "split": SplitRates(0.15, 0.5), "start_date": QUIET_START}
    fields.update(changes)
    return MarketSettings(**fields)
