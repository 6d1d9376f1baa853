"""An instructor takes attendance for a class of 40 in a real browser: open today's session,
tap a few learners absent or late, save, and find the marks stored."""
from __future__ import annotations

import pytest

from tests.conftest import TEST_PASSWORD
from training.extensions import db

pytestmark = pytest.mark.browser


def _class_of_40(app, world) -> list[int]:
    from training.accounts import services
    from training.accounts.models import Facility

    with app.app_context():
        lapas = db.session.get(Facility, world.lapas.id)
        ids = []
        for n in range(40):
            user, _ = services.create_learner(lapas, reg_number=f"K40.{n + 1:02d}/2025",
                                              full_name=f"Peserta {n + 1:02d}", password=TEST_PASSWORD)
            ids.append(user.id)
        klass = services.create_class(lapas, name="Kelas Empat Puluh")
        services.set_class_members(klass, set(ids), {world.instructor.id})
        db.session.commit()
        return [klass.id, *ids]


def test_instructor_takes_attendance_for_a_class_of_40(app, live_server, world, browser_page):
    from training.teaching.models import AttendanceRecord, AttendanceSession

    class_id, *learner_ids = _class_of_40(app, world)
    page = browser_page
    page.goto(f"{live_server}/masuk")
    page.fill("#login", world.instructor.username)
    page.fill("#password", TEST_PASSWORD)
    page.click("button.btn-primary")
    page.wait_for_url(f"{live_server}/pengajar")

    page.click("nav.mainnav >> text=Kehadiran")
    page.click(f"#kelas-{class_id} button[type=submit]")
    page.wait_for_url("**/pengajar/kehadiran/*")
    assert page.locator("tr.att-row").count() == 40
    assert page.locator("input[value=present]:checked").count() == 40  # everyone present by default

    absent, late, excused = learner_ids[3], learner_ids[17], learner_ids[38]
    page.click(f"label[for=s-{absent}-absent]")
    page.click(f"label[for=s-{late}-late]")
    page.fill(f"#m-{late}", "80")
    page.click(f"label[for=s-{excused}-excused]")
    page.screenshot(path="/tmp/karya-e2e-attendance-40.png", full_page=False)
    page.click("text=Simpan kehadiran")
    page.wait_for_selector(".flash-success")
    assert "Kehadiran tersimpan." in page.inner_text(".flash-success")

    with app.app_context():
        session = db.session.scalar(db.select(AttendanceSession).where(AttendanceSession.class_id == class_id))
        records = {r.learner_id: (r.status, r.minutes) for r in db.session.scalars(
            db.select(AttendanceRecord).where(AttendanceRecord.session_id == session.id))}
        planned = session.planned_minutes
    assert len(records) == 40
    assert records[absent] == ("absent", 0)
    assert records[late] == ("late", 80)
    assert records[excused] == ("excused", 0)
    assert sum(1 for status, minutes in records.values() if (status, minutes) == ("present", planned)) == 37
    assert page.locator(f"#s-{late}-late").is_checked()  # the saved sheet shows the marks again
