"""Issue 10's money and limits in a practice season: \u201cke mana uang Anda\u201d adds up to the tables,
the split is settled per period with losses carried forward (premi never above the premi share
of net profit), the plan is refused with its reason when hours or cash cannot pay for it, a loan
costs interest, and the form pre-fills a small first batch and then the learner's own last week."""
from __future__ import annotations

import re

import pytest

from tests.conftest import post_form, sign_in
from tests.storefront_world import START
from training.extensions import db
from training.simulator import PeriodResult
from training.storefront import practice, services
from training.storefront.display import rupiah
from training.storefront.models import MarketSeason


def signed_in(app, login: str):
    """A client signed in as ``login`` (checked)."""
    client = app.test_client()
    assert sign_in(client, login).status_code == 302
    return client


def new_season(app, world, **limits) -> int:
    """A fresh 8-week season of the world's product, the facility's limits set first."""
    from training.accounts.models import User
    from training.storefront.models import Product

    with app.app_context():
        services.save_facility_settings(world.lapas.id, pnbp_rate=0.15, premi_rate=0.5, split_basis="profit",
                                        margin_low_percent=20, margin_high_percent=50, **limits)
        season = practice.start_season(db.session.get(User, world.learner.id),
                                       [db.session.get(Product, world.product.id)], 8, seed=21, start_date=START)
        db.session.commit()
        return season.id


def play(client, season_id: int, week: int, product_id: int, **fields):
    """Post one week's decisions (one product) with any extra fields; returns the response."""
    data = {"week_index": str(week), "rows-0-product_id": str(product_id), "rows-0-price": fields.pop("price", "Rp 20.000"),
            "rows-0-units": fields.pop("units", "10"), "rows-0-channels": fields.pop("channels", ["showroom"]),
            "rows-0-marketing": fields.pop("marketing", "0"), **fields}
    url = f"/toko/latihan/{season_id}"
    return post_form(client, f"{url}/minggu", data, page=url)


def weeks_played(app, season_id: int) -> int:
    with app.app_context():
        return db.session.get(MarketSeason, season_id).weeks_played


def test_a_plan_the_cash_cannot_pay_for_is_refused_with_the_reason_and_a_loan_pays_for_it(app, world):
    season_id = new_season(app, world, starting_modal=200_000)
    client = signed_in(app, world.learner.reg_number)
    refused = play(client, season_id, 0, world.product.id, units="30")  # 30 x Rp12.550 = Rp376.500
    html = refused.get_data(as_text=True)
    assert refused.status_code == 200 and "Uang Anda Rp200.000" in html and 'value="30"' in html
    assert weeks_played(app, season_id) == 0
    ran = play(client, season_id, 0, world.product.id, units="30", borrow="Rp 200.000")  # at most the starting modal
    assert ran.status_code == 302 and weeks_played(app, season_id) == 1
    page = client.get(ran.headers["Location"]).get_data(as_text=True)
    assert "Pinjaman diterima" in page and "Bunga pinjaman" in page and "Utang pinjaman" in page


def test_a_plan_needing_more_hours_than_the_week_has_is_refused_and_a_helper_adds_hours(app, world):
    season_id = new_season(app, world, hours_per_week=10)
    client = signed_in(app, world.learner.reg_number)
    html = play(client, season_id, 0, world.product.id, units="30").get_data(as_text=True)  # 30 x 0,5 h = 15 h
    assert "Waktu Anda 10 jam seminggu" in html and weeks_played(app, season_id) == 0
    ran = play(client, season_id, 0, world.product.id, units="30", helper_hours="5")
    assert ran.status_code == 302
    page = client.get(ran.headers["Location"]).get_data(as_text=True)
    assert "Upah pembantu" in page and rupiah(5 * 15_000) in page


@pytest.mark.parametrize("period", ["week", "month", "season"])
def test_premi_is_settled_per_period_on_net_profit_with_losses_carried(app, world, period):
    season_id = new_season(app, world, settlement_period=period)
    client = signed_in(app, world.learner.reg_number)
    # A losing week (a big batch at a low price), then weeks at a fair price.
    assert play(client, season_id, 0, world.product.id, price="Rp 12.000", units="40").status_code == 302
    for week in range(1, 8):
        assert play(client, season_id, week, world.product.id, price="Rp 21.000", units="12").status_code == 302
    with app.app_context():
        season = db.session.get(MarketSeason, season_id)
        results = [PeriodResult.from_dict(w.result) for w in season.played]
        owner = practice.owner_key(season.learner_id)
        profits = [sum(r.profit for r in result.offers_of(owner)) for result in results]
        premi = [sum(r.premi for r in result.offers_of(owner)) for result in results]
    assert profits[0] < 0
    report = client.get(f"/toko/latihan/{season_id}/laporan").get_data(as_text=True)
    shown = int(re.search(r'class="stat-n">Rp([\d.]+)</span>premi untuk Anda', report).group(1).replace(".", ""))
    net = sum(profits)
    assert shown <= (net + 1) // 2  # never more than half (the premi rate) of the season's net profit
    if period == "season":
        assert shown == (net + 1) // 2  # one settlement: exactly half, rounded half up
    if period == "week":
        assert shown < sum(p for p in premi if p > 0) or profits[0] >= 0  # the loss is netted, not ignored
    assert "Ke mana uang Anda (satu musim)" in report and rupiah(net) in report


