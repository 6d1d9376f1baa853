"""Attendance: everyone present by default, one mark per exception, minutes, corrections, and a
sheet that is saved whole or not at all."""
from __future__ import annotations

import re
from datetime import date, time

import pytest

from tests.conftest import csrf_token, sign_in
from training.accounts.models import TrainingClass, User
from training.audit import AuditEvent
from training.teaching.attendance import attendance_summary, open_session
from training.teaching.models import AttendanceRecord, AttendanceSession
from training.extensions import db


def _records(app, session_id):
    with app.app_context():
        return {r.learner_id: (r.status, r.minutes) for r in db.session.scalars(
            db.select(AttendanceRecord).where(AttendanceRecord.session_id == session_id))}


def _sheet_post(client, session_id, data):
    url = f"/pengajar/kehadiran/{session_id}"
    token = csrf_token(client.get(url).get_data(as_text=True))
    return client.post(url, data={"csrf_token": token, **data})


def test_opening_a_session_marks_everyone_present_for_the_planned_minutes(app, world):
    client = app.test_client()
    sign_in(client, world.instructor.username)
    token = csrf_token(client.get("/pengajar/kehadiran").get_data(as_text=True))
    response = client.post(f"/pengajar/kelas/{world.class_a.id}/kehadiran", data={
        "csrf_token": token, "held_on": "2025-03-03", "starts_at": "09:00", "planned_minutes": "90"})
    assert response.status_code == 302
    with app.app_context():
        session = db.session.scalar(db.select(AttendanceSession).where(AttendanceSession.held_on == date(2025, 3, 3)))
    assert _records(app, session.id) == {world.learner.id: ("present", 90), world.learner2.id: ("present", 90)}


def test_marks_and_minutes_are_saved_and_can_be_corrected_later(app, world):
    client = app.test_client()
    sign_in(client, world.instructor.username)
    sid, a, b = world.session.id, world.learner.id, world.learner2.id
    response = _sheet_post(client, sid, {"planned_minutes": "120", f"status-{a}": "late", f"menit-{a}": "95",
                                         f"status-{b}": "absent", f"menit-{b}": "120"})
    assert response.status_code == 302
    assert _records(app, sid) == {a: ("late", 95), b: ("absent", 0)}  # absent counts 0 minutes
    # a correction the next day: learner2 had permission after all; blank minutes mean planned
    _sheet_post(client, sid, {"planned_minutes": "120", f"status-{a}": "late", f"menit-{a}": "",
                              f"status-{b}": "excused", f"menit-{b}": ""})
    assert _records(app, sid) == {a: ("late", 120), b: ("excused", 0)}
    with app.app_context():
        events = db.session.scalars(db.select(AuditEvent).where(AuditEvent.action == "attendance.saved")
                                    .order_by(AuditEvent.id)).all()
        assert len(events) == 2
        assert {"learner_id": b, "old": ["absent", 0], "new": ["excused", 0]} in events[1].details["changes"]


def test_a_wrong_row_saves_nothing_and_shows_the_sheet_with_the_error(app, world):
    client = app.test_client()
    sign_in(client, world.instructor.username)
    sid, a, b = world.session.id, world.learner.id, world.learner2.id
    response = _sheet_post(client, sid, {"planned_minutes": "120", f"status-{a}": "absent", f"menit-{a}": "0",
                                         f"status-{b}": "present", f"menit-{b}": "999"})
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert "Paling banyak 120 menit." in page and "Belum tersimpan" in page
    assert _records(app, sid) == {a: ("present", 120), b: ("present", 120)}  # the good row was not saved either


