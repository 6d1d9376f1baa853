"""The monthly report: PNBP and each maker's premi by the practice shop's rules; the screen, the CSV
and the PDF agree cell by cell; dated rates apply from their date and old sales keep theirs."""
from __future__ import annotations

import csv
import html
import io
import re
from datetime import date, datetime

import pytest

from tests.conftest import sign_in
from tests.showroom_world import KOPI, KOPI_UNIT_COST
from training.extensions import db

MONTH = date(2026, 10, 1)
MONEY_HEADERS = {"Jumlah", "Omzet", "HPP", "PNBP", "Premi", "Modal kerja"}  # columns in rupiah


def _setup(app, world):
    """Two products (one made by two learners 70/30), rates changed mid-month, one voided sale."""
    from training.accounts.models import User
    from training.showroom import services
    from training.showroom.models import CatalogueProduct
    from training.showroom.rates import set_rate

    with app.app_context():
        staff = db.session.get(User, world.etalase.id)
        learner, learner2 = db.session.get(User, world.learner.id), db.session.get(User, world.learner2.id)
        kopi = db.session.get(CatalogueProduct, world.catalogue_product.id)
        batik = services.save_product(world.lapas.id, {**KOPI, "name": "Batik tulis", "category": "kerajinan",
                                                       "price": 275_000, "material_cost": 90_000,
                                                       "makers": [(learner, 70), (learner2, 30)]})
        services.move_stock(batik, "delivery", 10, staff)
        set_rate(world.lapas.id, date(2026, 9, 1), 0.15, 0.5, "profit", staff)
        set_rate(world.lapas.id, date(2026, 10, 16), 0.2, 0.4, "profit", staff)
        services.sell(staff, "a", [(kopi, 2), (batik, 1)], "tunai", sold_dt=datetime(2026, 10, 3, 10))
        services.sell(staff, "b", [(batik, 2)], "qris", sold_dt=datetime(2026, 10, 20, 10))
        void = services.sell(staff, "c", [(kopi, 4)], "tunai", sold_dt=datetime(2026, 10, 21, 10))
        services.void_sale(void, staff, "Salah catat")
        services.sell(staff, "d", [(kopi, 1)], "tunai", sold_dt=datetime(2026, 11, 2, 10))  # next month
        db.session.commit()
        return services.product_cost(batik)


def test_report_settles_each_rate_period_and_shares_premi_to_the_rupiah(app, world):
    from training.showroom.settlement import monthly_report

    batik_cost = _setup(app, world)
    with app.app_context():
        report = monthly_report(world.lapas.id, MONTH)
    assert report.sales_count == 2 and report.voided_count == 1
    # 3 Oct at 15%/50%: 2 kopi + 1 batik; 20 Oct at 20%/40%: 2 batik.
    first_profit = 2 * (35_000 - KOPI_UNIT_COST) + (275_000 - batik_cost)
    second_profit = 2 * (275_000 - batik_cost)
    assert [(p["revenue"] - p["cost"]) for p in report.parts] == [first_profit, second_profit]
    assert report.pnbp == round(first_profit * 0.15) + round(second_profit * 0.2)
    assert report.premi == round(first_profit * 0.5) + round(second_profit * 0.4)
    assert report.revenue == report.cost + report.pnbp + report.premi + report.capital
    premi = {m.learner_id: m.premi for m in report.makers}
    assert sum(premi.values()) == report.premi
    assert premi[world.learner2.id] < premi[world.learner.id]


def _html_tables(page: str) -> list[list[list[str]]]:
    tables = []
    for table in re.findall(r'<table class="table report-table[^"]*">(.*?)</table>', page, re.S):
        rows = []
        for row in re.findall(r"<tr>(.*?)</tr>", table, re.S):
            cells = re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, re.S)
            rows.append([html.unescape(c.strip()) for c in cells])
        tables.append(rows)
    return tables


def _csv_tables(text: str) -> list[list[list[str]]]:
    tables, current = [], None
    for row in list(csv.reader(io.StringIO(text), delimiter=";"))[1:]:
        if not row:
            current = None
            continue
        if current is None:
            current = []  # the title row
            tables.append(current)
            continue
        current.append(row)
    return tables


def _money(text: str) -> str:
    """An amount as the screen and the PDF write it, from the CSV's whole rupiah."""
    from training.storefront.display import rupiah

    return rupiah(int(text)) if re.fullmatch(r"-?\d+", text) else text


