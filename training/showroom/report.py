"""The monthly PNBP and premi report as rows: one source for the screen, the CSV and the PDF, so
the three agree to the rupiah.

Each section is ``(title, header, rows, money_columns)``; cells are text or integers. The screen and
the PDF write integers in ``money_columns`` as ``Rp12.500``, the CSV as plain whole numbers.
"""
from __future__ import annotations

from training.extensions import gettext as _

from training.showroom.settlement import MonthlyReport, percent
from training.spreadsheet import csv_text
from training.storefront.display import rupiah

BASIS_LABELS = {"profit": "laba", "revenue": "omzet"}


def report_sections(report: MonthlyReport) -> list[tuple[str, list[str], list[list], set[int]]]:
    """The report's tables, in the order they are shown."""
    summary = [
        [_("Penjualan (omzet)"), report.revenue],
        [_("HPP barang terjual"), report.cost],
        [_("Laba kotor"), report.profit],
        [_("PNBP yang harus disetor"), report.pnbp],
        [_("Premi para pembuat"), report.premi],
        [_("Modal kerja"), report.capital],
    ]
    products = [[p.name, p.units, p.revenue, p.cost] for p in report.products]
    makers = [[m.name, m.reg_number, m.premi] for m in report.makers]
    parts = [[percent(part["rates"].pnbp_rate), percent(part["rates"].premi_rate),
              BASIS_LABELS.get(part["rates"].basis, part["rates"].basis),
              part["revenue"], part["cost"], part["pnbp"], part["premi"], part["capital"]] for part in report.parts]
    return [
        (_("Ringkasan"), [_("Pos"), _("Jumlah")], summary, {1}),
        (_("Per produk"), [_("Produk"), _("Terjual"), _("Omzet"), _("HPP")], products, {2, 3}),
        (_("Premi per pembuat"), [_("Nama"), _("No. registrasi"), _("Premi")], makers, {2}),
        (_("Tarif yang dipakai"), [_("PNBP"), _("Premi"), _("Dari"), _("Omzet"), _("HPP"), _("PNBP"), _("Premi"),
                                   _("Modal kerja")], parts, {3, 4, 5, 6, 7}),
    ]


def display_cell(value, column: int, money_columns: set[int]) -> str:
    """A cell as the screen and the PDF show it."""
    if isinstance(value, int) and column in money_columns:
        return rupiah(value)
    return str(value)


def report_csv(report: MonthlyReport, facility_name: str) -> str:
    """The report as CSV (semicolons, as Indonesian spreadsheets expect): every section one after
    another, money as whole rupiah."""
    lines: list[list] = [[_("Laporan penjualan etalase"), facility_name, report.month.strftime("%Y-%m")]]
    for title, header, rows, _money in report_sections(report):
        lines += [[], [title], [str(label) for label in header], *rows]
    return csv_text(lines)
