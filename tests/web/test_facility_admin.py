"""What a facility admin does: register learners, import a class list, classes, caseloads, staff."""
from __future__ import annotations

import io
import re

import pytest

from tests.conftest import post_form, sign_in
from training.accounts.models import Caseload, ClassLearner, User
from training.audit import AuditEvent
from training.extensions import db


@pytest.fixture
def admin(app, world):
    client = app.test_client()
    sign_in(client, "admin.a")
    return client


def temp_passwords(html: str) -> list[str]:
    return re.findall(r"Kata sandi sementara: <strong class=\"mono\">([a-z2-9]{5}-[a-z2-9]{5})</strong>", html)


def test_admin_registers_a_learner_who_must_set_a_password(app, world, admin):
    response = post_form(
        admin,
        "/admin/warga-binaan/baru",
        {"reg_number": "bi 77/2026", "full_name": "  Agus   Salim ", "expected_release_on": "2027-12-31",
         "training_class": world.class_a.id},
        page="/admin/warga-binaan/baru",
    )
    page = response.get_data(as_text=True)
    [temp] = temp_passwords(page)
    assert "BI77/2026" in page
    learner = app.test_client()
    sign_in(learner, "BI77/2026", temp)
    assert learner.get("/belajar").headers["Location"].endswith("/akun/kata-sandi")
    with app.app_context():
        user = db.session.scalar(db.select(User).where(User.reg_number == "BI77/2026"))
        assert user.full_name == "Agus Salim" and user.facility_id == world.lapas.id
        assert db.session.get(ClassLearner, (world.class_a.id, user.id)) is not None


def test_duplicate_registration_number_keeps_what_was_typed(app, world, admin):
    response = post_form(
        admin,
        "/admin/warga-binaan/baru",
        {"reg_number": "B.1/2025", "full_name": "Nama Baru"},
        page="/admin/warga-binaan/baru",
    )
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "sudah terdaftar" in page
    assert 'value="Nama Baru"' in page


GOOD_CSV = (
    "\ufeffnomor_registrasi;nama_lengkap;tanggal_bebas;kelas\n"
    "BI.301/2026;Rahmat Hidayat;31-12-2027;Kelas A\n"
    "BI.302/2026;Made Sudarsana;;\n"
)


def upload(client, data: bytes, name="daftar.csv", **fields):
    page = client.get("/admin/warga-binaan/impor").get_data(as_text=True)
    from tests.conftest import csrf_token

    payload = {"csrf_token": csrf_token(page), "file": (io.BytesIO(data), name), **fields}
    return client.post("/admin/warga-binaan/impor", data=payload, content_type="multipart/form-data")


def test_csv_import_creates_every_learner_with_a_slip(app, world, admin):
    response = upload(admin, GOOD_CSV.encode("utf-8"))
    page = response.get_data(as_text=True)
    assert len(temp_passwords(page)) == 2
    with app.app_context():
        users = {u.reg_number: u for u in db.session.scalars(db.select(User).where(User.reg_number.like("BI.30%")))}
        assert set(users) == {"BI.301/2026", "BI.302/2026"}
        assert users["BI.301/2026"].expected_release_on.isoformat() == "2027-12-31"
        assert db.session.get(ClassLearner, (world.class_a.id, users["BI.301/2026"].id)) is not None
        assert db.session.scalar(db.select(AuditEvent).where(AuditEvent.action == "account.imported")).details["count"] == 2


def test_csv_import_with_any_bad_row_imports_nothing_and_names_each_line(app, world, admin):
    bad = (
        "nomor_registrasi,nama_lengkap,tanggal_bebas,kelas\n"
        "BI.401/2026,Andi Saputra,31-12-2027,\n"
        "BI.402/2026,,2027-01-01,\n"
        "A.1/2025,Budi Lagi,,\n"
        "BI.401/2026,Andi Kembar,,\n"
        "BI.405/2026,Eko Prasetyo,besok,Kelas Z\n"
    )
    page = upload(admin, bad.encode("utf-8")).get_data(as_text=True)
    assert "Belum ada yang diimpor" in page
    for line, text in [(3, "nama kosong"), (4, "sudah terdaftar"), (5, "sudah ada di baris 2"), (6, "tidak bisa dibaca"),
                       (6, "kelas Kelas Z belum ada")]:
        assert re.search(rf'<td class="num">{line}</td><td>[^<]*{re.escape(text)}', page), (line, text)
    with app.app_context():
        assert db.session.scalar(db.select(User).where(User.reg_number == "BI.401/2026")) is None


def test_csv_without_required_columns_says_which(app, world, admin):
    page = upload(admin, b"nama;kota\nBudi;Bogor\n").get_data(as_text=True)
    assert "nomor_registrasi" in page and "Belum ada yang diimpor" in page


