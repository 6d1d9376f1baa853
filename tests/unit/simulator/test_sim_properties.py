"""Promises that hold for every market: checked on many generated markets with hypothesis."""

from __future__ import annotations

from fractions import Fraction

from hypothesis import given, settings as hypothesis_settings, strategies as st

from sim_helpers import make_offer
from training.simulator import SplitRates, StockBatch, default_settings, run_period
from training.simulator.choice import ChoiceParams, expected_demand

CATEGORIES = ("kerajinan", "makanan", "mebel", "pertanian", "perikanan")
CHANNELS = ("showroom", "bazar", "online")
SETTINGS = default_settings(start_date="2027-02-22", seed=5)  # a Ramadan week, to vary factors

fast = hypothesis_settings(max_examples=60, deadline=None)


@st.composite
def offers(draw, max_offers: int = 8):
    """A small market: a few sellers, some sharing a stall, with carried stock of various ages."""
    count = draw(st.integers(1, max_offers))
    made = []
    for index in range(count):
        category = draw(st.sampled_from(CATEGORIES))
        reference = SETTINGS.categories[category].reference_price
        stock = tuple(StockBatch(draw(st.integers(0, 40)), draw(st.sampled_from((0, 7, 14))),
                                 draw(st.integers(0, reference)))
                      for _ in range(draw(st.integers(0, 2))))
        made.append(make_offer(
            f"o{index}", owner_id=f"owner{draw(st.integers(0, 2))}", category=category,
            channel=draw(st.sampled_from(CHANNELS)),
            price=draw(st.integers(reference // 4, reference * 3)),
            quality=draw(st.floats(0, 1)), unit_cost=draw(st.integers(0, reference * 2)),
            units_made=draw(st.integers(0, 60)), marketing_spend=draw(st.integers(0, 200_000)),
            rating=draw(st.floats(1, 5)), stock=stock, facility_id=draw(st.sampled_from(("", "f2"))),
            kind=draw(st.sampled_from(("learner", "learner", "umkm")))))
    return made


split_rates = st.tuples(st.integers(0, 100), st.integers(0, 100)).filter(
    lambda pair: pair[0] + pair[1] <= 100).map(lambda pair: (pair[0] / 100, pair[1] / 100))


@fast
@given(offers(), st.booleans(), st.integers(0, 10**6))
def test_sold_never_exceeds_stock_or_demand(market, expected, seed):
    result = run_period(market, SETTINGS, 0, seed=seed, expected=expected)
    for done in result.offers:
        assert done.sold <= done.available + 1e-9
        assert done.sold <= done.demand + 1e-9
        assert done.lost == done.demand - done.sold
        assert done.lost >= 0 and done.spoiled >= 0
        assert done.available == done.stock_before + done.units_made
        left = sum(batch.units for batch in done.stock_after)
        assert abs(done.available - done.sold - done.spoiled - left) < 1e-6


@fast
@given(offers(), st.booleans(), split_rates, split_rates, st.sampled_from(("profit", "revenue")))
def test_money_is_conserved_to_the_rupiah(market, expected, default_split, other_split, basis):
    chosen = default_settings(start_date="2027-02-22", seed=5,
                              split=SplitRates(*default_split, basis=basis),
                              facility_splits={"f2": SplitRates(*other_split, basis="profit")})
    result = run_period(market, chosen, 0, expected=expected)
    for done in result.offers:
        money = (done.revenue, done.production_cost, done.commission, done.stall_fee,
                 done.marketing_cost, done.pnbp, done.premi, done.working_capital)
        assert all(type(value) is int for value in money)
        assert done.revenue == (done.production_cost + done.commission + done.stall_fee
                                + done.marketing_cost + done.pnbp + done.premi
                                + done.working_capital)
        rates = other_split if done.facility_id == "f2" else default_split
        on_profit = done.facility_id == "f2" or basis == "profit"
        if done.kind == "umkm":
            rates = (0.0, 0.0)
        base = max(done.profit, 0) if on_profit else done.revenue
        assert done.pnbp >= 0 and done.premi >= 0
        assert done.pnbp + done.premi <= base
        assert abs(done.pnbp - Fraction(str(rates[0])) * base) <= Fraction(1, 2)
        assert abs(done.premi - Fraction(str(rates[1])) * base) <= 1
    assert sum(d.stall_fee for d in result.offers) == sum(
        SETTINGS.channels[channel].stall_fee
        for channel in CHANNELS for _owner in {d.owner_id for d in result.offers
                                                if d.channel == channel})


@fast
@given(offers(), st.integers(0, 10**6))
def test_same_seed_gives_the_same_result(market, seed):
    first = run_period(market, SETTINGS, 4, seed=seed)
    second = run_period(list(reversed(market)), SETTINGS, 4, seed=seed)
    assert first.to_dict() == second.to_dict()


def test_different_seeds_can_give_different_demand():
    market = [make_offer(f"o{i}", price=45_000 + 1000 * i) for i in range(5)]
    demands = {tuple(d.demand for d in run_period(market, SETTINGS, 0, seed=seed).offers)
               for seed in range(10)}
    assert len(demands) > 1


def test_expected_mode_has_no_randomness():
    market = [make_offer(f"o{i}", price=45_000 + 1000 * i) for i in range(5)]
    results = [run_period(market, SETTINGS, 0, seed=seed, expected=True).to_dict()
               for seed in range(3)]
    assert results[0]["offers"] == results[1]["offers"] == results[2]["offers"]


@st.composite
def group(draw):
    """Parallel lists describing one group of offers, plus a segment mix."""
    count = draw(st.integers(1, 6))
    lists = [draw(st.lists(strategy, min_size=count, max_size=count)) for strategy in (
        st.floats(1_000, 200_000), st.floats(0, 1), st.floats(0, 500_000), st.floats(1, 5))]
    segments = tuple(draw(st.lists(st.tuples(st.floats(0, 1000), st.floats(0, 5),
                                             st.floats(0.1, 8)), min_size=1, max_size=3)))
    return lists, ChoiceParams(50_000.0, 50_000.0, 0.4, 0.35, segments)


@fast
@given(group(), st.floats(1.0001, 3.0))
def test_a_higher_own_price_never_raises_expected_demand(market, factor):
    (prices, qualities, marketing, ratings), params = market
    before = expected_demand(prices, qualities, marketing, ratings, params)[0]
    raised = [prices[0] * factor, *prices[1:]]
    after = expected_demand(raised, qualities, marketing, ratings, params)[0]
    assert after <= before * (1 + 1e-12) + 1e-12


@fast
@given(group(), st.floats(1.0001, 3.0))
def test_a_rivals_higher_price_never_lowers_expected_demand(market, factor):
    (prices, qualities, marketing, ratings), params = market
    if len(prices) < 2:
        prices, qualities, marketing, ratings = (
            prices * 2, qualities * 2, marketing * 2, ratings * 2)
    before = expected_demand(prices, qualities, marketing, ratings, params)[0]
    raised = [prices[0], prices[1] * factor, *prices[2:]]
    after = expected_demand(raised, qualities, marketing, ratings, params)[0]
    assert after >= before * (1 - 1e-12) - 1e-12


@fast
@given(offers(), st.integers(1, 4))
def test_engine_expected_demand_moves_the_right_way_with_price(market, step):
    first = market[0]
    dearer = [first.with_changes(price=first.price * (1 + step)), *market[1:]]
    base = run_period(market, SETTINGS, 0, expected=True)
    raised = run_period(dearer, SETTINGS, 0, expected=True)
    assert (raised.offer(first.offer_id).expected_demand
            <= base.offer(first.offer_id).expected_demand * (1 + 1e-12))
    for rival in market[1:]:
        if (rival.category, rival.channel) == (first.category, first.channel):
            assert (raised.offer(rival.offer_id).expected_demand
                    >= base.offer(rival.offer_id).expected_demand * (1 - 1e-12))
