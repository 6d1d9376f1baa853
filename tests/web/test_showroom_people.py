"""What others see of the showroom: the maker's page and portfolio, the officer's readiness
profile, the public catalogue (no learner named) and the calibration command."""
from __future__ import annotations

import io
import re

from pypdf import PdfReader

from tests.conftest import sign_in
from tests.web.test_certificates_pdf import PRISON_WORDS
from tests.web.test_readiness_report import FORBIDDEN, pdf_text
from training.extensions import db


def _signed_in(app, user):
    client = app.test_client()
    assert sign_in(client, user.login_name if hasattr(user, "login_name") else user).status_code == 302
    return client


def test_the_maker_sees_the_sale_and_the_premi_on_their_page(app, world):
    client = _signed_in(app, world.learner)
    page = client.get("/belajar/penjualan-nyata").get_data(as_text=True)
    assert "Kopi bubuk 250 g" in page and "Rp35.000" in page
    # One unit, Rp35.000 - Rp13.000 HPP = Rp22.000 profit; the example split gives 50% premi.
    assert "Rp11.000" in page
    # The page shows every step from what buyers paid to the premi: HPP, the maker's share of the
    # profit and the premi rate, so Rp22.000 x 50% = Rp11.000 can be followed on the screen.
    assert "Rp13.000" in page and "Rp22.000" in page and "premi 50% dari laba" in page
    other = _signed_in(app, world.other_learner).get("/belajar/penjualan-nyata").get_data(as_text=True)
    assert "Kopi bubuk 250 g" not in other and "Belum ada produk Anda" in other


def test_portfolio_has_products_sales_and_certificates_and_no_prison_words(app, world):
    client = _signed_in(app, world.learner)
    response = client.get(f"/portofolio/{world.learner.id}.pdf")
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    text = re.sub(r"\s+", " ", pdf_text(response.data))
    assert "Portofolio Usaha" in text and world.learner.full_name in text
    assert "Kopi bubuk 250 g" in text and "Rp13.000" in text  # the costing
    assert "Rp11.000" in text  # the premi of the real sale
    assert world.certificate.display_code in text
    lowered = text.lower()
    for word in PRISON_WORDS + FORBIDDEN:
        assert not re.search(rf"\b{word}", lowered), word
    assert world.learner.reg_number.lower() not in lowered and world.lapas.name.lower() not in lowered
    assert PdfReader(io.BytesIO(response.data)).pages[0].images  # the product photo


def test_the_officer_downloads_the_portfolio_and_it_is_audited(app, world):
    from training.audit import AuditEvent

    client = _signed_in(app, world.officer)
    assert client.get(f"/portofolio/{world.learner.id}.pdf").status_code == 200
    assert client.get(f"/portofolio/{world.learner2.id}.pdf").status_code == 404  # not on the caseload
    with app.app_context():
        event = db.session.scalar(db.select(AuditEvent).where(AuditEvent.action == "showroom.portfolio_downloaded"))
        assert event.actor_id == world.officer.id and event.target_id == world.learner.id


def test_readiness_profile_shows_real_sales(app, world):
    client = _signed_in(app, world.officer)
    page = client.get(f"/kesiapan/{world.learner.id}").get_data(as_text=True)
    section = page.split("Penjualan nyata di etalase", 1)[1].split("</section>", 1)[0]
    assert "Unit terjual" in section and "Rp35.000" in section
    report = re.sub(r"\s+", " ", pdf_text(client.get(f"/kesiapan/{world.learner.id}/laporan.pdf").data))
    assert "Penjualan nyata di etalase" in report and "Rp35.000" in report


def test_public_catalogue_shows_products_and_prices_but_no_learner(app, world):
    client = app.test_client()
    page = client.get("/katalog/").get_data(as_text=True)
    assert "Kopi bubuk 250 g" in page and "Rp35.000" in page and "Lapas A" in page
    for personal in (world.learner.full_name, world.learner.reg_number, world.other_learner.full_name,
                     world.etalase.full_name):
        assert personal not in page
    narrowed = client.get(f"/katalog/?asal={world.rutan.id}").get_data(as_text=True)
    assert "Kopi rutan" in narrowed and "Kopi bubuk 250 g" not in narrowed
    assert client.get(f"/katalog/foto/{world.catalogue_product.id}").mimetype == "image/jpeg"
    assert client.get(f"/katalog/foto/{world.other_product.id}").status_code == 404  # no photo


