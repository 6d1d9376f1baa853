"""The season report in words: three plain sentences first, then the figures behind them.

``debrief_season`` explains a seller's whole season. It leads with three sentences a learner with
little schooling can follow (``season_lead.profit``, ``season_lead.premi``,
``season_lead.lesson``): what the season earned, what premi that gives and why, and the one
lesson the figures teach most (running out, spoiling, or which product earned most). The items
after them carry the detail: totals, the split as settled per settlement period
(``settlement.py``, losses carried forward, so premi never exceeds the premi share of net
profit), the best and worst weeks, busy weeks against ordinary ones, profit lost to running out,
spoilage, and one line per product by its own name.
"""

from __future__ import annotations

from fractions import Fraction
from typing import Mapping

from .debrief import DebriefItem, average, channel_name, lost_profit_of, offer_name, unit_of
from .model import MarketSettings
from .money import round_half_up
from .results import OfferResult, PeriodResult, SeasonResult
from .settlement import settle_seller, seller_rates, settlement_totals
from .wording import count, date_text, event_list, percent_text, rupiah, say


def debrief_season(season: SeasonResult, owner_id: str, settings: MarketSettings, *,
                   lang: str = "id", settlement_period: str | None = None,
                   extra_costs: Mapping[int, int] | None = None) -> list[DebriefItem]:
    """Explain a seller's whole season (see the module docstring). ``settlement_period``
    defaults to ``settings.settlement_period``; ``extra_costs`` (week index -> helper wages and
    interest) are taken from the profit before the split."""
    weeks = [(p, p.offers_of(owner_id)) for p in season.periods]
    weeks = [(p, mine) for p, mine in weeks if mine]
    if not weeks:
        return []
    totals = season.totals(owner_id)
    periods = [p for p, _mine in weeks]
    settled = settle_seller(periods, owner_id, settings,
                            settlement_period or settings.settlement_period,
                            extra_costs=extra_costs)
    split = settlement_totals(settled)
    items: list[DebriefItem] = []

    def add(code: str, numbers: dict, template: str | None = None, **words: str) -> None:
        items.append(DebriefItem(code, numbers, say(template or code, lang, **words), lang))

    lost_profit = sum(lost_profit_of(r) for _p, mine in weeks for r in mine)
    _lead(add, weeks, settings, split, settled, lost_profit, totals, lang)
    add("season_total", {"weeks": len(weeks), "sold": totals["sold"],
                         "revenue": int(totals["revenue"]), "profit": split["profit"]},
        weeks=str(len(weeks)), sold=count(round(totals["sold"], 1), lang),
        revenue=rupiah(int(totals["revenue"]), lang), profit=rupiah(split["profit"], lang))
    add("season_split", {"pnbp": split["pnbp"], "premi": split["premi"],
                         "working_capital": split["modal"], "profit": split["profit"],
                         "carried_loss": split["carried_loss"],
                         "settlements": [s.to_dict() for s in settled]},
        pnbp=rupiah(split["pnbp"], lang), premi=rupiah(split["premi"], lang),
        working_capital=rupiah(split["modal"], lang), profit=rupiah(split["profit"], lang))

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
        add("season_events", {"busy": average(busy), "plain": average(plain),
                              "busy_weeks": len(busy), "plain_weeks": len(plain)},
            busy=count(round(average(busy), 1), lang), plain=count(round(average(plain), 1), lang))
    if totals["lost"] > 0:
        add("season_lost", {"lost": totals["lost"], "lost_profit": lost_profit},
            lost=count(round(totals["lost"], 1), lang), lost_profit=rupiah(lost_profit, lang))
    if totals["spoiled"] > 0:
        add("season_spoiled", {"spoiled": totals["spoiled"],
                               "spoiled_cost": int(totals["spoiled_cost"])},
            spoiled=count(round(totals["spoiled"], 1), lang),
            spoiled_cost=rupiah(int(totals["spoiled_cost"]), lang))
    items.extend(_offer_lines(weeks, settings, lang))
    return items


