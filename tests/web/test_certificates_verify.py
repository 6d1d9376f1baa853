"""The public verification page: exactly the allowed fields, clear messages, a per-address limit,
and every check counted."""
from __future__ import annotations

import re

import pytest

from training.certificates import codes
from training.certificates.models import Certificate, VerificationTally
from training.extensions import db


def _code(world) -> str:
    return codes.display(world.certificate.code)


def _set_waived(app, world, waived: bool) -> None:
    with app.app_context():
        db.session.get(Certificate, world.certificate.id).criteria_waived = waived
        db.session.commit()


def test_valid_certificate_shows_exactly_name_course_date_and_issuer(app, world):
    _set_waived(app, world, False)  # as earned by meeting every criterion
    response = app.test_client().get(f"/v/{_code(world)}")
    html = response.get_data(as_text=True)
    assert response.status_code == 200 and "asli dan berlaku" in html
    fields = re.findall(r"<dt>(.*?)</dt>\s*<dd[^>]*>(.*?)</dd>", html)
    assert [label for label, _ in fields] == ["Nama", "Kursus", "Tanggal", "Penerbit"]
    values = dict(fields)
    assert values["Nama"] == "Budi Santoso" and values["Kursus"] == "Kursus Uji Coba"
    assert values["Penerbit"] == app.config["CERTIFICATE_ISSUER_NAME"] and values["Tanggal"]
    for leak in (world.learner.reg_number, world.lapas.name, world.lapas.city, "Menghitung HPP", "Dian Pengajar"):
        assert leak not in html, leak


def test_a_certificate_given_by_hand_says_so_on_the_public_page(app, world):
    _set_waived(app, world, True)
    html = app.test_client().get(f"/v/{_code(world)}").get_data(as_text=True)
    fields = dict(re.findall(r"<dt>(.*?)</dt>\s*<dd[^>]*>(.*?)</dd>", html))
    assert fields["Catatan"] == "Diberikan oleh pengajar tanpa memenuhi semua syarat kursus."
    assert "asli dan berlaku" in html  # still a real certificate, with its note


def test_signed_in_staff_see_no_menu_or_facility_on_the_public_page(app, world):
    from tests.conftest import sign_in

    client = app.test_client()
    sign_in(client, world.admin.username)
    assert "Siti Admin" in client.get("/admin/").get_data(as_text=True)  # the staff pages do name them
    response = client.get(f"/v/{_code(world)}")
    html = response.get_data(as_text=True)
    assert response.status_code == 200 and "asli dan berlaku" in html
    assert world.lapas.name not in html and "Siti Admin" not in html


@pytest.mark.parametrize("typed", ["{lower}", "{spaced}", "{plain}"])
def test_the_form_forgives_lowercase_spaces_and_missing_dashes(app, world, typed):
    code = world.certificate.code
    raw = typed.format(lower=_code(world).lower(), spaced=_code(world).replace("-", " "), plain=code)
    client = app.test_client()
    response = client.get("/v/", query_string={"kode": raw})
    assert response.status_code == 302 and response.headers["Location"].endswith(f"/v/{_code(world)}")
    assert "asli dan berlaku" in client.get(response.headers["Location"]).get_data(as_text=True)


def test_a_mistyped_code_is_caught_by_the_check_characters(app, world):
    code = world.certificate.code
    wrong = code[:3] + ("A" if code[3] != "A" else "B") + code[4:]
    response = app.test_client().get(f"/v/{codes.display(wrong)}")
    assert response.status_code == 404 and "Kode salah ketik" in response.get_data(as_text=True)


def test_an_unknown_well_formed_code_is_reported_not_found(app, world):
    unknown = codes.new_code()
    response = app.test_client().get(f"/v/{codes.display(unknown)}")
    html = response.get_data(as_text=True)
    assert response.status_code == 404 and "tidak ditemukan" in html and "salah ketik" not in html


def test_checks_are_limited_per_source_address_and_all_counted(app, world, monkeypatch):
    monkeypatch.setitem(app.config, "VERIFY_LIMIT_PER_WINDOW", 3)
    first = app.test_client()
    url = f"/v/{_code(world)}"
    answers = [first.get(url, environ_base={"REMOTE_ADDR": "10.0.0.1"}).status_code for _ in range(4)]
    assert answers == [200, 200, 200, 429]
    limited = first.get("/v/ABCD", environ_base={"REMOTE_ADDR": "10.0.0.1"})
    assert limited.status_code == 429 and "Terlalu banyak" in limited.get_data(as_text=True)
    assert app.test_client().get(url, environ_base={"REMOTE_ADDR": "10.0.0.2"}).status_code == 200
    app.test_client().get("/v/ABCD", environ_base={"REMOTE_ADDR": "10.0.0.3"})
    with app.app_context():
        assert db.session.get(Certificate, world.certificate.id).verification_count == 4
        tally = dict(db.session.execute(db.select(VerificationTally.outcome, VerificationTally.checks)).all())
    assert tally == {"valid": 4, "limited": 2, "mistyped": 1}


def test_the_limit_window_starts_again(app, world, monkeypatch):
    from datetime import timedelta

    from training.certificates import verification

    monkeypatch.setitem(app.config, "VERIFY_LIMIT_PER_WINDOW", 1)
    with app.app_context():
        from training.clock import now_utc

        start = now_utc()
        assert not verification.over_limit("10.1.1.1", start)
        assert verification.over_limit("10.1.1.1", start + timedelta(minutes=1))
        later = start + timedelta(minutes=app.config["VERIFY_WINDOW_MINUTES"] + 1)
        assert not verification.over_limit("10.1.1.1", later)
        db.session.rollback()


def test_the_empty_form_page(app):
    response = app.test_client().get("/v/")
    html = response.get_data(as_text=True)
    assert response.status_code == 200 and 'name="kode"' in html and 'method="get"' in html
    assert "noindex" in html
