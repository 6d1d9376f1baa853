"""Who reaches the readiness review: an officer only their caseload (by id and by search), never
changing grades, attendance or certificates; notes never shown to learners or instructors."""
from __future__ import annotations

import pytest

from tests.conftest import post_form, sign_in


def officer_client(app, world):
    client = app.test_client()
    sign_in(client, world.officer.username)
    return client


@pytest.mark.parametrize("path", ["", "/laporan.pdf"])
@pytest.mark.parametrize("who", ["learner2", "other_learner", "instructor"])
def test_officer_cannot_open_anyone_outside_caseload_by_id(app, world, who, path):
    client = officer_client(app, world)
    target = getattr(world, who).id
    assert client.get(f"/kesiapan/{target}{path}").status_code == 404
    assert client.get(f"/kesiapan/{world.learner.id}{path}").status_code == 200


@pytest.mark.parametrize("action", ["catatan", "kesimpulan"])
def test_officer_cannot_write_about_anyone_outside_caseload(app, world, action):
    client = officer_client(app, world)
    response = post_form(client, f"/kesiapan/{world.learner2.id}/{action}",
                         {"text": "Coba", "level": "siap"}, page="/pk")
    assert response.status_code == 404


@pytest.mark.parametrize("query", ["Sari", "a.2/2025", "Joko", "B.1"])
def test_officer_search_does_not_find_learners_outside_caseload(app, world, query):
    page = officer_client(app, world).get("/pk", query_string={"cari": query}).get_data(as_text=True)
    assert "Tidak ditemukan dalam daftar klien Anda" in page
    assert "Sari Wulandari" not in page and "Joko Susilo" not in page


@pytest.mark.parametrize("query", ["budi", "A.1/2025", " a.1/2025 "])
def test_officer_search_finds_caseload_learner(app, world, query):
    page = officer_client(app, world).get("/pk", query_string={"cari": query}).get_data(as_text=True)
    assert "Budi Santoso" in page
    assert "Tidak ditemukan" not in page


def _staff_post_routes(app):
    """POST routes that change grades, attendance, assignments or certificates."""
    for rule in app.url_map.iter_rules():
        blueprint = rule.endpoint.split(".")[0]
        if "POST" in rule.methods and blueprint in {"grading", "attendance", "certificates", "teach", "gradebook"}:
            yield rule


def test_officer_cannot_post_to_grading_attendance_or_certificates(app, world, monkeypatch):
    monkeypatch.setitem(app.config, "WTF_CSRF_ENABLED", False)
    client = officer_client(app, world)
    rules = list(_staff_post_routes(app))
    assert any(r.endpoint.startswith("grading.") for r in rules)
    assert any(r.endpoint.startswith("attendance.") for r in rules)
    for rule in rules:
        values = {arg: world.learner.id if arg == "user_id" else (world.course.slug if arg == "slug" else 1)
                  for arg in rule.arguments}
        with app.test_request_context():
            from flask import url_for

            url = url_for(rule.endpoint, **values)
        assert client.post(url, data={}).status_code == 403, rule.endpoint


def test_notes_are_invisible_to_learners_and_instructors(app, world):
    secret = "Catatan rahasia PK tentang keluarga"
    client = officer_client(app, world)
    response = post_form(client, f"/kesiapan/{world.learner.id}/catatan", {"text": secret},
                         page=f"/kesiapan/{world.learner.id}")
    assert response.status_code == 302
    assert secret in client.get(f"/kesiapan/{world.learner.id}").get_data(as_text=True)

    admin = app.test_client()
    sign_in(admin, world.admin.username)
    assert secret in admin.get(f"/kesiapan/{world.learner.id}").get_data(as_text=True)

    learner = app.test_client()
    sign_in(learner, world.learner.reg_number)
    instructor = app.test_client()
    sign_in(instructor, world.instructor.username)
    for client_, pages in ((learner, ["/", "/belajar", "/rencana-saya"]),
                           (instructor, ["/pengajar", "/pengajar/penilaian-sikap",
                                         f"/pengajar/penilaian-sikap/{world.learner.id}"])):
        for page in pages:
            assert secret not in client_.get(page, follow_redirects=True).get_data(as_text=True)
        assert client_.get(f"/kesiapan/{world.learner.id}").status_code == 403


def test_instructor_assesses_only_learners_of_own_facility(app, world):
    client = app.test_client()
    sign_in(client, world.other_instructor.username)
    assert client.get(f"/pengajar/penilaian-sikap/{world.learner.id}").status_code == 404
    assert client.get(f"/pengajar/penilaian-sikap/{world.other_learner.id}").status_code == 200
