"""\u201cKe mana uang Anda\u201d: where a learner's money went, for one week and for a whole season.

Sales come in; materials, the stall, the online shop's commission, promotion, a helper's wages
and a loan's interest go out; what is left is the profit. The profit is split (PNBP, premi, modal
usaha) per settlement period, the facility's setting (week, month or season), with a loss carried
forward into the next period, by the simulator's ``settle_seller``: so premi can never be larger
than the premi share of what was really earned. Every figure here is a sum of the same stored
results the tables show, so the screens agree to the rupiah.
"""
from __future__ import annotations

import datetime as dt

from flask_babel import format_date
from training.extensions import gettext as _

from training.simulator import MarketSettings, PeriodResult, settle_seller, settlement_totals
from training.simulator.cash import CashWeek

COST_LINES = ("materials", "stall", "commission", "promotion", "wages", "interest")


def flow(results: list[PeriodResult], owner_id: str, ledgers: list[CashWeek | None] | None = None) -> dict:
    """Sales, each cost line, the profit, and what spoiled, summed over ``results``.

    ``ledgers`` (one per result, or None) add helper wages and loan interest, which are costs of
    the business but not of any one product.
    """
    money = dict.fromkeys(("revenue", *COST_LINES, "spoiled_cost"), 0)
    spoiled = 0.0
    for result in results:
        for done in result.offers_of(owner_id):
            money["revenue"] += done.revenue
            money["materials"] += done.production_cost
            money["stall"] += done.stall_fee
            money["commission"] += done.commission
            money["promotion"] += done.marketing_cost
            money["spoiled_cost"] += done.spoiled_cost
            spoiled += done.spoiled
    for ledger in ledgers or ():
        if ledger is not None:
            money["wages"] += ledger.paid_wages
            money["interest"] += ledger.interest
    money["costs"] = sum(money[line] for line in COST_LINES)
    money["profit"] = money["revenue"] - money["costs"]
    money["spoiled"] = spoiled
    return money


def extra_costs(ledgers: list[CashWeek | None] | None) -> dict[int, int]:
    """Week index -> helper wages and loan interest: costs of the business, not of one product."""
    return {ledger.week_index: ledger.paid_wages + ledger.interest for ledger in ledgers or () if ledger is not None}


def settlements(results: list[PeriodResult], owner_id: str, settings: MarketSettings,
                ledgers: list[CashWeek | None] | None = None) -> list:
    """The learner's settlements over ``results`` (helper wages and interest taken off the profit)."""
    return settle_seller(results, owner_id, settings, settings.settlement_period, extra_costs=extra_costs(ledgers))


def period_name(settlement, settings: MarketSettings) -> str:
    """A settlement period in words: \u201cminggu 3\u201d, \u201cJanuari 2027\u201d, \u201cseluruh musim\u201d."""
    if settlement.period.startswith("w"):
        return _("minggu %(n)d", n=int(settlement.period[1:]) + 1)
    if settlement.period == "season":
        return _("seluruh musim")
    return format_date(dt.date.fromisoformat(settlement.period + "-01"), "MMMM yyyy")


def settled_rows(items, settings: MarketSettings) -> list[dict]:
    """Settlements as table rows, each with its period in words and the weeks it covers."""
    return [{**item.to_dict(), "name": period_name(item, settings),
             "weeks": ", ".join(str(w + 1) for w in item.weeks)} for item in items]


def week_money(results: list[PeriodResult], index: int, owner_id: str, settings: MarketSettings,
               ledgers: list[CashWeek | None] | None = None) -> dict:
    """One week's money: its flow, its cash ledger, and the settlement of the period it belongs to
    (as far as that period has been played: a month still running is settled so far)."""
    ledger = ledgers[index] if ledgers and index < len(ledgers) else None
    played = results[: index + 1]
    settled = settlements(played, owner_id, settings, ledgers[: index + 1] if ledgers else None)
    period = next((s for s in settled if results[index].week_index in s.weeks), None)
    return {"flow": flow([results[index]], owner_id, [ledger]), "ledger": ledger,
            "period": settled_rows([period], settings)[0] if period else None,
            "period_kind": settings.settlement_period, "split": settings.split}


def season_money(results: list[PeriodResult], owner_id: str, settings: MarketSettings,
                 ledgers: list[CashWeek | None] | None = None) -> dict:
    """The season's money so far: the flow, every settlement and their totals, and the cash."""
    settled = settlements(results, owner_id, settings, ledgers)
    known = [ledger for ledger in ledgers or () if ledger is not None]
    return {"flow": flow(results, owner_id, ledgers), "settlements": settled_rows(settled, settings),
            "totals": settlement_totals(settled), "period_kind": settings.settlement_period,
            "split": settings.split, "starting_cash": known[0].opening if known else None,
            "last_ledger": known[-1] if known else None}
