"""Results a learner can read: product names and units, shared shoppers, lost profit, the lead."""

from __future__ import annotations

from fractions import Fraction

import pytest

from sim_helpers import make_offer
from training.simulator import debrief_period, debrief_season, run_period, run_season
from training.simulator.money import format_rupiah, round_half_up


def item(items, code):
    return next(i for i in items if i.code == code)


def two_cookies():
    return [make_offer("nastar", owner_id="ani", name="Nastar", unit="toples", units_made=3,
                       price=60_000, unit_cost=30_000, channel="showroom"),
            make_offer("keripik", owner_id="ani", name="Keripik", units_made=200, price=15_000,
                       unit_cost=9_000, channel="showroom"),
            make_offer("rival", owner_id="budi", units_made=10, channel="showroom")]


def test_the_week_speaks_of_the_product_by_name_and_its_own_unit(settings):
    result = run_period(two_cookies(), settings, 0)
    items = debrief_period(result, "nastar", settings)
    sales = item(items, "sales")
    assert "toples Nastar" in sales.text and "bungkus" not in sales.text
    english = debrief_period(result, "nastar", settings, lang="en")
    assert "toples of Nastar" in item(english, "sales").text


def test_own_products_are_said_to_share_shoppers_not_counted_as_rivals(settings):
    result = run_period(two_cookies(), settings, 0)
    items = debrief_period(result, "nastar", settings)
    own = item(items, "own_products")
    assert own.text == ("Produk Anda sendiri saling berebut pembeli di sini: Keripik dijual di "
                        "tempat yang sama.")
    assert item(items, "competitors").numbers["count"] == 1  # only budi


def test_a_stock_out_is_counted_as_lost_profit_not_lost_revenue(settings):
    result = run_period(two_cookies(), settings, 0)
    done = result.offer("nastar")
    assert done.lost > 0
    lost = item(debrief_period(result, "nastar", settings), "lost_sales")
    assert lost.numbers["lost_profit"] == done.lost * (60_000 - 30_000)
    assert format_rupiah(done.lost * 30_000) in lost.text and "Laba yang hilang" in lost.text


def test_the_week_says_how_many_shoppers_came_and_how_long_goods_keep(settings):
    result = run_period(two_cookies(), settings, 0)
    items = debrief_period(result, "keripik", settings)
    shoppers = item(items, "shoppers")
    assert shoppers.numbers["shoppers"] == result.group("makanan", "showroom").customers
    assert shoppers.text.startswith("150 pembeli datang melihat barang seperti ini di showroom.")
    assert item(items, "shelf_life").text == ("Keripik tahan 14 hari. Yang tidak laku dalam "
                                              "14 hari rusak.")


def test_the_season_report_lists_each_product_by_name(settings):
    season = run_season(two_cookies(), settings, 3)
    lines = [i for i in debrief_season(season, "ani", settings) if i.code == "season_offer"]
    assert [line.text.split(" di ")[0] for line in lines] == ["Keripik", "Nastar"]


@pytest.mark.parametrize("period", ["week", "month", "season"])
def test_the_season_leads_with_three_sentences_and_premi_within_its_share(settings, period):
    offers = [make_offer("kue", owner_id="ani", name="Kue", units_made=40, price=45_000),
              make_offer("mahal", owner_id="ani", name="Bolu", units_made=60, price=150_000,
                         category="kerajinan", unit_cost=60_000)]  # a loser next to a winner
    season = run_season(offers, settings, 6)
    items = debrief_season(season, "ani", settings, settlement_period=period)
    assert [i.code for i in items[:3]] == ["season_lead.profit", "season_lead.premi",
                                           "season_lead.lesson"]
    profit = sum(r.profit for p in season.periods for r in p.offers_of("ani"))
    split = item(items, "season_split").numbers
    assert split["profit"] == profit == split["pnbp"] + split["premi"] + split["working_capital"]
    for settled in split["settlements"]:
        net = max(0, settled["profit"] - settled["carried_loss_in"])
        assert settled["premi"] <= round_half_up(net * Fraction(1, 2))
    if period == "season":
        assert split["premi"] <= max(0, profit) / 2 + 1
    assert items[1].numbers["premi"] == split["premi"]


def test_a_losing_season_pays_no_premi_and_says_why(settings):
    losing = [make_offer("a", owner_id="ani", price=30_000, unit_cost=40_000, units_made=20)]
    items = debrief_season(run_season(losing, settings, 3), "ani", settings)
    assert items[0].text.startswith("Selama 3 minggu usaha Anda rugi")
    assert items[1].text.startswith("Belum ada premi")
    assert item(items, "season_split").numbers["premi"] == 0


def test_helper_wages_and_interest_reduce_the_profit_that_is_split(settings):
    season = run_season(two_cookies(), settings, 2)
    plain = item(debrief_season(season, "ani", settings), "season_split").numbers
    costly = item(debrief_season(season, "ani", settings, extra_costs={0: 45_000}),
                  "season_split").numbers
    assert costly["profit"] == plain["profit"] - 45_000