def test_admin_puts_learner_on_an_officers_caseload(app, world, admin):
    post_form(admin, f"/admin/warga-binaan/{world.learner2.id}/pk", {"officer": world.officer.id})
    with app.app_context():
        assert db.session.get(Caseload, (world.officer.id, world.learner2.id)) is not None
    officer = app.test_client()
    sign_in(officer, "pk.c")
    page = officer.get("/pk").get_data(as_text=True)
    assert "Sari Wulandari" in page and "Budi Santoso" in page
    assert "Joko Susilo" not in page


def test_officer_caseload_lists_nearest_release_first(app, world):
    from datetime import date

    with app.app_context():
        db.session.get(User, world.learner.id).expected_release_on = date(2027, 6, 1)
        second = db.session.get(User, world.other_learner.id)
        second.expected_release_on = date(2027, 1, 1)
        db.session.add(Caseload(officer_id=world.officer.id, learner_id=second.id))
        db.session.commit()
    officer = app.test_client()
    sign_in(officer, "pk.c")
    page = officer.get("/pk").get_data(as_text=True)
    assert page.index("Joko Susilo") < page.index("Budi Santoso")


def test_admin_sets_class_members_with_checkboxes(app, world, admin):
    response = post_form(
        admin,
        f"/admin/kelas/{world.class_a.id}",
        {"learners": [str(world.learner.id)], "instructors": [str(world.instructor.id)]},
        page=f"/admin/kelas/{world.class_a.id}",
    )
    assert response.status_code == 302
    with app.app_context():
        members = set(db.session.scalars(db.select(ClassLearner.user_id).where(ClassLearner.class_id == world.class_a.id)))
        assert members == {world.learner.id}


def test_admin_cannot_put_another_facilitys_learner_in_a_class(app, world, admin):
    response = post_form(
        admin,
        f"/admin/kelas/{world.class_a.id}",
        {"learners": [str(world.other_learner.id)]},
        page=f"/admin/kelas/{world.class_a.id}",
    )
    assert response.status_code == 200  # not a valid choice: the form is shown again
    with app.app_context():
        assert db.session.get(ClassLearner, (world.class_a.id, world.other_learner.id)) is None


def test_learner_list_search_stays_inside_the_facility(app, world, admin):
    page = admin.get("/admin/warga-binaan?q=joko").get_data(as_text=True)
    assert "Joko Susilo" not in page
    page = admin.get("/admin/warga-binaan?q=a.2").get_data(as_text=True)
    assert "Sari Wulandari" in page and "Budi Santoso" not in page


def test_admin_creates_an_instructor_account(app, world, admin):
    response = post_form(
        admin,
        "/admin/petugas/baru",
        {"username": "guru.baru", "full_name": "Guru Baru", "role": "instructor", "facility": world.lapas.id},
        page="/admin/petugas/baru",
    )
    [temp] = temp_passwords(response.get_data(as_text=True))
    client = app.test_client()
    assert sign_in(client, "guru.baru", temp).status_code == 302


def test_deactivating_a_learner_on_release_keeps_the_record(app, world, admin):
    post_form(admin, f"/kelola-akun/{world.learner2.id}/nonaktifkan", {"reason": "bebas bersyarat"})
    with app.app_context():
        user = db.session.get(User, world.learner2.id)
        assert not user.active and user.deactivation_reason == "bebas bersyarat"
    assert "Sari Wulandari" in admin.get("/admin/warga-binaan?tampil=nonaktif").get_data(as_text=True)
    assert "Sari Wulandari" not in admin.get("/admin/warga-binaan").get_data(as_text=True)


def test_instructor_sees_only_own_facility_classes(app, world):
    client = app.test_client()
    sign_in(client, "guru.a")
    page = client.get("/pengajar").get_data(as_text=True)
    assert "Kelas A" in page and "Kelas B" not in page
    page = client.get(f"/pengajar/kelas/{world.class_a.id}").get_data(as_text=True)
    assert "Budi Santoso" in page and "Joko Susilo" not in page


def test_switching_an_officer_to_instructor_empties_the_caseload_and_is_audited(app, world, admin):
    post_form(admin, f"/admin/petugas/{world.officer.id}/peran", {"role": "instructor"}, page="/admin/petugas")
    with app.app_context():
        # the officer belongs to the bapas, not to this admin's lapas: out of reach
        assert db.session.get(User, world.officer.id).role == "officer"
    post_form(admin, f"/admin/petugas/{world.instructor.id}/peran", {"role": "officer"}, page="/admin/petugas")
    with app.app_context():
        assert db.session.get(User, world.instructor.id).role == "officer"
        event = db.session.scalar(db.select(AuditEvent).where(AuditEvent.action == "account.role_changed"))
        assert event.details == {"old": "instructor", "new": "officer"}
    post_form(admin, f"/admin/petugas/{world.instructor.id}/peran", {"role": "instructor"}, page="/admin/petugas")
    with app.app_context():
        assert db.session.scalar(db.select(Caseload).where(Caseload.officer_id == world.instructor.id)) is None


