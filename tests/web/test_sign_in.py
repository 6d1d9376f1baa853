"""Signing in: who can, how failures are handled, and what is recorded."""
from __future__ import annotations

import pytest

from tests.conftest import TEST_PASSWORD, attempt_sign_in, sign_in
from training.accounts.models import LoginThrottle, User
from training.audit import AuditEvent
from training.extensions import db

GENERIC = "Nomor registrasi/nama pengguna atau kata sandi salah."


def actions(app):
    with app.app_context():
        return [e.action for e in db.session.scalars(db.select(AuditEvent).order_by(AuditEvent.id))]


@pytest.mark.parametrize("typed", ["A.1/2025", "a.1/2025", " A.1 /2025 "])
def test_learner_signs_in_with_registration_number_as_typed(app, world, typed):
    client = app.test_client()
    response = sign_in(client, typed)
    assert response.status_code == 302
    assert response.headers["Location"] == "/belajar"  # straight to the learner's home
    assert client.get("/belajar").status_code == 200


@pytest.mark.parametrize("who, home", [("instructor", "/pengajar"), ("officer", "/pk"), ("admin", "/admin/"),
                                       ("national", "/nasional/fasilitas")])
def test_staff_sign_in_with_username_and_land_on_their_home(app, world, who, home):
    client = app.test_client()
    signed_in = sign_in(client, getattr(world, who).username.upper())
    assert signed_in.status_code == 302 and signed_in.headers["Location"] == home  # no detour through /
    response = client.get("/")
    assert response.status_code == 302 and response.headers["Location"].endswith(home)
    assert client.get(home).status_code == 200


@pytest.mark.parametrize("login, password", [("A.1/2025", "salah-sekali"), ("tidak-ada", TEST_PASSWORD)])
def test_failure_message_never_says_which_part_was_wrong(app, world, login, password):
    response = attempt_sign_in(app.test_client(), login, password, follow=True)
    page = response.get_data(as_text=True)
    assert GENERIC in page
    assert "tidak ditemukan" not in page


def test_failed_sign_in_keeps_the_typed_name_but_not_the_password(app, world):
    page = attempt_sign_in(app.test_client(), "A.1/2025", "salah-sekali", follow=True).get_data(as_text=True)
    assert 'value="A.1/2025"' in page
    assert "salah-sekali" not in page


def test_five_failures_lock_the_account_even_for_the_right_password(app, world):
    client = app.test_client()
    for _ in range(5):
        attempt_sign_in(client, "guru.a", "salah-sekali")
    page = attempt_sign_in(client, "guru.a", TEST_PASSWORD, follow=True).get_data(as_text=True)
    assert "dikunci sementara" in page
    assert client.get("/pengajar").status_code == 302  # still not signed in
    assert "login.lockout" in actions(app)


def test_admin_unlock_lets_the_user_back_in(app, world):
    client = app.test_client()
    for _ in range(5):
        attempt_sign_in(client, "A.2/2025", "salah-sekali")
    admin = app.test_client()
    sign_in(admin, "admin.a")
    page = admin.get(f"/admin/warga-binaan/{world.learner2.id}").get_data(as_text=True)
    assert "terkunci" in page
    from tests.conftest import csrf_token

    admin.post(f"/kelola-akun/{world.learner2.id}/buka-kunci", data={"csrf_token": csrf_token(page)})
    assert sign_in(app.test_client(), "A.2/2025").status_code == 302


def test_repeated_failures_from_one_address_slow_it_down(app, world):
    client = app.test_client()
    limit = app.config["IP_FAILURES_BEFORE_SLOWDOWN"]
    for index in range(limit):
        attempt_sign_in(client, f"tidak-ada-{index}", "salah-sekali")
    response = attempt_sign_in(client, "A.1/2025", TEST_PASSWORD)
    assert response.status_code == 429
    assert "Tunggu" in response.get_data(as_text=True)
    with app.app_context():
        row = db.session.get(LoginThrottle, "127.0.0.1")
        assert row.failures == limit and row.blocked_until_dt is not None
    # another source address is not slowed
    other = app.test_client()
    other.environ_base["REMOTE_ADDR"] = "10.0.0.9"
    assert sign_in(other, "A.1/2025").status_code == 302


def test_sign_ins_failures_and_sign_outs_are_audited(app, world):
    client = app.test_client()
    attempt_sign_in(client, "A.1/2025", "salah-sekali")
    sign_in(client, "A.1/2025")
    from tests.conftest import post_form

    post_form(client, "/keluar")
    assert actions(app)[-3:] == ["login.failure", "login.success", "logout"]
    with app.app_context():
        failure = db.session.scalar(db.select(AuditEvent).where(AuditEvent.action == "login.failure"))
        assert failure.address == "127.0.0.1" and failure.target_id == world.learner.id


