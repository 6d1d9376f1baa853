"""Ulangi minggu ini: the same week again, same shoppers and rivals, other decisions."""

from __future__ import annotations

import pytest

from sim_helpers import make_offer
from training.simulator import SellerStrategy, SimulatedSeller, run_season
from training.simulator.replay import offers_of_week, replay_week

SELLERS = [SimulatedSeller("s1", "makanan", "bazar", SellerStrategy("undercut"), 30_000, 0.6,
                           50_000),
           SimulatedSeller("s2", "makanan", "bazar", SellerStrategy("best_response"), 28_000,
                           0.5, 48_000)]


def _season(settings, expected=False):
    offers = [make_offer("roti", owner_id="ani", units_made=12),
              make_offer("kue", owner_id="ani", category="kerajinan", units_made=4,
                         price=80_000, unit_cost=40_000),
              make_offer("lain", owner_id="budi", units_made=30, price=47_000)]
    return run_season(offers, settings, 3, sellers=SELLERS, expected=expected)


@pytest.mark.parametrize("expected", [False, True])
def test_an_unchanged_replay_gives_exactly_what_happened(settings, expected):
    season = _season(settings, expected)
    for week in (1, 2):
        again = replay_week(season.periods[week], settings, {}, season.periods[week - 1])
        assert again.replayed.to_dict() == season.periods[week].to_dict()


def test_a_changed_price_moves_only_what_the_change_explains(settings):
    season = _season(settings)
    actual = season.periods[2]
    again = replay_week(actual, settings, {"roti": {"price": 40_000, "units_made": 40}},
                        season.periods[1])
    assert again.changed == ("roti",)
    mine = dict((a.offer_id, (a, b)) for a, b in again.pairs("ani"))
    before, after = mine["roti"]
    assert after.price == 40_000 and after.units_made == 40
    assert after.expected_demand > before.expected_demand  # cheaper: more shoppers choose it
    untouched_before, untouched_after = mine["kue"]  # another market group: the very same draw
    assert untouched_after.to_dict() == untouched_before.to_dict()
    for rival in ("umkm:s1", "umkm:s2", "lain"):  # rivals kept their prices, lost some buyers
        assert again.replayed.offer(rival).price == actual.offer(rival).price
        assert again.replayed.offer(rival).expected_demand < actual.offer(rival).expected_demand
    assert again.profit_change("ani") == (sum(r.profit for r in again.replayed.offers_of("ani"))
                                          - sum(r.profit for r in actual.offers_of("ani")))


def test_a_replay_changes_no_recorded_result(settings):
    season = _season(settings)
    recorded = season.periods[1].to_dict()
    replay_week(season.periods[1], settings, {"roti": {"price": 90_000}}, season.periods[0])
    assert season.periods[1].to_dict() == recorded


def test_the_first_week_replays_without_a_previous_week(settings):
    season = _season(settings)
    assert all(o.stock == () for o in offers_of_week(season.periods[0], None))
    again = replay_week(season.periods[0], settings, {})
    assert again.replayed.to_dict() == season.periods[0].to_dict()


@pytest.mark.parametrize("changes", [{"nope": {"price": 1_000}}, {"roti": {"owner_id": "x"}},
                                     {"roti": {"price": 12.5}}, {"roti": {"price": -1}}])
def test_bad_replay_changes_are_refused(settings, changes):
    season = _season(settings)
    with pytest.raises(ValueError):
        replay_week(season.periods[1], settings, changes, season.periods[0])
