"""Benchmark of the market engine: how long a class-market round and a national season take.

Run with ``.venv/bin/python bench/bench_simulator.py``. Prints the median and the slowest of
several repeats for each scenario and whether it meets its target:

1. One class-market round: 40 learners, each with 3 products offered in all 3 channels (360
   offers), plus 20 simulated sellers (5 of each strategy) pricing themselves, then one realised
   week. Target: under 20 ms.
2. A national showroom season: 10,000 learner offers in the showroom channel across the five
   categories, 52 realised weeks with stock and ratings carried over. Target: under 5 s.
3. (Figures, no timing target) How good the advice is: a learner with a snack, a jar of cookies
   and a rattan set follows the advice (``players.follow_advice``) for 8 weeks against two
   simulated sellers; the profit is compared with the best the screens say was possible (the
   what-if best of every week). Aim: a ratio of at least 0.9 in expected mode, with limits wide
   enough that the what-if's best can be reached. Also the ratio under the default limits (30
   hours, Rp2.000.000 modal), and the lowest cash of a learner who keeps the pre-filled values.

``--quick`` skips the national season (it takes tens of seconds on a busy machine).
``--baseline COMMIT`` (e.g. ``main``) also times the engine of that commit, checked out to a
temporary folder with ``git archive``, in the same run, so "before" and "after" are measured on
the same machine at the same time, and prints the ratio. Targets of issue 11: the season at
least 10x and the class round at least 3x faster than the baseline, in CPU time (which a busy
machine disturbs least; wall time is printed beside it), medians of several repeats, the two
engines' seasons alternating.
"""

from __future__ import annotations

import json
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from training.simulator import (  # noqa: E402  (the path line above must come first)
    Offer, SellerStrategy, SimulatedSeller, debrief_period, default_settings, run_period,
    run_season, simulated_offers,
)

try:  # the advice figures need the players (absent before issue 10: then they are skipped)
    from training.simulator.players import (  # noqa: E402
        best_possible_profit, follow_advice, keep_prefilled, play_season,
    )
except ImportError:  # pragma: no cover - only when run against an older engine
    play_season = None

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


def advice_figures() -> None:
    """Print how close following the advice comes to the best profit the screens show."""
    if play_season is None:
        print("advice figures: not available in this version of the engine")
        return
    offers = [Offer("keripik", "ani", "makanan", "showroom", 20_000, 0.6, 9_000,
                    name="Keripik", hours_per_unit=0.1),
              Offer("nastar", "ani", "makanan", "showroom", 60_000, 0.7, 30_000, name="Nastar",
                    unit="toples", hours_per_unit=0.5),
              Offer("rotan", "ani", "mebel", "showroom", 3_000_000, 0.6, 1_500_000,
                    name="Set kursi rotan", hours_per_unit=24.0)]
    sellers = [SimulatedSeller("s1", "makanan", "showroom", SellerStrategy("best_response"),
                               30_000, 0.6, 50_000),
               SimulatedSeller("s2", "mebel", "showroom", SellerStrategy("undercut"), 1_400_000,
                               0.5, 2_500_000)]
    for label, changes in (("limits wide", {"hours_per_week": 168.0, "starting_cash": 10 ** 9}),
                           ("default limits", {})):
        settings = default_settings(start_date="2027-05-03", seed=1, **changes)
        ratios = []
        for seed in (None, 1, 2, 3, 4, 5):
            played = play_season(offers, settings, 8, follow_advice(settings, sellers, 7),
                                 sellers=sellers, seed=seed, expected=seed is None)
            ratios.append(played.profit("ani")
                          / best_possible_profit(played.periods, "ani", settings))
        print(f"following the advice, 8 weeks, {label}: profit / best shown = "
              f"{ratios[0]:.3f} expected mode, {statistics.fmean(ratios[1:]):.3f} mean of 5 "
              f"realised seeds (min {min(ratios[1:]):.3f})")
    settings = default_settings(start_date="2027-05-03")
    lowest = []
    for category in CATEGORIES:
        preset = settings.categories[category]
        product = Offer("p", "ani", category, "showroom", preset.reference_price, 0.6,
                        preset.unit_cost_range[0])
        for seed in (1, 2, 3):
            played = play_season([product], settings, 8, keep_prefilled(settings), seed=seed)
            lowest.append(min(week.closing for week in played.ledgers["ani"]))
    print(f"keeping the pre-filled values, 8 weeks, 5 categories x 3 seeds: lowest cash "
          f"Rp{min(lowest):,} (modal Rp{settings.starting_cash:,}); never below zero: "
          f"{min(lowest) >= 0}")


_BASELINE_TIMING = """
import json, sys, time
sys.path.insert(0, sys.argv[1]); sys.path.insert(0, sys.argv[1] + "/bench")
import bench_simulator as b
cpu, wall = [], []
if sys.argv[2] == "round":
    settings, offers, sellers = b.class_market()
    def one():
        return b.run_period(offers + b.simulated_offers(sellers, offers, settings, 10), settings, 10)
else:
    settings, offers = b.national_showroom()
    def one():
        return b.run_season(offers, settings, 52)
one()
for _ in range(int(sys.argv[3])):
    started, started_cpu = time.perf_counter(), time.process_time()
    one()
    cpu.append(time.process_time() - started_cpu)
    wall.append(time.perf_counter() - started)
print(json.dumps({"cpu": cpu, "wall": wall}))
"""