def test_deactivated_account_cannot_sign_in(app, world):
    with app.app_context():
        user = db.session.get(User, world.learner2.id)
        user.active = False
        db.session.commit()
    page = attempt_sign_in(app.test_client(), "A.2/2025", follow=True).get_data(as_text=True)
    assert GENERIC in page


def test_next_only_goes_to_a_path_on_this_site(app, world):
    client = app.test_client()
    page = client.get("/masuk?next=https://evil.example/x").get_data(as_text=True)
    assert 'id="next" name="next" type="hidden" value=""' in page
    page = client.get("/masuk?next=/akun/kata-sandi").get_data(as_text=True)
    from tests.conftest import csrf_token

    response = client.post(
        "/masuk",
        data={"login": "guru.a", "password": TEST_PASSWORD, "next": "//evil.example", "csrf_token": csrf_token(page)},
    )
    assert response.headers["Location"] == "/pengajar"  # the instructor's home, not the other site
    assert client.get("/pengajar").status_code == 200  # signed in


def _password_boxes(html: str) -> dict:
    """What each password box of the page holds ("" when it has no value)."""
    import re

    boxes = {}
    for name in ("current_password", "new_password", "confirm"):
        tag = re.search(rf'<input[^>]*name="{name}"[^>]*>', html).group(0)
        value = re.search(r'value="([^"]*)"', tag)
        boxes[name] = value.group(1) if value else ""
    return boxes


@pytest.mark.parametrize(
    "typed, kept, message",
    [
        # Only the repetition differs: both new boxes stay so the person can reveal and compare.
        ({"current_password": TEST_PASSWORD, "new_password": "kopi-pagi-cerah", "confirm": "kopi-pagi-cerahh"},
         {"current_password": TEST_PASSWORD, "new_password": "kopi-pagi-cerah", "confirm": "kopi-pagi-cerahh"},
         "Kedua kata sandi baru tidak sama."),
        # The current password is wrong: that box is cleared, the new ones stay.
        ({"current_password": "salah-sekali", "new_password": "kopi-pagi-cerah", "confirm": "kopi-pagi-cerah"},
         {"current_password": "", "new_password": "kopi-pagi-cerah", "confirm": "kopi-pagi-cerah"},
         "Kata sandi sekarang salah."),
        # The new password is refused: both new boxes are cleared, the current one stays.
        ({"current_password": TEST_PASSWORD, "new_password": "pendek", "confirm": "pendek"},
         {"current_password": TEST_PASSWORD, "new_password": "", "confirm": ""},
         "Kata sandi minimal"),
    ],
    ids=["confirm-differs", "current-wrong", "new-refused"],
)
def test_password_change_keeps_what_was_typed_except_the_box_in_error(app, world, typed, kept, message):
    from tests.conftest import post_form

    client = app.test_client()
    assert sign_in(client, world.learner.reg_number).status_code == 302
    response = post_form(client, "/akun/kata-sandi", typed, page="/akun/kata-sandi")
    html = response.get_data(as_text=True)
    assert response.status_code == 200 and message in html
    assert _password_boxes(html) == kept
    assert response.headers["Cache-Control"] == "no-store"


def test_password_page_offers_to_show_the_passwords_with_a_static_script(client, world):
    assert sign_in(client, world.learner.reg_number).status_code == 302
    html = client.get("/akun/kata-sandi").get_data(as_text=True)
    assert "data-reveal-passwords" in html and "Tampilkan kata sandi" in html and "js/forms.js" in html
    assert html.count("data-password") == 3 and "<script>" not in html


def test_sign_in_moves_the_password_to_the_configured_argon2_cost(app, world, monkeypatch):
    from argon2 import extract_parameters

    with app.app_context():
        before = db.session.get(User, world.learner.id).password_hash
    assert extract_parameters(before).memory_cost == 8
    monkeypatch.setitem(app.config, "ARGON2_MEMORY_COST", 16)
    monkeypatch.setitem(app.config, "ARGON2_TIME_COST", 2)
    assert sign_in(app.test_client(), world.learner.reg_number).status_code == 302
    with app.app_context():
        after = db.session.get(User, world.learner.id).password_hash
    parameters = extract_parameters(after)
    assert (parameters.memory_cost, parameters.time_cost) == (16, 2) and after != before
    assert sign_in(app.test_client(), world.learner.reg_number).status_code == 302  # the new hash works
    with app.app_context():
        assert db.session.get(User, world.learner.id).password_hash == after  # and is kept


def test_default_argon2_cost_meets_an_owasp_minimum():
    from training.config import Defaults

    owasp = {47104: 1, 19456: 2, 12288: 3, 9216: 4, 7168: 5}  # KiB of memory: least passes (p=1)
    assert Defaults.ARGON2_PARALLELISM >= 1
    assert any(Defaults.ARGON2_MEMORY_COST >= m and Defaults.ARGON2_TIME_COST >= t for m, t in owasp.items())
