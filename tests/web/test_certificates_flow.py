"""Issuing, approving, manual issue with a reason, revocation, and the audit trail of each."""
from __future__ import annotations

import pytest

from tests.certificate_world import meet_criteria
from tests.conftest import post_form, sign_in
from training.audit import AuditEvent
from training.certificates import codes
from training.certificates.models import ISSUED, PENDING, REVOKED, Certificate
from training.extensions import db


def _certs(app, learner_id):
    with app.app_context():
        rows = db.session.scalars(db.select(Certificate).where(Certificate.learner_id == learner_id)
                                  .order_by(Certificate.id)).all()
        for row in rows:
            db.session.expunge(row)
        return rows


def _events(app, action):
    with app.app_context():
        return [(e.actor_id, e.target_id, e.details)
                for e in db.session.scalars(db.select(AuditEvent).where(AuditEvent.action == action))]


def _meet(app, world):
    with app.app_context():
        meet_criteria(world.learner2.id, world.course.id)
        db.session.commit()


def test_learner_meeting_the_criteria_gets_a_certificate_on_their_page(app, world, client):
    _meet(app, world)
    sign_in(client, world.learner2.reg_number)
    post_form(client, "/sertifikat-saya/periksa", page="/sertifikat-saya/")  # the page's button
    html = client.get("/sertifikat-saya/").get_data(as_text=True)
    [cert] = _certs(app, world.learner2.id)
    assert cert.status == ISSUED and cert.display_code in html and "Unduh sertifikat" in html
    [(actor, target, details)] = [e for e in _events(app, "certificate.issued") if e[1] == cert.id]
    assert details["automatic"] is True


def test_learner_sees_what_is_still_missing(app, world, client):
    sign_in(client, world.learner2.reg_number)
    html = client.get("/sertifikat-saya/").get_data(as_text=True)
    assert "Yang masih perlu dicapai" in html and "0 dari 3 pelajaran yang diminta sudah selesai." in html
    assert not _certs(app, world.learner2.id)


def test_approval_flow_when_the_facility_asks_for_it(app, world):
    admin = app.test_client()
    sign_in(admin, world.admin.username)
    post_form(admin, "/sertifikat/pengaturan", {"needs_approval": "y"}, page="/sertifikat/")
    assert _events(app, "certificate.settings")[0][2] == {"needs_approval": True}

    _meet(app, world)
    learner = app.test_client()
    sign_in(learner, world.learner2.reg_number)
    post_form(learner, "/sertifikat-saya/periksa", page="/sertifikat-saya/")
    assert "menunggu persetujuan" in learner.get("/sertifikat-saya/").get_data(as_text=True).lower()
    [cert] = _certs(app, world.learner2.id)
    assert cert.status == PENDING and cert.issued_dt is None
    assert learner.get(f"/sertifikat-saya/{cert.id}/unduh").status_code == 404
    assert app.test_client().get(f"/v/{cert.display_code}").status_code == 404  # not valid yet

    instructor = app.test_client()
    sign_in(instructor, world.instructor.username)
    assert cert.learner_name in instructor.get("/sertifikat/").get_data(as_text=True)
    response = post_form(instructor, f"/sertifikat/{cert.id}/setujui", page="/sertifikat/")
    assert response.status_code == 302
    [cert] = _certs(app, world.learner2.id)
    assert cert.status == ISSUED and cert.issued_by_id == world.instructor.id and cert.issued_dt
    assert [e[0] for e in _events(app, "certificate.approved")] == [world.instructor.id]
    assert _events(app, "certificate.requested")
    assert "asli dan berlaku" in app.test_client().get(f"/v/{cert.display_code}").get_data(as_text=True)


def test_instructor_issues_a_certificate_by_hand_with_a_reason(app, world):
    client = app.test_client()
    sign_in(client, world.instructor.username)
    url = f"/sertifikat/terbitkan/{world.learner2.id}/uji-coba"
    page = client.get(url).get_data(as_text=True)
    assert "Syarat kursus" in page and "0 dari 3 pelajaran" in page
    short = post_form(client, url, {"reason": "karena"}, page=url)
    assert short.status_code == 200 and not _certs(app, world.learner2.id)
    reason = "Tugas praktik dinilai langsung di bengkel roti."
    response = post_form(client, url, {"reason": reason}, page=url)
    assert response.status_code == 302
    [cert] = _certs(app, world.learner2.id)
    assert cert.status == ISSUED and cert.reason == reason and cert.issued_by_id == world.instructor.id
    [(actor, target, details)] = [e for e in _events(app, "certificate.issued") if e[1] == cert.id]
    assert actor == world.instructor.id and details["reason"] == reason and details["criteria_met"] is False
    again = post_form(client, url, {"reason": reason}, page=url)
    assert again.status_code == 200 and len(_certs(app, world.learner2.id)) == 1


