"""Certificates as PDF: A4 landscape, fonts embedded, a QR code to the public verification page.

Drawn with reportlab's canvas (no templates, no network). The fonts are the Bitstream Vera TTFs
that ship with reportlab, embedded (subset) in every file so any reader shows the same letters.

Speed (issue 11): what is the same on every certificate is built once. Per worker, each font's
embedded subset is made and compressed once (see ``training.pdf_fonts``). Per document, the frame and the fixed words are one form
XObject drawn on every page. The QR code uses one fixed mask pattern instead of trying all
eight (any mask is valid; scanners read them all).
The words on a certificate are Indonesian whatever the interface language: it is a document
carried to employers and banks in Indonesia. Nothing here names the place it was earned.
"""
from __future__ import annotations

import io
import os
from dataclasses import dataclass
from datetime import date, datetime
from zoneinfo import ZoneInfo

import qrcode
import qrcode.constants
import reportlab
from reportlab.lib.colors import HexColor
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.utils import simpleSplit
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas

from training.certificates.codes import display
from training.pdf_fonts import claim_alphabet, subsets_once

PAGE_W, PAGE_H = landscape(A4)
SANS, BOLD, ITALIC = "KMVera", "KMVera-Bold", "KMVera-Italic"
INK, MUTED = HexColor("#1c2421"), HexColor("#55625d")
GREEN, GOLD, PAPER = HexColor("#0f5c4d"), HexColor("#b8912b"), HexColor("#fcfbf6")
STATIC_FORM = "kmStatic"
WAIVED_NOTE = "Diberikan oleh pengajar tanpa memenuhi semua syarat kursus."
MONTHS = ("Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus", "September",
          "Oktober", "November", "Desember")


@dataclass(frozen=True)
class PrintedCertificate:
    """Everything printed on one certificate."""

    learner_name: str
    course_title: str
    hours: int
    outcomes: tuple[str, ...]
    issued_on: date
    issuer_name: str
    signatories: tuple[tuple[str, str], ...]
    code: str  # stored form, 16 characters
    criteria_waived: bool = False  # given by an instructor while not every criterion held

    @classmethod
    def from_model(cls, certificate, timezone: str = "Asia/Jakarta") -> "PrintedCertificate":
        """The printed fields of a stored certificate (its snapshot), dated in ``timezone``."""
        issued: datetime = certificate.issued_dt or certificate.created_dt
        local = issued.replace(tzinfo=ZoneInfo("UTC")).astimezone(ZoneInfo(timezone))
        return cls(
            learner_name=certificate.learner_name,
            course_title=certificate.course_title,
            hours=certificate.hours,
            outcomes=tuple(certificate.outcomes or ()),
            issued_on=local.date(),
            issuer_name=certificate.issuer_name,
            signatories=tuple((name, title) for name, title in certificate.signatories or ()),
            code=certificate.code,
            criteria_waived=bool(certificate.criteria_waived),
        )


def long_date(day: date) -> str:
    """A date as written on Indonesian documents: 7 Maret 2025."""
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"


def _register_fonts() -> None:
    """Register the embedded fonts once per process, each building its subsets once."""
    if SANS in pdfmetrics.getRegisteredFontNames():
        return
    folder = os.path.join(os.path.dirname(reportlab.__file__), "fonts")
    for name, filename in ((SANS, "Vera.ttf"), (BOLD, "VeraBd.ttf"), (ITALIC, "VeraIt.ttf")):
        font = TTFont(name, os.path.join(folder, filename))
        subsets_once(font)
        pdfmetrics.registerFont(font)


def _fit(text: str, font: str, size: float, width: float, smallest: float = 12) -> float:
    """The largest size up to ``size`` at which ``text`` fits in ``width``."""
    while size > smallest and pdfmetrics.stringWidth(text, font, size) > width:
        size -= 0.5
    return size


def _centred(canvas: Canvas, text: str, y: float, font: str, size: float, color=INK, spacing: float = 0) -> None:
    canvas.setFillColor(color)
    if spacing:
        width = pdfmetrics.stringWidth(text, font, size) + spacing * (len(text) - 1)
        text_object = canvas.beginText((PAGE_W - width) / 2, y)
        text_object.setFont(font, size)
        text_object.setCharSpace(spacing)
        text_object.textOut(text)
        text_object.setCharSpace(0)  # the spacing would otherwise leak into later text
        canvas.drawText(text_object)
    else:
        canvas.setFont(font, size)
        canvas.drawCentredString(PAGE_W / 2, y, text)


