"""Advice that agrees with itself: price and quantity from the engine's own model, within limits."""

from __future__ import annotations

import json

import pytest

from sim_helpers import QUIET_START, make_offer
from training.simulator import (
    SellerStrategy, SimulatedSeller, StockBatch, default_settings, profit_curve, run_period,
)
from training.simulator.advice import advise, advise_seller, rivals_in, stock_status
from training.simulator.draws import expected_sales
from training.simulator.limits import plan_for, check_plan
from training.simulator.players import (
    best_possible_profit, first_batch, follow_advice, keep_prefilled, play_season,
)
from training.simulator.pricing import Rival

CATEGORY_OFFERS = {  # one plausible product per preset category, sold in the showroom
    "makanan": {"unit_cost": 9_000, "name": "Keripik", "hours_per_unit": 0.1},
    "kerajinan": {"unit_cost": 30_000, "name": "Tas anyaman"},
    "mebel": {"unit_cost": 1_500_000, "name": "Set kursi rotan"},
    "pertanian": {"unit_cost": 2_000, "name": "Sawi"},
    "perikanan": {"unit_cost": 16_000, "name": "Lele"},
}


def product(category: str, offer_id: str = "p", **changes):
    fields = {"category": category, "channel": "showroom", "owner_id": "ani", "price": 10_000,
              "units_made": 0, **CATEGORY_OFFERS[category]}
    fields.update(changes)
    return make_offer(offer_id, **fields)


ROOMY = default_settings(start_date=QUIET_START, seed=3, hours_per_week=168.0)


@pytest.mark.parametrize("category", sorted(CATEGORY_OFFERS))
def test_the_suggested_price_is_the_what_if_best_price(category):
    """The product page's advice and the what-if curve of the same week agree (when the hours
    do not limit the stock; see the next test for when they do)."""
    settings = ROOMY
    offer = product(category, units_made=3)
    rival = product(category, "rival", owner_id="budi", price=int(
        settings.categories[category].reference_price), quality=0.5)
    result = run_period([offer, rival], settings, 0)
    rivals = [Rival(r.price, r.quality, r.marketing_spend, r.rating_before)
              for r in result.offers if r.offer_id != "p"]
    advice = advise(offer, rivals, settings, 0)
    if not advice.beyond_range:
        assert advice.suggested_price == profit_curve(result, "p", settings).best.price
    assert advice.price_floor > offer.unit_cost
    assert advice.price_floor <= advice.suggested_price <= advice.price_ceiling
    assert advice.rival_price_range == (rival.price, rival.price)
    assert advice.reason.startswith("Harga")


def test_when_hours_limit_the_stock_the_price_is_the_stock_limited_what_if_best(settings):
    """One rattan set a week (24 of 30 hours): ask the price at which that one set earns most,
    the best price of the stock-limited what-if curve."""
    offer = product("mebel")
    advice = advise(offer, [], settings, 0)
    assert advice.suggested_units == 1 and advice.quantity_rule == "durable"
    unlimited = advise(offer, [], ROOMY, 0)
    assert advice.suggested_price > unlimited.suggested_price
    assert "hanya bisa menyediakan 1 set" in advice.reason
    result = run_period([offer.with_changes(units_made=1, price=advice.suggested_price)],
                        settings, 0)
    curve = profit_curve(result, "p", settings, stock_limited=True)
    assert advice.suggested_price == curve.best.price


def test_a_snack_is_never_advised_the_category_average(settings):
    """Issue 10: Rp50.000 pre-filled for a Rp9.000 snack against rivals at Rp12.000-15.000."""
    snack = product("makanan")
    advice = advise(snack, [Rival(12_000, 0.5), Rival(15_000, 0.6)], settings, 0)
    assert advice.rival_price_range == (12_000, 15_000)
    assert advice.suggested_price <= 1.5 * 15_000
    assert "Rp12.000 sampai Rp15.000" in advice.reason or advice.beyond_range


def test_an_optimum_above_the_sensible_range_is_flagged_not_hidden(settings):
    advice = advise(product("makanan"), [Rival(12_000, 0.5)], settings, 0)
    assert advice.beyond_range
    assert advice.suggested_price == advice.price_ceiling == 18_000


@pytest.mark.parametrize("category", ["pertanian", "perikanan"])
def test_for_goods_that_spoil_the_quantity_maximises_expected_profit(settings, category):
    """Newsvendor: the suggested quantity is the argmax of p E[min(D, n)] - c n."""
    offer = product(category)
    advice = advise(offer, [], settings, 0, cash=None)
    price, cost = advice.price, offer.unit_cost

    def expected_profit(units: int) -> float:
        return price * expected_sales(advice.expected_demand, units) - cost * units

    best = max(range(0, int(advice.expected_demand * 3) + 10), key=expected_profit)
    assert advice.quantity_rule == "spoils"
    assert advice.suggested_units == best
    assert advice.expected_spoiled == pytest.approx(advice.expected_leftover)


