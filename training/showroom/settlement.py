"""Monthly settlement of real sales per facility: revenue, HPP, PNBP due, premi per maker and
working capital, by the same money rules the practice shop uses (``training.simulator.money``).

Real sales are settled MONTHLY per facility (the facility whose workshop made the product, not
the showroom that sold it). Each line keeps the rates of its sale's day, so a month in which the
rates changed is settled in one part per set of rates. The premi of a part goes to the makers in
proportion to what their products earned in it, times their shares, to the rupiah (largest
remainder). The makers and shares are those each line was sold with (``SaleLineMaker``), so a
month already settled stays as it was when a product's makers change. :func:`settle_period` is
the one place that calls the split rules.
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime

from sqlalchemy.orm import selectinload

from training.extensions import db, one_of
from training.showroom.models import CatalogueProduct, ProductMaker, Sale, SaleLine, SaleLineMaker
from training.simulator import SplitRates
from training.simulator.money import split_base_amount


def settle_period(revenue: int, total_costs: int, rates: SplitRates) -> tuple[int, int, int]:
    """(pnbp, premi, working_capital) of one facility's period, by the practice shop's own rule
    (``split_base_amount``): premi never more than its share of the base; capital takes the rest."""
    base = revenue if rates.basis == "revenue" else max(0, revenue - total_costs)
    pnbp, premi = split_base_amount(base, rates)
    return pnbp, premi, revenue - total_costs - pnbp - premi


def allocate_by_weights(amount: int, weights: list[int]) -> list[int]:
    """Share ``amount`` in proportion to non-negative integer ``weights``, to the rupiah.

    Largest remainder: each gets the floor of its exact share, and the rupiah left go one each to
    the largest remainders (the earlier item first on a tie). Zero weights everywhere share evenly.
    """
    if not weights:
        return []
    total = sum(weights)
    if total <= 0:
        weights, total = [1] * len(weights), len(weights)
    shares = [amount * w // total for w in weights]
    remainders = sorted(range(len(weights)), key=lambda i: (-(amount * weights[i] % total), i))
    for index in remainders[: amount - sum(shares)]:
        shares[index] += 1
    return shares


def percent(rate: float) -> str:
    """A rate as people write it: ``15%``, ``12,5%``."""
    text = f"{rate * 100:.2f}".rstrip("0").rstrip(".")
    return text.replace(".", ",") + "%"


def month_start(day: date) -> date:
    """The first day of ``day``'s month."""
    return day.replace(day=1)


def next_month(month: date) -> date:
    """The first day of the month after ``month``."""
    return date(month.year + (month.month == 12), month.month % 12 + 1, 1)


@dataclass
class ProductRow:
    """One product's month: units sold, revenue and HPP."""

    product_id: int
    name: str
    units: int = 0
    revenue: int = 0
    cost: int = 0


@dataclass
class MakerRow:
    """One maker's premi for the month."""

    learner_id: int
    name: str
    reg_number: str
    premi: int = 0


@dataclass
class MonthlyReport:
    """A facility's month of real sales, settled."""

    facility_id: int
    month: date
    sales_count: int = 0
    voided_count: int = 0
    products: list[ProductRow] = field(default_factory=list)
    makers: list[MakerRow] = field(default_factory=list)
    parts: list[dict] = field(default_factory=list)  # one per set of rates: rates and their figures
    revenue: int = 0
    cost: int = 0
    pnbp: int = 0
    premi: int = 0
    capital: int = 0
    # Each maker's part of what the month earned (their share of each product's profit, or of its
    # revenue where the basis is revenue), in rupiah: the weights the premi is shared by.
    earned_by_learner: dict[int, int] = field(default_factory=dict)
    # [units, revenue, HPP] of the lines each maker had a share in when sold, by maker.
    made_by_learner: dict[int, list[int]] = field(default_factory=dict)

    @property
    def profit(self) -> int:
        """Revenue minus HPP of the units sold."""
        return self.revenue - self.cost


def _bounds(month: date) -> tuple[datetime, datetime]:
    return datetime.combine(month, datetime.min.time()), datetime.combine(next_month(month), datetime.min.time())


