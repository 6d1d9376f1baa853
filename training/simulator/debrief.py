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
from collections.abc import Sequence
from typing import Any

from .choice import expected_demand
from .groups import choice_params
from .model import MarketSettings
from .money import round_half_up
from .results import OfferResult, PeriodResult, SeasonResult
from .whatif import profit_curve
from .wording import count, date_text, event_list, rupiah, say, stars

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
    group_now, group_before = now.group(category, channel), before.group(category, channel)
    assert group_now is not None and group_before is not None  # the offer sold in both weeks
    params_now = choice_params(settings, category, group_now.customers)
    params_before = choice_params(settings, category, group_before.customers)
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


def _unit(settings: MarketSettings, category: str, lang: str) -> str:
    preset = settings.categories[category]
    return preset.unit_id if lang == "id" else preset.unit_en


def _average(values: Sequence[float]) -> float:
    return sum(values) / len(values) if values else 0.0


def debrief_period(result: PeriodResult, offer_id: str, settings: MarketSettings,
                   previous: PeriodResult | None = None, *, lang: str = "id",
                   what_if: bool = True) -> list[DebriefItem]:
    """Explain one offer's week: sales, why they changed since ``previous``, stock-outs, spoilage,
    rivals, where the money went, the rating and (``what_if``) the best price with rivals fixed."""
    own = result.offer(offer_id)
    unit = _unit(settings, own.category, lang)
    items: list[DebriefItem] = []

    def add(code: str, template: str, numbers: dict, **words: str) -> None:
        items.append(DebriefItem(code, numbers, say(template, lang, **words), lang))

    add("sales", "sales", {"sold": own.sold, "price": own.price, "revenue": own.revenue},
        sold=count(own.sold, lang), unit=unit, price=rupiah(own.price, lang),
        revenue=rupiah(own.revenue, lang))

    before = None
    if previous is not None:
        try:
            before = previous.offer(offer_id)
        except KeyError:
            before = None
    if previous is not None and before is not None and (before.category, before.channel) == (own.category, own.channel):
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
        lost_revenue = round_half_up(own.lost * own.price)
        add("lost_sales", "lost_sales", {"lost": own.lost, "lost_revenue": lost_revenue,
                                         "available": own.available, "demand": own.demand},
            lost=count(own.lost, lang), unit=unit, lost_revenue=rupiah(lost_revenue, lang))
    if own.spoiled > 0:
        add("spoiled", "spoiled", {"spoiled": own.spoiled, "spoiled_cost": own.spoiled_cost},
            spoiled=count(own.spoiled, lang), unit=unit,
            spoiled_cost=rupiah(own.spoiled_cost, lang))
    if own.stock_left > 0:
        add("stock_left", "stock_left", {"left": own.stock_left},
            left=count(own.stock_left, lang), unit=unit)

    items.extend(_competitor_items(result, previous, own, lang))
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
    group = result.group(own.category, own.channel)
    assert group is not None  # ``own`` sold in this group
    words = {
        "season": {"events": event_list(group.events, lang)},
        "rivals": {"before": rupiah(round_half_up(_average([r.price for r in rivals_before])), lang),
                   "now": rupiah(round_half_up(_average([r.price for r in rivals_now])), lang),
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


def _competitor_items(result: PeriodResult, previous: PeriodResult | None, own: OfferResult,
                      lang: str) -> list[DebriefItem]:
    """Who else sold here, at what prices, and what they changed since last week."""
    rivals = [r for r in result.group_offers(own.category, own.channel)
              if r.offer_id != own.offer_id]
    if not rivals:
        return [DebriefItem("competitors", {"count": 0}, say("competitors.none", lang), lang)]
    prices = [r.price for r in rivals]
    numbers = {"count": len(rivals), "cheapest": min(prices),
               "average": round_half_up(_average(prices)), "price": own.price}
    items = [DebriefItem("competitors", numbers, say(
        "competitors", lang, count=str(len(rivals)), cheapest=rupiah(min(prices), lang),
        average=rupiah(numbers["average"], lang), price=rupiah(own.price, lang)), lang)]
    if previous is not None:
        last = {r.offer_id: r.price for r in previous.group_offers(own.category, own.channel)
                if r.offer_id != own.offer_id}
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
    """Where the money went, line by line, ending with the split or the loss."""
    numbers = {name: getattr(own, name) for name in (
        "revenue", "production_cost", "stall_fee", "commission", "marketing_cost", "profit",
        "pnbp", "premi", "working_capital")}
    words = {name: rupiah(value, lang) for name, value in numbers.items()}
    if own.profit >= 0:
        return DebriefItem("money", numbers, say("money.profit", lang, **words), lang)
    words["loss"] = rupiah(-own.profit, lang)
    return DebriefItem("money", numbers, say("money.loss", lang, **words), lang)


def debrief_season(season: SeasonResult, owner_id: str, settings: MarketSettings, *,
                   lang: str = "id") -> list[DebriefItem]:
    """Explain a seller's whole season: totals, the split, best and worst weeks, busy weeks
    against ordinary ones, lost sales, spoilage, and one line per product."""
    weeks = [(p, p.offers_of(owner_id)) for p in season.periods]
    weeks = [(p, mine) for p, mine in weeks if mine]
    if not weeks:
        return []
    totals = season.totals(owner_id)
    items: list[DebriefItem] = []

    def add(code: str, numbers: dict, **words: str) -> None:
        items.append(DebriefItem(code, numbers, say(code, lang, **words), lang))

    money = {k: int(totals[k]) for k in ("revenue", "profit", "pnbp", "premi", "working_capital",
                                         "spoiled_cost")}
    add("season_total", {"weeks": len(weeks), "sold": totals["sold"], "revenue": money["revenue"],
                         "profit": money["profit"]},
        weeks=str(len(weeks)), sold=count(totals["sold"], lang),
        revenue=rupiah(money["revenue"], lang), profit=rupiah(money["profit"], lang))
    add("season_split", {k: money[k] for k in ("pnbp", "premi", "working_capital")},
        **{k: rupiah(money[k], lang) for k in ("pnbp", "premi", "working_capital")})

    profits = [(sum(r.profit for r in mine), p) for p, mine in weeks]
    for code, (profit, period) in (("season_best_week", max(profits, key=lambda x: x[0])),
                                   ("season_worst_week", min(profits, key=lambda x: x[0]))):
        events = period.groups[0].events if period.groups else ()
        add(code, {"week_start": period.week_start, "profit": profit, "events": list(events)},
            date=date_text(period.week_start, lang), profit=rupiah(profit, lang),
            events=f" ({event_list(events, lang)})" if events else "")

    busy = [sum(r.sold for r in mine) for p, mine in weeks if _busy(p, mine)]
    plain = [sum(r.sold for r in mine) for p, mine in weeks if not _busy(p, mine)]
    if busy and plain:
        add("season_events", {"busy": _average(busy), "plain": _average(plain),
                              "busy_weeks": len(busy), "plain_weeks": len(plain)},
            busy=count(_average(busy), lang), plain=count(_average(plain), lang))
    if totals["lost"] > 0:
        lost_revenue = round_half_up(sum(r.lost * r.price for _p, mine in weeks for r in mine))
        add("season_lost", {"lost": totals["lost"], "lost_revenue": lost_revenue},
            lost=count(totals["lost"], lang), lost_revenue=rupiah(lost_revenue, lang))
    if totals["spoiled"] > 0:
        add("season_spoiled", {"spoiled": totals["spoiled"], "spoiled_cost": money["spoiled_cost"]},
            spoiled=count(totals["spoiled"], lang), spoiled_cost=rupiah(money["spoiled_cost"], lang))
    items.extend(_offer_lines(weeks, settings, lang))
    return items


def _busy(period: PeriodResult, mine: list[OfferResult]) -> bool:
    """A week is busy for a seller when the shoppers of any of their groups were 10% above normal."""
    keys = {(r.category, r.channel) for r in mine}
    return any(g.season_factor > 1.1 for g in period.groups if (g.category, g.channel) in keys)


def _offer_lines(weeks, settings: MarketSettings, lang: str) -> list[DebriefItem]:
    """One line per product and channel: units, profit, own and rivals' average price."""
    lines = []
    offer_ids = sorted({r.offer_id for _p, mine in weeks for r in mine})
    for offer_id in offer_ids:
        history = [(p, r) for p, mine in weeks for r in mine if r.offer_id == offer_id]
        first = history[0][1]
        preset = settings.categories[first.category]
        channel = settings.channels[first.channel]
        rival_prices = [o.price for p, r in history for o in p.group_offers(r.category, r.channel)
                        if o.offer_id != offer_id]
        numbers = {"offer_id": offer_id, "sold": sum(r.sold for _p, r in history),
                   "profit": sum(r.profit for _p, r in history),
                   "price": round_half_up(_average([r.price for _p, r in history])),
                   "rival_price": round_half_up(_average(rival_prices)) if rival_prices else None}
        lines.append(DebriefItem("season_offer", numbers, say(
            "season_offer", lang,
            name=(preset.name_id if lang == "id" else preset.name_en).capitalize() or first.category,
            channel=channel.name_id if lang == "id" else channel.name_en,
            sold=count(numbers["sold"], lang), unit=_unit(settings, first.category, lang),
            profit=rupiah(numbers["profit"], lang), price=rupiah(numbers["price"], lang),
            rival_price=rupiah(numbers["rival_price"], lang) if rival_prices else "-"), lang))
    return lines
