"""Every result explains itself: what happened to one offer this week, or to a seller in a season.

A debrief is a list of :class:`DebriefItem`: a machine ``code`` (for the web layer and tests), the
``numbers`` behind the sentence, and the sentence itself in plain Bahasa Indonesia (``lang='id'``,
the default) or English (``lang='en'``).

Why sales changed is worked out in expected mode, one cause at a time, in this order: the season
(how many shoppers came), the rivals (their prices, quality, ratings, who came and who left), the
learner's own price, quality, marketing and rating. Each step changes one thing from last week's
situation to this week's and records how much expected demand moved; the steps add up exactly to
the change in expected demand. (The order matters a little when several things change at once;
this one goes from the market to the learner.) What is left between expected and real demand is
luck, and stock-outs explain the rest of the change in units sold.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .choice import expected_demand
from .groups import choice_params
from .model import MarketSettings
from .money import round_half_up
from .results import OfferResult, PeriodResult
from .whatif import profit_curve
from .wording import count, event_list, rupiah, say, stars

MIN_DRIVER_UNITS = 0.5  # a cause that moved expected demand by less than this is not mentioned


@dataclass(frozen=True, slots=True)
class DebriefItem:
    """One point of a debrief: ``code``, the ``numbers`` behind it, and its ``text`` in ``lang``."""

    code: str
    numbers: dict[str, Any]
    text: str
    lang: str = "id"

    def to_dict(self) -> dict:
        """Plain JSON-ready form."""
        return {"code": self.code, "numbers": dict(self.numbers), "text": self.text,
                "lang": self.lang}

    @classmethod
    def from_dict(cls, data: dict) -> DebriefItem:
        """Inverse of :meth:`to_dict`."""
        return cls(data["code"], dict(data["numbers"]), data["text"], data.get("lang", "id"))


def _inputs(result: OfferResult) -> tuple[float, float, float, float]:
    return result.price, result.quality, result.marketing_spend, result.rating_before


def _demand_of_first(own: tuple, rivals: list[tuple], params) -> float:
    everyone = [own, *rivals]
    return expected_demand([o[0] for o in everyone], [o[1] for o in everyone],
                           [o[2] for o in everyone], [o[3] for o in everyone], params)[0]


def demand_drivers(now: PeriodResult, before: PeriodResult, offer_id: str,
                   settings: MarketSettings) -> dict[str, float]:
    """How much each cause moved this offer's expected demand since ``before`` (units).

    Keys: ``season``, ``rivals``, ``own_price``, ``quality``, ``marketing``, ``rating``. They add up
    to this week's expected demand minus last week's.
    """
    current, previous = now.offer(offer_id), before.offer(offer_id)
    category, channel = current.category, current.channel
    params_now = choice_params(settings, category, now.group(category, channel).customers)
    params_before = choice_params(settings, category, before.group(category, channel).customers)
    rivals_now = [_inputs(r) for r in now.group_offers(category, channel) if r.offer_id != offer_id]
    rivals_before = [_inputs(r) for r in before.group_offers(category, channel)
                     if r.offer_id != offer_id]
    own = list(_inputs(previous))
    steps = [_demand_of_first(tuple(own), rivals_before, params_before),
             _demand_of_first(tuple(own), rivals_before, params_now),
             _demand_of_first(tuple(own), rivals_now, params_now)]
    for position, value in enumerate(_inputs(current)):
        own[position] = value
        steps.append(_demand_of_first(tuple(own), rivals_now, params_now))
    names = ("season", "rivals", "own_price", "quality", "marketing", "rating")
    return {name: steps[i + 1] - steps[i] for i, name in enumerate(names)}


def unit_of(settings: MarketSettings, category: str, lang: str, own_unit: str = "") -> str:
    """The product's own unit when it has one, else its category's."""
    if own_unit:
        return own_unit
    preset = settings.categories[category]
    return preset.unit_id if lang == "id" else preset.unit_en


def offer_name(settings: MarketSettings, result: OfferResult, lang: str) -> str:
    """The product's own name, else its category's name (capitalised), for sentences."""
    if result.name:
        return result.name
    preset = settings.categories[result.category]
    return (preset.name_id if lang == "id" else preset.name_en).capitalize() or result.category


def channel_name(settings: MarketSettings, channel: str, lang: str) -> str:
    """A channel's name in ``lang``."""
    preset = settings.channels[channel]
    return (preset.name_id if lang == "id" else preset.name_en) or channel


def average(values: list[float]) -> float:
    """The mean of a list (0 for an empty one)."""
    return sum(values) / len(values) if values else 0.0


