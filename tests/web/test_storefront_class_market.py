"""Class markets: opened by an instructor, played round by round by the class's learners."""
from __future__ import annotations

import re
from datetime import timedelta

from tests.conftest import post_form, sign_in
from training.clock import now_utc
from training.extensions import db
from training.storefront import class_market as markets
from training.storefront.models import ClassMarket, ClassMarketDecision


def decision_post(week_index, product_id, price="Rp 22.000", units="20", channels=("showroom",)) -> dict:
    return {"week_index": str(week_index), "rows-0-product_id": str(product_id), "rows-0-price": price,
            "rows-0-units": units, "rows-0-channels": list(channels), "rows-0-marketing": "0"}


def learner2_product(app, world) -> int:
    from tests.storefront_world import ROTI
    from training.accounts.models import User
    from training.storefront import services

    with app.app_context():
        product = services.save_product(db.session.get(User, world.learner2.id), {**ROTI, "name": "Donat"})
        db.session.commit()
        return product.id


def submit(app, login, market_id, week, product_id, **kwargs):
    client = app.test_client()
    sign_in(client, login)
    url = f"/pasar-kelas/{market_id}"
    return post_form(client, f"{url}/keputusan", decision_post(week, product_id, **kwargs), page=url, follow_redirects=True)


def market(app, market_id) -> ClassMarket:
    with app.app_context():
        row = db.session.get(ClassMarket, market_id)
        db.session.expunge(row)
        return row


def test_instructor_opens_a_market_with_the_facility_rates(app, world):
    client = app.test_client()
    sign_in(client, world.instructor.username)
    form = client.get("/pasar-kelas/baru").get_data(as_text=True)
    assert 'value="15"' in form and 'value="50"' in form  # the example split until the facility sets its own
    response = post_form(client, "/pasar-kelas/baru", {
        "training_class": str(world.class_a.id), "name": "Pasar Senin", "weeks": "6", "channels": ["showroom", "online"],
        "pnbp_percent": "15", "premi_percent": "50", "split_basis": "profit", "seller_count": "2",
        "seller_strategy": "undercut", "seed": "1234", "ranking_visible": "y"}, page="/pasar-kelas/baru")
    assert response.status_code == 302
    market_id = int(re.search(r"/pasar-kelas/(\d+)", response.headers["Location"]).group(1))
    opened = market(app, market_id)
    assert (opened.weeks, opened.channels, opened.seed) == (6, ["showroom", "online"], 1234)
    assert len(opened.sellers) == 5 * 2 * 2 and {s["strategy"]["kind"] for s in opened.sellers} == {"undercut"}


def test_round_runs_by_itself_when_everyone_has_submitted(app, world):
    other_product = learner2_product(app, world)
    first = submit(app, world.learner.reg_number, world.class_market.id, 0, world.product.id)
    assert "Keputusan terkirim" in first.get_data(as_text=True)
    assert market(app, world.class_market.id).current_week == 0
    second = submit(app, world.learner2.reg_number, world.class_market.id, 0, other_product, price="Rp 25.000")
    assert "putaran dijalankan" in second.get_data(as_text=True)
    after = market(app, world.class_market.id)
    assert after.current_week == 1
    with app.app_context():
        ranking = markets.ranking(db.session.get(ClassMarket, world.class_market.id))
    assert {r["learner_id"] for r in ranking} == {world.learner.id, world.learner2.id}


def test_instructor_advances_a_round_and_those_who_sent_nothing_sit_out(app, world):
    submit(app, world.learner.reg_number, world.class_market.id, 0, world.product.id)
    client = app.test_client()
    sign_in(client, world.instructor.username)
    url = f"/pasar-kelas/{world.class_market.id}"
    page = client.get(url).get_data(as_text=True)
    assert "1 dari 2 warga binaan" in page
    response = post_form(client, f"{url}/jalankan", {}, page=url)
    assert response.status_code == 302
    assert market(app, world.class_market.id).current_week == 1
    with app.app_context():
        result = markets.history(db.session.get(ClassMarket, world.class_market.id))[0]
    assert {r.owner_id for r in result.offers if r.kind == "learner"} == {str(world.learner.id)}
    report = client.get(f"{url}/laporan/{world.learner.id}").get_data(as_text=True)
    assert "Selama 1 minggu" in report


def test_learner_cannot_submit_for_a_closed_round(app, world):
    client = app.test_client()
    sign_in(client, world.instructor.username)
    url = f"/pasar-kelas/{world.class_market.id}"
    post_form(client, f"{url}/jalankan", {}, page=url)
    late = submit(app, world.learner.reg_number, world.class_market.id, 0, world.product.id)
    assert "sudah ditutup" in late.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(db.select(db.func.count()).select_from(ClassMarketDecision)) == 0