def test_admin_records_an_officers_nip_when_creating_and_corrects_it_later(app, world, admin):
    response = post_form(admin, "/admin/petugas/baru", {"username": "pk.baru", "full_name": "PK Baru", "role": "officer",
                                                       "facility": world.lapas.id, "nip": "19800101 200501 1 001"},
                         page="/admin/petugas/baru")
    assert response.status_code == 200 and temp_passwords(response.get_data(as_text=True))
    with app.app_context():
        officer = db.session.scalar(db.select(User).where(User.username == "pk.baru"))
        assert officer.nip == "198001012005011001"
    post_form(admin, f"/admin/petugas/{officer.id}/nip", {"nip": "199001012015012002"}, page="/admin/petugas")
    with app.app_context():
        assert db.session.get(User, officer.id).nip == "199001012015012002"
        event = db.session.scalars(db.select(AuditEvent).where(AuditEvent.action == "account.updated")
                                   .order_by(AuditEvent.id.desc())).first()
        assert event.details == {"changes": {"nip": ["198001012005011001", "199001012015012002"]}}


@pytest.mark.parametrize("nip", ["1234", "1" * 19, "١٩٨٠٠١٠١٢٠٠٥٠١١٠٠١", "9" * 5000])
def test_a_wrong_nip_is_refused_with_a_message(app, world, admin, nip):
    response = post_form(admin, "/admin/petugas/baru", {"username": "pk.salah", "full_name": "PK Salah", "role": "officer",
                                                       "facility": world.lapas.id, "nip": nip}, page="/admin/petugas/baru")
    assert response.status_code == 200 and "NIP adalah 18 angka." in response.get_data(as_text=True)
    response = post_form(admin, f"/admin/petugas/{world.instructor.id}/nip", {"nip": nip}, page="/admin/petugas",
                         follow_redirects=True)
    assert "NIP adalah 18 angka." in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.get(User, world.instructor.id).nip is None
        assert db.session.scalar(db.select(User).where(User.username == "pk.salah")) is None


@pytest.mark.parametrize(
    "data",
    [GOOD_CSV.replace("\n", "\r").encode("utf-8"), GOOD_CSV.replace("\n", "\r\n").encode("utf-8")],
    ids=["cr-only", "crlf"],
)
def test_csv_import_reads_every_line_ending(app, world, admin, data):
    assert len(temp_passwords(upload(admin, data).get_data(as_text=True))) == 2


@pytest.mark.parametrize(
    "data",
    [
        ("nomor_registrasi;nama_lengkap\nBI.1/2026;" + "x" * 140_000 + "\n").encode("utf-8"),
        b'nomor_registrasi;nama_lengkap\nBI.1/2026;"' + b"y" * 140_000,
        b"nomor_registrasi;nama_lengkap\nBI.1/2026;Ab\x00c\n",
    ],
    ids=["long-field", "open-quote", "nul"],
)
def test_unreadable_csv_gets_a_message_not_an_error(app, world, admin, data):
    response = upload(admin, data)
    assert response.status_code == 200
    assert "Belum ada yang diimpor" in response.get_data(as_text=True)


def test_csv_with_problems_is_kept_and_can_be_fixed_on_the_page(app, world, admin):
    from tests.conftest import csrf_token

    bad = "nomor_registrasi;nama_lengkap;tanggal_bebas\nBI.501/2026;Andi Saputra;31-02-2027\n"
    page = upload(admin, bad.encode("utf-8"), name="kelas-pagi.csv").get_data(as_text=True)
    assert "Tanggal 31-02-2027 tidak ada." in page
    assert "BI.501/2026;Andi Saputra;31-02-2027" in page and 'value="kelas-pagi.csv"' in page
    fixed = bad.replace("31-02-2027", "28-02-2027")
    response = admin.post("/admin/warga-binaan/impor", data={
        "csrf_token": csrf_token(page), "csv_text": fixed, "file_name": "kelas-pagi.csv",
    }, content_type="multipart/form-data")
    assert len(temp_passwords(response.get_data(as_text=True))) == 1
    with app.app_context():
        user = db.session.scalar(db.select(User).where(User.reg_number == "BI.501/2026"))
        assert user.expected_release_on.isoformat() == "2027-02-28"
        event = db.session.scalar(db.select(AuditEvent).where(AuditEvent.action == "account.imported"))
        assert event.details["filename"] == "kelas-pagi.csv"


def test_import_without_file_or_text_asks_for_a_file(app, world, admin):
    from tests.conftest import csrf_token

    page = admin.get("/admin/warga-binaan/impor").get_data(as_text=True)
    response = admin.post("/admin/warga-binaan/impor", data={"csrf_token": csrf_token(page)},
                          content_type="multipart/form-data")
    assert response.status_code == 200 and "Pilih berkas CSV." in response.get_data(as_text=True)


def test_slips_page_has_a_print_button_that_works_from_a_static_file(app, world, admin):
    page = upload(admin, GOOD_CSV.encode("utf-8")).get_data(as_text=True)
    assert 'data-print hidden' in page and "js/forms.js" in page and "<noscript>" in page
    assert "onclick" not in page
