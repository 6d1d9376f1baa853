"""Expected sales are E[min(demand, stock)] under the engine's Poisson demand, not min(E[D], stock)."""

from __future__ import annotations

import statistics

import pytest

from sim_helpers import make_offer
from training.simulator import profit_curve, run_period
from training.simulator.draws import expected_sales, period_rng, poisson, poisson_cdf

SEEDS = 40_000
TOLERANCE = 0.015  # units: 4 standard errors of a 40,000-draw mean of min(D, stock) at these sizes


@pytest.mark.parametrize("mean,stock", [(0.4, 1), (3.2, 3), (10.0, 10), (9.0, 12), (37.5, 35),
                                        (5.0, 2.5), (20.0, 0), (2.0, 40)])
def test_the_formula_matches_a_simulation_of_many_seeds(mean, stock):
    rng = period_rng(17, 3)
    simulated = statistics.fmean(min(poisson(rng, mean), stock) for _ in range(SEEDS))
    assert expected_sales(mean, stock) == pytest.approx(simulated, abs=TOLERANCE * max(1, mean ** 0.5))


@pytest.mark.parametrize("mean", [0.5, 7.0, 64.0, 900.0])
def test_the_poisson_cdf_adds_up(mean):
    assert poisson_cdf(-1, mean) == 0.0
    assert poisson_cdf(int(mean * 3 + 50), mean) == pytest.approx(1.0, abs=1e-12)
    assert 0.0 < poisson_cdf(int(mean), mean) < 1.0


def test_expected_sales_stay_below_both_stock_and_demand_when_they_are_close():
    """The issue saw min(E[D], stock) up to 9% above the truth with stock near demand."""
    assert expected_sales(10.0, 10) < 0.9 * 10.0
    assert expected_sales(100.0, 10_000) == pytest.approx(100.0)
    assert expected_sales(100.0, 3) == pytest.approx(3.0)


def test_expected_mode_sells_the_expected_minimum(settings):
    done = run_period([make_offer("a", units_made=60)], settings, 0, expected=True).offer("a")
    assert 55 < done.demand < 65  # stock near demand: where min(E[D], stock) was most wrong
    assert done.sold == pytest.approx(expected_sales(done.demand, 60), rel=1e-12)
    assert done.sold < 0.95 * min(done.demand, 60)
    assert done.lost == pytest.approx(done.demand - done.sold)


def test_the_stock_limited_what_if_curve_uses_the_expected_minimum(settings):
    result = run_period([make_offer("a", units_made=6)], settings, 0)
    curve = profit_curve(result, "a", settings, stock_limited=True)
    for point in curve.points:
        assert point.expected_sold == pytest.approx(expected_sales(point.expected_demand, 6))
    neighbours = [p for p in curve.points if abs(p.price - curve.best.price) == settings.price_step]
    assert all(p.profit <= curve.best.profit for p in neighbours)
