"""Staff are warned on every page while certificates' QR codes point at the default public
address (nobody outside could check a certificate); learners are not."""
from __future__ import annotations

import pytest

from tests.conftest import sign_in
from training.certificates.verification import public_address_unset

WARNING = "Kode QR di sertifikat belum bisa dibuka dari luar."
# A page each kind of user lands on, and one more of theirs.
PAGES = {
    "instructor": ("/pengajar", "/pengajar/kehadiran"),
    "officer": ("/pk", "/pk"),
    "admin": ("/admin/", "/sertifikat/"),
    "national": ("/nasional/fasilitas", "/nasional/admin"),
}


def _login(world, role):
    return {"instructor": world.instructor.username, "officer": world.officer.username,
            "admin": world.admin.username, "national": world.national.username}[role]


@pytest.mark.parametrize("role", sorted(PAGES))
def test_every_staff_page_warns_while_the_public_address_is_the_default(app, world, monkeypatch, role):
    monkeypatch.setitem(app.config, "PUBLIC_BASE_URL", "http://localhost:8000")
    client = app.test_client()
    assert sign_in(client, _login(world, role)).status_code == 302
    for url in PAGES[role]:
        response = client.get(url)
        assert response.status_code == 200 and WARNING in response.get_data(as_text=True), url
    monkeypatch.setitem(app.config, "PUBLIC_BASE_URL", "https://cek.contoh.id")
    assert WARNING not in client.get(PAGES[role][0]).get_data(as_text=True)


def test_learners_are_not_warned(app, world, monkeypatch):
    monkeypatch.setitem(app.config, "PUBLIC_BASE_URL", "http://localhost:8000")
    client = app.test_client()
    assert sign_in(client, world.learner.reg_number).status_code == 302
    for url in ("/belajar", "/sertifikat-saya/"):
        response = client.get(url)
        assert response.status_code == 200 and WARNING not in response.get_data(as_text=True), url


@pytest.mark.parametrize("url, unset", [
    ("http://localhost:8000", True), ("http://localhost:8000/", True), ("http://127.0.0.1:8103", True),
    ("", True), ("https://sertifikat.karya.id", False), ("http://10.1.2.3:8000", False),
])
def test_which_public_addresses_count_as_not_set(url, unset):
    assert public_address_unset(url) is unset
