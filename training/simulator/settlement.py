"""Settling a seller's money per settlement period: PNBP, premi and working capital (modal usaha).

The split is no longer taken per offer per week. A seller's weeks are grouped into settlement
periods (``SETTLEMENT_PERIODS``: ``week``, ``month`` or ``season``, a facility setting), every
offer's profit in the period is added up (so a losing product nets against a winning one, and a
losing week against a winning week in the same month), and ``money.settle`` splits each period's
net profit with losses carried forward. Premi therefore never exceeds the premi share of what the
seller really earned over the settlement period.

A month is the calendar month in which a week starts. Simulated sellers (``kind='umkm'``) pay no
PNBP and no premi: their split has rates 0, so everything goes to their working capital.
"""

from __future__ import annotations

from typing import Mapping, Sequence

from .model import MarketSettings
from .money import NO_SPLIT, Settlement, SplitRates, settle
from .results import PeriodResult

SETTLEMENT_PERIODS = ("week", "month", "season")


def period_label(period: PeriodResult, settlement_period: str) -> str:
    """The settlement period a week belongs to: ``w<index>``, ``YYYY-MM`` or ``season``."""
    if settlement_period == "week":
        return f"w{period.week_index}"
    if settlement_period == "month":
        return period.week_start[:7]
    if settlement_period == "season":
        return "season"
    raise ValueError(f"settlement period must be one of {SETTLEMENT_PERIODS}, "
                     f"got {settlement_period!r}")


def seller_rates(periods: Sequence[PeriodResult], owner_id: str,
                 settings: MarketSettings) -> SplitRates:
    """The split that applies to a seller: their facility's, or none for a simulated seller."""
    for period in periods:
        for done in period.offers_of(owner_id):
            return NO_SPLIT if done.kind == "umkm" else settings.split_for(done.facility_id)
    return settings.split


def settle_seller(periods: Sequence[PeriodResult], owner_id: str, settings: MarketSettings,
                  settlement_period: str = "week", carried_loss: int = 0,
                  rates: SplitRates | None = None,
                  extra_costs: Mapping[int, int] | None = None) -> list[Settlement]:
    """Settle one seller's weeks (``periods`` in order) per settlement period.

    Each :class:`~training.simulator.money.Settlement` lists the week indexes it covers.
    ``carried_loss`` is a loss still open from before the first week; ``rates`` overrides the
    facility's split. ``extra_costs`` maps a week index to costs outside the offers (helper wages
    and loan interest, ``CashWeek.paid_wages + CashWeek.interest``), taken from that week's
    profit. A period in which the seller offered nothing is skipped.
    """
    if rates is None:
        rates = seller_rates(periods, owner_id, settings)
    labels: list[str] = []
    weeks: dict[str, list[int]] = {}
    profits: dict[str, int] = {}
    revenues: dict[str, int] = {}
    for period in periods:
        mine = period.offers_of(owner_id)
        if not mine:
            continue
        label = period_label(period, settlement_period)
        if label not in weeks:
            labels.append(label)
            weeks[label], profits[label], revenues[label] = [], 0, 0
        weeks[label].append(period.week_index)
        profits[label] += sum(r.profit for r in mine) - (extra_costs or {}).get(
            period.week_index, 0)
        revenues[label] += sum(r.revenue for r in mine)
    settled = settle([profits[k] for k in labels], rates, carried_loss,
                     [revenues[k] for k in labels], labels)
    return [Settlement(s.period, s.revenue, s.profit, s.carried_loss_in, s.split_base, s.pnbp,
                       s.premi, s.modal, s.carried_loss_out, tuple(weeks[s.period]))
            for s in settled]


def settlement_totals(settlements: Sequence[Settlement]) -> dict[str, int]:
    """Season totals of a seller's settlements: revenue, profit, pnbp, premi, modal, and the loss
    still carried at the end (``carried_loss``). ``profit == pnbp + premi + modal``."""
    totals = {name: sum(getattr(s, name) for s in settlements)
              for name in ("revenue", "profit", "pnbp", "premi", "modal")}
    totals["carried_loss"] = settlements[-1].carried_loss_out if settlements else 0
    return totals
