"""Headers, error pages and language: what every page promises."""
from __future__ import annotations

import pytest

from tests.conftest import post_form, sign_in


def test_signed_in_pages_are_never_cached(app, world):
    client = app.test_client()
    sign_in(client, "A.1/2025")
    response = client.get("/belajar")
    assert response.status_code == 200 and response.headers["Cache-Control"] == "no-store"


def test_static_files_may_be_cached(app):
    response = app.test_client().get("/static/css/app.css")
    assert "no-store" not in response.headers.get("Cache-Control", "")
    response.close()


def test_content_security_policy_allows_no_inline_script_and_no_framing(app):
    policy = app.test_client().get("/masuk").headers["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "unsafe-inline" not in policy
    assert "frame-ancestors 'none'" in policy


def test_pages_have_no_inline_script_or_style(app, world):
    client = app.test_client()
    sign_in(client, "admin.a")
    pages = [(app.test_client(), "/masuk")] + [(client, url) for url in (
        "/admin/", "/admin/warga-binaan", f"/admin/warga-binaan/{world.learner.id}")]
    for visitor, url in pages:
        response = visitor.get(url)
        html = response.get_data(as_text=True)
        assert response.status_code == 200, url
        assert "<script>" not in html and " onclick=" not in html and " style=" not in html, url


def test_session_cookie_is_httponly_samesite_and_secure_over_https(app, world):
    client = app.test_client()
    page = client.get("/masuk", base_url="https://localhost")
    from tests.conftest import csrf_token

    response = client.post(
        "/masuk",
        data={"login": "A.1/2025", "password": "uji-coba-panjang", "csrf_token": csrf_token(page.get_data(as_text=True))},
        base_url="https://localhost",
        headers={"Referer": "https://localhost/masuk"},  # CSRF over HTTPS also checks the referrer
    )
    assert response.status_code == 302
    cookie = response.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie and "Secure" in cookie
    plain = app.test_client().get("/masuk").headers.get("Set-Cookie", "")
    assert "Secure" not in plain


@pytest.mark.parametrize("url, code, text", [("/tidak-ada", 404, "Halaman tidak ditemukan"), ("/admin/", 403, "bukan untuk Anda")])
def test_error_pages_speak_the_users_language(app, world, url, code, text):
    client = app.test_client()
    sign_in(client, "A.1/2025")
    response = client.get(url)
    assert response.status_code == code
    assert text in response.get_data(as_text=True)


def test_user_switches_to_english_and_it_sticks_to_the_account(app, world):
    client = app.test_client()
    sign_in(client, "A.1/2025")
    post_form(client, "/bahasa", {"lang": "en", "next": "/belajar"})
    page = client.get("/belajar").get_data(as_text=True)
    assert '<html lang="en">' in page
    from training.accounts.models import User
    from training.extensions import db

    with app.app_context():
        assert db.session.get(User, world.learner.id).locale == "en"


def test_language_switch_refuses_unknown_languages(app):
    client = app.test_client()
    response = post_form(client, "/bahasa", {"lang": "xx"}, page="/masuk")
    assert response.status_code == 400


def test_server_error_rolls_back_and_shows_a_friendly_page(app, world):
    from training.accounts.models import User
    from training.extensions import db

    client = app.test_client()
    sign_in(client, "admin.a")
    original = app.view_functions["admin.staff"]

    def broken():
        db.session.get(User, world.learner2.id).full_name = "Tidak Boleh Tersimpan"
        db.session.flush()
        raise RuntimeError("boom")

    app.view_functions["admin.staff"] = broken
    app.config["PROPAGATE_EXCEPTIONS"] = False
    try:
        response = client.get("/admin/petugas")
    finally:
        app.view_functions["admin.staff"] = original
        app.config["PROPAGATE_EXCEPTIONS"] = None
    assert response.status_code == 500
    assert "Tidak ada yang tersimpan" in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.get(User, world.learner2.id).full_name == "Sari Wulandari"
