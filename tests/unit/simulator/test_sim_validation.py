"""The engine refuses bad inputs with a clear ValueError instead of crashing or returning floats."""

from __future__ import annotations

import math

import pytest

from sim_helpers import make_offer
from training.simulator import (
    CategoryPreset, ChannelPreset, MarketSettings, Segment, StockBatch, default_settings,
    run_period,
)


@pytest.mark.parametrize("field,value,words", [
    ("price", math.nan, "price must be whole rupiah"),
    ("price", math.inf, "price must be whole rupiah"),
    ("price", 12_500.5, "price must be whole rupiah"),
    ("price", 0, "price must be at least 1"),
    ("price", True, "price must be whole rupiah"),
    ("unit_cost", 9_000.25, "unit_cost must be whole rupiah"),
    ("unit_cost", -1, "unit_cost must be at least 0"),
    ("units_made", 2.5, "units_made must be a whole number"),
    ("marketing_spend", math.nan, "marketing_spend must be whole rupiah"),
    ("quality", math.nan, "quality must be a finite number"),
    ("quality", 1.5, "quality must lie in"),
    ("rating", math.inf, "rating must be a finite number"),
    ("rating", 0.5, "rating must lie in"),
    ("hours_per_unit", math.nan, "hours_per_unit must be a finite number"),
    ("unit_cost_breakdown", {"bahan": 32_000.0}, "cost of bahan must be whole rupiah"),
])
def test_an_offer_with_a_bad_number_is_refused_with_a_clear_message(field, value, words):
    with pytest.raises(ValueError, match=words):
        make_offer("a", **{field: value})


@pytest.mark.parametrize("batch", [(math.nan, 0, 100), (-1, 0, 100), (2, 1.5, 100), (2, 0, 99.5)])
def test_bad_stock_is_refused(batch):
    with pytest.raises(ValueError):
        StockBatch(*batch)


@pytest.mark.parametrize("price_weight", [0.0, -1.0, math.nan, math.inf])
def test_a_segment_needs_a_positive_finite_price_weight(price_weight):
    with pytest.raises(ValueError, match="price weight b"):
        Segment("s", 1.0, 1.0, price_weight)


@pytest.mark.parametrize("changes", [
    {"reference_price": 50_000.5}, {"reference_price": 0}, {"shelf_life_days": 0},
    {"customers_per_week": {"bazar": math.nan}}, {"season_factors": {"lebaran": -1.0}},
    {"hours_per_unit": 0.0},
])
def test_a_bad_category_preset_is_refused(changes):
    fields = {"code": "roti", "reference_price": 50_000, "customers_per_week": {"bazar": 10.0},
              "segments": (Segment("only", 1.0, 1.0, 2.0),), "shelf_life_days": 7,
              "marketing_reference": 10_000, "unit_cost_range": (1, 2), "season_factors": {}}
    fields.update(changes)
    with pytest.raises(ValueError):
        CategoryPreset(**fields)


@pytest.mark.parametrize("fee,rate", [(1.5, 0.0), (-1, 0.0), (0, 1.0), (0, math.nan)])
def test_a_bad_channel_is_refused(fee, rate):
    with pytest.raises(ValueError):
        ChannelPreset("pasar", fee, rate)


@pytest.mark.parametrize("changes", [
    {"customer_scale": math.nan}, {"price_step": 0}, {"hours_per_week": -1.0},
    {"starting_cash": 1.5}, {"loan_interest_rate": 2.0}, {"settlement_period": "year"},
    {"helper_wage_per_hour": -5},
])
def test_bad_market_settings_are_refused(changes):
    with pytest.raises(ValueError):
        default_settings(**changes)


def test_settings_with_the_new_limits_survive_json():
    chosen = default_settings(hours_per_week=30.0, starting_cash=250_000,
                              settlement_period="month")
    assert MarketSettings.from_dict(chosen.to_dict()) == chosen


def test_valid_offers_still_run_and_keep_whole_rupiah(settings):
    result = run_period([make_offer("a", name="Nastar", unit="toples")], settings, 0)
    done = result.offer("a")
    assert isinstance(done.revenue, int) and (done.name, done.unit) == ("Nastar", "toples")