def _lead(add, weeks, settings: MarketSettings, split: dict, settled, lost_profit: int,
          totals: dict, lang: str) -> None:
    """The three sentences the report leads with."""
    profit = split["profit"]
    if profit >= 0:
        add("season_lead.profit", {"profit": profit, "weeks": len(weeks)},
            "season_lead.profit", weeks=str(len(weeks)), profit=rupiah(profit, lang))
    else:
        add("season_lead.profit", {"profit": profit, "weeks": len(weeks)}, "season_lead.loss",
            weeks=str(len(weeks)), loss=rupiah(-profit, lang))
    rates = seller_rates([p for p, _m in weeks], weeks[0][1][0].owner_id, settings)
    base = sum(s.split_base for s in settled)
    premi_numbers = {"premi": split["premi"], "split_base": base, "basis": rates.basis,
                     "premi_rate": rates.premi_rate, "carried_loss": split["carried_loss"]}
    if split["premi"] > 0:
        add("season_lead.premi", premi_numbers, f"season_lead.premi.{rates.basis}",
            premi=rupiah(split["premi"], lang), base=rupiah(base, lang),
            percent=percent_text(Fraction(str(rates.premi_rate)), lang))
    else:
        add("season_lead.premi", premi_numbers, "season_lead.no_premi")
    mine = [r for _p, offers in weeks for r in offers]
    spoiled_cost = int(totals["spoiled_cost"])
    if lost_profit > 0 and lost_profit >= spoiled_cost:
        add("season_lead.lesson", {"lesson": "ran_out", "lost_profit": lost_profit},
            "season_lead.ran_out", lost_profit=rupiah(lost_profit, lang))
    elif spoiled_cost > 0:
        add("season_lead.lesson", {"lesson": "spoiled", "spoiled_cost": spoiled_cost},
            "season_lead.spoiled", spoiled_cost=rupiah(spoiled_cost, lang))
    else:
        by_name: dict[str, int] = {}
        for r in mine:
            name = offer_name(settings, r, lang)
            by_name[name] = by_name.get(name, 0) + r.profit
        name, best = max(by_name.items(), key=lambda pair: pair[1])
        add("season_lead.lesson", {"lesson": "best_product", "product": name, "profit": best},
            "season_lead.best_product", name=name, profit=rupiah(best, lang))


def _busy(period: PeriodResult, mine: list[OfferResult]) -> bool:
    """A week is busy for a seller when the shoppers of any of their groups were 10% above normal."""
    keys = {(r.category, r.channel) for r in mine}
    return any(g.season_factor > 1.1 for g in period.groups if (g.category, g.channel) in keys)


def _offer_lines(weeks, settings: MarketSettings, lang: str) -> list[DebriefItem]:
    """One line per product and channel, by the product's own name and unit: units, profit, own
    and rivals' average price."""
    lines = []
    offer_ids = sorted({r.offer_id for _p, mine in weeks for r in mine})
    for offer_id in offer_ids:
        history = [(p, r) for p, mine in weeks for r in mine if r.offer_id == offer_id]
        first = history[0][1]
        rival_prices = [o.price for p, r in history for o in p.group_offers(r.category, r.channel)
                        if o.owner_id != r.owner_id]
        numbers = {"offer_id": offer_id, "sold": sum(r.sold for _p, r in history),
                   "profit": sum(r.profit for _p, r in history),
                   "price": round_half_up(average([r.price for _p, r in history])),
                   "rival_price": round_half_up(average(rival_prices)) if rival_prices else None}
        lines.append(DebriefItem("season_offer", numbers, say(
            "season_offer", lang, name=offer_name(settings, first, lang),
            channel=channel_name(settings, first.channel, lang),
            sold=count(round(numbers["sold"], 1), lang),
            unit=unit_of(settings, first.category, lang, first.unit),
            profit=rupiah(numbers["profit"], lang), price=rupiah(numbers["price"], lang),
            rival_price=rupiah(numbers["rival_price"], lang) if rival_prices else "-"), lang))
    return lines
