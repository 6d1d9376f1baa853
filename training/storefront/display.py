"""What the shop pages show, worked out from stored results: tables, charts and debriefs.

Shared by practice seasons and class markets; no request handling here.
"""
from __future__ import annotations

from flask_babel import get_locale
from training.extensions import gettext as _
from flask_babel import lazy_gettext as _l

from training.simulator import MarketSettings, PeriodResult, debrief_period, profit_curve
from training.simulator.money import format_rupiah
from training.storefront import money_flow
from training.storefront.charts import Chart, Series, render_svg, short_value
from training.storefront.market import CHANNELS

CHANNEL_NAMES = {"showroom": _l("Showroom"), "bazar": _l("Bazar"), "online": _l("Toko online")}
SELLER_STRATEGY_NAMES = {
    "mixed": _l("campuran"), "fixed": _l("harga tetap"), "undercut": _l("selalu lebih murah"),
    "premium": _l("mahal, mutu tinggi"), "best_response": _l("pintar (mencari harga terbaik)"),
}
"""How the simulated sellers set prices, in plain words (the class-market form and page)."""


def channel_choices(codes=CHANNELS) -> list[tuple[str, str]]:
    """(code, name) of the channels, for checkboxes."""
    return [(c, str(CHANNEL_NAMES[c])) for c in CHANNELS if c in codes]


def channel_name(code: str) -> str:
    """A channel's name in the page's language (the code itself for an unknown one)."""
    return str(CHANNEL_NAMES.get(code, code))


def strategy_name(code: str) -> str:
    """A seller strategy's name in the page's language (the code itself for an unknown one)."""
    return str(SELLER_STRATEGY_NAMES.get(code, code))


def page_lang() -> str:
    """This request's language as the simulator's texts know it (``id`` or ``en``): debriefs,
    category and unit names."""
    lang = get_locale().language if get_locale() is not None else "id"
    return lang if lang in ("id", "en") else "id"


def rupiah(amount) -> str:
    """``Rp12.500`` (Indonesian grouping)."""
    return format_rupiah(round(amount or 0))


def product_names(snapshots: list[dict]) -> dict[int, str]:
    """Product id -> name, from decision or product snapshots."""
    return {int(s["product_id"]): s["name"] for s in snapshots}


def offer_label(offer_id: str, names: dict[int, str]) -> str:
    """``Roti sobek · Bazar`` for an offer id ``owner:p<product>:<channel>``."""
    _owner, product, channel = offer_id.split(":")
    name = names.get(int(product[1:]), _("Produk"))
    return f"{name} · {channel_name(channel)}"


def week_rows(result: PeriodResult, owner_id: str, names: dict[int, str]) -> list[dict]:
    """One table row per product and channel of a learner's week."""
    rows = []
    for done in result.offers_of(owner_id):
        rows.append({"label": offer_label(done.offer_id, names), "price": done.price, "made": done.units_made,
                     "available": done.available, "sold": done.sold, "lost": done.lost, "spoiled": done.spoiled,
                     "stock_left": done.stock_left, "revenue": done.revenue, "costs": done.total_costs,
                     "profit": done.profit})
    return rows


def week_totals(result: PeriodResult, owner_id: str) -> dict:
    """A learner's totals for one week (the split is not here: it is settled per period, see
    :mod:`training.storefront.money_flow`)."""
    totals = result.totals(owner_id)
    stock = sum(done.stock_left for done in result.offers_of(owner_id))
    return {**{k: totals[k] for k in ("revenue", "profit", "sold", "lost", "spoiled")}, "stock_left": stock}


def week_view(results: list[PeriodResult], index: int, owner_id: str, settings: MarketSettings,
              names: dict[int, str], ledgers=None) -> dict:
    """What a week's result shows (practice season or class market): its table, totals, debrief
    and where the money went (``ledgers``: the weeks' cash ledgers, when cash is kept)."""
    result = results[index]
    previous = results[index - 1] if index > 0 else None
    return {"week_number": index + 1, "rows": week_rows(result, owner_id, names),
            "totals": week_totals(result, owner_id),
            "money": money_flow.week_money(results, index, owner_id, settings, ledgers),
            "debriefs": week_debriefs(result, previous, owner_id, settings, names, page_lang())}


