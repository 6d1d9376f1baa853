"""The officer's review: caseload with levels, conclusion recorded, views audited; the instructor's
assessment and the learner's plan feed the profile; a national admin sets the rubric."""
from __future__ import annotations

from datetime import date, timedelta

from tests.conftest import post_form, sign_in
from tests.readiness_world import add_evidence
from training.extensions import db


def signed_in(app, login):
    client = app.test_client()
    sign_in(client, login)
    return client


def events(app, action):
    from training.audit import AuditEvent

    with app.app_context():
        return db.session.scalars(db.select(AuditEvent).where(AuditEvent.action == action)).all()


def test_caseload_shows_level_with_reasons_and_nearest_release_first(app, world):
    from training.accounts import services
    from training.accounts.models import User

    with app.app_context():
        soon = db.session.get(User, world.learner2.id)
        soon.expected_release_on = date.today() + timedelta(days=10)
        db.session.get(User, world.learner.id).expected_release_on = date.today() + timedelta(days=200)
        services.set_officer(soon, db.session.get(User, world.officer.id))
        db.session.commit()
    page = signed_in(app, world.officer.username).get("/pk").get_data(as_text=True)
    assert page.index("Sari Wulandari") < page.index("Budi Santoso")
    assert "Belum siap" in page
    assert "belum menyelesaikan" in page  # a reason beside the level, not a number


def test_profile_view_is_audited(app, world):
    client = signed_in(app, world.officer.username)
    page = client.get(f"/kesiapan/{world.learner.id}").get_data(as_text=True)
    assert "Budi Santoso" in page and "Saran sistem" in page
    [event] = events(app, "readiness.viewed")
    assert event.target_id == world.learner.id and event.actor_id == world.officer.id


def test_officer_records_conclusion(app, world):
    from training.readiness.models import OfficerConclusion

    client = signed_in(app, world.officer.username)
    url = f"/kesiapan/{world.learner.id}"
    response = post_form(client, f"{url}/kesimpulan", {"level": "hampir", "text": "Perlu modal dan pendampingan.",
                                                       "concluded_on": "2025-05-02"}, page=url)
    assert response.status_code == 302
    with app.app_context():
        [row] = db.session.scalars(db.select(OfficerConclusion)).all()
        assert (row.level, row.officer_id, row.concluded_on) == ("hampir", world.officer.id, date(2025, 5, 2))
    assert "Perlu modal dan pendampingan." in client.get(url).get_data(as_text=True)
    assert "Hampir siap" in client.get("/pk").get_data(as_text=True)
    assert len(events(app, "readiness.conclusion")) == 1


def test_conclusion_needs_a_level_and_a_reason(app, world):
    from training.readiness.models import OfficerConclusion

    client = signed_in(app, world.officer.username)
    url = f"/kesiapan/{world.learner.id}"
    response = post_form(client, f"{url}/kesimpulan", {"level": "", "text": ""}, page=url, follow_redirects=True)
    assert response.status_code == 200 and "Pilih tingkat kesiapan dan tulis alasannya." in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(db.select(db.func.count()).select_from(OfficerConclusion)) == 0


def test_officer_cannot_change_the_plan_or_assessment(app, world):
    client = signed_in(app, world.officer.username)
    assert client.get("/rencana-saya").status_code == 403
    assert client.get(f"/pengajar/penilaian-sikap/{world.learner.id}").status_code == 403


def test_instructor_assessment_and_learner_plan_reach_the_profile(app, world):
    instructor = signed_in(app, world.instructor.username)
    url = f"/pengajar/penilaian-sikap/{world.learner.id}"
    scores = {"attendance": "4", "initiative": "3", "teamwork": "2", "numeracy": "3", "quality": "4",
              "comment": "Teliti menghitung."}
    assert post_form(instructor, url, scores, page=url).status_code == 302
    assert "diisi" in instructor.get("/pengajar/penilaian-sikap").get_data(as_text=True)

    learner = signed_in(app, world.learner.reg_number)
    plan = {"goals": "Membuka warung", "business": "Warung kopi", "obstacles": "Modal", "support": "Keluarga"}
    assert post_form(learner, "/rencana-saya", plan, page="/rencana-saya").status_code == 302
    assert "Warung kopi" in learner.get("/rencana-saya").get_data(as_text=True)

    page = signed_in(app, world.officer.username).get(f"/kesiapan/{world.learner.id}").get_data(as_text=True)
    assert "Teliti menghitung." in page and "Warung kopi" in page
    assert "kerja sama masih 2 dari 4" in page


def test_full_evidence_shows_on_profile(app, world):
    with app.app_context():
        add_evidence(world)
    page = signed_in(app, world.officer.username).get(f"/kesiapan/{world.learner.id}").get_data(as_text=True)
    assert "kehadiran 80% (batas 75%)" in page
    assert "2 musim pasar selesai" in page
    assert "<svg" in page  # the season profit chart


def test_national_admin_sets_the_rubric(app, world):
    from training.readiness.services import current_settings

    client = signed_in(app, world.national.username)
    form = client.get("/nasional/aturan-kesiapan").get_data(as_text=True)
    assert "Batas kehadiran" in form
    with app.app_context():
        values = {k: str(v) for k, v in current_settings().as_dict().items()}
    values["min_attendance_percent"] = "90"
    assert post_form(client, "/nasional/aturan-kesiapan", values, page="/nasional/aturan-kesiapan").status_code == 302
    with app.app_context():
        assert current_settings().min_attendance_percent == 90
    [event] = events(app, "readiness.settings")
    assert event.details["changed"] == {"min_attendance_percent": [75, 90]}