def test_attendance_rate_counts_late_as_attended_and_leaves_excused_out(app, world):
    with app.app_context():
        instructor = db.session.get(User, world.instructor.id)
        klass = db.session.get(TrainingClass, world.class_a.id)
        learner = db.session.get(User, world.learner.id)
        from training.teaching.attendance import save_sheet

        marks = ["present", "late", "absent", "excused"]
        for day, status in enumerate(marks, start=1):
            session, _ = open_session(instructor, klass, held_on=date(2025, 1, day), starts_at=time(8), planned_minutes=60)
            save_sheet(instructor, session, {learner.id: (status, "")})
        db.session.flush()
        summary = attendance_summary(learner)
        # plus world.session (today, present by default): present 2, late 1, absent 1, excused 1
        assert (summary["present"], summary["late"], summary["absent"], summary["excused"]) == (2, 1, 1, 1)
        assert summary["attended"] == 3 and summary["counted"] == 4
        assert summary["rate"] == 0.75
        assert summary["minutes"] == 120 + 60 + 60


def test_other_facility_instructor_cannot_open_a_session_for_the_class(app, world):
    client = app.test_client()
    sign_in(client, world.other_instructor.username)
    token = csrf_token(client.get("/pengajar/kehadiran").get_data(as_text=True))
    response = client.post(f"/pengajar/kelas/{world.class_a.id}/kehadiran", data={
        "csrf_token": token, "held_on": "2025-03-03", "starts_at": "09:00", "planned_minutes": "90"})
    assert response.status_code == 404


def test_a_wrong_session_length_keeps_every_mark_as_typed(app, world):
    client = app.test_client()
    sign_in(client, world.instructor.username)
    sid, a, b = world.session.id, world.learner.id, world.learner2.id
    response = _sheet_post(client, sid, {"planned_minutes": "0", f"status-{a}": "absent", f"menit-{a}": "",
                                         f"status-{b}": "late", f"menit-{b}": "95"})
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert "periksa lama sesi" in page
    assert f'name="status-{a}" value="absent" class="seg-absent" checked' in page
    assert f'name="status-{b}" value="late" class="seg-late" checked' in page
    assert f'name="menit-{b}" value="95"' in page
    assert _records(app, sid) == {a: ("present", 120), b: ("present", 120)}


def test_a_minutes_error_shows_the_minutes_as_typed(app, world):
    client = app.test_client()
    sign_in(client, world.instructor.username)
    sid, b = world.session.id, world.learner2.id
    page = _sheet_post(client, sid, {"planned_minutes": "120", f"status-{b}": "late",
                                     f"menit-{b}": "999"}).get_data(as_text=True)
    assert "Paling banyak 120 menit." in page and f'name="menit-{b}" value="999"' in page



@pytest.mark.parametrize("minutes", ["²", "٣٠", "9" * 5000, "0" * 5000 + "1000", "-5", "1e3"])
def test_exotic_or_huge_minutes_get_a_message_not_a_server_error(app, world, minutes):
    client = app.test_client()
    sign_in(client, world.instructor.username)
    sid, b = world.session.id, world.learner2.id
    response = _sheet_post(client, sid, {"planned_minutes": "120", f"status-{b}": "late", f"menit-{b}": minutes})
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert "Menit harus angka bulat." in page or "Paling banyak 120 menit." in page
    assert _records(app, sid)[b] == ("present", 120)


@pytest.mark.parametrize("field, value", [("planned_minutes", "0"), ("planned_minutes", "9" * 5000),
                                          ("held_on", "2025-02-31"), ("starts_at", "25:00")])
def test_a_session_form_with_a_mistake_comes_back_with_what_was_typed(app, world, field, value):
    client = app.test_client()
    sign_in(client, world.instructor.username)
    token = csrf_token(client.get("/pengajar/kehadiran").get_data(as_text=True))
    typed = {"held_on": "2025-03-03", "starts_at": "09:30", "planned_minutes": "90", field: value}
    response = client.post(f"/pengajar/kelas/{world.class_a.id}/kehadiran", data={"csrf_token": token, **typed})
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    cid = world.class_a.id
    assert "Sesi belum dibuka" in page
    for name, text in typed.items():
        assert f'id="{name}-{cid}" name="{name}" value="{text}"' in page
    assert re.search(rf'id="{field}-{cid}"[^>]*aria-invalid="true"[^>]*autofocus', page)
    with app.app_context():
        assert db.session.scalar(db.select(AttendanceSession).where(AttendanceSession.held_on == date(2025, 3, 3))) is None

