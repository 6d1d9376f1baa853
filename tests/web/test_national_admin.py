"""What a national admin does: facilities, facility admins, and reading the audit trail."""
from __future__ import annotations

import re

import pytest

from tests.conftest import attempt_sign_in, post_form, sign_in
from training.accounts.models import Facility, User
from training.extensions import db


@pytest.fixture
def national(app, world):
    client = app.test_client()
    sign_in(client, "nasional")
    return client


def test_national_admin_adds_a_facility(app, world, national):
    response = post_form(
        national,
        "/nasional/fasilitas/baru",
        {"code": "lpka-01", "name": "LPKA Kelas I Contoh", "kind": "lpka", "city": "Medan", "is_active": "y"},
        page="/nasional/fasilitas/baru",
    )
    assert response.status_code == 302
    with app.app_context():
        facility = db.session.scalar(db.select(Facility).where(Facility.code == "LPKA-01"))
        assert facility.kind == "lpka" and facility.is_active


def test_duplicate_facility_code_is_refused_and_form_kept(app, world, national):
    response = post_form(
        national,
        "/nasional/fasilitas/baru",
        {"code": "LPS-A", "name": "Nama Lain", "kind": "lapas"},
        page="/nasional/fasilitas/baru",
    )
    page = response.get_data(as_text=True)
    assert response.status_code == 200 and "sudah dipakai" in page and 'value="Nama Lain"' in page


def test_national_admin_creates_a_facility_admin_who_manages_only_that_facility(app, world, national):
    response = post_form(
        national,
        "/nasional/admin/baru",
        {"username": "admin.rutan2", "full_name": "Admin Rutan", "role": "facility_admin", "facility": world.rutan.id},
        page="/nasional/admin/baru",
    )
    temp = re.search(r'sementara: <strong class="mono">([^<]+)<', response.get_data(as_text=True)).group(1)
    client = app.test_client()
    sign_in(client, "admin.rutan2", temp)
    post_form(
        client,
        "/akun/kata-sandi",
        {"current_password": temp, "new_password": "kopi-susu-pagi", "confirm": "kopi-susu-pagi"},
        page="/akun/kata-sandi",
    )
    assert "Joko Susilo" in client.get("/admin/warga-binaan").get_data(as_text=True)
    assert client.get(f"/admin/warga-binaan/{world.learner.id}").status_code == 404


def test_audit_trail_filters_by_action_and_actor(app, world, national):
    attempt_sign_in(app.test_client(), "A.1/2025", "salah-sekali")
    sign_in(app.test_client(), "guru.a")
    page = national.get("/nasional/jejak-audit?action=login.failure").get_data(as_text=True)
    assert "login.failure" in page and "login.success" not in page
    page = national.get("/nasional/jejak-audit?actor=dian").get_data(as_text=True)
    assert "Dian Pengajar" in page and "Budi Santoso" not in page


def test_account_changes_carry_who_what_and_which_record(app, world, national):
    post_form(national, f"/kelola-akun/{world.admin.id}/nonaktifkan", {"reason": "pindah tugas"})
    from training.audit import AuditEvent

    with app.app_context():
        event = db.session.scalar(db.select(AuditEvent).where(AuditEvent.action == "account.deactivated"))
        assert event.actor_id == world.national.id
        assert (event.target_type, event.target_id) == ("user_account", world.admin.id)
        assert event.details == {"reason": "pindah tugas"}
        assert not db.session.get(User, world.admin.id).active


def test_audit_date_filter_uses_the_local_day(app, world, national):
    from datetime import datetime

    from training.audit import AuditEvent

    with app.app_context():
        # 23:30 UTC on 1 March is 06:30 on 2 March in Jakarta.
        db.session.add(AuditEvent(at_dt=datetime(2026, 3, 1, 23, 30), action="uji.malam", details={}))
        db.session.commit()
    on_second = national.get("/nasional/jejak-audit?action=uji.&date_from=2026-03-02&date_to=2026-03-02").get_data(as_text=True)
    on_first = national.get("/nasional/jejak-audit?action=uji.&date_from=2026-03-01&date_to=2026-03-01").get_data(as_text=True)
    assert "uji.malam" in on_second and "uji.malam" not in on_first


def test_audit_trail_names_the_account_an_event_was_about(app, world, national):
    admin = app.test_client()
    sign_in(admin, "admin.a")
    post_form(admin, f"/kelola-akun/{world.learner2.id}/reset-kata-sandi")
    page = national.get("/nasional/jejak-audit?action=account.password_reset").get_data(as_text=True)
    assert "Siti Admin (admin.a)" in page  # who did it
    assert "Sari Wulandari (A.2/2025)" in page  # whose account it was


def test_audit_trail_shows_actions_in_words_and_unknown_codes_as_they_are(app, world):
    from training.audit import record

    with app.app_context():
        record("uji.kode_baru", actor=db.session.get(User, world.admin.id))
        db.session.commit()
    client = app.test_client()
    assert sign_in(client, world.national.username).status_code == 302
    html = client.get("/nasional/jejak-audit").get_data(as_text=True)
    assert "<td>Masuk<br>" in html  # login.success, the national admin's own sign-in
    assert "<td>uji.kode_baru<br>" in html


def test_every_recorded_action_code_has_words():
    from pathlib import Path

    from training.audit import ACTION_LABELS

    source = "\n".join(p.read_text(encoding="utf-8") for p in Path("training").rglob("*.py"))
    codes = set(re.findall(r"record\(\s*\"([a-z_]+(?:\.[a-z_]+)?)\"", source))
    codes |= set(re.findall(r"(?:action|what)(?::\s*str)?\s*=\s*\"([a-z_]+\.[a-z_]+)\"", source))
    codes |= set(re.findall(r"record_view\(\w+, \"([a-z_]+\.[a-z_]+)\"\)", source))
    assert len(codes) > 30
    assert sorted(codes - set(ACTION_LABELS)) == []