def test_settings_refuse_almost_above_ready(app, world):
    from training.readiness.services import current_settings

    client = signed_in(app, world.national.username)
    with app.app_context():
        values = {k: str(v) for k, v in current_settings().as_dict().items()}
    values.update(ready_percent="60", almost_percent="70")
    response = post_form(client, "/nasional/aturan-kesiapan", values, page="/nasional/aturan-kesiapan")
    assert response.status_code == 200
    assert "Harus lebih kecil" in response.get_data(as_text=True)


def test_refused_conclusion_and_note_keep_what_the_officer_typed(app, world):
    from training.readiness.models import OfficerConclusion, OfficerNote

    client = signed_in(app, world.officer.username)
    url = f"/kesiapan/{world.learner.id}"
    response = post_form(client, f"{url}/kesimpulan", {"level": "", "text": "Alasan panjang yang sudah diketik."},
                         page=url)
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert "Alasan panjang yang sudah diketik." in page and "Pilih salah satu." in page
    response = post_form(client, f"{url}/catatan", {"text": "x" * 4001}, page=url)
    assert response.status_code == 200 and "x" * 4001 in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(db.select(db.func.count()).select_from(OfficerConclusion)) == 0
        assert db.session.scalar(db.select(db.func.count()).select_from(OfficerNote)) == 0


def test_caseload_reads_each_readiness_record_once_for_all_learners(app, world):
    """The caseload gathers every learner's evidence, but its own records come in one query per
    table, however many learners are on it (not one per learner and lesson)."""
    from sqlalchemy import event

    from training.accounts import services
    from training.accounts.models import User

    with app.app_context():
        add_evidence(world)
        services.set_officer(db.session.get(User, world.learner2.id), db.session.get(User, world.officer.id))
        db.session.commit()
    client = signed_in(app, world.officer.username)
    statements = []
    with app.app_context():
        engine = db.engine
    listener = lambda conn, cursor, statement, *args: statements.append(statement)  # noqa: E731
    event.listen(engine, "before_cursor_execute", listener)
    try:
        page = client.get("/pk").get_data(as_text=True)
    finally:
        event.remove(engine, "before_cursor_execute", listener)
    assert "Budi Santoso" in page and "Sari Wulandari" in page
    for table in ("quiz_attempt", "task_submission", "certificate", "readiness_assessment", "readiness_plan",
                  "readiness_conclusion"):
        reads = [s for s in statements if s.lstrip().upper().startswith("SELECT") and f"FROM {table}" in s]
        assert len(reads) <= 1, (table, len(reads))


def test_profile_ids_are_unique_and_each_box_has_its_own_label(app, world):
    import re
    from collections import Counter

    client = signed_in(app, world.officer.username)
    response = client.get(f"/kesiapan/{world.learner.id}")
    assert response.status_code == 200  # signed in as the officer
    page = response.get_data(as_text=True)
    ids = Counter(re.findall(r'\bid="([^"]+)"', page))
    assert [i for i, n in ids.items() if n > 1] == []
    labels = dict((target, text.strip()) for target, text in re.findall(r'<label[^>]*for="([^"]+)"[^>]*>([^<]*)<', page))
    boxes = re.findall(r'<textarea[^>]*id="([^"]+)"', page)
    assert len(boxes) == 2
    assert {labels[box] for box in boxes} == {"Catatan baru", "Alasan kesimpulan"}


def test_a_long_caseload_comes_in_pages_nearest_release_first_and_search_covers_every_page(app, world,
                                                                                           monkeypatch):
    """A caseload of hundreds is shown a page at a time (the evidence is gathered for that page
    only), in release order across the pages; the search still looks through the whole caseload."""
    from training.accounts import services
    from training.accounts.models import Facility, User

    monkeypatch.setitem(app.config, "ITEMS_PER_PAGE", 3)
    with app.app_context():
        officer = db.session.get(User, world.officer.id)
        facility = db.session.get(Facility, world.learner.facility_id)
        db.session.get(User, world.learner.id).expected_release_on = date.today() + timedelta(days=1)
        for n in range(1, 7):
            learner, _password = services.create_learner(facility, reg_number=f"PG.{n:03d}/2026",
                                                         full_name=f"Peserta Halaman {n}")
            learner.expected_release_on = date.today() + timedelta(days=10 * n)
            services.set_officer(learner, officer)
        db.session.commit()
    client = signed_in(app, world.officer.username)
    first = client.get("/pk").get_data(as_text=True)
    assert "Halaman 1 dari 3" in first and "Semuanya 7 orang." in first
    assert first.index("Budi Santoso") < first.index("Peserta Halaman 1") < first.index("Peserta Halaman 2")
    assert "Peserta Halaman 3" not in first
    assert 'href="/pk?halaman=2"' in first
    second = client.get("/pk?halaman=2").get_data(as_text=True)
    assert "Halaman 2 dari 3" in second
    assert [name for name in ("Peserta Halaman 3", "Peserta Halaman 4", "Peserta Halaman 5") if name in second] \
        == ["Peserta Halaman 3", "Peserta Halaman 4", "Peserta Halaman 5"]
    assert "Budi Santoso" not in second
    found = client.get("/pk", query_string={"cari": "Halaman 6"}).get_data(as_text=True)
    assert "Peserta Halaman 6" in found and "Halaman 1 dari" not in found  # one page: no pager
    beyond = client.get("/pk?halaman=99").get_data(as_text=True)  # an old link past the end
    assert "Halaman 3 dari 3" in beyond and "Peserta Halaman 6" in beyond