def test_the_weeks_money_flow_matches_its_table(app, world):
    client = signed_in(app, world.learner.reg_number)
    page = client.get(f"/toko/latihan/{world.season.id}/minggu/1").get_data(as_text=True)
    with app.app_context():
        week = db.session.get(MarketSeason, world.season.id).played[0]
        result = PeriodResult.from_dict(week.result)
        totals = result.totals(practice.owner_key(world.learner.id))
    flow = page[page.index('id="uang"'):]
    assert f"Uang masuk dari penjualan</th><td class=\"num\">{rupiah(totals['revenue'])}" in flow
    assert rupiah(totals["profit"]) in flow and "Premi untuk Anda" in flow and "Kas di akhir minggu" in flow
    assert "premi untuk Anda (minggu 1)" in page


def test_the_form_prefills_the_advised_price_and_a_small_first_batch_then_last_week(app, world):
    season_id = new_season(app, world)
    client = signed_in(app, world.learner.reg_number)
    form = client.get(f"/toko/latihan/{season_id}").get_data(as_text=True)
    advised = re.search(r"<strong>Showroom:</strong>\s*harga Rp([\d.]+), buat (\d+)\.", form)
    units = int(re.search(r'name="rows-0-units"[^>]*value="(\d+)"', form).group(1))
    assert 1 <= units < int(advised.group(2))  # a small first batch (half the advice), never a fixed 10
    assert f'name="rows-0-price" placeholder="Rp" type="text" value="{advised.group(1)}"' in form
    assert "Harga penjual lain di sini: Rp" in form  # the market range is the rivals', not a price for this product
    assert play(client, season_id, 0, world.product.id, price="Rp 19.500", units="7").status_code == 302
    form = client.get(f"/toko/latihan/{season_id}").get_data(as_text=True)
    assert 'value="19.500"' in form and re.search(r'name="rows-0-units"[^>]*value="7"', form)
    assert "Stok di tangan" in form and "jam kerja Anda seminggu" in form


def test_a_facility_admin_sets_the_settlement_period_and_the_limits(app, world):
    client = signed_in(app, world.admin.username)
    response = post_form(client, "/admin/toko/", {
        "pnbp_percent": "15", "premi_percent": "50", "split_basis": "profit", "margin_low_percent": "20",
        "margin_high_percent": "50", "settlement_period": "month", "hours_per_week": "25", "helper_wage": "Rp 12.000",
        "starting_modal": "Rp 750.000", "loan_rate_percent": "1,5"}, page="/admin/toko/")
    assert response.status_code == 302
    with app.app_context():
        row = services.facility_settings(world.lapas.id)
        assert (row.settlement_period, row.hours_per_week, row.helper_wage, row.starting_modal, row.loan_rate_percent) == (
            "month", 25, 12_000, 750_000, 1.5)


def test_ulangi_minggu_ini_replays_the_week_side_by_side_and_changes_nothing(app, world):
    client = signed_in(app, world.learner.reg_number)
    with app.app_context():
        before = db.session.get(MarketSeason, world.season.id).played[0].result
    url = f"/toko/latihan/{world.season.id}/minggu/1/ulangi"
    assert "Ulangi minggu ini" in client.get(f"/toko/latihan/{world.season.id}/minggu/1").get_data(as_text=True)
    form = client.get(url).get_data(as_text=True)
    assert 'name="rows-0-price"' in form and 'value="20.000"' in form  # the week as played
    same = client.get(url, query_string={"rows-0-price": "20.000", "rows-0-units": "20",
                                         "rows-0-marketing": "0"}).get_data(as_text=True)
    assert "Labanya sama." in same  # the same draw: an unchanged replay is the recorded week
    dearer = client.get(url, query_string={"rows-0-price": "30.000", "rows-0-units": "20",
                                           "rows-0-marketing": "0"}).get_data(as_text=True)
    assert "kalau diulang" in dearer and "Rp30.000" in dearer and "Labanya sama." not in dearer
    bad = client.get(url, query_string={"rows-0-price": "9" * 20, "rows-0-units": "20", "rows-0-marketing": "0"})
    assert bad.status_code == 200 and "Paling banyak Rp100 miliar" in bad.get_data(as_text=True)
    with app.app_context():
        assert db.session.get(MarketSeason, world.season.id).played[0].result == before


def test_the_product_page_shows_the_rivals_range_never_as_a_price_for_the_product(app, world):
    client = signed_in(app, world.learner.reg_number)
    page = client.get(f"/toko/produk/{world.product.id}").get_data(as_text=True)
    assert "Itu harga mereka, bukan harga untuk produk Anda" in page
    assert "Harga pasar" not in page and "biasanya sekitar" not in page