def debrief_period(result: PeriodResult, offer_id: str, settings: MarketSettings,
                   previous: PeriodResult | None = None, *, lang: str = "id",
                   what_if: bool = True) -> list[DebriefItem]:
    """Explain one offer's week: sales, why they changed since ``previous``, stock-outs, spoilage,
    rivals, where the money went, the rating and (``what_if``) the best price with rivals fixed."""
    own = result.offer(offer_id)
    unit = unit_of(settings, own.category, lang, own.unit)
    name = offer_name(settings, own, lang)
    items: list[DebriefItem] = []

    def add(code: str, template: str, numbers: dict, **words: str) -> None:
        items.append(DebriefItem(code, numbers, say(template, lang, **words), lang))

    add("sales", "sales", {"sold": own.sold, "price": own.price, "revenue": own.revenue},
        sold=count(own.sold, lang), unit=unit, price=rupiah(own.price, lang),
        revenue=rupiah(own.revenue, lang), name=name)
    group = result.group(own.category, own.channel)
    add("shoppers", "shoppers", {"shoppers": group.customers, "demand": own.demand,
                                 "channel": own.channel},
        shoppers=count(round_half_up(group.customers), lang), name=name,
        channel=channel_name(settings, own.channel, lang),
        demand=count(round(own.demand, 1), lang), unit=unit)

    before = None
    if previous is not None:
        try:
            before = previous.offer(offer_id)
        except KeyError:
            before = None
    if before is not None and (before.category, before.channel) == (own.category, own.channel):
        direction = "up" if own.sold > before.sold else "down" if own.sold < before.sold else "same"
        add("sales_change", f"sales_change.{direction}",
            {"sold_before": before.sold, "sold_now": own.sold, "change": own.sold - before.sold},
            before=count(before.sold, lang), now=count(own.sold, lang), unit=unit)
        items.extend(_driver_items(result, previous, own, before, settings, unit, lang))
        luck = own.demand - own.expected_demand
        if not result.expected and abs(luck) >= 1:
            add("driver.luck", "driver.luck.more" if luck > 0 else "driver.luck.fewer",
                {"demand": own.demand, "expected_demand": own.expected_demand, "change": luck},
                units=count(round_half_up(abs(luck)), lang), unit=unit)

    if own.lost > 0:
        lost_profit = lost_profit_of(own)
        add("lost_sales", "lost_sales", {"lost": own.lost, "lost_profit": lost_profit,
                                         "available": own.available, "demand": own.demand},
            lost=count(round(own.lost, 1), lang), unit=unit,
            lost_profit=rupiah(lost_profit, lang))
    if own.spoiled > 0:
        add("spoiled", "spoiled", {"spoiled": own.spoiled, "spoiled_cost": own.spoiled_cost},
            spoiled=count(round(own.spoiled, 1), lang), unit=unit,
            spoiled_cost=rupiah(own.spoiled_cost, lang))
    if own.stock_left > 0:
        add("stock_left", "stock_left", {"left": own.stock_left},
            left=count(round(own.stock_left, 1), lang), unit=unit)
    shelf_life = settings.categories[own.category].shelf_life_days
    add("shelf_life", "shelf_life.days" if shelf_life else "shelf_life.durable",
        {"shelf_life_days": shelf_life}, name=name, days=str(shelf_life or ""))

    items.extend(_competitor_items(result, previous, own, lang))
    items.extend(_own_products_item(result, own, settings, lang))
    items.append(_money_item(own, lang))
    if abs(own.rating_after - own.rating_before) >= 0.05:
        add("rating", "rating", {"before": own.rating_before, "now": own.rating_after},
            before=stars(own.rating_before, lang), now=stars(own.rating_after, lang))
    if what_if:
        curve = profit_curve(result, offer_id, settings)
        add("what_if", "what_if",
            {"best_price": curve.best.price, "best_profit": curve.best.profit,
             "price": own.price, "actual_profit": curve.actual.profit},
            best_price=rupiah(curve.best.price, lang), best_profit=rupiah(curve.best.profit, lang),
            price=rupiah(own.price, lang), actual_profit=rupiah(curve.actual.profit, lang))
    return items


