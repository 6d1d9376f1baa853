"""Every result explains itself with its numbers, and the what-if finds the best price."""

from __future__ import annotations

import pytest

from sim_helpers import make_offer, one_segment_settings
from training.simulator import (
    DebriefItem, SellerStrategy, SimulatedSeller, carry_forward, debrief_period, debrief_season,
    default_settings, demand_drivers, profit_curve, run_period, run_season,
)
from training.simulator.money import format_rupiah


def two_weeks(settings, first_changes=None, second_changes=None, expected=False, start_week=0):
    """Week 1 and week 2 of a small bazaar market; the learner's offer is ``a``."""
    market = [make_offer("a", **{"units_made": 100, **(first_changes or {})}),
              make_offer("b", price=52_000), make_offer("c", price=47_000, quality=0.4)]
    first = run_period(market, settings, start_week, expected=expected)
    following = carry_forward(market, first)
    following[0] = following[0].with_changes(**(second_changes or {}))
    second = run_period(following, settings, start_week + 1, expected=expected)
    return first, second


def codes(items: list[DebriefItem]) -> list[str]:
    return [item.code for item in items]


def test_period_debrief_sentences_carry_their_numbers(settings):
    first, second = two_weeks(settings)
    items = debrief_period(second, "a", settings, first)
    done = second.offer("a")
    sales = items[0]
    assert sales.code == "sales"
    assert format_rupiah(done.revenue) in sales.text and f"{done.sold} bungkus" in sales.text
    money = next(i for i in items if i.code == "money")
    for name in ("revenue", "production_cost", "stall_fee"):
        assert format_rupiah(getattr(done, name)) in money.text
    assert "premi" not in money.numbers and "premi" not in money.text  # settled per period
    competitors = next(i for i in items if i.code == "competitors")
    assert competitors.numbers["cheapest"] == 47_000 and "Rp47.000" in competitors.text


def test_raising_the_price_is_named_as_the_reason_sales_fell(settings):
    first, second = two_weeks(settings, second_changes={"price": 65_000}, expected=True)
    items = debrief_period(second, "a", settings, first)
    change = next(i for i in items if i.code == "sales_change")
    assert change.numbers["change"] < 0 and "turun" in change.text
    price = next(i for i in items if i.code == "driver.own_price")
    assert price.numbers["change"] < 0
    assert "Rp50.000" in price.text and "Rp65.000" in price.text
    assert "driver.season" not in codes(items)


def test_demand_drivers_add_up_to_the_change_in_expected_demand(settings):
    first, second = two_weeks(settings, second_changes={"price": 45_000, "marketing_spend":
                                                        80_000, "quality": 0.8})
    drivers = demand_drivers(second, first, "a", settings)
    total = second.offer("a").expected_demand - first.offer("a").expected_demand
    assert sum(drivers.values()) == pytest.approx(total, rel=1e-9)
    assert drivers["own_price"] > 0 and drivers["marketing"] > 0 and drivers["quality"] > 0


def test_the_lebaran_rush_is_named_as_the_reason_sales_rose():
    settings = default_settings(start_date="2027-02-22")  # next week: 1 March, Ramadan + rush
    first, second = two_weeks(settings, expected=True)
    items = debrief_period(second, "a", settings, first)
    season = next(i for i in items if i.code == "driver.season")
    assert season.numbers["change"] > 0 and "Lebaran" in season.text


def test_stock_outs_and_spoilage_are_explained(settings):
    sold_out = run_period([make_offer("a", units_made=2)], settings, 0)
    lost = next(i for i in debrief_period(sold_out, "a", settings) if i.code == "lost_sales")
    assert lost.numbers["lost"] == sold_out.offer("a").lost > 0
    assert f"{sold_out.offer('a').lost} bungkus" in lost.text
    greens = run_period([make_offer("g", category="pertanian", price=4_000, unit_cost=2_000,
                                    units_made=900)], settings, 0)
    spoiled = next(i for i in debrief_period(greens, "g", settings) if i.code == "spoiled")
    assert spoiled.numbers["spoiled"] == greens.offer("g").spoiled > 0
    assert format_rupiah(greens.offer("g").spoiled_cost) in spoiled.text


def test_a_loss_is_explained_as_coming_out_of_working_capital(settings):
    result = run_period([make_offer("a", price=5_000, units_made=30)], settings, 0)
    money = next(i for i in debrief_period(result, "a", settings) if i.code == "money")
    assert "Rugi" in money.text and "modal usaha" in money.text