def test_screen_csv_and_pdf_agree_cell_by_cell(app, world):
    from tests.web.test_readiness_report import pdf_text

    _setup(app, world)
    client = app.test_client()
    assert sign_in(client, world.admin.username).status_code == 302
    query = f"?fasilitas={world.lapas.id}&bulan=2026-10"
    screen = _html_tables(client.get(f"/etalase/laporan{query}").get_data(as_text=True))
    sheet = _csv_tables(client.get(f"/etalase/laporan.csv{query}").get_data(as_text=True))
    pdf = re.sub(r"\s+", " ", pdf_text(client.get(f"/etalase/laporan.pdf{query}").data))
    assert len(screen) == len(sheet) == 4
    compared = 0
    for screen_rows, sheet_rows in zip(screen, sheet):
        assert len(screen_rows) == len(sheet_rows)
        for screen_row, sheet_row in zip(screen_rows, sheet_rows):
            expected = [_money(cell) if sheet_rows[0][index] in MONEY_HEADERS and sheet_row is not sheet_rows[0]
                        else cell for index, cell in enumerate(sheet_row)]
            assert screen_row == expected
            for cell in expected:
                assert cell in pdf, cell
                compared += 1
    assert compared > 30
    assert "Rp" in pdf and "PNBP yang harus disetor" in pdf


def test_exports_are_audited(app, world):
    from training.audit import AuditEvent

    client = app.test_client()
    assert sign_in(client, world.etalase.username).status_code == 302
    assert client.get("/etalase/laporan.csv?bulan=2026-10").status_code == 200
    with app.app_context():
        assert db.session.scalar(db.select(AuditEvent).where(AuditEvent.action == "showroom.report_exported")) is not None


@pytest.mark.parametrize("query", ["?bulan=abc", "?bulan=99999-1", "?fasilitas=99999999999", "?bulan=2026-13"])
def test_odd_report_queries_do_not_fail(app, world, query):
    client = app.test_client()
    assert sign_in(client, world.admin.username).status_code == 302
    assert client.get(f"/etalase/laporan{query}").status_code in (200, 404)


def test_another_facilitys_report_is_out_of_reach(app, world):
    client = app.test_client()
    assert sign_in(client, world.etalase.username).status_code == 302
    assert client.get(f"/etalase/laporan?fasilitas={world.rutan.id}").status_code == 404


def test_a_rate_change_applies_from_its_date_and_old_sales_keep_theirs(app, world):
    from training.showroom.models import SaleLine, Sale

    client = app.test_client()
    assert sign_in(client, world.admin.username).status_code == 302
    from tests.conftest import post_form

    response = post_form(client, "/etalase/tarif", {"valid_from": "2020-01-01", "pnbp_percent": "10",
                                                    "premi_percent": "30", "split_basis": "revenue"},
                         page="/etalase/tarif")
    assert response.status_code == 302
    refused = post_form(client, "/etalase/tarif", {"valid_from": "2020-01-01", "pnbp_percent": "60",
                                                   "premi_percent": "50", "split_basis": "profit"}, page="/etalase/tarif")
    assert "paling banyak 100%" in refused.get_data(as_text=True)
    with app.app_context():
        old_line = db.session.scalar(db.select(SaleLine).join(Sale).where(Sale.id == world.sale.id))
        assert (old_line.pnbp_rate, old_line.premi_rate) == (0.15, 0.5)  # sold before the change was made
        from training.accounts.models import User
        from training.showroom import services
        from training.showroom.models import CatalogueProduct

        sale = services.sell(db.session.get(User, world.etalase.id), "after",
                             [(db.session.get(CatalogueProduct, world.catalogue_product.id), 1)], "tunai")
        assert (sale.lines[0].pnbp_rate, sale.lines[0].premi_rate, sale.lines[0].split_basis) == (0.1, 0.3, "revenue")
        db.session.rollback()