def _in_months(months: list[date]):
    """Sales made in any of these months (month starts)."""
    return db.or_(*(db.and_(Sale.sold_dt >= start, Sale.sold_dt < end) for start, end in map(_bounds, months)))


def monthly_report(facility_id: int, month: date) -> MonthlyReport:
    """Settle ``facility_id``'s real sales of ``month`` (any day of it)."""
    return monthly_reports(facility_id, [month])[month_start(month)]


def monthly_reports(facility_id: int, months) -> dict[date, MonthlyReport]:
    """Settle ``facility_id``'s real sales of each of these months (any day of each), by month start.

    The sales lines, the voided sales, the lines' makers and the makers' names are each read
    once for all the months (a maker's page lists every month they sold in).
    """
    months = sorted({month_start(month) for month in months})
    reports = {month: MonthlyReport(facility_id=facility_id, month=month) for month in months}
    if not months:
        return reports
    lines_of: dict[date, list[SaleLine]] = defaultdict(list)
    for line, sold_dt in db.session.execute(
        db.select(SaleLine, Sale.sold_dt).join(Sale).options(selectinload(SaleLine.product))
        .where(SaleLine.product_facility_id == facility_id, Sale.voided_dt.is_(None), _in_months(months))
        .order_by(SaleLine.id)
    ):
        lines_of[month_start(sold_dt.date())].append(line)
    for _sale_id, sold_dt in db.session.execute(
        db.select(Sale.id, Sale.sold_dt).join(SaleLine).distinct()
        .where(SaleLine.product_facility_id == facility_id, Sale.voided_dt.is_not(None), _in_months(months))
    ):
        reports[month_start(sold_dt.date())].voided_count += 1
    makers_of = _makers_of([line.id for lines in lines_of.values() for line in lines])
    premi_of = {month: _settle(reports[month], lines_of[month], makers_of) for month in months}
    users = _makers_named({learner_id for premi in premi_of.values() for learner_id in premi})
    for month, report in reports.items():
        report.makers = sorted((MakerRow(i, users[i].full_name, users[i].reg_number or "", premi)
                                for i, premi in premi_of[month].items()), key=lambda r: (r.name, r.learner_id))
    return reports


