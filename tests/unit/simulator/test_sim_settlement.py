"""The split settled per seller per settlement period, on net profit with losses carried forward."""

from __future__ import annotations

from fractions import Fraction

import pytest
from hypothesis import given, settings as hypothesis_settings, strategies as st

from sim_helpers import make_offer
from training.simulator import (
    SplitRates, default_settings, run_season, settle, settle_seller, settlement_totals,
)
from training.simulator.money import round_half_up

fast = hypothesis_settings(max_examples=150, deadline=None)
RATES = SplitRates(0.15, 0.50)
rates_strategy = st.tuples(st.integers(0, 100), st.integers(0, 100)).filter(
    lambda pair: sum(pair) <= 100).map(lambda pair: SplitRates(pair[0] / 100, pair[1] / 100))
profits_strategy = st.lists(st.integers(-5_000_000, 5_000_000), min_size=1, max_size=12)


def test_a_losing_week_is_made_good_before_any_premi_is_paid():
    weeks = settle([100_000, -60_000, 40_000, 80_000], RATES)
    assert [s.split_base for s in weeks] == [100_000, 0, 0, 60_000]
    assert [s.carried_loss_out for s in weeks] == [0, 60_000, 20_000, 0]
    assert [s.premi for s in weeks] == [50_000, 0, 0, 30_000]
    assert [s.pnbp for s in weeks] == [15_000, 0, 0, 9_000]
    assert weeks[1].modal == -60_000  # the loss comes out of working capital


def test_the_reported_season_no_longer_pays_more_premi_than_profit():
    """Issue 10: laba Rp6.418.000 beside premi Rp13.727.500. Settled over the season, premi is
    half of the net profit."""
    weekly = [5_000_000, -3_000_000, 6_000_000, -4_000_000, 2_418_000]
    season = settle([sum(weekly)], RATES)[0]
    assert season.profit == 6_418_000
    assert season.premi == 3_209_000 <= season.profit


def test_revenue_basis_splits_gross_sales_and_carries_no_loss():
    done = settle([-10_000, 5_000], SplitRates(0.1, 0.2, basis="revenue"),
                  revenues_by_period=[40_000, 60_000])
    assert [(s.pnbp, s.premi) for s in done] == [(4_000, 8_000), (6_000, 12_000)]
    assert [s.carried_loss_out for s in done] == [0, 0]
    assert done[0].modal == -10_000 - 12_000


@pytest.mark.parametrize("bad", [
    {"profits_by_period": [1.5], "rates": RATES},
    {"profits_by_period": [100], "rates": RATES, "carried_loss": -1},
    {"profits_by_period": [100], "rates": SplitRates(0.1, 0.1, basis="revenue")},
    {"profits_by_period": [100, 200], "rates": RATES, "revenues_by_period": [1]},
])
def test_bad_settlement_inputs_are_refused(bad):
    with pytest.raises(ValueError):
        settle(**bad)


@fast
@given(profits_strategy, rates_strategy, st.integers(0, 3_000_000))
def test_money_is_conserved_and_premi_stays_within_its_share(profits, rates, carried):
    settled = settle(profits, rates, carried)
    premi_rate = Fraction(str(rates.premi_rate))
    loss = carried
    for done, profit in zip(settled, profits):
        assert done.profit == profit == done.pnbp + done.premi + done.modal
        assert done.pnbp >= 0 and done.premi >= 0 and done.carried_loss_out >= 0
        assert done.carried_loss_in == loss
        net_profit = max(0, profit - loss)
        assert done.split_base == net_profit
        assert done.premi <= round_half_up(net_profit * premi_rate)  # never above its share
        assert done.pnbp + done.premi <= net_profit
        loss = done.carried_loss_out
    # over all periods: what was split, plus the loss still open, is the net profit
    assert sum(s.split_base for s in settled) - settled[-1].carried_loss_out == sum(profits) - carried


@fast
@given(profits_strategy, rates_strategy)
def test_one_settlement_over_the_season_pays_premi_only_from_net_profit(profits, rates):
    whole = settle([sum(profits)], rates)[0]
    share = Fraction(str(rates.premi_rate)) * max(0, sum(profits))
    assert whole.premi <= round_half_up(share)
    assert whole.premi == 0 if sum(profits) <= 0 else True


def _season(settings):
    offers = [make_offer("roti", owner_id="ani", units_made=12, price=45_000),
              make_offer("kursi", owner_id="ani", category="mebel", price=2_400_000,
                         unit_cost=1_600_000, units_made=1),
              make_offer("rival", owner_id="budi", units_made=8)]
    return run_season(offers, settings, 9)


@pytest.mark.parametrize("period", ["week", "month", "season"])
def test_a_seller_is_settled_over_all_their_offers_per_period(settings, period):
    season = _season(settings)
    settled = settle_seller(season.periods, "ani", settings, period)
    totals = settlement_totals(settled)
    profit = sum(r.profit for p in season.periods for r in p.offers_of("ani"))
    assert totals["profit"] == profit == totals["pnbp"] + totals["premi"] + totals["modal"]
    assert sorted(w for s in settled for w in s.weeks) == list(range(9))
    expected_count = {"week": 9, "month": len({p.week_start[:7] for p in season.periods}),
                      "season": 1}[period]
    assert len(settled) == expected_count
    if period == "season":
        assert totals["premi"] <= round_half_up(max(0, profit) * Fraction(1, 2))


def test_the_facility_split_applies_and_simulated_sellers_pay_none():
    chosen = default_settings(start_date="2027-05-03", facility_splits={
        "garut": SplitRates(0.25, 0.15)})
    offers = [make_offer("a", owner_id="ani", facility_id="garut", units_made=3, price=60_000,
                         channel="showroom"),
              make_offer("u", owner_id="toko", kind="umkm", units_made=3, channel="showroom")]
    season = run_season(offers, chosen, 2, expected=True)
    mine = settle_seller(season.periods, "ani", chosen, "season")[0]
    assert mine.pnbp == round_half_up(mine.split_base / 4)
    shop = settle_seller(season.periods, "toko", chosen, "season")[0]
    assert (shop.pnbp, shop.premi, shop.modal) == (0, 0, shop.profit)


def test_an_unknown_settlement_period_is_refused(settings):
    with pytest.raises(ValueError):
        settle_seller(_season(settings).periods, "ani", settings, "year")


def test_helper_wages_and_interest_come_off_the_profit_that_is_split(settings):
    season = _season(settings)
    plain = settle_seller(season.periods, "ani", settings, "season")[0]
    costs = settle_seller(season.periods, "ani", settings, "season", extra_costs={0: 30_000,
                                                                                   3: 2_000})[0]
    assert costs.profit == plain.profit - 32_000
