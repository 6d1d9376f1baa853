"""Edges found in the last review: ids too large for the database are simply unknown (404), an
instructor loses a learner's own assignment when the learner moves away, a CSV registration number
longer than the column is a line problem, and "sNaN" is no number."""
from __future__ import annotations

import re

import pytest
from werkzeug.exceptions import MethodNotAllowed, NotFound

from tests.conftest import post_form
from training.extensions import db

HUGE = "9" * 25


def test_every_id_in_a_path_is_bounded(app):
    """A 25-digit id matches no route that takes an id (a 404, or a 405 where only a route of
    words matches the path, as a slug)."""
    adapter = app.url_map.bind("localhost")
    rules = [rule for rule in app.url_map.iter_rules() if "int" in str(rule.rule) or rule.arguments]
    checked = 0
    for rule in rules:
        path = re.sub(r"<int:[^>]+>", HUGE, rule.rule)
        if path == rule.rule or "<" in path:
            continue
        method = "GET" if "GET" in rule.methods else "POST"
        with pytest.raises((NotFound, MethodNotAllowed)):
            adapter.match(path, method=method)
        checked += 1
    assert checked > 30


@pytest.mark.parametrize("who, path", [
    ("instructor", f"/pengajar/warga-binaan/{HUGE}"),
    ("officer", f"/kesiapan/{HUGE}"),
    ("learner", f"/belajar/kuis/{HUGE}/hasil"),
    ("facility_admin", f"/admin/warga-binaan/{HUGE}"),
])
def test_a_huge_id_is_not_found(client_as, who, path):
    assert client_as(who).get(path).status_code == 404


def test_an_instructor_loses_a_learners_own_assignment_when_the_learner_moves_away(app, world, client_as):
    from training.accounts.models import Facility, User
    from training.accounts.services import transfer_learner

    url = f"/pengajar/penugasan/{world.assignment.id}/perpanjang"
    assert client_as("instructor").get(url).status_code == 200
    with app.app_context():
        transfer_learner(db.session.get(User, world.learner2.id), db.session.get(Facility, world.rutan.id))
        db.session.commit()
    assert client_as("instructor").get(url).status_code == 404


def test_a_csv_registration_number_longer_than_forty_is_a_line_problem(app, world, client_as):
    from tests.web.test_facility_admin import upload
    from training.accounts.models import User

    csv = ("nomor_registrasi;nama_lengkap\nBI." + "1" * 45 + "/2026;Andi Saputra\n").encode()
    response = upload(client_as("facility_admin"), csv)
    assert response.status_code == 200 and "paling panjang 40 huruf" in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(db.select(User.id).where(User.full_name == "Andi Saputra")) is None


@pytest.mark.parametrize("typed", ["sNaN", "NaN", "Infinity"])
def test_the_readiness_settings_refuse_numbers_that_are_not_numbers(client_as, typed):
    client = client_as("national_admin")
    page = client.get("/nasional/aturan-kesiapan").get_data(as_text=True)
    fields = {name: value for name, value in re.findall(r'name="(\w+)"[^>]*value="([^"]*)"', page)}
    fields["min_assessment"] = typed
    response = post_form(client, "/nasional/aturan-kesiapan", fields, page="/nasional/aturan-kesiapan")
    assert response.status_code == 200 and "Isi angka biasa." in response.get_data(as_text=True)