def _driver_items(result: PeriodResult, previous: PeriodResult, own: OfferResult,
                  before: OfferResult, settings: MarketSettings, unit: str,
                  lang: str) -> list[DebriefItem]:
    """One item per cause that moved expected demand by at least ``MIN_DRIVER_UNITS``."""
    drivers = demand_drivers(result, previous, own.offer_id, settings)
    rivals_now = [r for r in result.group_offers(own.category, own.channel)
                  if r.offer_id != own.offer_id]
    rivals_before = [r for r in previous.group_offers(own.category, own.channel)
                     if r.offer_id != own.offer_id]
    words = {
        "season": {"events": event_list(result.group(own.category, own.channel).events, lang)},
        "rivals": {"before": rupiah(round_half_up(average([r.price for r in rivals_before])), lang),
                   "now": rupiah(round_half_up(average([r.price for r in rivals_now])), lang),
                   "count_before": str(len(rivals_before)), "count_now": str(len(rivals_now))},
        "own_price": {"before": rupiah(before.price, lang), "now": rupiah(own.price, lang)},
        "quality": {},
        "marketing": {"before": rupiah(before.marketing_spend, lang),
                      "now": rupiah(own.marketing_spend, lang)},
        "rating": {"before": stars(before.rating_before, lang),
                   "now": stars(own.rating_before, lang)},
    }
    items = []
    for name, change in drivers.items():
        if abs(change) < MIN_DRIVER_UNITS:
            continue
        template = f"driver.{name}.{'more' if change > 0 else 'fewer'}"
        text = say(template, lang, units=count(round_half_up(abs(change)), lang), unit=unit, **words[name])
        items.append(DebriefItem(f"driver.{name}", {"change": change}, text, lang))
    return items


def lost_profit_of(result: OfferResult) -> int:
    """What running out cost: the units buyers wanted but did not find, times the margin each
    would have earned (price less unit cost; nothing when the price is below cost)."""
    return round_half_up(result.lost * max(0, result.price - result.unit_cost))


def _own_products_item(result: PeriodResult, own: OfferResult, settings: MarketSettings,
                       lang: str) -> list[DebriefItem]:
    """When the seller's own products sell side by side here, say that they share shoppers."""
    mine = [r for r in result.group_offers(own.category, own.channel)
            if r.owner_id == own.owner_id and r.offer_id != own.offer_id]
    if not mine:
        return []
    names = ", ".join(offer_name(settings, r, lang) for r in mine)
    return [DebriefItem("own_products", {"offer_ids": [r.offer_id for r in mine]},
                        say("own_products", lang, names=names), lang)]


def _competitor_items(result: PeriodResult, previous: PeriodResult | None, own: OfferResult,
                      lang: str) -> list[DebriefItem]:
    """Who else sold here, at what prices, and what they changed since last week (the seller's
    own other products are not counted as competitors: ``own_products`` speaks of them)."""
    rivals = [r for r in result.group_offers(own.category, own.channel)
              if r.owner_id != own.owner_id]
    if not rivals:
        return [DebriefItem("competitors", {"count": 0}, say("competitors.none", lang), lang)]
    prices = [r.price for r in rivals]
    numbers = {"count": len(rivals), "cheapest": min(prices),
               "average": round_half_up(average(prices)), "price": own.price}
    items = [DebriefItem("competitors", numbers, say(
        "competitors", lang, count=str(len(rivals)), cheapest=rupiah(min(prices), lang),
        average=rupiah(numbers["average"], lang), price=rupiah(own.price, lang)), lang)]
    if previous is not None:
        last = {r.offer_id: r.price for r in previous.group_offers(own.category, own.channel)
                if r.owner_id != own.owner_id}
        now = {r.offer_id: r.price for r in rivals}
        moves = {"cut": sum(1 for k, p in now.items() if k in last and p < last[k]),
                 "raised": sum(1 for k, p in now.items() if k in last and p > last[k]),
                 "new": sum(1 for k in now if k not in last),
                 "left": sum(1 for k in last if k not in now)}
        if any(moves.values()):
            items.append(DebriefItem("competitors.moves", moves, say(
                "competitors.moves", lang, **{k: str(v) for k, v in moves.items()}), lang))
    return items


def _money_item(own: OfferResult, lang: str) -> DebriefItem:
    """Where the money went, line by line, ending with the profit or the loss. The split (PNBP,
    premi, modal usaha) is not taken per product and week: see ``settlement.py``."""
    numbers = {name: getattr(own, name) for name in (
        "revenue", "production_cost", "stall_fee", "commission", "marketing_cost", "profit")}
    words = {name: rupiah(value, lang) for name, value in numbers.items()}
    if own.profit >= 0:
        return DebriefItem("money", numbers, say("money.profit", lang, **words), lang)
    words["loss"] = rupiah(-own.profit, lang)
    return DebriefItem("money", numbers, say("money.loss", lang, **words), lang)
