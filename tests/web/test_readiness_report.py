"""The "Laporan Kesiapan Usaha" PDF: the learner's name, the level, the reasons and the officer's
conclusion; fonts embedded; no offence or sentence words; every download audited."""
from __future__ import annotations

import io
import re

from pypdf import PdfReader

from tests.conftest import post_form, sign_in
from tests.readiness_world import add_evidence
from training.extensions import db

# Words about offences and sentences that must never appear (the system holds none).
FORBIDDEN = ("pidana", "vonis", "hukuman", "kejahatan", "narkotika", "putusan", "dakwaan", "pasal",
             "offence", "sentence", "crime")


def pdf_text(data: bytes) -> str:
    reader = PdfReader(io.BytesIO(data))
    return "\n".join(page.extract_text() for page in reader.pages)


def download(app, world):
    client = app.test_client()
    sign_in(client, world.officer.username)
    url = f"/kesiapan/{world.learner.id}"
    post_form(client, f"{url}/kesimpulan", {"level": "hampir", "text": "Siap berusaha dengan pendampingan koperasi."},
              page=url)
    return client.get(f"{url}/laporan.pdf")


def test_report_is_a_pdf_with_name_level_reasons_and_conclusion(app, world):
    with app.app_context():
        add_evidence(world)
    response = download(app, world)
    assert response.status_code == 200
    assert response.mimetype == "application/pdf"
    assert 'filename="laporan-kesiapan-A.1-2025.pdf"' in response.headers["Content-Disposition"]
    assert response.data.startswith(b"%PDF")
    text = re.sub(r"\s+", " ", pdf_text(response.data))
    assert "Laporan Kesiapan Usaha" in text
    assert "Budi Santoso" in text and "A.1/2025" in text
    assert re.search(r"Saran sistem: (Siap|Hampir siap|Belum siap)", text)
    assert "kehadiran 80% (batas 75%)" in text
    assert "kerja sama masih 2 dari 4" in text  # a reason from the instructor's assessment
    assert "Keripik pisang" in text  # the learner's plan
    assert "Rajin dan teliti." in text  # the instructor's comment
    assert "Laba per musim pasar latihan" in text  # the chart
    assert "Siap berusaha dengan pendampingan koperasi." in text


def test_report_without_evidence_lists_what_is_missing(app, world):
    text = re.sub(r"\s+", " ", pdf_text(download(app, world).data))
    assert "Belum siap" in text
    assert "pengajar belum mengisi penilaian sikap" in text
    assert "rencana setelah bebas belum ditulis" in text


def test_report_has_no_offence_or_sentence_words(app, world):
    with app.app_context():
        add_evidence(world)
    text = pdf_text(download(app, world).data).lower()
    for word in FORBIDDEN:  # whole words: "keputusan" (decision) is fine, "putusan" (verdict) is not
        assert not re.search(rf"\b{word}", text), word


def test_report_fonts_are_embedded(app, world):
    reader = PdfReader(io.BytesIO(download(app, world).data))
    fonts = []
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            descriptor = font.get("/FontDescriptor") or font["/DescendantFonts"][0].get_object()["/FontDescriptor"]
            fonts.append("/FontFile2" in descriptor.get_object())
    assert fonts and all(fonts)


def test_report_download_is_audited(app, world):
    from training.audit import AuditEvent

    download(app, world)
    with app.app_context():
        [event] = db.session.scalars(db.select(AuditEvent).where(AuditEvent.action == "readiness.report")).all()
        assert event.target_id == world.learner.id and event.actor_id == world.officer.id


def test_report_names_its_number_date_officer_nip_and_bapas_and_numbers_run_per_year(app, world):
    from training.accounts.models import User
    from training.audit import AuditEvent

    from training.teaching.assignments import local_today

    with app.app_context():
        db.session.get(User, world.officer.id).nip = "198001012005011001"
        db.session.commit()
        year = local_today().year
    first, second = download(app, world), download(app, world)
    text = re.sub(r"\s+", " ", pdf_text(first.data))
    assert f"Nomor: 0001/LKU/{year}" in text and "Tanggal:" in text
    assert "Ratih Pembimbing" in text and "198001012005011001" in text and "Bapas C" in text
    assert f"0002/LKU/{year}" in pdf_text(second.data)
    with app.app_context():
        numbers = [e.details["report_number"] for e in db.session.scalars(
            db.select(AuditEvent).where(AuditEvent.action == "readiness.report").order_by(AuditEvent.id))]
    assert numbers == [f"0001/LKU/{year}", f"0002/LKU/{year}"]


def test_report_metadata_and_reading_order_start_with_its_title(app, world):
    data = download(app, world).data
    reader = PdfReader(io.BytesIO(data))
    meta = reader.metadata
    assert meta.title.startswith("Laporan Kesiapan Usaha 0001/LKU/")
    assert meta.author == "Ratih Pembimbing, Bapas C" and meta.subject == "Budi Santoso"
    root = reader.trailer["/Root"]
    assert str(root["/Lang"]).startswith("id")
    assert root["/ViewerPreferences"]["/DisplayDocTitle"]
    # the page's own words come first, its footer last (the order a screen reader follows)
    first_page = reader.pages[0].extract_text().strip()
    assert first_page.startswith("Laporan Kesiapan Usaha") and first_page.endswith("Halaman 1")


def test_a_certificate_given_by_hand_is_marked_and_not_counted_as_a_strength(app, world):
    from training.certificates.models import Certificate

    with app.app_context():
        db.session.get(Certificate, world.certificate.id).criteria_waived = True
        db.session.commit()
    text = re.sub(r"\s+", " ", pdf_text(download(app, world).data))
    assert "diberikan pengajar tanpa memenuhi semua syarat" in text
    assert "bersertifikat" not in text
