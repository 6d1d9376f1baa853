"""The certificate PDF: the right name, course and code, no word about prison, and a QR code that a
real decoder reads as the verification address."""
from __future__ import annotations

import os
import re
import shutil
import subprocess
from io import BytesIO

import pytest
from pypdf import PdfReader

from tests.conftest import sign_in
from training.certificates import codes

PRISON_WORDS = ("prison", "lapas", "rutan", "narapidana", "warga binaan", "penjara", "inmate",
                "pemasyarakatan", "tahanan")


@pytest.fixture
def pdf_bytes(app, world, monkeypatch):
    monkeypatch.setitem(app.config, "PUBLIC_BASE_URL", "https://cek.contoh.id")
    client = app.test_client()
    sign_in(client, world.learner.reg_number)
    response = client.get(f"/sertifikat-saya/{world.certificate.id}/unduh")
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    assert "attachment" in response.headers["Content-Disposition"]
    return response.data


def test_pdf_has_the_name_course_and_code_and_no_prison_words(world, pdf_bytes):
    reader = PdfReader(BytesIO(pdf_bytes))
    [page] = reader.pages
    width, height = float(page.mediabox.width), float(page.mediabox.height)
    assert (round(width), round(height)) == (842, 595)  # A4 landscape
    text = page.extract_text()
    assert "Budi Santoso" in text and "Kursus Uji Coba" in text
    assert codes.display(world.certificate.code) in text
    assert "Menghitung HPP satu barang" in text and "1 jam pelajaran" in text
    lowered = " ".join((text + " " + str(reader.metadata)).lower().split())
    for word in PRISON_WORDS:
        assert word not in lowered, word
    assert world.lapas.name.lower() not in lowered and world.learner.reg_number.lower() not in lowered


def test_pdf_embeds_its_fonts(pdf_bytes):
    reader = PdfReader(BytesIO(pdf_bytes))
    fonts = reader.pages[0]["/Resources"]["/Font"]
    for ref in fonts.values():
        font = ref.get_object()
        descriptor = font["/DescendantFonts"][0].get_object()["/FontDescriptor"] if "/DescendantFonts" in font \
            else font["/FontDescriptor"]
        assert "/FontFile2" in descriptor.get_object(), font["/BaseFont"]


def _tools_or_skip():
    missing = [tool for tool in ("pdftoppm", "zbarimg") if shutil.which(tool) is None]
    if missing:
        if os.environ.get("CI"):
            pytest.fail(f"{', '.join(missing)} not installed; .ci/run installs poppler-utils and zbar-tools")
        pytest.skip(f"{', '.join(missing)} not installed")


def test_qr_code_decodes_to_the_verification_address(world, pdf_bytes, tmp_path):
    _tools_or_skip()
    (tmp_path / "c.pdf").write_bytes(pdf_bytes)
    subprocess.run(["pdftoppm", "-png", "-r", "150", "-singlefile", str(tmp_path / "c.pdf"), str(tmp_path / "c")],
                   check=True)
    result = subprocess.run(["zbarimg", "--quiet", "--raw", "-Sdisable", "-Sqrcode.enable", str(tmp_path / "c.png")],
                            capture_output=True, text=True, check=True)
    expected = f"https://cek.contoh.id/v/{codes.display(world.certificate.code)}"
    assert result.stdout.strip() == expected


def test_the_decoded_address_opens_a_page_that_says_valid(app, world):
    path = re.sub(r"^https?://[^/]+", "", f"http://x/v/{codes.display(world.certificate.code)}")
    html = app.test_client().get(path).get_data(as_text=True)
    assert "asli dan berlaku" in html and "Budi Santoso" in html


@pytest.mark.parametrize("issuer", ["Lapas Kelas IIA", "Rutan Pondok Bambu"])
def test_issuer_name_is_a_setting_and_prison_names_are_refused_at_start(issuer):
    from training.certificates.services import issuer_problems

    assert issuer_problems(issuer)
    assert not issuer_problems("Program Pelatihan Wirausaha Karya Mandiri")


def test_a_certificate_given_by_hand_says_so_and_never_says_completed(app, world):
    from training.certificates.models import Certificate
    from training.extensions import db

    client = app.test_client()
    assert sign_in(client, world.learner.reg_number).status_code == 302
    texts = {}
    for waived in (True, False):
        with app.app_context():
            db.session.get(Certificate, world.certificate.id).criteria_waived = waived
            db.session.commit()
        data = client.get(f"/sertifikat-saya/{world.certificate.id}/unduh").data
        texts[waived] = " ".join(PdfReader(BytesIO(data)).pages[0].extract_text().split())
    assert "Diberikan oleh pengajar tanpa memenuhi semua syarat kursus." in texts[True]
    assert "telah mengikuti kursus" in texts[True] and "berhasil menyelesaikan" not in texts[True]
    assert "telah berhasil menyelesaikan kursus" in texts[False] and "tanpa memenuhi" not in texts[False]
