"""Limits a real business has: hours of work and cash, checked before a week runs.

A learner works ``settings.hours_per_week`` hours a week alone; each unit takes ``hours_per_unit``
hours (the product's own, else its category's default in ``presets.py``). Hired helper hours add
time at ``settings.helper_wage_per_hour`` rupiah an hour. Materials, helper wages, stall fees and
promotion are paid at the start of the week, before anything sells (and a loan repayment chosen
for the week too), so a plan the cash on hand (plus a loan taken this week) cannot pay for is
refused. Commission is taken from sales as they happen, so it needs no cash up front.

:func:`check_plan` returns the reasons a plan is refused, as :class:`Refusal` items with a machine
``code`` (``hours``, ``cash``, ``loan``), the ``numbers`` behind it and a plain sentence in
Indonesian or English (``wording.py``), e.g. "Uang Anda Rp300.000, bahan untuk 40 bungkus
Rp360.000. Kurangi jadi 33 bungkus atau pinjam." An empty list means the plan can go ahead.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any, Sequence

from .checks import finite, whole_count, whole_rupiah
from .model import MarketSettings, Offer
from .money import round_half_up
from .wording import count, hours_text, rupiah, say

_EPSILON = 1e-9


@dataclass(frozen=True, slots=True)
class PlanLine:
    """One product's production in a week: how many, what the materials of one cost, how long one
    takes, and the product's name and unit for the messages."""

    name: str
    units: int
    unit_cost: int
    hours_per_unit: float
    unit: str = "unit"

    def __post_init__(self) -> None:
        whole_count(f"{self.name}: units", self.units)
        whole_rupiah(f"{self.name}: unit_cost", self.unit_cost)
        finite(f"{self.name}: hours_per_unit", self.hours_per_unit, low=0.0)


@dataclass(frozen=True, slots=True)
class WeekPlan:
    """A seller's plan for one week: production lines and what else is paid before selling.

    ``fees`` are stall fees, ``promotion`` the marketing spend, ``borrow`` a new loan taken at the
    start of the week, ``repay`` what is paid back of the loan at the start of the week.
    """

    lines: tuple[PlanLine, ...]
    helper_hours: float = 0.0
    fees: int = 0
    promotion: int = 0
    borrow: int = 0
    repay: int = 0

    def __post_init__(self) -> None:
        finite("helper_hours", self.helper_hours, low=0.0, high=24.0 * 7)
        for what in ("fees", "promotion", "borrow", "repay"):
            whole_rupiah(what, getattr(self, what))

    @property
    def materials(self) -> int:
        """What the materials of every line cost."""
        return sum(line.units * line.unit_cost for line in self.lines)

    @property
    def hours_needed(self) -> float:
        """Hours of work the production lines take."""
        return sum(line.units * line.hours_per_unit for line in self.lines)


@dataclass(frozen=True, slots=True)
class Refusal:
    """Why a plan cannot go ahead: ``code``, the ``numbers`` behind it and the sentence."""

    code: str
    numbers: dict[str, Any] = field(default_factory=dict)
    text: str = ""
    lang: str = "id"


def hours_per_unit(offer: Offer, settings: MarketSettings) -> float:
    """The hours one unit of this offer takes: the product's own, else its category's."""
    if offer.hours_per_unit is not None:
        return offer.hours_per_unit
    return settings.categories[offer.category].hours_per_unit


def unit_name(offer: Offer, settings: MarketSettings, lang: str = "id") -> str:
    """The product's own unit, else its category's (``bungkus``, ``set`` ...)."""
    if offer.unit:
        return offer.unit
    preset = settings.categories[offer.category]
    return preset.unit_id if lang == "id" else preset.unit_en


def product_name(offer: Offer, settings: MarketSettings, lang: str = "id") -> str:
    """The product's own name, else its category's name."""
    if offer.name:
        return offer.name
    preset = settings.categories[offer.category]
    return (preset.name_id if lang == "id" else preset.name_en) or offer.category


def helper_wages(plan: WeekPlan, settings: MarketSettings) -> int:
    """What the helper hours of a plan cost (rounded half up to the rupiah)."""
    return round_half_up(plan.helper_hours * settings.helper_wage_per_hour)


def cash_needed(plan: WeekPlan, settings: MarketSettings) -> int:
    """Everything paid at the start of the week: materials, wages, fees, promotion, repayment."""
    return (plan.materials + helper_wages(plan, settings) + plan.fees + plan.promotion
            + plan.repay)