def _frame(canvas: Canvas) -> None:
    """Paper, a double border and small corner marks."""
    canvas.setFillColor(PAPER)
    canvas.rect(0, 0, PAGE_W, PAGE_H, stroke=0, fill=1)
    canvas.setStrokeColor(GREEN)
    canvas.setLineWidth(7)
    canvas.rect(20, 20, PAGE_W - 40, PAGE_H - 40)
    canvas.setStrokeColor(GOLD)
    canvas.setLineWidth(1.2)
    canvas.rect(32, 32, PAGE_W - 64, PAGE_H - 64)
    canvas.setLineWidth(0.5)
    canvas.rect(36, 36, PAGE_W - 72, PAGE_H - 72)
    canvas.setFillColor(GOLD)
    for x, y in ((36, 36), (PAGE_W - 36, 36), (36, PAGE_H - 36), (PAGE_W - 36, PAGE_H - 36)):
        path = canvas.beginPath()
        path.moveTo(x, y - 7)
        path.lineTo(x + 7, y)
        path.lineTo(x, y + 7)
        path.lineTo(x - 7, y)
        path.close()
        canvas.drawPath(path, stroke=0, fill=1)


def _outcomes(canvas: Canvas, outcomes: tuple[str, ...], top: float, bottom: float) -> None:
    """The outcomes in two columns, shrunk until they fit between ``top`` and ``bottom``."""
    if not outcomes:
        return
    _centred(canvas, "KEMAMPUAN YANG DICAPAI", top, BOLD, 8.5, GOLD, spacing=1.5)
    left, gap = 110, 30
    column_w = (PAGE_W - 2 * left - gap) / 2
    half = (len(outcomes) + 1) // 2
    columns = (outcomes[:half], outcomes[half:])
    size = 9.5
    while True:
        leading = size * 1.3
        blocks = [[simpleSplit(item, SANS, size, column_w - 12) for item in column] for column in columns]
        height = max(sum(len(lines) * leading + 3 for lines in column) for column in blocks)
        if height <= top - 14 - bottom or size <= 6.5:
            break
        size -= 0.5
    for index, column in enumerate(blocks):
        x = left + index * (column_w + gap)
        y = top - 14 - size
        for lines in column:
            canvas.setFillColor(GREEN)
            canvas.circle(x + 3, y + size * 0.33, 1.6, stroke=0, fill=1)
            canvas.setFillColor(INK)
            canvas.setFont(SANS, size)
            for line in lines:
                canvas.drawString(x + 12, y, line)
                y -= leading
            y -= 3


def _qr(canvas: Canvas, url: str, x: float, y: float, size: float) -> None:
    """Draw the QR code as one filled path: a rectangle per run of dark modules in a row.

    Drawn directly (rather than through a reportlab Drawing) so no unembedded font is referenced,
    in module units under one transform, its operators written at once (``addLiteral``) instead
    of one formatted rectangle call per run: a few hundred runs were a third of a page's time.
    """
    qr = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, border=0, mask_pattern=0)
    qr.add_data(url)
    qr.make(fit=True)
    matrix = qr.get_matrix()
    module = size / len(matrix)
    canvas.setFillColor(HexColor("#ffffff"))
    canvas.rect(x - 2 * module, y - 2 * module, size + 4 * module, size + 4 * module, stroke=0, fill=1)
    runs = []
    for row_index, row in enumerate(matrix):
        col = 0
        while col < len(row):
            if row[col]:
                start = col
                while col < len(row) and row[col]:
                    col += 1
                # A hair taller than a module, so rows never show a seam when rasterised.
                runs.append(f"{start} {row_index} {col - start} 1.02 re")
            else:
                col += 1
    canvas.saveState()
    canvas.setFillColor(HexColor("#000000"))
    canvas.transform(module, 0, 0, -module, x, y + size)  # module units, rows going down from the top
    canvas.addLiteral("\n".join(runs) + "\nf")
    canvas.restoreState()


def _signatures(canvas: Canvas, signatories: tuple[tuple[str, str], ...]) -> None:
    shown = signatories[:3]
    left, right, gap = 80, 505, 24  # right of 505 is the code, its hint and the QR code
    line_w = min(180, (right - left - gap * (len(shown) - 1)) / max(len(shown), 1))
    for index, (name, title) in enumerate(shown):
        x = left + index * (line_w + gap)
        canvas.setStrokeColor(INK)
        canvas.setLineWidth(0.6)
        canvas.line(x, 112, x + line_w, 112)
        size = _fit(name, BOLD, 10.5, line_w, 7)
        canvas.setFillColor(INK)
        canvas.setFont(BOLD, size)
        canvas.drawCentredString(x + line_w / 2, 98, name)
        canvas.setFillColor(MUTED)
        canvas.setFont(SANS, _fit(title, SANS, 8.5, line_w, 6))
        canvas.drawCentredString(x + line_w / 2, 86, title)