def baseline_timings(folder: str, scenario: str, repeats: int) -> dict[str, list[float]]:
    """CPU and wall times of the engine checked out in ``folder`` (its own bench's scenarios),
    in a child process so the two engines never share a module."""
    timed = subprocess.run([sys.executable, "-c", _BASELINE_TIMING, folder, scenario,
                            str(repeats)], check=True, capture_output=True, text=True).stdout
    return json.loads(timed.splitlines()[-1])


def checkout(commit: str, folder: str) -> None:
    """Put the engine and bench of ``commit`` into ``folder`` (``git archive``)."""
    root = Path(__file__).resolve().parents[1]
    archive = subprocess.run(["git", "-C", str(root), "archive", commit, "training/__init__.py",
                              "training/simulator", "bench/bench_simulator.py"],
                             check=True, capture_output=True).stdout
    subprocess.run(["tar", "-x", "-C", folder], input=archive, check=True)


def _both(function, repeats: int) -> dict[str, list[float]]:
    """CPU and wall times of ``repeats`` calls, after one call to warm up."""
    function()
    cpu, wall = [], []
    for _ in range(repeats):
        started, started_cpu = time.perf_counter(), time.process_time()
        function()
        cpu.append(time.process_time() - started_cpu)
        wall.append(time.perf_counter() - started)
    return {"cpu": cpu, "wall": wall}


def compare(name: str, now: dict, before: dict, target: float, unit: str, scale: float) -> bool:
    """Print both engines' medians (CPU and wall) and the ratio; the target is on CPU time."""
    ratio = statistics.median(before["cpu"]) / statistics.median(now["cpu"])
    wall_ratio = statistics.median(before["wall"]) / statistics.median(now["wall"])
    print(f"{name}: before CPU median {statistics.median(before['cpu']) * scale:.1f} {unit} "
          f"(wall {statistics.median(before['wall']) * scale:.1f}), now CPU median "
          f"{statistics.median(now['cpu']) * scale:.1f} {unit} "
          f"(wall {statistics.median(now['wall']) * scale:.1f}), {len(now['cpu'])} repeats "
          f"each; {ratio:.1f}x faster in CPU time ({wall_ratio:.1f}x wall); target >= "
          f"{target:.0f}x: {'MET' if ratio >= target else 'NOT MET'}")
    return ratio >= target


def main() -> int:
    """Run the scenarios and print their figures; exit status 1 if a target is missed."""
    settings, offers, sellers = class_market()

    def one_round():
        market = offers + simulated_offers(sellers, offers, settings, 10)
        return run_period(market, settings, 10)

    one_round()  # warm up imports and caches of the interpreter
    round_times = _both(one_round, 30)
    round_ok = _report(f"class round ({len(offers)} learner offers + {len(sellers)} sellers)",
                       round_times["wall"], 0.020, "ms", 1000.0)
    print(f"  (CPU time of the same round: median "
          f"{statistics.median(round_times['cpu']) * 1000:.1f} ms)")
    result = one_round()
    debrief_timings = _time(lambda: [debrief_period(result, o.offer_id, settings)
                                     for o in offers], 3)
    print(f"  (for information, no target) debriefs with what-if for all {len(offers)} learner "
          f"offers: median {statistics.median(debrief_timings) * 1000:.0f} ms")
    commit = sys.argv[sys.argv.index("--baseline") + 1] if "--baseline" in sys.argv else None
    with tempfile.TemporaryDirectory() as folder:
        if commit:
            checkout(commit, folder)
            round_ok = compare(f"class round against {commit}", round_times,
                               baseline_timings(folder, "round", 30), 3.0, "ms", 1000.0)
        advice_figures()
        if "--quick" in sys.argv:
            return 0 if round_ok else 1
        settings, offers = national_showroom()
        name = f"national showroom season ({len(offers)} offers x 52 weeks)"
        repeats = 3
        if commit:  # alternate the two engines, so a change in the machine's load hits both
            now: dict[str, list[float]] = {"cpu": [], "wall": []}
            before: dict[str, list[float]] = {"cpu": [], "wall": []}
            for _ in range(repeats):
                for store, timed in ((now, _both(lambda: run_season(offers, settings, 52), 1)),
                                     (before, baseline_timings(folder, "season", 1))):
                    store["cpu"] += timed["cpu"]
                    store["wall"] += timed["wall"]
            season_ok = compare(f"{name} against {commit}", now, before, 10.0, "s", 1.0)
        else:
            now = _both(lambda: run_season(offers, settings, 52), repeats)
            season_ok = _report(name, now["wall"], 5.0, "s", 1.0)
        print(f"  (CPU time of one season: median {statistics.median(now['cpu']):.2f} s)")
        read = _both(lambda: [period.offers for period in
                              run_season(offers, settings, 52).periods], repeats)
        print(f"  (for information: a season and then reading every one of its "
              f"{52 * len(offers):,} offer results, which the engine builds on first reading: "
              f"CPU median {statistics.median(read['cpu']):.2f} s, wall "
              f"{statistics.median(read['wall']):.2f} s)")
    return 0 if round_ok and season_ok else 1


if __name__ == "__main__":
    sys.exit(main())
