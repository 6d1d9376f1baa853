"""Sessions on shared lab PCs: fresh at sign-in, ended everywhere when they should be, time-limited."""
from __future__ import annotations

import time

import pytest

from tests.conftest import TEST_PASSWORD, csrf_token, post_form, sign_in
from training.accounts.models import User
from training.extensions import db


def test_session_is_new_at_sign_in(app, world):
    client = app.test_client()
    client.get("/masuk")
    with client.session_transaction() as before:
        before["planted"] = "by someone else"
    sign_in(client, "A.1/2025")
    with client.session_transaction() as after:
        assert "planted" not in after
        assert after["sid"]


def test_sign_out_ends_every_session_of_the_account(app, world):
    first, second = app.test_client(), app.test_client()
    sign_in(first, "A.1/2025")
    sign_in(second, "A.1/2025")
    assert second.get("/belajar").status_code == 200
    post_form(first, "/keluar")
    assert first.get("/belajar").status_code == 302
    assert second.get("/belajar").status_code == 302


def test_password_change_ends_other_sessions_but_keeps_this_one(app, world):
    here, elsewhere = app.test_client(), app.test_client()
    sign_in(here, "A.1/2025")
    sign_in(elsewhere, "A.1/2025")
    response = post_form(
        here,
        "/akun/kata-sandi",
        {"current_password": TEST_PASSWORD, "new_password": "kopi-pagi-cerah", "confirm": "kopi-pagi-cerah"},
        page="/akun/kata-sandi",
    )
    assert response.status_code == 302
    assert here.get("/belajar").status_code == 200
    assert elsewhere.get("/belajar").status_code == 302
    assert sign_in(app.test_client(), "A.1/2025", "kopi-pagi-cerah").status_code == 302


@pytest.mark.parametrize("action, data", [("nonaktifkan", {"reason": "bebas"}), ("reset-kata-sandi", {})])
def test_deactivation_and_password_reset_end_the_learners_sessions(app, world, action, data):
    learner = app.test_client()
    sign_in(learner, "A.2/2025")
    admin = app.test_client()
    sign_in(admin, "admin.a")
    assert learner.get("/belajar").status_code == 200
    post_form(admin, f"/kelola-akun/{world.learner2.id}/{action}", data)
    response = learner.get("/belajar")
    assert response.status_code == 302 and "/masuk" in response.headers["Location"]


def test_transfer_ends_the_learners_sessions_and_keeps_their_records(app, world):
    learner = app.test_client()
    sign_in(learner, "A.2/2025")
    admin = app.test_client()
    sign_in(admin, "admin.a")
    post_form(admin, f"/admin/warga-binaan/{world.learner2.id}/pindah", {"facility": world.rutan.id})
    assert learner.get("/belajar").status_code == 302
    with app.app_context():
        moved = db.session.get(User, world.learner2.id)
        assert moved.facility_id == world.rutan.id
        assert moved.password_hash  # same account, same id: every record keyed on it moves along
    # the old facility's admin no longer reaches the learner; the new one does
    assert admin.get(f"/admin/warga-binaan/{world.learner2.id}").status_code == 404
    other = app.test_client()
    sign_in(other, "admin.b")
    assert other.get(f"/admin/warga-binaan/{world.learner2.id}").status_code == 200


def _age_session(client, *, idle=0, started=0):
    with client.session_transaction() as session:
        session["seen"] = int(time.time()) - idle
        session["started"] = int(time.time()) - started


def test_learner_is_signed_out_after_idle_time(app, world):
    client = app.test_client()
    sign_in(client, "A.1/2025")
    assert client.get("/belajar").status_code == 200
    _age_session(client, idle=app.config["LEARNER_IDLE_MINUTES"] * 60 + 5)
    response = client.get("/belajar")
    assert response.status_code == 302 and "/masuk" in response.headers["Location"]
    assert client.get("/belajar").status_code == 302


def test_learner_is_signed_out_after_absolute_limit_even_when_busy(app, world):
    client = app.test_client()
    sign_in(client, "A.1/2025")
    _age_session(client, idle=10, started=app.config["LEARNER_ABSOLUTE_HOURS"] * 3600 - 60)
    assert client.get("/belajar").status_code == 200  # a minute before the limit: still in
    _age_session(client, idle=10, started=app.config["LEARNER_ABSOLUTE_HOURS"] * 3600 + 5)
    response = client.get("/belajar")
    assert response.status_code == 302 and "/masuk" in response.headers["Location"]


def test_staff_idle_limit_is_longer_than_learners(app, world):
    client = app.test_client()
    sign_in(client, "guru.a")
    _age_session(client, idle=app.config["LEARNER_IDLE_MINUTES"] * 60 + 5)
    assert client.get("/pengajar").status_code == 200
    _age_session(client, idle=app.config["STAFF_IDLE_MINUTES"] * 60 + 5)
    response = client.get("/pengajar")
    assert response.status_code == 302 and "/masuk" in response.headers["Location"]


def test_temporary_password_must_be_changed_before_anything_else(app, world):
    with app.app_context():
        db.session.get(User, world.learner.id).must_change_password = True
        db.session.commit()
    client = app.test_client()
    sign_in(client, "A.1/2025")
    response = client.get("/belajar")
    assert response.status_code == 302 and response.headers["Location"].endswith("/akun/kata-sandi")


@pytest.mark.parametrize(
    "new, message",
    [
        ("pendek", "minimal 8 karakter"),
        ("password123", "terlalu umum"),
        ("12345678", "terlalu umum"),
        ("budisantoso-99", "tidak boleh memuat nama"),
    ],
)
def test_weak_new_passwords_are_refused_with_a_reason(app, world, new, message):
    client = app.test_client()
    sign_in(client, "A.1/2025")
    response = post_form(
        client,
        "/akun/kata-sandi",
        {"current_password": TEST_PASSWORD, "new_password": new, "confirm": new},
        page="/akun/kata-sandi",
    )
    assert response.status_code == 200
    assert message in response.get_data(as_text=True)


def test_forms_without_csrf_token_are_refused(app, world):
    client = app.test_client()
    sign_in(client, "A.1/2025")
    response = client.post("/keluar")
    assert response.status_code == 400
    assert client.get("/belajar").status_code == 200


def test_sign_out_is_not_possible_by_get(app, world):
    client = app.test_client()
    sign_in(client, "A.1/2025")
    assert client.get("/keluar").status_code == 405
    assert client.get("/belajar").status_code == 200


def test_login_form_has_a_csrf_token(app):
    assert csrf_token(app.test_client().get("/masuk").get_data(as_text=True))