def _static_form(canvas: Canvas, verify_base: str) -> None:
    """The frame and the words every certificate of a document shares, as one form XObject."""
    canvas.beginForm(STATIC_FORM)
    _frame(canvas)
    _centred(canvas, "SERTIFIKAT", PAGE_H - 132, BOLD, 40, INK, spacing=8)
    _centred(canvas, "Dengan ini menyatakan bahwa", PAGE_H - 168, ITALIC, 12, MUTED)
    canvas.setStrokeColor(GOLD)
    canvas.setLineWidth(1)
    canvas.line(PAGE_W / 2 - 200, PAGE_H - 224, PAGE_W / 2 + 200, PAGE_H - 224)
    right = PAGE_W - 64 - 84 - 12
    canvas.setFillColor(MUTED)
    canvas.setFont(SANS, 7.5)
    canvas.drawRightString(right, 130, "Kode sertifikat")
    canvas.drawRightString(right, 100, "Periksa keaslian: pindai kode QR atau buka")
    canvas.drawRightString(right, 90, f"{verify_base.rstrip('/')}/v/")
    canvas.endForm()


def draw_certificate(canvas: Canvas, cert: PrintedCertificate, verify_base: str) -> None:
    """Draw one certificate on the canvas's current page (after :func:`_static_form` in the document)."""
    canvas.doForm(STATIC_FORM)
    issuer = cert.issuer_name.upper()
    _centred(canvas, issuer, PAGE_H - 78, BOLD, _fit(issuer, BOLD, 11, PAGE_W - 200, 7), GREEN, spacing=1.6)
    name_size = _fit(cert.learner_name, BOLD, 30, PAGE_W - 220, 14)
    _centred(canvas, cert.learner_name, PAGE_H - 210, BOLD, name_size, GREEN)
    # Given by hand without every criterion: never "berhasil menyelesaikan", and said in plain words.
    done = "telah mengikuti kursus" if cert.criteria_waived else "telah berhasil menyelesaikan kursus"
    _centred(canvas, done, PAGE_H - 248, ITALIC, 12, MUTED)
    _centred(canvas, cert.course_title, PAGE_H - 278, BOLD, _fit(cert.course_title, BOLD, 21, PAGE_W - 220), INK)
    details = f"{cert.hours} jam pelajaran  ·  {long_date(cert.issued_on)}"
    _centred(canvas, details, PAGE_H - 300, SANS, 11, MUTED)
    outcomes_top = PAGE_H - 332
    if cert.criteria_waived:
        _centred(canvas, WAIVED_NOTE, PAGE_H - 318, ITALIC, 10.5, INK)
        outcomes_top -= 12
    _outcomes(canvas, cert.outcomes, outcomes_top, 150)
    _signatures(canvas, cert.signatories)

    url = f"{verify_base.rstrip('/')}/v/{display(cert.code)}"
    qr_size, qr_x, qr_y = 84, PAGE_W - 64 - 84, 62
    _qr(canvas, url, qr_x, qr_y, qr_size)
    canvas.setFillColor(INK)
    canvas.setFont(BOLD, 12)
    canvas.drawRightString(qr_x - 12, 115, display(cert.code))


def render(certificates: list[PrintedCertificate], verify_base: str, title: str = "Sertifikat") -> bytes:
    """One PDF with a page per certificate (a class's certificates print as one file)."""
    _register_fonts()
    buffer = io.BytesIO()
    # The initial font is an embedded one too, so no unembedded Helvetica is referenced.
    canvas = Canvas(buffer, pagesize=(PAGE_W, PAGE_H), pageCompression=1, initialFontName=SANS)
    canvas.setTitle(title)
    canvas.setAuthor(certificates[0].issuer_name if certificates else "")
    canvas.setCreator("Karya Mandiri")
    claim_alphabet(canvas, (SANS, BOLD, ITALIC))  # every page uses all three
    _static_form(canvas, verify_base)
    for cert in certificates:
        draw_certificate(canvas, cert, verify_base)
        canvas.showPage()
    canvas.save()
    return buffer.getvalue()