def test_other_facilities_staff_cannot_reach_a_certificate(app, world):
    for who, code in (("other_admin", 404), ("other_instructor", 404)):
        client = app.test_client()
        sign_in(client, getattr(world, who).username)
        assert client.get(f"/sertifikat/{world.certificate.id}").status_code == code
    other = app.test_client()
    sign_in(other, world.other_learner.reg_number)
    assert other.get(f"/sertifikat-saya/{world.certificate.id}/unduh").status_code == 404


def test_revocation_keeps_the_record_and_the_verification_page_says_revoked(app, world):
    code = codes.display(world.certificate.code)
    assert "asli dan berlaku" in app.test_client().get(f"/v/{code}").get_data(as_text=True)
    instructor = app.test_client()
    sign_in(instructor, world.instructor.username)
    assert post_form(instructor, f"/sertifikat/{world.certificate.id}/cabut", {"reason": "x" * 20}).status_code == 403

    admin = app.test_client()
    sign_in(admin, world.admin.username)
    page = f"/sertifikat/{world.certificate.id}"
    assert post_form(admin, page + "/cabut", {"reason": "pendek"}, page=page).status_code == 200
    reason = "Nilai kuis ternyata salah dimasukkan."
    assert post_form(admin, page + "/cabut", {"reason": reason}, page=page).status_code == 302
    [cert] = _certs(app, world.learner.id)
    assert cert.status == REVOKED and cert.revoke_reason == reason and cert.revoked_by_id == world.admin.id
    assert cert.learner_name == "Budi Santoso" and cert.code == world.certificate.code  # the record is kept
    [(actor, target, details)] = _events(app, "certificate.revoked")
    assert actor == world.admin.id and target == cert.id and details["reason"] == reason

    response = app.test_client().get(f"/v/{code}")
    html = response.get_data(as_text=True)
    assert response.status_code == 200 and "sudah dicabut" in html and "Dicabut pada" in html
    assert "Budi Santoso" not in html  # a revoked certificate says only that, and when
    learner = app.test_client()
    sign_in(learner, world.learner.reg_number)
    assert learner.get(f"/sertifikat-saya/{cert.id}/unduh").status_code == 404
    assert "dicabut" in learner.get("/sertifikat-saya/").get_data(as_text=True)


@pytest.mark.parametrize("who", ["learner", "instructor"])
def test_downloads_are_audited(app, world, who):
    client = app.test_client()
    user = getattr(world, who)
    sign_in(client, user.login_name if who == "learner" else user.username)
    url = (f"/sertifikat-saya/{world.certificate.id}/unduh" if who == "learner"
           else f"/sertifikat/{world.certificate.id}/unduh")
    response = client.get(url)
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    assert [(e[0], e[1]) for e in _events(app, "certificate.downloaded")] == [(user.id, world.certificate.id)]


def test_class_print_is_one_pdf_and_audited(app, world):
    from io import BytesIO

    from pypdf import PdfReader

    _meet(app, world)
    learner = app.test_client()
    sign_in(learner, world.learner2.reg_number)
    post_form(learner, "/sertifikat-saya/periksa", page="/sertifikat-saya/")
    client = app.test_client()
    sign_in(client, world.instructor.username)
    assert "Cetak semua (2 sertifikat" in client.get(f"/sertifikat/kelas/{world.class_a.id}").get_data(as_text=True)
    response = client.get(f"/sertifikat/kelas/{world.class_a.id}/cetak")
    reader = PdfReader(BytesIO(response.data))
    assert len(reader.pages) == 2
    assert "Budi Santoso" in reader.pages[0].extract_text() and "Sari Wulandari" in reader.pages[1].extract_text()
    [(actor, target, details)] = _events(app, "certificate.class_printed")
    assert actor == world.instructor.id and target == world.class_a.id and details["count"] == 2


def _second_instructor(app, world):
    """Another instructor of the learner's facility, signed in."""
    from tests.conftest import TEST_PASSWORD
    from training.accounts import services
    from training.accounts.models import Facility

    with app.app_context():
        services.create_staff(db.session.get(Facility, world.lapas.id), role="instructor", username="guru.kedua",
                              full_name="Rina Pengajar", password=TEST_PASSWORD)
        db.session.commit()
    client = app.test_client()
    assert sign_in(client, "guru.kedua").status_code == 302
    return client