def test_submission_after_the_deadline_is_refused(app, world):
    with app.app_context():
        db.session.get(ClassMarket, world.class_market.id).deadline_dt = now_utc() - timedelta(minutes=1)
        db.session.commit()
    late = submit(app, world.learner.reg_number, world.class_market.id, 0, world.product.id)
    assert "sudah ditutup" in late.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(db.select(db.func.count()).select_from(ClassMarketDecision)) == 0


def test_hidden_ranking_is_not_shown_to_learners(app, world):
    other_product = learner2_product(app, world)
    submit(app, world.learner.reg_number, world.class_market.id, 0, world.product.id)
    submit(app, world.learner2.reg_number, world.class_market.id, 0, other_product)
    teacher = app.test_client()
    sign_in(teacher, world.instructor.username)
    url = f"/pasar-kelas/{world.class_market.id}"
    assert post_form(teacher, f"{url}/pengaturan", {"deadline": ""}, page=url).status_code == 302  # box unticked
    assert market(app, world.class_market.id).ranking_visible is False
    client = app.test_client()
    sign_in(client, world.learner.reg_number)
    page = client.get(url).get_data(as_text=True)
    assert "Peringkat laba" not in page and world.learner2.full_name not in page
    assert "Hasil putaran 1" in page
    assert "Peringkat laba" in teacher.get(url).get_data(as_text=True)
    assert client.get(f"{url}/laporan/{world.learner2.id}").status_code == 404  # only their own report


def test_other_facilitys_instructor_gets_404(app, world):
    client = app.test_client()
    sign_in(client, world.other_instructor.username)
    url = f"/pasar-kelas/{world.class_market.id}"
    assert client.get(url).status_code == 404
    assert post_form(client, f"{url}/jalankan", {}, page="/pasar-kelas/").status_code == 404
    assert "Pasar A" not in client.get("/pasar-kelas/").get_data(as_text=True)


def test_learner_outside_the_class_gets_404(app, world):
    client = app.test_client()
    sign_in(client, world.other_learner.reg_number)
    assert client.get(f"/pasar-kelas/{world.class_market.id}").status_code == 404


def test_instructor_reads_a_class_learners_report_but_not_an_unknown_id(app, world):
    client = app.test_client()
    sign_in(client, world.instructor.username)
    url = f"/pasar-kelas/{world.class_market.id}/laporan"
    assert client.get(f"{url}/{world.learner.id}").status_code == 200
    assert client.get(f"{url}/{world.other_learner.id}").status_code == 404
    assert client.get(f"{url}/999999").status_code == 404


def test_unreadable_deadline_is_shown_again_with_its_message(app, world):
    client = app.test_client()
    sign_in(client, world.instructor.username)
    url = f"/pasar-kelas/{world.class_market.id}"
    response = post_form(client, f"{url}/pengaturan", {"deadline": "besok jam 10", "ranking_visible": "y"}, page=url)
    html = response.get_data(as_text=True)
    assert response.status_code == 200 and "tidak bisa dibaca" in html and 'value="besok jam 10"' in html
    assert market(app, world.class_market.id).deadline_dt is None


def test_market_form_shows_the_facility_rates_without_float_noise(app, world):
    from training.storefront.models import FacilitySettings

    with app.app_context():
        db.session.add(FacilitySettings(facility_id=world.lapas.id, pnbp_rate=0.07, premi_rate=0.29,
                                        split_basis="profit", margin_low_percent=20, margin_high_percent=50))
        db.session.commit()
    client = app.test_client()
    sign_in(client, world.instructor.username)
    form = client.get("/pasar-kelas/baru").get_data(as_text=True)
    assert 'value="7"' in form and 'value="29"' in form and "000000" not in form


def test_learner_cannot_send_one_product_twice_in_a_round(app, world):
    from tests.storefront_world import ROTI
    from training.accounts.models import User
    from training.storefront import services

    with app.app_context():
        services.save_product(db.session.get(User, world.learner.id), {**ROTI, "name": "Donat"})
        db.session.commit()
    client = app.test_client()
    sign_in(client, world.learner.reg_number)
    url = f"/pasar-kelas/{world.class_market.id}"
    row = decision_post(0, world.product.id)
    twice = {**row, **{k.replace("rows-0", "rows-1"): v for k, v in row.items() if k.startswith("rows-0")}}
    response = post_form(client, f"{url}/keputusan", twice, page=url)
    assert response.status_code == 200 and "perlu diperbaiki" in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(db.select(db.func.count()).select_from(ClassMarketDecision)) == 0