def _settle(report: MonthlyReport, lines: list[SaleLine], makers_of: dict[int, list[tuple[int, int]]]) -> dict[int, int]:
    """Fill ``report`` from its month's lines; returns the premi of each maker by learner id."""
    report.sales_count = len({line.sale_id for line in lines})
    products: dict[int, ProductRow] = {}
    parts: dict[tuple, list[SaleLine]] = defaultdict(list)
    for line in lines:
        row = products.setdefault(line.product_id, ProductRow(line.product_id, line.product.name))
        row.units += line.quantity
        row.revenue += line.amount
        row.cost += line.quantity * line.unit_cost
        parts[(line.pnbp_rate, line.premi_rate, line.split_basis)].append(line)
    report.products = sorted(products.values(), key=lambda r: (-r.revenue, r.name))
    premi_by_learner: dict[int, int] = defaultdict(int)
    for (pnbp_rate, premi_rate, basis), part_lines in sorted(parts.items()):
        rates = SplitRates(pnbp_rate, premi_rate, basis)
        revenue = sum(line.amount for line in part_lines)
        cost = sum(line.quantity * line.unit_cost for line in part_lines)
        pnbp, premi, capital = settle_period(revenue, cost, rates)
        report.parts.append({"rates": rates, "revenue": revenue, "cost": cost, "pnbp": pnbp, "premi": premi,
                             "capital": capital})
        report.revenue, report.cost = report.revenue + revenue, report.cost + cost
        report.pnbp, report.premi, report.capital = report.pnbp + pnbp, report.premi + premi, report.capital + capital
        weights: dict[int, int] = defaultdict(int)
        for line in part_lines:
            earned = line.amount - (line.quantity * line.unit_cost if basis == "profit" else 0)
            for learner_id, share in makers_of.get(line.id, []):
                weights[learner_id] += earned * share
                made = report.made_by_learner.setdefault(learner_id, [0, 0, 0])
                made[0], made[1] = made[0] + line.quantity, made[1] + line.amount
                made[2] += line.quantity * line.unit_cost
        learner_ids = sorted(weights)
        for learner_id, amount in zip(learner_ids, allocate_by_weights(premi, [max(0, weights[i]) for i in learner_ids])):
            premi_by_learner[learner_id] += amount
        for learner_id in learner_ids:  # shares are percent: the weights are rupiah x 100
            report.earned_by_learner[learner_id] = report.earned_by_learner.get(learner_id, 0) + weights[learner_id]
    report.earned_by_learner = {i: (w + 50) // 100 for i, w in report.earned_by_learner.items()}
    return premi_by_learner


def _makers_of(line_ids: list[int]) -> dict[int, list[tuple[int, int]]]:
    """Each line's makers and their shares as they stood when it was sold, by line id (one query)."""
    makers: dict[int, list[tuple[int, int]]] = defaultdict(list)
    if not line_ids:
        return makers
    for line_id, learner_id, share in db.session.execute(
        db.select(SaleLineMaker.line_id, SaleLineMaker.learner_id, SaleLineMaker.share_percent)
        .where(one_of(SaleLineMaker.line_id, line_ids)).order_by(SaleLineMaker.line_id, SaleLineMaker.learner_id)
    ):
        makers[line_id].append((learner_id, share))
    return makers


def _makers_named(learner_ids: set[int]) -> dict:
    """The makers' accounts, by id (one query)."""
    from training.accounts.models import User

    if not learner_ids:
        return {}
    return {u.id: u for u in db.session.scalars(db.select(User).where(one_of(User.id, list(learner_ids))))}


def active_months(facility_id: int | None = None, learner_id: int | None = None) -> list[date]:
    """The months (first days) with at least one sale that stands, newest first; of a facility's
    products, or of the products a learner makes."""
    query = db.select(Sale.sold_dt).join(SaleLine).where(Sale.voided_dt.is_(None))
    if facility_id is not None:
        query = query.where(SaleLine.product_facility_id == facility_id)
    if learner_id is not None:  # the lines they were a maker of when sold
        query = query.join(SaleLineMaker, SaleLineMaker.line_id == SaleLine.id).where(
            SaleLineMaker.learner_id == learner_id)
    return sorted({month_start(sold.date()) for sold in db.session.scalars(query)}, reverse=True)


@dataclass
class LearnerMonth:
    """A maker's month of real sales: units of their products sold, revenue, HPP, the part of the
    profit that is theirs (by their share in each product), the premi rate and their premi."""

    month: date
    units: int = 0
    revenue: int = 0
    cost: int = 0
    earned: int = 0
    premi_percents: tuple[str, ...] = ()
    premi: int = 0

    @property
    def profit(self) -> int:
        """What the buyers paid for these products minus what making them cost."""
        return self.revenue - self.cost


def learner_real_sales(learner) -> list[LearnerMonth]:
    """Month by month, newest first: the real sales of what ``learner`` made (the lines they were a
    maker of when sold) and their premi."""
    months = []
    reports = monthly_reports(learner.facility_id, active_months(learner_id=learner.id))
    for month, report in sorted(reports.items(), reverse=True):
        row = LearnerMonth(month)
        row.units, row.revenue, row.cost = report.made_by_learner.get(learner.id, (0, 0, 0))
        row.earned = report.earned_by_learner.get(learner.id, 0)
        row.premi_percents = tuple(percent(part["rates"].premi_rate) for part in report.parts)
        row.premi = sum(m.premi for m in report.makers if m.learner_id == learner.id)
        months.append(row)
    return months


def learner_products(learner) -> list[CatalogueProduct]:
    """The catalogue products ``learner`` makes."""
    return db.session.scalars(
        db.select(CatalogueProduct).join(ProductMaker).where(ProductMaker.learner_id == learner.id)
        .order_by(CatalogueProduct.name)
    ).all()


def real_sales_summary(learner) -> dict:
    """Evidence for the readiness profile: units sold, revenue, premi and months active."""
    months = learner_real_sales(learner)
    return {"units": sum(m.units for m in months), "revenue": sum(m.revenue for m in months),
            "premi": sum(m.premi for m in months), "months_active": len(months)}