def plan_for(offers: Sequence[Offer], settings: MarketSettings, *, helper_hours: float = 0.0,
             borrow: int = 0, repay: int = 0, lang: str = "id") -> WeekPlan:
    """The week's plan of one seller's offers: one line per offer, the stall fee of each channel
    used once, and the promotion of every offer."""
    lines = tuple(PlanLine(product_name(o, settings, lang), o.units_made, o.unit_cost,
                           hours_per_unit(o, settings), unit_name(o, settings, lang))
                  for o in offers)
    fees = sum(settings.channels[c].stall_fee for c in {(o.owner_id, o.channel): o.channel
                                                        for o in offers}.values())
    return WeekPlan(lines, helper_hours, fees, sum(o.marketing_spend for o in offers), borrow,
                    repay)


def check_plan(plan: WeekPlan, settings: MarketSettings, cash: int, loan_balance: int = 0, *,
               loan_limit: int | None = None, lang: str = "id") -> list[Refusal]:
    """Every reason this plan cannot go ahead with ``cash`` on hand (empty: it can).

    ``loan_limit`` caps the loan balance after borrowing (default: the starting modal).
    """
    whole_rupiah("cash", cash)
    whole_rupiah("loan_balance", loan_balance)
    limit = settings.starting_cash if loan_limit is None else loan_limit
    refusals = []
    available = settings.hours_per_week + plan.helper_hours
    if plan.hours_needed > available + _EPSILON:
        refusals.append(_hours_refusal(plan, settings, available, lang))
    if plan.repay > loan_balance:
        refusals.append(Refusal("loan", {"repay": plan.repay, "loan_balance": loan_balance},
                                say("limit.repay", lang, repay=rupiah(plan.repay, lang),
                                    balance=rupiah(loan_balance, lang)), lang))
    if plan.borrow > 0 and loan_balance + plan.borrow > limit:
        refusals.append(Refusal("loan", {"borrow": plan.borrow, "loan_limit": limit},
                                say("limit.loan", lang, limit=rupiah(limit, lang),
                                    balance=rupiah(loan_balance, lang)), lang))
    needed = cash_needed(plan, settings)
    if needed > cash + plan.borrow:
        refusals.append(_cash_refusal(plan, settings, cash + plan.borrow, needed, lang))
    return refusals


def _biggest(plan: WeekPlan, key) -> PlanLine | None:
    lines = [line for line in plan.lines if line.units > 0 and key(line) > 0]
    return max(lines, key=key) if lines else None


def _hours_refusal(plan: WeekPlan, settings: MarketSettings, available: float,
                   lang: str) -> Refusal:
    """Too many hours: name the line that takes most and how many of it would fit."""
    line = _biggest(plan, lambda l: l.units * l.hours_per_unit)
    other_hours = plan.hours_needed - line.units * line.hours_per_unit
    fit = max(0, math.floor((available - other_hours) / line.hours_per_unit + _EPSILON))
    extra = plan.hours_needed - available
    numbers = {"hours_needed": plan.hours_needed, "hours_available": available,
               "product": line.name, "units": line.units, "units_that_fit": fit,
               "extra_hours": extra,
               "extra_wages": round_half_up(extra * settings.helper_wage_per_hour)}
    return Refusal("hours", numbers, say(
        "limit.hours", lang, available=hours_text(available, lang), name=line.name,
        units=count(line.units, lang), unit=line.unit, per_unit=hours_text(line.hours_per_unit, lang),
        needed=hours_text(plan.hours_needed, lang), fit=count(fit, lang),
        extra=hours_text(extra, lang), wages=rupiah(numbers["extra_wages"], lang)), lang)


def _cash_refusal(plan: WeekPlan, settings: MarketSettings, cash: int, needed: int,
                  lang: str) -> Refusal:
    """Not enough cash: say what the money is for and how many of the dearest line it pays for."""
    line = _biggest(plan, lambda l: l.units * l.unit_cost)
    other = needed - (line.units * line.unit_cost if line else 0)
    fit = max(0, (cash - other) // line.unit_cost) if line else 0
    numbers = {"cash": cash, "needed": needed, "materials": plan.materials,
               "wages": helper_wages(plan, settings), "fees": plan.fees,
               "promotion": plan.promotion, "repay": plan.repay,
               "product": line.name if line else "", "units_that_fit": fit, "short": needed - cash}
    words = {"cash": rupiah(cash, lang), "needed": rupiah(needed, lang),
             "short": rupiah(needed - cash, lang)}
    if line is None:
        return Refusal("cash", numbers, say("limit.cash.other", lang, **words), lang)
    words.update(name=line.name, units=count(line.units, lang), unit=line.unit,
                 materials=rupiah(line.units * line.unit_cost, lang), fit=count(fit, lang))
    template = "limit.cash.materials" if other == 0 else "limit.cash.mixed"
    return Refusal("cash", numbers, say(template, lang, **words), lang)
