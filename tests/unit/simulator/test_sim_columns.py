"""The engine's whole-week path gives the scalar rules' own numbers (issue 11: a faster engine,
same results for a seed)."""

from __future__ import annotations

import numpy as np
import pytest

from training.simulator import (
    ChannelPreset, Offer, StockBatch, default_settings, run_period, run_season,
)
from training.simulator.draws import (
    period_rng, period_uniforms, poisson_from_pair, poisson_from_pairs,
)
from training.simulator.groups import stall_fee_shares
from training.simulator.prepared import prepare_market
from training.simulator.results import PeriodResult


@pytest.mark.parametrize("seed, week", [(0, 0), (7, 10), (123456, 51)])
def test_bulk_uniforms_are_the_period_stream(seed, week):
    stream = period_rng(seed, week)
    assert period_uniforms(seed, week, 5000).tolist() == [stream.random() for _ in range(5000)]


@pytest.mark.parametrize("count", [3, 30, 20_000])  # a few offers take the scalar steps
@pytest.mark.parametrize("low, high", [(0.0, 10.0), (9.0, 40.0), (10.0, 20.0), (50.0, 1e6)])
def test_bulk_poisson_draws_equal_the_scalar_draws(low, high, count):
    means = np.random.default_rng(3).uniform(low, high, count)
    uniforms = period_uniforms(5, 2, 2 * len(means))
    first, second = uniforms[0::2], uniforms[1::2]
    scalar = [poisson_from_pair(f, s, m)
              for f, s, m in zip(first.tolist(), second.tolist(), means.tolist())]
    assert poisson_from_pairs(first, second, means).tolist() == scalar


@pytest.mark.parametrize("expected", [False, True])
def test_an_offer_with_several_batches_is_sold_oldest_first_beside_the_others(expected):
    settings = default_settings(seed=4)
    old = (StockBatch(3, 14, 20_000), StockBatch(5, 7, 21_000))
    offers = [Offer("a", "ani", "kerajinan", "showroom", 90_000, 0.6, 30_000, 4, stock=old),
              Offer("b", "budi", "kerajinan", "showroom", 80_000, 0.6, 30_000, 6),
              Offer("c", "cici", "makanan", "showroom", 50_000, 0.6, 20_000, 9,
                    stock=(StockBatch(2, 7, 20_000),))]
    period = run_period(offers, settings, 3, expected=expected)
    assert [r.offer_id for r in period.offers] == ["a", "b", "c"]
    first = period.offer("a")
    assert first.stock_before == 8 and first.available == 12
    assert first.sold + sum(b.units for b in first.stock_after) + first.spoiled == \
        pytest.approx(first.available)
    for done in period.offers:
        assert done.revenue == (done.production_cost + done.commission + done.stall_fee
                                + done.marketing_cost + done.pnbp + done.premi
                                + done.working_capital)


def test_a_season_period_equals_its_serialised_copy():
    settings = default_settings(seed=2)
    offers = [Offer(f"o{i}", f"s{i}", "makanan", "bazar", 45_000 + 1000 * i, 0.5, 20_000, 10)
              for i in range(5)]
    season = run_season(offers, settings, 3)
    for period in season.periods:
        copy = PeriodResult.from_dict(period.to_dict())
        assert copy == period and period == copy
        assert copy.offers == period.offers


@pytest.mark.parametrize("count", [5, 200])
def test_bulk_poisson_draws_far_in_the_tail_equal_the_scalar_draws(count):
    """Uniform numbers next to 1 send the inversion far up the distribution (past its first
    terms taken together, to the loop one offer at a time, up to its cap of 1000 terms)."""
    means = np.random.default_rng(4).uniform(1e-6, 10.0, count)
    first = np.full(count, np.nextafter(1.0, 0.0))
    first[::3] = np.random.default_rng(5).uniform(0.0, 1.0, len(first[::3]))
    second = np.random.default_rng(6).uniform(0.0, 1.0, count)
    scalar = [poisson_from_pair(f, s, m)
              for f, s, m in zip(first.tolist(), second.tolist(), means.tolist())]
    assert poisson_from_pairs(first, second, means).tolist() == scalar


def test_a_prepared_market_shares_stall_fees_by_the_rule():
    """One fee per seller per channel, shared over the seller's offers there in id order, the
    leftover rupiah to the first (``groups.stall_fee_shares``), whatever the order given."""
    settings = default_settings()
    channels = {**settings.channels, "bazar": ChannelPreset("bazar", 100_001, 0.0),
                "online": ChannelPreset("online", 7, 0.08)}
    settings = default_settings(channels=channels)
    categories = ("makanan", "kerajinan", "mebel")
    offers = [Offer(f"o{(7 * i) % 40}", f"seller{i % 6}", categories[i % 3],
                    ("bazar", "online", "showroom")[i % 4 % 3], 50_000, 0.5, 20_000, 3)
              for i in range(40)]
    market = prepare_market(offers, settings)
    expected = stall_fee_shares(offers, settings)
    assert market.fixed["stall_fee"] == [expected[i] for i in market.fixed["offer_id"]]
    assert sum(market.fixed["stall_fee"]) == sum(expected.values())
