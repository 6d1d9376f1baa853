"""Money rules of the market: integer rupiah, deliberate rounding, and the split of each result.

Every amount the engine returns is an ``int`` number of rupiah. Rates (commission, PNBP, premi) are
settings stored as decimal numbers such as ``0.15``; they are turned into exact fractions once, so
applying a rate is integer arithmetic and rounds the same way on every machine.

Rounding rule: wherever a fractional rupiah appears (a rate times an amount, or an expected number
of units times a price in expected mode), it is rounded *half up*: ``x.5`` goes to the next rupiah
toward plus infinity. Floats are rounded as they are stored.

The conservation identity, per offer and per period::

    revenue == production_cost + commission + stall_fee + marketing_cost
               + pnbp + premi + working_capital

``pnbp`` and ``premi`` are never negative; ``working_capital`` takes whatever is left, including a
loss (it is negative when costs exceed revenue) and every rounding remainder.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from fractions import Fraction
from functools import lru_cache
from typing import Sequence

SPLIT_BASES = ("profit", "revenue")


def round_half_up(amount: float) -> int:
    """Round a fractional rupiah amount to an integer, with ``.5`` going up (toward +infinity)."""
    return math.floor(amount + 0.5)


@lru_cache(maxsize=1024, typed=True)
def rate_fraction(rate: float) -> tuple[int, int]:
    """Turn a decimal rate such as ``0.15`` into an exact ``(numerator, denominator)`` pair.

    The rate is read through its shortest decimal text, so ``0.15`` is exactly 3/20, not the
    nearest binary float. Rates must lie between 0 and 1. A pure function of a number, so its
    answers are cached: every market of a class asks for the same few rates.
    """
    if not 0 <= rate <= 1:
        raise ValueError(f"a rate must be between 0 and 1, got {rate!r}")
    exact = Fraction(str(rate))
    return exact.numerator, exact.denominator


def apply_rate(amount: int, rate: tuple[int, int]) -> int:
    """Return ``amount * rate`` rounded half up, for a non-negative integer ``amount``.

    ``rate`` is a pair from :func:`rate_fraction`. Pure integer arithmetic, so exact.
    """
    if amount < 0:
        raise ValueError("apply_rate takes a non-negative amount")
    numerator, denominator = rate
    return (2 * amount * numerator + denominator) // (2 * denominator)


@dataclass(frozen=True, slots=True)
class SplitRates:
    """How one facility splits a product's money between PNBP, the learner's premi and capital.

    ``basis`` says what the rates apply to: ``"profit"`` (revenue minus every cost line of the
    period, only when that is positive) or ``"revenue"`` (gross sales). Published splits differ
    between facilities, so these are settings; the values in presets are an example only.
    """

    pnbp_rate: float
    premi_rate: float
    basis: str = "profit"
    label: str = ""

    def __post_init__(self) -> None:
        rate_fraction(self.pnbp_rate)
        rate_fraction(self.premi_rate)
        if Fraction(str(self.pnbp_rate)) + Fraction(str(self.premi_rate)) > 1:
            raise ValueError("pnbp_rate + premi_rate must not exceed 1")
        if self.basis not in SPLIT_BASES:
            raise ValueError(f"basis must be one of {SPLIT_BASES}, got {self.basis!r}")

    def to_dict(self) -> dict:
        """Plain JSON-ready form."""
        return {"pnbp_rate": self.pnbp_rate, "premi_rate": self.premi_rate,
                "basis": self.basis, "label": self.label}

    @classmethod
    def from_dict(cls, data: dict) -> SplitRates:
        """Inverse of :meth:`to_dict`."""
        return cls(pnbp_rate=data["pnbp_rate"], premi_rate=data["premi_rate"],
                   basis=data.get("basis", "profit"), label=data.get("label", ""))


NO_SPLIT = SplitRates(0.0, 0.0, "profit", "simulated seller: no PNBP, no premi")


@dataclass(frozen=True, slots=True)
class CompiledSplit:
    """A :class:`SplitRates` with its rates turned into exact fractions, ready for fast use."""

    pnbp: tuple[int, int]
    pnbp_plus_premi: tuple[int, int]
    on_profit: bool


@lru_cache(maxsize=256)
def compile_split(rates: SplitRates) -> CompiledSplit:
    """Prepare a split once, so each offer's split is a few integer operations (a pure function
    of the immutable rates, so its answers are cached)."""
    pnbp = Fraction(str(rates.pnbp_rate))
    both = pnbp + Fraction(str(rates.premi_rate))
    return CompiledSplit((pnbp.numerator, pnbp.denominator),
                         (both.numerator, both.denominator), rates.basis == "profit")


def split_money(revenue: int, total_costs: int, split: CompiledSplit) -> tuple[int, int, int]:
    """Split one offer's period into ``(pnbp, premi, working_capital)``.

    The base is profit (``revenue - total_costs`` when positive, else 0) or revenue, as the split
    says. PNBP and PNBP+premi are each rounded half up from the exact base, and premi is their
    difference, so PNBP + premi never exceeds the base. Working capital is the remainder, so the
    conservation identity holds to the rupiah.
    """
    if split.on_profit:
        base = revenue - total_costs
        if base < 0:
            base = 0
    else:
        base = revenue
    pnbp = apply_rate(base, split.pnbp)
    premi = apply_rate(base, split.pnbp_plus_premi) - pnbp
    return pnbp, premi, revenue - total_costs - pnbp - premi


def allocate_evenly(amount: int, parts: int) -> list[int]:
    """Share an integer amount over ``parts`` items; the first items get the leftover rupiah.

    Used for a stall fee shared by one seller's offers in a channel (offers sorted by id first).
    """
    if parts <= 0:
        return []
    share, leftover = divmod(amount, parts)
    return [share + 1 if index < leftover else share for index in range(parts)]


def format_rupiah(amount: int, lang: str = "id") -> str:
    """Write an amount the way people read it: ``Rp12.500`` in Indonesian, ``Rp12,500`` in English."""
    sign = "-" if amount < 0 else ""
    digits = f"{abs(int(amount)):,}"
    if lang == "id":
        digits = digits.replace(",", ".")
    return f"{sign}Rp{digits}"


@dataclass(frozen=True, slots=True)
class Settlement:
    """One settlement period of one seller: its profit, the loss carried in and out, and the split.

    ``split_base`` is what the rates were applied to: on basis ``"profit"`` the period's profit
    minus the loss carried in (when that is positive), on basis ``"revenue"`` the period's revenue.
    ``modal`` (working capital) takes the rest, so ``profit == pnbp + premi + modal`` to the
    rupiah; a losing period has ``modal`` negative (the loss comes out of working capital) and
    carries the loss forward, so the next profits first make it good before any premi is paid.
    """

    period: str
    revenue: int
    profit: int
    carried_loss_in: int
    split_base: int
    pnbp: int
    premi: int
    modal: int
    carried_loss_out: int
    weeks: tuple[int, ...] = ()

    def to_dict(self) -> dict:
        """Plain JSON-ready form."""
        return {"period": self.period, "revenue": self.revenue, "profit": self.profit,
                "carried_loss_in": self.carried_loss_in, "split_base": self.split_base,
                "pnbp": self.pnbp, "premi": self.premi, "modal": self.modal,
                "carried_loss_out": self.carried_loss_out, "weeks": list(self.weeks)}

    @classmethod
    def from_dict(cls, data: dict) -> Settlement:
        """Inverse of :meth:`to_dict`."""
        return cls(data["period"], data["revenue"], data["profit"], data["carried_loss_in"],
                   data["split_base"], data["pnbp"], data["premi"], data["modal"],
                   data["carried_loss_out"], tuple(data.get("weeks", ())))


def split_base_amount(base: int, rates: SplitRates) -> tuple[int, int]:
    """``(pnbp, premi)`` of a non-negative base: each its rate of the base rounded half up, premi
    never more than what PNBP leaves of the base. So premi never exceeds the premi share of the
    base rounded half up, and ``pnbp + premi <= base``."""
    pnbp = apply_rate(base, rate_fraction(rates.pnbp_rate))
    premi = min(apply_rate(base, rate_fraction(rates.premi_rate)), base - pnbp)
    return pnbp, premi


def settle(profits_by_period: Sequence[int], rates: SplitRates, carried_loss: int = 0,
           revenues_by_period: Sequence[int] | None = None,
           labels: Sequence[str] | None = None) -> list[Settlement]:
    """Settle a seller's periods in order, the way a workshop keeps its books.

    On basis ``"profit"`` each period's split is taken from its profit less the loss carried in
    from earlier periods (``carried_loss`` before the first); a loss, or a profit too small to
    cover the carried loss, splits nothing and carries the rest forward. On basis ``"revenue"`` the
    split is taken from each period's revenue (``revenues_by_period``, required) and no loss is
    carried. Money is conserved per period: ``profit == pnbp + premi + modal``.
    """
    if carried_loss < 0:
        raise ValueError("carried_loss must not be negative")
    count_periods = len(profits_by_period)
    if revenues_by_period is None:
        if rates.basis == "revenue":
            raise ValueError("basis 'revenue' needs revenues_by_period")
        revenues_by_period = [0] * count_periods
    if len(revenues_by_period) != count_periods or (labels is not None
                                                     and len(labels) != count_periods):
        raise ValueError("profits, revenues and labels must have one entry per period")
    settlements = []
    loss_in = carried_loss
    for index, (profit, revenue) in enumerate(zip(profits_by_period, revenues_by_period)):
        if not isinstance(profit, int) or not isinstance(revenue, int):
            raise ValueError("profits and revenues are whole rupiah (int)")
        if rates.basis == "profit":
            net = profit - loss_in
            base, loss_out = (net, 0) if net > 0 else (0, -net)
        else:
            if revenue < 0:
                raise ValueError("revenue must not be negative")
            base, loss_in, loss_out = revenue, 0, 0
        pnbp, premi = split_base_amount(base, rates)
        settlements.append(Settlement(
            labels[index] if labels is not None else str(index), revenue, profit, loss_in, base,
            pnbp, premi, profit - pnbp - premi, loss_out))
        loss_in = loss_out
    return settlements
