"""Expected mode agrees with the logit's closed forms: shares, elasticities and equilibrium."""

from __future__ import annotations

import math

import pytest

from sim_helpers import make_offer, one_segment_settings
from training.simulator import (
    Product, SellerStrategy, SimulatedSeller, best_response_price, first_order_gap, nash_prices,
    run_period, run_season,
)
from training.simulator.choice import ChoiceParams, expected_demand, logit_shares
from training.simulator.pricing import best_response

A, B, REFERENCE, CUSTOMERS = 2.0, 3.0, 50_000.0, 1000.0
PARAMS = ChoiceParams(REFERENCE, 50_000.0, 0.4, 0.35, ((CUSTOMERS, A, B),))


def shares_by_hand(prices, qualities):
    """The formula written out plainly, with no marketing and a rating of 3."""
    weights = [math.exp(A * q - B * p / REFERENCE) for p, q in zip(prices, qualities)]
    return [w / (1 + sum(weights)) for w in weights]


def test_expected_demand_is_customers_times_the_logit_share():
    settings = one_segment_settings(A, B, int(REFERENCE), CUSTOMERS)
    market = [make_offer(f"o{i}", category="roti", price=price, quality=quality)
              for i, (price, quality) in enumerate([(40_000, 0.5), (55_000, 0.8), (60_000, 0.2)])]
    result = run_period(market, settings, 0, expected=True)
    by_hand = shares_by_hand([40_000, 55_000, 60_000], [0.5, 0.8, 0.2])
    for done, share in zip(result.offers, by_hand):
        assert done.expected_demand == pytest.approx(CUSTOMERS * share, rel=1e-12)
        assert done.demand == done.expected_demand


def test_shares_stay_finite_for_huge_utilities():
    shares = logit_shares([800.0, 799.0, -900.0])
    assert all(math.isfinite(s) for s in shares)
    assert sum(shares) == pytest.approx(1.0)
    assert shares[0] / shares[1] == pytest.approx(math.e)


@pytest.mark.parametrize("prices,qualities", [
    ([50_000.0, 52_000.0], [0.6, 0.6]),
    ([30_000.0, 80_000.0, 45_000.0], [0.2, 0.9, 0.5]),
    ([120_000.0], [1.0]),
])
def test_own_price_elasticity_matches_the_closed_form(prices, qualities):
    zeros, threes = [0.0] * len(prices), [3.0] * len(prices)
    price = prices[0]
    step = price * 1e-6
    up = expected_demand([price + step, *prices[1:]], qualities, zeros, threes, PARAMS)[0]
    down = expected_demand([price - step, *prices[1:]], qualities, zeros, threes, PARAMS)[0]
    demand = expected_demand(prices, qualities, zeros, threes, PARAMS)[0]
    numerical = (up - down) / (2 * step) * price / demand
    share = demand / CUSTOMERS
    assert numerical == pytest.approx(-B * (price / REFERENCE) * (1 - share), rel=1e-6)


def test_cross_price_elasticity_matches_the_closed_form():
    prices, qualities = [50_000.0, 45_000.0, 70_000.0], [0.6, 0.4, 0.9]
    zeros, threes = [0.0] * 3, [3.0] * 3
    rival_price = prices[1]
    step = rival_price * 1e-6
    up = expected_demand([prices[0], rival_price + step, prices[2]], qualities, zeros, threes,
                         PARAMS)[0]
    down = expected_demand([prices[0], rival_price - step, prices[2]], qualities, zeros, threes,
                           PARAMS)[0]
    demand = expected_demand(prices, qualities, zeros, threes, PARAMS)[0]
    rival_share = expected_demand(prices, qualities, zeros, threes, PARAMS)[1] / CUSTOMERS
    numerical = (up - down) / (2 * step) * rival_price / demand
    assert numerical == pytest.approx(B * (rival_price / REFERENCE) * rival_share, rel=1e-6)


PRODUCTS = [Product(30_000.0, 0.6), Product(25_000.0, 0.4), Product(38_000.0, 0.9)]


def test_best_response_iteration_reaches_the_logit_bertrand_nash_prices():
    prices = nash_prices(PRODUCTS, PARAMS, start=[31_000.0, 90_000.0, 60_000.0])
    shares = shares_by_hand(prices, [p.quality for p in PRODUCTS])
    for product, price, share in zip(PRODUCTS, prices, shares):
        # the first-order condition of single-segment logit Bertrand: p - c = r / (b (1 - s))
        assert price - product.unit_cost == pytest.approx(REFERENCE / (B * (1 - share)),
                                                          rel=1e-9)


def test_nash_prices_do_not_depend_on_where_the_iteration_starts():
    first = nash_prices(PRODUCTS, PARAMS, start=[30_000.0, 25_000.0, 38_000.0])
    second = nash_prices(PRODUCTS, PARAMS, start=[200_000.0, 150_000.0, 90_000.0])
    assert first == pytest.approx(second, rel=1e-9)


def test_first_order_gap_is_zero_only_at_the_equilibrium():
    prices = nash_prices(PRODUCTS, PARAMS)
    assert all(abs(first_order_gap(i, PRODUCTS, prices, PARAMS)) < 1e-6 for i in range(3))
    moved = [prices[0] * 1.1, *prices[1:]]
    assert abs(first_order_gap(0, PRODUCTS, moved, PARAMS)) > 100


def test_best_response_with_a_commission_covers_the_commission():
    rivals = []
    price = best_response_price(Product(30_000.0, 0.6), rivals, PARAMS, commission_rate=0.08)
    share = shares_by_hand([price], [0.6])[0]
    assert price - 30_000.0 / 0.92 == pytest.approx(REFERENCE / (B * (1 - share)), rel=1e-9)


def test_best_response_sellers_in_a_season_settle_at_the_equilibrium_on_the_price_step():
    settings = one_segment_settings(A, B, int(REFERENCE), CUSTOMERS, review_halfway_units=1e15)
    sellers = [SimulatedSeller(f"s{i}", "roti", "bazar", SellerStrategy("best_response"),
                               int(p.unit_cost), p.quality, price=60_000)
               for i, p in enumerate(PRODUCTS)]
    season = run_season([], settings, 12, sellers=sellers, expected=True)
    final = [season.periods[-1].offer(s.offer_id).price for s in sellers]
    equilibrium = nash_prices(PRODUCTS, PARAMS)
    for asked, exact in zip(final, equilibrium):
        assert abs(asked - exact) <= settings.price_step


def test_the_price_search_finds_an_optimum_far_above_ten_reference_prices():
    """Few price-sensitive shoppers and a near-monopoly: the optimum markup is r / (b (1 - s)),
    here about 40 reference prices, far above the old cap of cost + 10 reference prices."""
    params = ChoiceParams(50_000.0, 50_000.0, 0.4, 0.35, ((100.0, 12.0, 0.025),))
    found = best_response(Product(10_000, 1.0), [], params)
    assert not found.beyond_range
    assert found.price > 10_000 + 10 * 50_000
    assert abs(first_order_gap(0, [Product(10_000, 1.0)], [found.price], params)) < 1e-6 * found.price


def test_the_price_search_says_when_the_optimum_lies_beyond_its_range():
    params = ChoiceParams(50_000.0, 50_000.0, 0.4, 0.35, ((100.0, 500.0, 1e-7),))
    found = best_response(Product(10_000, 1.0), [], params)
    assert found.beyond_range