def test_debrief_speaks_english_when_asked(settings):
    first, second = two_weeks(settings)
    english = debrief_period(second, "a", settings, first, lang="en")
    indonesian = debrief_period(second, "a", settings, first)
    assert codes(english) == codes(indonesian)
    assert english[0].text.startswith("This week you sold")
    assert format_rupiah(second.offer("a").revenue, "en") in english[0].text
    with pytest.raises(ValueError):
        debrief_period(second, "a", settings, first, lang="fr")


def test_season_debrief_totals_match_the_season():
    settings = default_settings(start_date="2027-01-04", seed=4)
    market = [make_offer("a", owner_id="ani", units_made=20),
              make_offer("g", owner_id="ani", category="pertanian", price=4_000,
                         unit_cost=2_000, units_made=120)]
    sellers = [SimulatedSeller("s", "makanan", "bazar", SellerStrategy("undercut"), 30_000, 0.5,
                               50_000)]
    season = run_season(market, settings, 12, sellers=sellers)
    items = debrief_season(season, "ani", settings)
    totals = season.totals("ani")
    total = next(i for i in items if i.code == "season_total")
    assert total.numbers["revenue"] == totals["revenue"]
    assert format_rupiah(int(totals["profit"])) in total.text
    split = next(i for i in items if i.code == "season_split")
    assert (split.numbers["pnbp"] + split.numbers["premi"] + split.numbers["working_capital"]
            == totals["profit"])
    assert {"season_best_week", "season_worst_week", "season_events"} <= set(codes(items))
    assert len([i for i in items if i.code == "season_offer"]) == 2
    assert debrief_season(season, "nobody", settings) == []


def brute_force_best(curve_result, offer_id, settings, low, high, stock_limited=False):
    prices = range(low, high + 1, settings.price_step)
    curve = profit_curve(curve_result, offer_id, settings, prices, stock_limited=stock_limited)
    return max(point.profit for point in curve.points)


@pytest.mark.parametrize("category,price,unit_cost", [
    ("makanan", 50_000, 32_000), ("pertanian", 4_000, 2_000), ("kerajinan", 90_000, 30_000),
])
def test_what_if_best_price_matches_a_brute_force_search(settings, category, price, unit_cost):
    market = [make_offer("a", category=category, price=price, unit_cost=unit_cost),
              make_offer("b", category=category, price=int(price * 1.1), unit_cost=unit_cost)]
    result = run_period(market, settings, 0)
    curve = profit_curve(result, "a", settings)
    reference = settings.categories[category].reference_price
    assert curve.best.profit == brute_force_best(result, "a", settings, settings.price_step,
                                                 reference * 4)
    assert curve.best.profit >= curve.actual.profit
    assert [p.price for p in curve.points] == sorted({p.price for p in curve.points})


def test_what_if_with_stock_limit_matches_a_brute_force_search(settings):
    market = [make_offer("a", units_made=8), make_offer("b", price=52_000)]
    result = run_period(market, settings, 0)
    curve = profit_curve(result, "a", settings, stock_limited=True)
    assert curve.best.profit == brute_force_best(result, "a", settings, 100, 200_000, True)
    assert all(point.expected_sold <= 8 for point in curve.points)


def test_what_if_holds_rivals_fixed_and_expected_demand_falls_with_price(settings):
    result = run_period([make_offer("a"), make_offer("b", price=52_000)], settings, 0)
    curve = profit_curve(result, "a", settings)
    demands = [point.expected_demand for point in curve.points]
    assert demands == sorted(demands, reverse=True)
    at_price = next(p for p in curve.points if p.price == 50_000)
    assert at_price.expected_demand == pytest.approx(
        run_period([make_offer("a"), make_offer("b", price=52_000)], settings, 0,
                   expected=True).offer("a").expected_demand)


def test_debrief_offers_the_what_if_best_price(settings):
    result = run_period([make_offer("a"), make_offer("b", price=52_000)], settings, 0)
    item = next(i for i in debrief_period(result, "a", settings) if i.code == "what_if")
    curve = profit_curve(result, "a", settings)
    assert item.numbers["best_price"] == curve.best.price
    assert format_rupiah(curve.best.price) in item.text




def test_the_what_if_says_when_the_best_price_lies_beyond_its_search():
    settings = one_segment_settings(a=500.0, b=1e-7)
    result = run_period([make_offer("a", category="roti")], settings, 0, expected=True)
    curve = profit_curve(result, "a", settings)
    assert curve.beyond_range and curve.to_dict()["beyond_range"] is True
    ordinary = run_period([make_offer("a", category="roti")], one_segment_settings(), 0)
    assert not profit_curve(ordinary, "a", one_segment_settings()).beyond_range