def test_stock_on_hand_lowers_the_quantity_to_make():
    roomy = default_settings(start_date=QUIET_START, hours_per_week=168.0)
    fresh = advise(product("kerajinan"), [], roomy, 0)
    stocked = advise(product("kerajinan", stock=(StockBatch(3, 7, 30_000),)), [], roomy, 0)
    assert stocked.units_on_hand == 3
    assert stocked.suggested_units == max(0, fresh.suggested_units - 3)
    assert "stok Anda 3" in stocked.quantity_reason


def test_a_quantity_cut_by_the_hours_says_so(settings):
    advice = advise(product("kerajinan"), [], settings, 0)
    assert advice.suggested_units == 10  # 30 hours at 3 hours a piece
    assert "tetapi waktu atau uang Anda tidak cukup" in advice.quantity_reason


def test_a_price_below_cost_gets_no_quantity(settings):
    advice = advise(product("makanan"), [], settings, 0, price=8_000)
    assert (advice.suggested_units, advice.quantity_rule) == (0, "no_margin")


def test_advice_for_a_seller_fits_their_hours_and_cash(settings):
    offers = [product("mebel", "rotan", hours_per_unit=24.0), product("makanan", "keripik")]
    rivals = {"keripik": [Rival(15_000, 0.5)]}
    fitted = advise_seller(offers, rivals, settings, 0, cash=1_700_000)
    plan = plan_for([o.with_changes(units_made=a.suggested_units, price=a.suggested_price)
                     for o, a in zip(offers, fitted)], settings)
    assert check_plan(plan, settings, cash=1_700_000) == []
    assert sum(a.suggested_units for a in fitted) > 0


def test_rivals_come_from_last_weeks_market(settings):
    result = run_period([product("makanan", units_made=5),
                         product("makanan", "other", owner_id="budi", price=14_000)], settings, 0)
    assert [r.price for r in rivals_in(result, "p", "makanan", "showroom")] == [14_000]


SELLERS = [SimulatedSeller("s1", "makanan", "showroom", SellerStrategy("best_response"), 30_000,
                           0.6, 50_000),
           SimulatedSeller("s2", "mebel", "showroom", SellerStrategy("undercut"), 1_400_000, 0.5,
                           2_500_000)]
LEARNER = [product("makanan", "keripik", hours_per_unit=0.1),
           product("makanan", "nastar", unit_cost=30_000, quality=0.7, unit="toples",
                   name="Nastar", hours_per_unit=0.5),
           product("mebel", "rotan", hours_per_unit=24.0)]


def test_following_the_advice_ends_close_to_the_best_the_screens_show():
    """Expected mode (no luck), limits wide enough for the what-if's best to be reachable."""
    chosen = default_settings(start_date=QUIET_START, hours_per_week=168.0,
                              starting_cash=10 ** 9)
    played = play_season(LEARNER, chosen, 8, follow_advice(chosen, SELLERS, last_week=7),
                         sellers=SELLERS, expected=True)
    ratio = played.profit("ani") / best_possible_profit(played.periods, "ani", chosen)
    assert ratio >= 0.9


@pytest.mark.parametrize("category", sorted(CATEGORY_OFFERS))
@pytest.mark.parametrize("seed", [1, 2])
def test_keeping_the_prefilled_decisions_never_sinks_a_business(category, seed):
    chosen = default_settings(start_date=QUIET_START, seed=seed)
    played = play_season([product(category)], chosen, 8, keep_prefilled(chosen), seed=seed)
    closing = [week.closing for week in played.ledgers["ani"]]
    assert min(closing) >= 0
    assert played.wallets["ani"].cash > chosen.starting_cash * 0.9  # never sinks the modal
    assert played.periods[0].offer("p").units_made >= 1


def test_a_first_batch_is_small():
    assert first_batch(advise(product("makanan"), [Rival(15_000, 0.5)],
                              default_settings(start_date=QUIET_START), 0)) >= 1


def test_stock_on_hand_says_what_spoils_and_when(settings):
    cookies = product("makanan", unit="toples", stock=(StockBatch(4, 7, 9_000),
                                                       StockBatch(6, 0, 9_000)))
    old, new = stock_status(cookies, settings)
    assert (old.units, old.days_left, old.spoils_this_week) == (4, 7, True)
    assert old.text == "4 toples dibuat 7 hari lalu. Jika tidak laku minggu ini, rusak."
    assert (new.days_left, new.spoils_this_week) == (14, False)
    chairs = product("mebel", stock=(StockBatch(2, 21, 1_500_000),))
    assert stock_status(chairs, settings, "en")[0].text == "2 sets in store (they keep)."


def test_goods_that_cost_nothing_are_not_advised_in_endless_numbers():
    roomy = default_settings(start_date=QUIET_START, hours_per_week=168.0)
    advice = advise(product("pertanian", unit_cost=0, hours_per_unit=0.0), [], roomy, 0)
    assert advice.critical_ratio == 0.999
    assert advice.expected_demand < advice.suggested_units < 2 * advice.expected_demand + 20


def test_advice_is_plain_json_for_the_web_layer(settings):
    advice = advise(product("makanan"), [Rival(12_000, 0.5)], settings, 0)
    data = json.loads(json.dumps(advice.to_dict()))
    assert data["suggested_price"] == advice.suggested_price
    assert data["rival_price_range"] == [12_000, 12_000]
