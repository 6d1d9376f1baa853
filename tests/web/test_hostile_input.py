"""Hostile values in URLs and forms answer with a normal page, never a server error.

Each test here names a promise from issue 15: a crafted ``next`` can't stop a sign-in, a NUL
byte is refused with an explanation, a huge page number shows a page, and a search for ``%``
or ``_`` finds only what contains them.
"""
from __future__ import annotations

import pytest

from tests.conftest import TEST_PASSWORD, csrf_token, post_form, sign_in

CRAFTED_NEXT = ["/\r\nSet-Cookie: x=1", "/beranda\nX: y", "/a\rb", "/\x7f", "/ spasi", "/\tx"]


@pytest.mark.parametrize("target", CRAFTED_NEXT)
def test_crafted_next_on_sign_in_still_signs_the_person_in(app, world, target):
    client = app.test_client()
    page = client.get("/masuk", query_string={"next": target}).get_data(as_text=True)
    assert target not in page
    response = client.post(
        "/masuk",
        data={"login": world.admin.username, "password": TEST_PASSWORD, "next": target, "csrf_token": csrf_token(page)},
    )
    assert response.status_code == 302
    assert "\n" not in response.headers["Location"] and "\r" not in response.headers["Location"]
    assert client.get("/admin/").status_code == 200  # signed in


@pytest.mark.parametrize("target", CRAFTED_NEXT)
def test_crafted_next_on_language_switch_goes_home(client, target):
    response = post_form(client, "/bahasa", {"lang": "en", "next": target}, page="/masuk")
    assert response.status_code == 302
    assert response.headers["Location"] == "/"


def test_plain_next_path_is_still_followed(client):
    response = post_form(client, "/bahasa", {"lang": "en", "next": "/masuk?x=1"}, page="/masuk")
    assert response.headers["Location"] == "/masuk?x=1"


@pytest.mark.parametrize(
    "field, value", [("login", "admin\x00.a"), ("password", "a\x00b"), ("next", "/\x00"), ("lo\x00gin", "x")]
)
def test_nul_in_the_anonymous_sign_in_form_is_refused_with_a_reason(client, world, field, value):
    page = client.get("/masuk").get_data(as_text=True)
    data = {"login": "admin.a", "password": TEST_PASSWORD, "csrf_token": csrf_token(page), field: value}
    response = client.post("/masuk", data=data)
    assert response.status_code == 400
    assert "karakter tersembunyi (NUL)" in response.get_data(as_text=True)


@pytest.mark.parametrize(
    "url", ["/admin/warga-binaan?q=a%00b", "/admin/warga-binaan?q%00=1", "/admin/warga-binaan/%00"]
)
def test_nul_in_a_url_is_refused_with_a_reason(client, world, url):
    assert sign_in(client, world.admin.username).status_code == 302
    response = client.get(url)
    assert response.status_code == 400
    assert "karakter tersembunyi (NUL)" in response.get_data(as_text=True)


@pytest.mark.parametrize("page", ["1e20", "99999999999999999999", "1000000000000000000", "-5", "²", "١٢", "0", " 2"])
@pytest.mark.parametrize("who, url", [("admin", "/admin/warga-binaan"), ("national", "/nasional/jejak-audit")])
def test_any_page_number_shows_a_page(client, world, who, url, page):
    assert sign_in(client, getattr(world, who).username).status_code == 302
    assert client.get(url, query_string={"halaman": page}).status_code == 200


def test_page_numbers_are_read_and_bounded(app):
    from training.inputs import MAX_PAGE, page_number

    for raw, expected in [("3", 3), ("0", 1), ("999999", MAX_PAGE), ("1e20", 1), ("٣", 1), ("", 1)]:
        with app.test_request_context(query_string={"halaman": raw}):
            assert page_number() == expected


@pytest.mark.parametrize("text", ["%", "_", "%_%", "\\"])
def test_admin_search_for_wildcards_finds_only_what_contains_them(client, world, text):
    assert sign_in(client, world.admin.username).status_code == 302
    html = client.get("/admin/warga-binaan", query_string={"q": text}).get_data(as_text=True)
    assert world.learner.full_name not in html and world.learner2.full_name not in html


def test_admin_search_still_finds_by_name_part(client, world):
    assert sign_in(client, world.admin.username).status_code == 302
    html = client.get("/admin/warga-binaan", query_string={"q": "santoso"}).get_data(as_text=True)
    assert world.learner.full_name in html and world.learner2.full_name not in html


@pytest.mark.parametrize("text, found", [("%", False), ("_", False), ("bud", True), ("a.1/", True)])
def test_officer_search_means_what_it_says(client, world, text, found):
    assert sign_in(client, world.officer.username).status_code == 302
    html = client.get("/pk", query_string={"cari": text}).get_data(as_text=True)
    assert (world.learner.full_name in html) is found


@pytest.mark.parametrize(
    "field, text, found",
    [("action", "login%", False), ("action", "login_success", False), ("actor", "%", False), ("action", "login.", True)],
)
def test_audit_filters_take_wildcards_literally(client, world, field, text, found):
    assert sign_in(client, world.national.username).status_code == 302  # one login.success event
    html = client.get("/nasional/jejak-audit", query_string={field: text}).get_data(as_text=True)
    assert ("Tidak ada kejadian yang cocok." not in html) is found


@pytest.mark.parametrize("who, url, name", [("admin", "/admin/warga-binaan", "q"), ("officer", "/pk", "cari")])
def test_a_100_kb_search_answers_with_a_page(client, world, who, url, name):
    assert sign_in(client, getattr(world, who).username).status_code == 302
    assert client.get(url, query_string={name: "x" * 100_000}).status_code == 200