def _ask_approval(app, world):
    admin = app.test_client()
    assert sign_in(admin, world.admin.username).status_code == 302
    post_form(admin, "/sertifikat/pengaturan", {"needs_approval": "y"}, page="/sertifikat/")


def test_a_certificate_given_by_hand_needs_a_second_person_where_the_facility_asks(app, world):
    _ask_approval(app, world)
    first = app.test_client()
    assert sign_in(first, world.instructor.username).status_code == 302
    url = f"/sertifikat/terbitkan/{world.learner2.id}/uji-coba"
    page = first.get(url).get_data(as_text=True)
    assert "Diberikan oleh pengajar tanpa memenuhi semua syarat kursus." in page  # said before issuing
    post_form(first, url, {"reason": "Dinilai langsung di bengkel roti."}, page=url)
    [cert] = _certs(app, world.learner2.id)
    assert cert.status == PENDING and cert.requested_by_id == world.instructor.id and cert.criteria_waived
    assert app.test_client().get(f"/v/{cert.display_code}").status_code == 404  # not a certificate yet

    # the one who asked can't approve it, by the button or by issuing it again
    assert "menunggu pengajar lain" in first.get(f"/sertifikat/{cert.id}").get_data(as_text=True)
    post_form(first, f"/sertifikat/{cert.id}/setujui", page="/sertifikat/")
    post_form(first, url, {"reason": "Dinilai langsung di bengkel roti."}, page=url)
    assert _certs(app, world.learner2.id)[0].status == PENDING and not _events(app, "certificate.approved")

    second = _second_instructor(app, world)
    post_form(second, f"/sertifikat/{cert.id}/setujui", page="/sertifikat/")
    [cert] = _certs(app, world.learner2.id)
    assert cert.status == ISSUED and cert.issued_by_id != world.instructor.id
    [(actor, _target, details)] = _events(app, "certificate.approved")
    assert details["requested_by_id"] == world.instructor.id and actor != world.instructor.id
    html = app.test_client().get(f"/v/{cert.display_code}").get_data(as_text=True)
    assert "asli dan berlaku" in html and "Diberikan oleh pengajar tanpa memenuhi semua syarat kursus." in html


def test_a_certificate_earned_by_meeting_every_criterion_carries_no_note(app, world):
    _meet(app, world)
    client = app.test_client()
    assert sign_in(client, world.instructor.username).status_code == 302
    url = f"/sertifikat/terbitkan/{world.learner2.id}/uji-coba"
    assert "tanpa memenuhi" not in client.get(url).get_data(as_text=True)
    post_form(client, url, {"reason": "Semua syarat sudah terpenuhi hari ini."}, page=url)
    [cert] = _certs(app, world.learner2.id)
    assert cert.status == ISSUED and not cert.criteria_waived


def test_a_pending_certificate_can_be_rejected_with_a_reason(app, world):
    _ask_approval(app, world)
    _meet(app, world)
    learner = app.test_client()
    assert sign_in(learner, world.learner2.reg_number).status_code == 302
    post_form(learner, "/sertifikat-saya/periksa", page="/sertifikat-saya/")
    [cert] = _certs(app, world.learner2.id)
    assert cert.status == PENDING
    instructor = app.test_client()
    assert sign_in(instructor, world.instructor.username).status_code == 302
    detail = f"/sertifikat/{cert.id}"
    short = post_form(instructor, f"{detail}/tolak", {"reason": "tidak"}, page=detail)
    assert short.status_code == 200 and "Alasan 10 sampai 1000 huruf." in short.get_data(as_text=True)
    assert _certs(app, world.learner2.id)[0].status == PENDING
    reason = "Nilai kuis tercatat ganda; diperiksa ulang dulu."
    post_form(instructor, f"{detail}/tolak", {"reason": reason}, page=detail)
    [cert] = _certs(app, world.learner2.id)
    assert cert.status == "rejected" and cert.active_key is None and cert.reject_reason == reason
    assert cert.rejected_by_id == world.instructor.id
    [(actor, target, details)] = _events(app, "certificate.rejected")
    assert (actor, target, details["reason"]) == (world.instructor.id, cert.id, reason)
    assert app.test_client().get(f"/v/{cert.display_code}").status_code == 404
    assert "tidak disetujui" in learner.get("/sertifikat-saya/").get_data(as_text=True)
    again = post_form(instructor, f"{detail}/tolak", {"reason": reason}, page=detail, follow_redirects=True)
    assert "tidak menunggu persetujuan" in again.get_data(as_text=True)
