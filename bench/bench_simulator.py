"""Benchmark of the market engine: how long a class-market round and a national season take.

Run with ``.venv/bin/python bench/bench_simulator.py``. Prints the median and the slowest of
several repeats for each scenario and whether it meets its target:

1. One class-market round: 40 learners, each with 3 products offered in all 3 channels (360
   offers), plus 20 simulated sellers (5 of each strategy) pricing themselves, then one realised
   week. Target: under 20 ms.
2. A national showroom season: 10,000 learner offers in the showroom channel across the five
   categories, 52 realised weeks with stock and ratings carried over. Target: under 5 s.
"""

from __future__ import annotations

import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from training.simulator import (  # noqa: E402  (the path line above must come first)
    Offer, SellerStrategy, SimulatedSeller, debrief_period, default_settings, run_period,
    run_season, simulated_offers,
)

CATEGORIES = ("kerajinan", "makanan", "mebel", "pertanian", "perikanan")
CHANNELS = ("showroom", "bazar", "online")
STRATEGIES = ("fixed", "undercut", "premium", "best_response")


def _offer(rng: random.Random, settings, offer_id: str, owner_id: str, category: str,
           channel: str) -> Offer:
    """A plausible learner offer: price around the reference, cost inside the preset range."""
    preset = settings.categories[category]
    low, high = preset.unit_cost_range
    unit_cost = rng.randint(low, high)
    price = max(unit_cost + settings.price_step,
                round(preset.reference_price * rng.uniform(0.8, 1.3) / 100) * 100)
    return Offer(offer_id=offer_id, owner_id=owner_id, category=category, channel=channel,
                 price=price, quality=round(rng.uniform(0.3, 0.9), 2), unit_cost=unit_cost,
                 units_made=rng.randint(2, 30), marketing_spend=rng.choice((0, 0, 10_000, 50_000)))


def class_market():
    """360 learner offers and 20 simulated sellers in a class market."""
    settings = default_settings(seed=7)
    rng = random.Random(1)
    offers = []
    for learner in range(40):
        for product in range(3):
            category = CATEGORIES[(learner + product) % len(CATEGORIES)]
            for channel in CHANNELS:
                offers.append(_offer(rng, settings, f"L{learner}-P{product}-{channel}",
                                     f"L{learner}", category, channel))
    sellers = []
    for index in range(20):
        category = CATEGORIES[index % len(CATEGORIES)]
        preset = settings.categories[category]
        sellers.append(SimulatedSeller(
            seller_id=f"S{index}", category=category, channel=CHANNELS[index % len(CHANNELS)],
            strategy=SellerStrategy(STRATEGIES[index % len(STRATEGIES)]),
            unit_cost=preset.unit_cost_range[0], quality=0.6, price=preset.reference_price))
    return settings, offers, sellers


def national_showroom():
    """10,000 learner offers in the national showroom."""
    settings = default_settings(seed=11, customer_scale=400.0)
    rng = random.Random(2)
    offers = [_offer(rng, settings, f"N{i}", f"learner{i // 3}", CATEGORIES[i % 5], "showroom")
              for i in range(10_000)]
    return settings, offers


def _time(function, repeats: int) -> list[float]:
    timings = []
    for _ in range(repeats):
        started = time.perf_counter()
        function()
        timings.append(time.perf_counter() - started)
    return timings


def _report(name: str, timings: list[float], target: float, unit: str, scale: float) -> bool:
    median, worst = statistics.median(timings), max(timings)
    met = worst < target
    print(f"{name}: median {median * scale:.1f} {unit}, max {worst * scale:.1f} {unit} "
          f"over {len(timings)} repeats; target < {target * scale:.0f} {unit}: "
          f"{'MET' if met else 'NOT MET'}")
    return met


def main() -> int:
    """Run both scenarios and print their figures; exit status 1 if a target is missed."""
    settings, offers, sellers = class_market()

    def one_round():
        market = offers + simulated_offers(sellers, offers, settings, 10)
        return run_period(market, settings, 10)

    one_round()  # warm up imports and caches of the interpreter
    round_ok = _report(f"class round ({len(offers)} learner offers + {len(sellers)} sellers)",
                       _time(one_round, 30), 0.020, "ms", 1000.0)

    result = one_round()
    debrief_timings = _time(lambda: [debrief_period(result, o.offer_id, settings)
                                     for o in offers], 3)
    print(f"  (for information, no target) debriefs with what-if for all {len(offers)} learner "
          f"offers: median {statistics.median(debrief_timings) * 1000:.0f} ms")

    settings, offers = national_showroom()
    season_ok = _report(f"national showroom season ({len(offers)} offers x 52 weeks)",
                        _time(lambda: run_season(offers, settings, 52), 3), 5.0, "s", 1.0)
    return 0 if round_ok and season_ok else 1


if __name__ == "__main__":
    sys.exit(main())
