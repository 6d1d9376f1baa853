"""Realised demand is honest Poisson, and the simulated sellers follow their strategies."""

from __future__ import annotations

import statistics

import pytest

from sim_helpers import QUIET_START, make_offer, one_segment_settings
from training.simulator import (
    SellerStrategy, SimulatedSeller, default_settings, run_period, run_season, simulated_offers,
)
from training.simulator.choice import expected_demand
from training.simulator.draws import period_rng, poisson
from training.simulator.groups import choice_params, week_customers
from training.simulator.money import round_half_up
from training.simulator.pricing import Rival
from training.simulator.strategies import round_to_step, strategy_price


@pytest.mark.parametrize("mean", [0.3, 4.0, 9.99, 10.0, 37.5, 800.0])
def test_poisson_draws_have_the_right_mean_and_variance(mean):
    rng = period_rng(1, 2)
    draws = [poisson(rng, mean) for _ in range(20_000)]
    assert statistics.fmean(draws) == pytest.approx(mean, rel=0.03, abs=0.01)
    assert statistics.pvariance(draws) == pytest.approx(mean, rel=0.06, abs=0.02)
    assert min(draws) >= 0


def test_a_zero_mean_draws_nothing():
    assert poisson(period_rng(0, 0), 0.0) == 0


def test_each_week_has_its_own_random_stream():
    assert period_rng(5, 1).random() != period_rng(5, 2).random()
    assert period_rng(5, 1).random() == period_rng(5, 1).random()


def seller(kind: str, **changes) -> SimulatedSeller:
    fields = {"seller_id": kind, "category": "makanan", "channel": "bazar",
              "strategy": SellerStrategy(kind), "unit_cost": 30_000, "quality": 0.6,
              "price": 52_000, "units_per_week": 10}
    fields.update(changes)
    return SimulatedSeller(**fields)


def test_fixed_price_seller_never_moves(settings):
    made = simulated_offers([seller("fixed")], [make_offer("a", price=20_000)], settings, 0)
    assert made[0].price == 52_000
    assert made[0].kind == "umkm" and made[0].offer_id == "umkm:fixed"


def test_undercutter_goes_below_the_cheapest_rival(settings):
    learners = [make_offer("a", price=48_000), make_offer("b", price=55_000)]
    made = simulated_offers([seller("undercut")], learners, settings, 0)
    assert made[0].price == round_to_step(48_000 * 0.95, settings.price_step)


def test_undercutter_never_prices_below_its_cost(settings):
    made = simulated_offers([seller("undercut")], [make_offer("a", price=20_000)], settings, 0)
    assert made[0].price == 30_000


def test_premium_seller_asks_a_markup_over_the_reference_price(settings):
    made = simulated_offers([seller("premium", quality=0.95)], [], settings, 0)
    assert made[0].price == 50_000 * 1.3
    assert made[0].quality == 0.95


def test_best_response_seller_cuts_when_rivals_cut(settings):
    dear = simulated_offers([seller("best_response")], [make_offer("a", price=70_000)],
                            settings, 0)[0].price
    cheap = simulated_offers([seller("best_response")], [make_offer("a", price=35_000)],
                             settings, 0)[0].price
    assert cheap < dear
    assert cheap >= 30_000


def test_best_response_beats_every_other_price_on_the_step(settings):
    rivals = [make_offer("a", price=47_000), make_offer("b", price=56_000, quality=0.8)]
    chosen = simulated_offers([seller("best_response", units_per_week=None)], rivals,
                              settings, 0)[0]

    def expected_profit(price: int) -> float:
        me = chosen.with_changes(price=price, units_made=0)
        done = run_period([*rivals, me], settings, 0, expected=True).offer(me.offer_id)
        return done.expected_demand * (price - chosen.unit_cost)

    best = expected_profit(chosen.price)
    for other in (chosen.price - 500, chosen.price - 100, chosen.price + 100, chosen.price + 500):
        assert expected_profit(other) <= best + 1e-6 * best


def test_sellers_who_make_to_order_make_what_they_expect_to_sell():
    settings = one_segment_settings()
    made = simulated_offers([seller("fixed", category="roti", units_per_week=None)], [],
                            settings, 0)[0]
    expected = run_period([made], settings, 0, expected=True).offer(made.offer_id)
    assert made.units_made == round(expected.expected_demand)


def test_sellers_carry_their_stock_and_rating_through_a_season():
    settings = default_settings(start_date=QUIET_START)
    season = run_season([make_offer("a")], settings, 3,
                        sellers=[seller("fixed", category="mebel", price=5_000_000,
                                        unit_cost=1_500_000, units_per_week=2)])
    history = season.offer_history("umkm:fixed")
    assert [h.stock_before for h in history] == [0, *[h.stock_left for h in history[:-1]]]
    assert history[1].rating_before == history[0].rating_after


def test_strategy_kind_must_be_known():
    with pytest.raises(ValueError):
        SellerStrategy("dumping")


@pytest.mark.parametrize("week", [0, 14, 45])
def test_all_sellers_priced_together_ask_what_each_strategy_gives_alone(week):
    """The sellers' rivals are summed for all sellers at once (``rival_field``); each seller's
    price and make-to-order quantity are still those of its strategy against its own rivals
    (``strategy_price``, and its expected demand by ``choice.expected_demand``)."""
    settings = default_settings(seed=3)
    kinds = ("fixed", "undercut", "premium", "best_response")
    categories = ("makanan", "kerajinan", "mebel", "perikanan")
    sellers = [SimulatedSeller(f"s{i}", categories[i % 4], ("bazar", "online")[i // 4 % 2],
                               SellerStrategy(kinds[i % 4], min_margin_rate=0.05 * (i % 3)),
                               settings.categories[categories[i % 4]].unit_cost_range[0],
                               0.4 + 0.05 * (i % 7), settings.categories[categories[i % 4]]
                               .reference_price, marketing_spend=(i % 3) * 25_000,
                               rating=2.0 + 0.4 * (i % 6))
               for i in range(12)]
    learners = [make_offer(f"o{i}", category=categories[i % 3], channel=("bazar", "online")[i % 2],
                           price=settings.categories[categories[i % 3]].reference_price
                           * (80 + 7 * (i % 9)) // 100, quality=0.3 + 0.06 * (i % 10),
                           marketing_spend=(i % 4) * 10_000, rating=1.5 + 0.5 * (i % 7))
                for i in range(30)]
    made = {offer.owner_id: offer for offer in simulated_offers(sellers, learners, settings, week)}
    customers_of = {}
    for index, seller in enumerate(sellers):
        rivals = [Rival(o.price, o.quality, o.marketing_spend, o.rating) for o in learners
                  if (o.category, o.channel) == (seller.category, seller.channel)]
        rivals += [Rival(other.price, other.quality, other.marketing_spend, other.rating)
                   for j, other in enumerate(sellers) if j != index
                   and (other.category, other.channel) == (seller.category, seller.channel)]
        price = strategy_price(seller, rivals, settings, week, seller.rating)
        key = (seller.category, seller.channel)
        if key not in customers_of:
            customers_of[key] = week_customers(settings, *key, week)[0]
        params = choice_params(settings, seller.category, customers_of[key])
        demand = expected_demand([price, *(r.price for r in rivals)],
                                 [seller.quality, *(r.quality for r in rivals)],
                                 [seller.marketing_spend, *(r.marketing_spend for r in rivals)],
                                 [seller.rating, *(r.rating for r in rivals)], params)[0]
        assert (made[seller.seller_id].price, made[seller.seller_id].units_made) == \
            (price, max(0, round_half_up(demand)))
