"""Advice that agrees with itself: one suggested price and quantity per product and channel.

:func:`advise` looks at one offer (a product in a channel), the rivals it faces now and the
week's shoppers, and returns an :class:`Advice`:

- the suggested price: the profit-maximising price against the current rivals (the engine's own
  demand model, ``pricing.best_response``), kept within a sensible range: never below break-even
  (unit cost, plus the channel's commission), never above ``CEILING_RIVALS`` times the dearest
  rival's price (with no rival: ``CEILING_REFERENCES`` times the category's reference price or
  ``CEILING_COSTS`` times the unit cost, whichever is lower), because a price far above the market
  is not a sensible lesson even where the demand model would reward it. If the optimum lies
  higher, ``beyond_range`` says so and the ceiling is suggested. One sentence says why.
- the rivals' price range (cheapest and dearest), for display: never a price for this product.
- at the chosen price (the suggested one unless ``price`` is given): expected shoppers of the
  group, expected demand, and a suggested quantity to make.

The quantity rule, and why: demand is Poisson (``draws.py``), so making exactly the expected
demand runs out half the time. Each unit made is worth making while the chance it sells, times
the margin, beats the chance it does not, times what an unsold unit costs (the newsvendor rule).
An unsold unit of goods that spoil within the week costs its whole unit cost; goods that keep
carry over, so an unsold unit costs only part of it (``7 / shelf life`` of it for food that keeps
a few weeks, ``DURABLE_OVERAGE`` for durable goods: money tied up, not lost). So the target stock
is the smallest ``n`` with ``P(D <= n) >= margin / (margin + overage)``, less the good stock on
hand, and never more than the seller's hours (and cash, when given) allow. When the season's end
is known (``weeks_left``), stock left at the end is lost, so an unsold unit costs at least
``1 / weeks_left`` of its cost.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Sequence

from .choice import common_utility, own_demand, rival_sums
from .draws import expected_sales, poisson_cdf
from .engine import _sell_oldest_first
from .groups import choice_params, week_customers
from .limits import hours_per_unit, product_name, unit_name
from .model import PERIOD_DAYS, MarketSettings, Offer
from .money import apply_rate, rate_fraction, round_half_up
from .pricing import Product, Rival, best_response
from .results import PeriodResult
from .wording import count, rupiah, say

CEILING_RIVALS = 1.5       # with rivals: never suggest more than 1.5x the dearest rival's price
CEILING_REFERENCES = 3.0   # alone: never more than 3x the category's reference price
CEILING_COSTS = 4.0        # ... nor 4x the unit cost
DURABLE_OVERAGE = 0.1      # an unsold durable unit costs a tenth of its cost (money tied up)
MAX_RATIO = 0.999          # even free goods: never plan for more than the 99.9% demand quantile


@dataclass(frozen=True, slots=True)
class Advice:
    """What the engine advises for one offer this week (see the module docstring)."""

    offer_id: str
    suggested_price: int
    price_floor: int
    price_ceiling: int
    beyond_range: bool
    reason: str
    rival_price_range: tuple[int, int] | None
    price: int
    shoppers: float
    expected_demand: float
    units_on_hand: float
    suggested_units: int
    quantity_rule: str
    critical_ratio: float
    units: int
    expected_sales: float
    expected_leftover: float
    expected_spoiled: float
    expected_profit: int
    quantity_reason: str
    lang: str = "id"

    def to_dict(self) -> dict:
        """Plain JSON-ready form."""
        data = {name: getattr(self, name) for name in self.__slots__}
        data["rival_price_range"] = (list(self.rival_price_range)
                                     if self.rival_price_range else None)
        return data


def rivals_in(result: PeriodResult, offer_id: str, category: str, channel: str) -> list[Rival]:
    """Everyone else who sold in this category and channel in ``result`` (the learner's own other
    offers there too: they share the same shoppers), with their ratings after that week."""
    return [Rival(r.price, r.quality, r.marketing_spend, r.rating_after)
            for r in result.group_offers(category, channel) if r.offer_id != offer_id]


class _Demand:
    """Expected demand of the offer at any price, rivals and shoppers fixed."""

    def __init__(self, offer: Offer, rivals: Sequence[Rival], settings: MarketSettings,
                 shoppers: float):
        self.params = choice_params(settings, offer.category, shoppers)
        self.sums = rival_sums([r.price for r in rivals], [r.quality for r in rivals],
                               [r.marketing_spend for r in rivals], [r.rating for r in rivals],
                               self.params)
        self.common = common_utility(offer.marketing_spend, offer.rating, self.params)
        self.quality = offer.quality

    def __call__(self, price: float) -> float:
        return own_demand(price, self.quality, self.common, self.sums, self.params)[0]


def _step_up(price: float, step: int) -> int:
    return max(step, math.ceil(price / step - 1e-9) * step)


def suggested_quantity(mean: float, price: int, offer: Offer, settings: MarketSettings,
                       on_hand: float, weeks_left: int | None = None) -> tuple[int, str, float]:
    """``(units to make, rule, critical ratio)`` by the newsvendor rule of the module docstring.

    With ``weeks_left`` known (this week included), a unit that keeps can only be sold within the
    season: its overage is at least ``1 / weeks_left`` of its cost, all of it in the last week.
    """
    margin = price * (1.0 - settings.channels[offer.channel].commission_rate) - offer.unit_cost
    if margin <= 0 or mean <= 0:
        return 0, "no_margin", 0.0
    shelf_life = settings.categories[offer.category].shelf_life_days
    if shelf_life is not None and shelf_life <= PERIOD_DAYS:
        rule, overage = "spoils", float(offer.unit_cost)
    elif shelf_life is not None:
        rule, overage = "keeps", offer.unit_cost * PERIOD_DAYS / shelf_life
    else:
        rule, overage = "durable", offer.unit_cost * DURABLE_OVERAGE
    if weeks_left is not None and rule != "spoils":
        overage = max(overage, offer.unit_cost / max(1, weeks_left))
    ratio = min(MAX_RATIO, margin / (margin + overage))
    target = max(0, math.floor(mean - 6.0 * math.sqrt(mean)))
    while poisson_cdf(target, mean) < ratio and target < mean * 10 + 100:
        target += 1
    return max(0, math.ceil(target - on_hand - 1e-9)), rule, ratio


def _capped(units: int, offer: Offer, settings: MarketSettings, cash: int | None) -> int:
    """Never more than the seller's own hours make, or their cash pays for (when given)."""
    hours = hours_per_unit(offer, settings)
    if hours > 0:
        units = min(units, math.floor(settings.hours_per_week / hours + 1e-9))
    if cash is not None and offer.unit_cost > 0:
        units = min(units, max(0, cash) // offer.unit_cost)
    return max(0, units)


def advise(offer: Offer, rivals: Sequence[Rival], settings: MarketSettings, week_index: int, *,
           price: int | None = None, units: int | None = None, cash: int | None = None,
           max_units: int | None = None, weeks_left: int | None = None,
           lang: str = "id") -> Advice:
    """The advice for ``offer`` this week against ``rivals`` (see the module docstring).

    ``price`` and ``units`` are the learner's choice, if any: the expected figures are for them
    (the suggestion stays the same). ``cash`` caps the suggested quantity at what it pays for,
    ``max_units`` at a share of the seller's hours and cash (``advise_seller`` sets it).
    ``weeks_left`` (this week included), when the season's end is known, keeps the quantity from
    leaving stock that cannot be sold before it ends.
    """
    step = settings.price_step
    preset = settings.categories[offer.category]
    commission = settings.channels[offer.channel].commission_rate
    shoppers, _factor = week_customers(settings, offer.category, offer.channel, week_index)
    demand = _Demand(offer, rivals, settings, shoppers)
    search = best_response(Product(offer.unit_cost, offer.quality, offer.marketing_spend,
                                   offer.rating), rivals, demand.params, commission)
    floor = _step_up(offer.unit_cost / (1.0 - commission) + 1, step)
    rival_prices = [r.price for r in rivals]
    if rival_prices:
        top = CEILING_RIVALS * max(rival_prices)
    else:
        top = min(CEILING_REFERENCES * preset.reference_price, CEILING_COSTS * offer.unit_cost)
    ceiling = _step_up(max(top, floor), step)
    below = max(floor, min(ceiling, math.floor(search.price / step) * step))
    above = max(floor, min(ceiling, below + step))
    commission_fraction = rate_fraction(commission)

    def step_profit(p: int) -> tuple[int, int]:  # the what-if curve's integer rupiah, tie: lower
        expected = demand(p)
        revenue = round_half_up(expected * p)
        return (revenue - round_half_up(expected * offer.unit_cost)
                - apply_rate(revenue, commission_fraction), -p)

    best = max((below, above), key=step_profit)
    for _ in range(1000):  # rounding to whole rupiah can move the best step price one step out
        moved = max((p for p in (best - step, best + step) if floor <= p <= ceiling),
                    key=step_profit, default=best)
        if step_profit(moved) <= step_profit(best):
            break
        best = moved
    beyond = search.beyond_range or search.price > ceiling + step
    on_hand = sum(batch.units for batch in offer.stock)

    def quantity(at_price: int) -> tuple[float, int, int, str, float]:
        mean = demand(at_price)
        wanted, rule, ratio = suggested_quantity(mean, at_price, offer, settings, on_hand,
                                                 weeks_left)
        capped = _capped(wanted, offer, settings, cash)
        if max_units is not None:
            capped = min(capped, max_units)
        return mean, wanted, capped, rule, ratio

    mean, wanted, suggested, rule, ratio = quantity(best if price is None else price)
    scarce = price is None and suggested < wanted and on_hand + suggested > 0
    if scarce:  # hours or cash limit the stock: ask the price at which that stock earns most
        best = _scarce_price(demand, on_hand + suggested, best, ceiling, step,
                             commission_fraction)
        mean, wanted, suggested, rule, ratio = quantity(best)
    chosen = best if price is None else price
    made = suggested if units is None else units
    _before, available, sold, spoiled, _cost, kept = _sell_oldest_first(
        offer.stock, made, offer.unit_cost, mean, True, preset.shelf_life_days)
    sold = expected_sales(mean, available)
    revenue = round_half_up(sold * chosen)
    profit = (revenue - made * offer.unit_cost - apply_rate(revenue, rate_fraction(commission))
              - settings.channels[offer.channel].stall_fee - offer.marketing_spend)
    low_high = (min(rival_prices), max(rival_prices)) if rival_prices else None
    name, unit = product_name(offer, settings, lang), unit_name(offer, settings, lang)
    reason = _price_reason(best, floor, ceiling, beyond, low_high, shoppers, name, lang)
    if scarce:
        reason = say("advice.price.scarce", lang, price=rupiah(best, lang), name=name,
                     units=count(round(on_hand + suggested, 1), lang), unit=unit)
    return Advice(
        offer.offer_id, best, floor, ceiling, beyond, reason,
        low_high, chosen, shoppers, mean, on_hand, suggested, rule, ratio, made, sold,
        available - sold, spoiled, profit,
        say(f"advice.quantity.{rule}", lang, units=count(suggested, lang), unit=unit,
            demand=count(round(mean, 1), lang), on_hand=count(round(on_hand, 1), lang))
        + ("" if suggested >= wanted else " " + say("advice.quantity.capped", lang,
                                                    wanted=count(wanted, lang), unit=unit)),
        lang)


def _scarce_price(demand: _Demand, stock: float, start: int, ceiling: int, step: int,
                  commission: tuple[int, int]) -> int:
    """The step price in ``[start, ceiling]`` at which a fixed ``stock`` brings the most money
    after commission: ``p E[min(D(p), stock)]`` (production is already paid for). A golden-section
    search, then a climb on the price step, as the stock-limited what-if curve does."""
    def earned(p: int) -> tuple[int, int]:
        revenue = round_half_up(expected_sales(demand(p), stock) * p)
        return revenue - apply_rate(revenue, commission), -p

    low, high = float(start), float(max(start, ceiling))
    ratio = (math.sqrt(5.0) - 1.0) / 2.0
    for _ in range(60):
        left, right = high - ratio * (high - low), low + ratio * (high - low)
        if earned(round_half_up(left))[0] < earned(round_half_up(right))[0]:
            low = left
        else:
            high = right
    best = min(ceiling, max(start, round_half_up((low + high) / 2.0 / step) * step))
    for _ in range(1000):
        moved = max((p for p in (best - step, best + step) if start <= p <= ceiling),
                    key=earned, default=best)
        if earned(moved) <= earned(best):
            return best
        best = moved
    return best


def unit_value(offer: Offer, advice: Advice, settings: MarketSettings, units: int) -> float:
    """The expected profit the ``units``-th unit made adds: its margin times the chance it sells,
    less what an unsold unit costs (see :func:`suggested_quantity`) times the chance it does not."""
    commission = settings.channels[offer.channel].commission_rate
    margin = advice.price * (1.0 - commission) - offer.unit_cost
    ratio = advice.critical_ratio
    overage = margin * (1.0 - ratio) / ratio if ratio > 0 else float(offer.unit_cost)
    level = math.floor(advice.units_on_hand) + units
    sells = 1.0 - poisson_cdf(level - 1, advice.expected_demand)
    return sells * margin - (1.0 - sells) * overage


def advise_seller(offers: Sequence[Offer], rivals: dict[str, Sequence[Rival]],
                  settings: MarketSettings, week_index: int, *, cash: int | None = None,
                  helper_hours: float = 0.0, weeks_left: int | None = None,
                  lang: str = "id") -> list[Advice]:
    """Advice for every offer of one seller, with the quantities fitted together into the seller's
    hours (``settings.hours_per_week`` plus ``helper_hours``) and ``cash`` (after stall fees and
    promotion): while the plan does not fit, the unit that adds least expected profit per hour
    (or per rupiah of materials, whichever limit binds) is left out. ``rivals`` maps an offer id
    to the rivals it faces."""
    alone = [advise(o, rivals.get(o.offer_id, ()), settings, week_index, weeks_left=weeks_left,
                    lang=lang) for o in offers]
    units = {o.offer_id: a.suggested_units for o, a in zip(offers, alone)}
    hours = {o.offer_id: hours_per_unit(o, settings) for o in offers}
    hours_left = settings.hours_per_week + helper_hours
    fixed = (sum(settings.channels[c].stall_fee for c in {o.channel for o in offers})
             + sum(o.marketing_spend for o in offers))
    money_left = None if cash is None else cash - fixed
    while True:
        used_hours = sum(units[k] * hours[k] for k in units)
        used_money = sum(units[o.offer_id] * o.unit_cost for o in offers)
        over_hours = used_hours > hours_left + 1e-9
        over_money = money_left is not None and used_money > money_left
        if not (over_hours or over_money):
            break
        candidates = [(o, a) for o, a in zip(offers, alone) if units[o.offer_id] > 0]
        if not candidates:
            break

        def per_resource(pair):
            offer, advice = pair
            use = hours[offer.offer_id] if over_hours else offer.unit_cost
            return unit_value(offer, advice, settings, units[offer.offer_id]) / max(use, 1e-9)

        offer, _advice = min(candidates, key=per_resource)
        units[offer.offer_id] -= 1
    return [advise(o, rivals.get(o.offer_id, ()), settings, week_index,
                   max_units=units[o.offer_id], weeks_left=weeks_left, lang=lang)
            for o in offers]


def _price_reason(best: int, floor: int, ceiling: int, beyond: bool,
                  low_high: tuple[int, int] | None, shoppers: float, name: str,
                  lang: str) -> str:
    """The one sentence that says why this price."""
    words = {"price": rupiah(best, lang), "floor": rupiah(floor, lang), "name": name,
             "ceiling": rupiah(ceiling, lang), "shoppers": count(round(shoppers), lang)}
    if beyond:
        return say("advice.price.ceiling", lang, **words)
    if low_high is None:
        return say("advice.price.alone", lang, **words)
    return say("advice.price.rivals", lang, low=rupiah(low_high[0], lang),
               high=rupiah(low_high[1], lang), **words)


@dataclass(frozen=True, slots=True)
class StockLine:
    """One batch of stock on hand as the decision page shows it: how many, how old, how many days
    it still keeps (None: durable), whether it goes bad at the end of this week if unsold, and the
    sentence that says so."""

    units: float
    age_days: int
    days_left: int | None
    spoils_this_week: bool
    text: str


def stock_status(offer: Offer, settings: MarketSettings, lang: str = "id") -> list[StockLine]:
    """The offer's stock on hand, oldest first, with what spoils and when."""
    shelf_life = settings.categories[offer.category].shelf_life_days
    unit = unit_name(offer, settings, lang)
    lines = []
    for batch in sorted(offer.stock, key=lambda b: -b.age_days):
        if batch.units <= 0:
            continue
        left = None if shelf_life is None else max(0, shelf_life - batch.age_days)
        spoils = left is not None and left <= PERIOD_DAYS
        words = {"units": count(round(batch.units, 1), lang), "unit": unit,
                 "age": str(batch.age_days), "days": str(left)}
        code = "stock.durable" if left is None else "stock.spoils" if spoils else "stock.keeps"
        lines.append(StockLine(batch.units, batch.age_days, left, spoils, say(code, lang, **words)))
    return lines
