"""Settings, decisions and results survive a trip through JSON, and seasons carry state."""

from __future__ import annotations

import json

import pytest

from sim_helpers import QUIET_START, make_offer
from training.simulator import (
    DebriefItem, MarketSettings, Offer, PeriodResult, ProfitCurve, SeasonResult, SellerStrategy,
    SimulatedSeller, SplitRates, StockBatch, carry_forward, debrief_period, default_settings,
    profit_curve, run_period, run_season,
)


def through_json(data: dict) -> dict:
    return json.loads(json.dumps(data))


def test_settings_round_trip_through_json():
    settings = default_settings(seed=9, facility_splits={"f1": SplitRates(0.25, 0.15)},
                                lebaran_dates={2027: ("2027-02-09", "2027-03-11")})
    assert MarketSettings.from_dict(through_json(settings.to_dict())) == settings


def test_offers_round_trip_through_json():
    offer = make_offer("a", stock=(StockBatch(3, 7, 30_000),),
                       unit_cost_breakdown={"bahan": 20_000, "tenaga": 12_000})
    assert Offer.from_dict(through_json(offer.to_dict())) == offer
    seller = SimulatedSeller("s", "makanan", "bazar", SellerStrategy("premium"), 30_000, 0.9,
                             60_000)
    assert SimulatedSeller.from_dict(through_json(seller.to_dict())) == seller


@pytest.mark.parametrize("expected", [False, True])
def test_results_round_trip_through_json(settings, expected):
    season = run_season([make_offer("a"), make_offer("b", price=55_000)], settings, 3,
                        expected=expected)
    assert SeasonResult.from_dict(through_json(season.to_dict())) == season
    period = season.periods[-1]
    assert PeriodResult.from_dict(through_json(period.to_dict())) == period
    curve = profit_curve(period, "a", settings)
    assert ProfitCurve.from_dict(through_json(curve.to_dict())) == curve
    items = debrief_period(period, "a", settings, season.periods[-2])
    assert [DebriefItem.from_dict(through_json(i.to_dict())) for i in items] == items


def test_realised_results_count_whole_units_and_money_in_rupiah(settings):
    result = run_period([make_offer("a"), make_offer("b", category="pertanian", price=4_000,
                                                     unit_cost=2_000, units_made=50)],
                        settings, 0)
    for done in result.offers:
        for name in ("demand", "sold", "lost", "spoiled", "revenue", "premi", "spoiled_cost"):
            assert type(getattr(done, name)) is int, name


def test_a_season_is_the_same_as_its_weeks_run_one_by_one(settings):
    market = [make_offer("a", units_made=30), make_offer("b", price=55_000, units_made=5)]
    season = run_season(market, settings, 4)
    offers = market
    for week, period in enumerate(season.periods):
        alone = run_period(offers, settings, week)
        assert alone.to_dict() == period.to_dict()
        offers = carry_forward(offers, alone)
    assert list(season.final_offers) == offers


def test_a_season_lets_learners_change_their_decisions_each_week(settings):
    def revise(week, offers, previous):
        return [o.with_changes(price=o.price + 1_000 * week) for o in offers]

    season = run_season([make_offer("a")], settings, 3, revise=revise)
    assert [p.offer("a").price for p in season.periods] == [50_000, 51_000, 53_000]
    assert season.periods[1].offer("a").rating_before == season.periods[0].offer("a").rating_after


def test_a_season_with_the_same_seed_repeats_exactly():
    settings = default_settings(start_date=QUIET_START, seed=21)
    sellers = [SimulatedSeller("s", "makanan", "bazar", SellerStrategy("best_response"),
                               30_000, 0.6, 50_000)]
    first = run_season([make_offer("a")], settings, 5, sellers=sellers)
    second = run_season([make_offer("a")], settings, 5, sellers=sellers)
    other = run_season([make_offer("a")], settings, 5, sellers=sellers, seed=22)
    assert first.to_dict() == second.to_dict()
    assert first.to_dict() != other.to_dict()