def test_calibration_proposes_and_applies_only_after_an_admins_yes(app, world):
    from training.audit import AuditEvent
    from training.showroom.models import Calibration, Sale

    with app.app_context():  # the world's sale was made when the session's world was built, maybe before midnight
        today = db.session.get(Sale, world.sale.id).sold_dt.date().isoformat()
    runner = app.test_cli_runner()
    shown = runner.invoke(args=["showroom-calibrate", "--from", today, "--to", today])
    assert shown.exit_code == 0 and "makanan" in shown.output and "Rp35.000" in shown.output
    refused = runner.invoke(args=["showroom-calibrate", "--from", today, "--to", today, "--apply"])
    assert refused.exit_code != 0 and "--admin" in refused.output
    declined = runner.invoke(args=["showroom-calibrate", "--from", today, "--to", today, "--apply", "--admin",
                                   world.national.username], input="n\n")
    assert "Not applied" in declined.output
    with app.app_context():
        assert db.session.scalar(db.select(db.func.count(Calibration.id))) == 0
    accepted = runner.invoke(args=["showroom-calibrate", "--from", today, "--to", today, "--apply", "--admin",
                                   world.national.username], input="y\n")
    assert accepted.exit_code == 0 and "Applied 1" in accepted.output
    with app.app_context():
        from training.showroom.calibration import calibrated_categories

        assert calibrated_categories()["makanan"].reference_price == 35_000
        assert calibrated_categories()["makanan"].customers_per_week["showroom"] == 1 * 3  # a period under a week counts as one
        event = db.session.scalar(db.select(AuditEvent).where(AuditEvent.action == "showroom.calibration_applied"))
        assert event.actor_id == world.national.id and event.details["before"]["reference_price"] == 50_000


def test_demo_has_a_catalogue_two_months_of_sales_and_calibration_figures(app):
    from datetime import timedelta

    from training.accounts.models import Facility, User
    from training.clock import today_utc
    from training.showroom.models import CatalogueProduct, Sale
    from training.showroom.settlement import active_months, learner_real_sales, monthly_report

    runner = app.test_cli_runner()
    loaded = runner.invoke(args=["load-demo"])
    assert loaded.exit_code == 0 and "etalase.contoh" in loaded.output
    with app.app_context():
        lapas = db.session.scalar(db.select(Facility).where(Facility.code == "LPS-CONTOH"))
        products = db.session.scalars(db.select(CatalogueProduct).where(CatalogueProduct.facility_id == lapas.id)).all()
        assert len(products) >= 8 and all(p.photo_id for p in products)
        months = active_months(facility_id=lapas.id)
        first = today_utc().replace(day=1)
        two_before = (first - timedelta(days=40)).replace(day=1)
        assert two_before in months and (first - timedelta(days=1)).replace(day=1) in months
        report = monthly_report(lapas.id, two_before)
        assert report.pnbp > 0 and report.premi > 0 and len(report.makers) >= 5
        assert db.session.scalar(db.select(db.func.count(Sale.id)).where(Sale.voided_dt.is_not(None))) == 1
        maker = db.session.scalar(db.select(User).where(User.reg_number == "BI.101/2025"))
        assert sum(m.premi for m in learner_real_sales(maker)) > 0
        for month in learner_real_sales(maker):  # every demo product sells at a profit, one rate a month
            (rate,) = month.premi_percents
            # the page's "premi kira-kira persen premi dikali laba bagian Anda": the month's premi is
            # rounded to the rupiah once and shared by largest remainder, so a maker's premi lies
            # within 1.5 rupiah of rate x their profit, never further
            assert abs(100 * month.premi - month.earned * int(rate.rstrip("%"))) < 150
    again = runner.invoke(args=["load-demo"])
    assert again.exit_code == 0
    with app.app_context():
        assert db.session.scalar(db.select(db.func.count(CatalogueProduct.id))) == len(products)
    proposed = runner.invoke(args=["showroom-calibrate", "--from", two_before.isoformat(),
                                   "--to", (first - timedelta(days=1)).isoformat()])
    assert proposed.exit_code == 0
    for category in ("kerajinan", "makanan", "mebel", "perikanan", "pertanian"):
        assert category in proposed.output


def test_a_facility_admin_creates_showroom_staff_who_land_on_the_sales_screen(app, world):
    from tests.conftest import post_form
    from tests.web.test_facility_admin import temp_passwords

    admin = _signed_in(app, world.admin)
    assert "Petugas etalase" in admin.get("/admin/petugas/baru").get_data(as_text=True)
    response = post_form(admin, "/admin/petugas/baru", {"username": "kasir.baru", "full_name": "Kasir Baru",
                                                        "role": "etalase", "facility": world.lapas.id},
                         page="/admin/petugas/baru")
    [temp] = temp_passwords(response.get_data(as_text=True))
    client = app.test_client()
    assert sign_in(client, "kasir.baru", temp).status_code == 302
    from training.accounts.models import User

    with app.app_context():
        user = db.session.scalar(db.select(User).where(User.username == "kasir.baru"))
        user.must_change_password = False
        db.session.commit()
    assert client.get("/").headers["Location"].endswith("/etalase/")
    page = client.get("/etalase/").get_data(as_text=True)
    assert "Kopi bubuk 250 g" in page and "Kopi rutan" not in page
