"""Dates are typed and shown as 31-12-2027 everywhere, bounded to sensible years.

The shared fields in training/fields.py replace the browser's mm/dd/yyyy widget on the learner
forms, the audit trail filters and the class market deadline.
"""
from __future__ import annotations

from datetime import date, datetime

import pytest

from tests.conftest import post_form, sign_in
from training.accounts.models import User
from training.extensions import db


@pytest.mark.parametrize(
    "raw, expected",
    [("31-12-2027", date(2027, 12, 31)), ("1/2/2027", date(2027, 2, 1)), ("29.02.2028", date(2028, 2, 29)),
     ("2027-12-31", date(2027, 12, 31)), (" 05-06-2030 ", date(2030, 6, 5))],
)
def test_dates_read_day_first_or_iso(app, raw, expected):
    from training.fields import parse_day

    with app.test_request_context():
        assert parse_day(raw) == expected


@pytest.mark.parametrize(
    "raw, message",
    [("31-02-2027", "Tanggal 31-02-2027 tidak ada."), ("29-02-2027", "Tanggal 29-02-2027 tidak ada."),
     ("01-01-0001", "Tahun harus antara 2000 dan 2099."), ("9999-12-31", "Tahun harus antara 2000 dan 2099."),
     ("12/31/2027", "Tanggal 12/31/2027 tidak ada."), ("besok", "tidak bisa dibaca"),
     ("٣١-١٢-٢٠٢٧", "tidak bisa dibaca"), ("31-12-27", "tidak bisa dibaca")],
)
def test_unusable_dates_say_why(app, raw, message):
    from training.fields import DayError, parse_day

    with app.test_request_context(), pytest.raises(DayError) as caught:
        parse_day(raw)
    assert message in str(caught.value)


@pytest.fixture
def admin(app, world):
    client = app.test_client()
    assert sign_in(client, world.admin.username).status_code == 302
    return client


def test_learner_form_takes_and_shows_day_first_dates(app, world, admin):
    page = admin.get("/admin/warga-binaan/baru").get_data(as_text=True)
    assert 'type="date"' not in page and 'placeholder="hh-bb-tttt"' in page
    response = post_form(admin, "/admin/warga-binaan/baru",
                         {"reg_number": "C.9/2026", "full_name": "Agus Salim", "expected_release_on": "31-12-2027"},
                         page="/admin/warga-binaan/baru")
    assert response.status_code == 200 and "Kata sandi sementara" in response.get_data(as_text=True)
    with app.app_context():
        user = db.session.scalar(db.select(User).where(User.reg_number == "C.9/2026"))
        assert user.expected_release_on == date(2027, 12, 31)
        user_id = user.id
    assert 'value="31-12-2027"' in admin.get(f"/admin/warga-binaan/{user_id}").get_data(as_text=True)


@pytest.mark.parametrize("typed, message", [("31-02-2027", "Tanggal 31-02-2027 tidak ada."),
                                            ("01-01-0001", "Tahun harus antara 2000 dan 2099.")])
def test_learner_form_explains_a_bad_date_and_keeps_what_was_typed(app, world, admin, typed, message):
    response = post_form(admin, "/admin/warga-binaan/baru",
                         {"reg_number": "C.8/2026", "full_name": "Agus Salim", "expected_release_on": typed},
                         page="/admin/warga-binaan/baru")
    html = response.get_data(as_text=True)
    assert response.status_code == 200 and message in html
    assert f'value="{typed}"' in html and 'value="Agus Salim"' in html
    with app.app_context():
        assert db.session.scalar(db.select(User).where(User.reg_number == "C.8/2026")) is None


@pytest.mark.parametrize("field", ["date_from", "date_to"])
@pytest.mark.parametrize("typed", ["0001-01-01", "9999-12-31", "01-01-0001", "31-12-9999", "31-02-2027"])
def test_audit_filter_refuses_extreme_dates_with_a_message(app, world, field, typed):
    client = app.test_client()
    assert sign_in(client, world.national.username).status_code == 302
    response = client.get("/nasional/jejak-audit", query_string={field: typed})
    html = response.get_data(as_text=True)
    assert response.status_code == 200 and 'class="errors"' in html and f'value="{typed}"' in html


def test_audit_filter_reads_day_first_dates(app, world):
    client = app.test_client()
    assert sign_in(client, world.national.username).status_code == 302
    today = datetime.now().strftime("%d-%m-%Y")
    html = client.get("/nasional/jejak-audit", query_string={"date_from": today, "action": "login."}).get_data(as_text=True)
    assert 'class="errors"' not in html and "Tidak ada kejadian yang cocok." not in html


@pytest.fixture
def teacher(app, world):
    client = app.test_client()
    assert sign_in(client, world.instructor.username).status_code == 302
    return client


def test_market_deadline_is_typed_day_first_and_shown_back(app, world, teacher):
    from training.storefront.models import ClassMarket

    url = f"/pasar-kelas/{world.class_market.id}"
    response = post_form(teacher, f"{url}/pengaturan", {"deadline": "04-01-2027 10:00", "ranking_visible": "y"}, page=url)
    assert response.status_code == 302
    with app.app_context():
        assert db.session.get(ClassMarket, world.class_market.id).deadline_dt is not None
    html = teacher.get(url).get_data(as_text=True)
    assert 'value="04-01-2027 10:00"' in html and "datetime-local" not in html


@pytest.mark.parametrize("typed", ["01-01-0001 00:00", "0001-01-01T00:00", "31-12-9999 23:59", "31-02-2027 10:00",
                                   "04-01-2027 25:00"])
def test_market_deadline_refuses_impossible_dates_with_a_message(app, world, teacher, typed):
    from training.storefront.models import ClassMarket

    url = f"/pasar-kelas/{world.class_market.id}"
    response = post_form(teacher, f"{url}/pengaturan", {"deadline": typed, "ranking_visible": "y"}, page=url)
    html = response.get_data(as_text=True)
    assert response.status_code == 200 and 'class="errors"' in html and f'value="{typed}"' in html
    with app.app_context():
        assert db.session.get(ClassMarket, world.class_market.id).deadline_dt is None