def test_the_csv_gives_a_spreadsheet_no_formula_to_run(app, world):
    """A product or maker whose name a spreadsheet would read as a formula comes out as text."""
    from training.accounts.models import User
    from training.showroom.models import CatalogueProduct

    _setup(app, world)
    with app.app_context():
        db.session.scalar(db.select(CatalogueProduct).where(CatalogueProduct.name == "Batik tulis")).name = \
            '=HYPERLINK("http://contoh.test","klik")'
        db.session.get(User, world.learner2.id).full_name = "@SUM(1+1)"
        db.session.commit()
    client = app.test_client()
    assert sign_in(client, world.admin.username).status_code == 302
    text = client.get(f"/etalase/laporan.csv?fasilitas={world.lapas.id}&bulan=2026-10").get_data(as_text=True)
    cells = [cell for row in csv.reader(io.StringIO(text), delimiter=";") for cell in row]
    assert "'=HYPERLINK(\"http://contoh.test\",\"klik\")" in cells and "'@SUM(1+1)" in cells
    assert not any(cell[:1] in ("=", "+", "@", "\t", "\r") for cell in cells)
    assert any(cell.lstrip("-").isdigit() and int(cell) > 0 for cell in cells)  # money stays numbers


def test_a_settled_month_keeps_its_makers_when_a_products_makers_change(app, world):
    """The premi of a sale goes to the makers the product had when it was sold: a maker who leaves
    keeps what they earned, and the one who joins earns from the next sale on."""
    from training.accounts.models import User
    from training.showroom import services
    from training.showroom.models import CatalogueProduct
    from training.showroom.settlement import learner_real_sales, monthly_report

    _setup(app, world)
    with app.app_context():
        before = monthly_report(world.lapas.id, MONTH)
        premi_before = {m.learner_id: m.premi for m in before.makers}
        assert premi_before[world.learner.id] > 0 and premi_before[world.learner2.id] > 0
        learner, learner2 = db.session.get(User, world.learner.id), db.session.get(User, world.learner2.id)
        months_before = {m.month: (m.units, m.revenue, m.premi) for m in learner_real_sales(learner)}
        batik = db.session.scalar(db.select(CatalogueProduct).where(CatalogueProduct.name == "Batik tulis"))
        services.save_product(world.lapas.id, {**KOPI, "name": "Batik tulis", "category": "kerajinan", "price": 275_000,
                                               "material_cost": 90_000, "makers": [(learner2, 100)]}, product=batik)
        db.session.commit()
        after = monthly_report(world.lapas.id, MONTH)
        assert {m.learner_id: m.premi for m in after.makers} == premi_before  # October is as it was
        assert {m.month: (m.units, m.revenue, m.premi) for m in learner_real_sales(learner)} == months_before

        staff = db.session.get(User, world.etalase.id)
        services.sell(staff, "e", [(batik, 1)], "tunai", sold_dt=datetime(2026, 10, 28, 10))
        db.session.commit()
        later = monthly_report(world.lapas.id, MONTH)
        assert later.earned_by_learner[world.learner.id] == after.earned_by_learner[world.learner.id]
        assert later.earned_by_learner[world.learner2.id] > after.earned_by_learner[world.learner2.id]
        assert sum(m.premi for m in later.makers) == later.premi


def test_a_makers_months_are_read_with_the_same_few_queries_however_many_there_are(app, world):
    """A maker's real-sales page settles every month they sold in with one read of each kind, and
    the months settled together are the months settled one by one."""
    from tests.conftest import count_queries
    from training.accounts.models import User
    from training.showroom import services
    from training.showroom.models import CatalogueProduct
    from training.showroom.settlement import monthly_report, monthly_reports

    _setup(app, world)
    client = app.test_client()
    assert sign_in(client, world.learner.reg_number).status_code == 302
    client.get("/belajar/penjualan-nyata")
    two, response = count_queries(app, lambda: client.get("/belajar/penjualan-nyata"))
    assert response.status_code == 200
    with app.app_context():
        staff = db.session.get(User, world.etalase.id)
        batik = db.session.scalar(db.select(CatalogueProduct).where(CatalogueProduct.name == "Batik tulis"))
        for number, sold in enumerate((datetime(2026, 8, 5, 10), datetime(2026, 6, 9, 10), datetime(2026, 6, 20, 10))):
            services.sell(staff, f"lama-{number}", [(batik, 1)], "tunai", sold_dt=sold)
        db.session.commit()
    four, response = count_queries(app, lambda: client.get("/belajar/penjualan-nyata"))
    assert response.status_code == 200 and four == two
    with app.app_context():
        months = [date(2026, 6, 1), date(2026, 7, 1), date(2026, 8, 1), MONTH, date(2026, 11, 1)]
        together = monthly_reports(world.lapas.id, months)
        assert list(together) == months
        assert all(together[month] == monthly_report(world.lapas.id, month) for month in months)
        assert together[date(2026, 6, 1)].sales_count == 2 and together[date(2026, 7, 1)].sales_count == 0
        assert together[MONTH].voided_count == 1