def season_charts(results: list[PeriodResult], owner_id: str, weeks: int, ledgers=None) -> list:
    """Sales, profit, cash and stock over the season's weeks as SVG charts (unplayed weeks empty).

    With the weeks' cash ledgers the third chart is the cash at each week's end; without (a class
    market) it is the profit added up so far.
    """
    labels = [_("M%(n)d", n=i + 1) for i in range(weeks)]
    sold, profit, cash, stock = [None] * weeks, [None] * weeks, [None] * weeks, [None] * weeks
    by_week = {ledger.week_index: ledger for ledger in ledgers or () if ledger is not None}
    running = 0
    for result in results:
        i = result.week_index
        if i >= weeks:
            continue
        mine = result.offers_of(owner_id)
        sold[i] = sum(r.sold for r in mine)
        profit[i] = sum(r.profit for r in mine) - (by_week[i].paid_wages + by_week[i].interest if i in by_week else 0)
        running += profit[i]
        cash[i] = by_week[i].closing if i in by_week else running
        stock[i] = sum(r.stock_left for r in mine)
    cash_title = _("Uang kas di akhir minggu") if by_week else _("Laba terkumpul")
    return [
        render_svg(Chart(_("Barang terjual per minggu"), labels, [Series(_("terjual"), sold)], money=False)),
        render_svg(Chart(_("Laba per minggu"), labels, [Series(_("laba"), profit)])),
        render_svg(Chart(cash_title, labels, [Series(_("kas") if by_week else _("laba"), cash, "line")])),
        render_svg(Chart(_("Stok tersisa di akhir minggu"), labels, [Series(_("stok"), stock, "line")], money=False)),
    ]


def stock_on_hand(results: list[PeriodResult], owner_id: str, settings: MarketSettings,
                  names: dict[int, str]) -> list[dict]:
    """The learner's stock now, one row per batch: product and place, units, age in days, and the
    days left before it spoils (None for goods that keep)."""
    rows = []
    for done in results[-1].offers_of(owner_id) if results else ():
        shelf = settings.categories[done.category].shelf_life_days
        for batch in done.stock_after:
            if batch.units > 0:
                rows.append({"label": offer_label(done.offer_id, names), "units": batch.units,
                             "age_days": batch.age_days,
                             "days_left": None if shelf is None else max(0, shelf - batch.age_days)})
    return rows


def week_debriefs(result: PeriodResult, previous: PeriodResult | None, owner_id: str,
                  settings: MarketSettings, names: dict[int, str], lang: str) -> list[tuple[str, list]]:
    """(offer label, debrief items) for each of the learner's offers in a week."""
    out = []
    for done in result.offers_of(owner_id):
        items = debrief_period(result, done.offer_id, settings, previous, lang=lang if lang in ("id", "en") else "id")
        out.append((offer_label(done.offer_id, names), items))
    return out


def week_curves(result: PeriodResult, owner_id: str, settings: MarketSettings, names: dict[int, str]) -> list:
    """(product and channel, SVG chart, curve) of the what-if curve of each of the learner's offers."""
    return [(offer_label(done.offer_id, names), *curve_chart(result, done.offer_id, settings))
            for done in result.offers_of(owner_id)]


def curve_chart(result: PeriodResult, offer_id: str, settings: MarketSettings):
    """The what-if profit curve of one offer as an SVG chart, “harga terbaik” and “harga Anda”
    marked; and the curve. Narrow with large text, so it reads at 1366 px and on a phone; the
    product's name goes in the page's caption, so the title is never cut."""
    curve = profit_curve(result, offer_id, settings, points=25)
    points = list(curve.points)
    every = max(1, -(-len(points) // 3))  # three price labels: wide apart at any size
    chart = Chart(_("Kalau harganya lain"), [short_value(p.price, True) for p in points],
                  [Series(_("laba (perkiraan)"), [p.profit for p in points], "line")],
                  marker=(points.index(curve.best), _("harga terbaik %(price)s", price=rupiah(curve.best.price))),
                  more_markers=[] if curve.actual == curve.best else
                  [(points.index(curve.actual), _("harga Anda %(price)s", price=rupiah(curve.actual.price)))],
                  label_every=every, marker_legend=True)
    return render_svg(chart, width=440, height=340, font=17), curve
