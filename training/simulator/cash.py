"""Cash a learner can follow week by week: the ledger, a loan with interest, and limits enforced.

A seller's :class:`Wallet` holds cash and a loan balance. Each week (``run_business_week``):

1. At the start the seller may borrow (``WeekExtras.borrow``) or pay back part of the loan
   (``repay``), then pays materials, helper wages, stall fees and promotion, all before anything
   sells. ``limits.check_plan`` refuses a plan the cash cannot pay for, or one that needs more
   hours than the seller has, so cash never goes below zero; the engine enforces it by raising
   :class:`PlanRefused` instead of running the week.
2. Sales bring money in; the marketplace commission is taken from them.
3. At the end of the week interest is charged on the loan balance
   (``settings.loan_interest_rate`` per week, rounded half up) and paid from cash; if cash cannot
   pay it all, the rest is added to the loan (so cash still never goes negative).

The loan is the simplest honest credit: pay back any week by instalment, and what is still owed at
the end of the season is paid from cash by :func:`close_season` (any remainder stays as a debt,
shown, never hidden). Every rupiah is conserved::

    closing == opening + borrowed - repaid + sales - materials - wages - stall - commission
               - promotion - interest_paid
    loan_after == loan_before + borrowed - repaid + (interest - interest_paid)

so cash minus loan changes by exactly the week's profit after wages and interest.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from typing import Mapping, Sequence

from .checks import finite, whole_rupiah
from .engine import run_period
from .limits import Refusal, check_plan, plan_for
from .model import MarketSettings, Offer
from .money import apply_rate, rate_fraction, round_half_up
from .results import PeriodResult


@dataclass(frozen=True, slots=True)
class Wallet:
    """A seller's cash on hand and what they owe on their loan (whole rupiah). Cash is negative
    only when a week ran without its limits checked (``ledger`` on an unchecked week)."""

    cash: int
    loan: int = 0

    def __post_init__(self) -> None:
        whole_rupiah("cash", self.cash, minimum=-(10 ** 15))
        whole_rupiah("loan", self.loan)


@dataclass(frozen=True, slots=True)
class WeekExtras:
    """What a seller decides for a week besides the offers: hired hours, borrowing, repaying."""

    helper_hours: float = 0.0
    borrow: int = 0
    repay: int = 0

    def __post_init__(self) -> None:
        finite("helper_hours", self.helper_hours, low=0.0, high=24.0 * 7)
        whole_rupiah("borrow", self.borrow)
        whole_rupiah("repay", self.repay)


@dataclass(frozen=True, slots=True)
class CashWeek:
    """One seller's cash ledger for one week (see the module docstring for the identities)."""

    week_index: int
    opening: int
    borrowed: int
    repaid: int
    paid_materials: int
    paid_wages: int
    paid_stall: int
    paid_promotion: int
    received_sales: int
    paid_commission: int
    interest: int
    paid_interest: int
    closing: int
    loan_before: int
    loan_after: int

    @property
    def profit(self) -> int:
        """The week's profit after helper wages and interest (cash minus loan moves by this)."""
        return (self.received_sales - self.paid_materials - self.paid_wages - self.paid_stall
                - self.paid_commission - self.paid_promotion - self.interest)

    def to_dict(self) -> dict:
        """Plain JSON-ready form."""
        return {f.name: getattr(self, f.name) for f in fields(self)}

    @classmethod
    def from_dict(cls, data: dict) -> CashWeek:
        """Inverse of :meth:`to_dict`."""
        return cls(**{f.name: data[f.name] for f in fields(cls)})


@dataclass(slots=True)
class BusinessWeek:
    """A week run with cash: the market's result, each checked seller's ledger and new wallet."""

    result: PeriodResult
    ledgers: dict[str, CashWeek]
    wallets: dict[str, Wallet]


class PlanRefused(ValueError):
    """A plan broke a limit; ``refusals`` maps each seller to the reasons, in plain words."""

    def __init__(self, refusals: dict[str, list[Refusal]]):
        self.refusals = refusals
        super().__init__(" ".join(r.text for items in refusals.values() for r in items))


def check_week(offers: Sequence[Offer], settings: MarketSettings,
               wallets: Mapping[str, Wallet], extras: Mapping[str, WeekExtras] | None = None, *,
               lang: str = "id") -> dict[str, list[Refusal]]:
    """Every seller with a wallet whose plan for the week breaks a limit, with the reasons."""
    extras = extras or {}
    refused = {}
    for owner_id, wallet in wallets.items():
        mine = [o for o in offers if o.owner_id == owner_id]
        extra = extras.get(owner_id, WeekExtras())
        plan = plan_for(mine, settings, helper_hours=extra.helper_hours, borrow=extra.borrow,
                        repay=extra.repay, lang=lang)
        reasons = check_plan(plan, settings, wallet.cash, wallet.loan, lang=lang)
        if reasons:
            refused[owner_id] = reasons
    return refused


def ledger(result: PeriodResult, owner_id: str, settings: MarketSettings, wallet: Wallet,
           extra: WeekExtras | None = None) -> tuple[CashWeek, Wallet]:
    """The seller's cash ledger for a week that has run, and the wallet after it."""
    extra = extra or WeekExtras()
    mine = result.offers_of(owner_id)
    materials = sum(r.production_cost for r in mine)
    wages = round_half_up(extra.helper_hours * settings.helper_wage_per_hour)
    stall = sum(r.stall_fee for r in mine)
    promotion = sum(r.marketing_cost for r in mine)
    sales = sum(r.revenue for r in mine)
    commission = sum(r.commission for r in mine)
    loan = wallet.loan + extra.borrow - extra.repay
    cash = (wallet.cash + extra.borrow - extra.repay - materials - wages - stall - promotion
            + sales - commission)
    interest = apply_rate(loan, rate_fraction(settings.loan_interest_rate))
    paid_interest = min(interest, max(cash, 0))
    closing = cash - paid_interest
    loan_after = loan + interest - paid_interest
    week = CashWeek(result.week_index, wallet.cash, extra.borrow, extra.repay, materials, wages,
                    stall, promotion, sales, commission, interest, paid_interest, closing,
                    wallet.loan, loan_after)
    return week, Wallet(closing, loan_after)


def run_business_week(offers: Sequence[Offer], settings: MarketSettings, week_index: int,
                      wallets: Mapping[str, Wallet],
                      extras: Mapping[str, WeekExtras] | None = None, *, seed: int | None = None,
                      expected: bool = False, lang: str = "id") -> BusinessWeek:
    """Run one week with the limits enforced for every seller who has a wallet.

    Raises :class:`PlanRefused` (a ValueError) before anything runs if a plan needs more hours or
    cash than the seller has. Sellers without a wallet (simulated sellers) have no limits.
    """
    extras = extras or {}
    refused = check_week(offers, settings, wallets, extras, lang=lang)
    if refused:
        raise PlanRefused(refused)
    result = run_period(offers, settings, week_index, seed=seed, expected=expected)
    ledgers, after = {}, {}
    for owner_id, wallet in wallets.items():
        ledgers[owner_id], after[owner_id] = ledger(result, owner_id, settings, wallet,
                                                    extras.get(owner_id))
    return BusinessWeek(result, ledgers, after)


def close_season(wallet: Wallet) -> tuple[Wallet, int]:
    """Pay back what cash can of the loan at the end of a season: ``(wallet after, repaid)``."""
    repaid = min(wallet.cash, wallet.loan)
    return Wallet(wallet.cash - repaid, wallet.loan - repaid), repaid
