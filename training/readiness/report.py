"""The PDF "Laporan Kesiapan Usaha": one learner's readiness evidence for the parole file (litmas).

A4, built with reportlab's platypus, with the Bitstream Vera fonts that ship with reportlab
embedded (a facility PC or a court printer may have no fonts of its own). It holds the profile,
courses and scores, graded practical work with feedback, attendance, certificates, the shop's
results with a chart, the instructor's assessment, the learner's plan, the rubric's advice with
its reasons and the officer's conclusion. It holds no offence or sentence details: the system has none.
"""
from __future__ import annotations

import io
import os
from xml.sax.saxutils import escape

from flask_babel import format_date, format_datetime, get_locale
from training.extensions import gettext as _
from flask_babel import pgettext

from training.readiness.rubric import (
    ASSESSMENT_CRITERIA,
    PLAN_FIELDS,
    criterion_label,
    decimal_text,
    level_label,
    percent_text,
    plan_field_label,
    rupiah_text,
)

FONT, FONT_BOLD = "KaryaVera", "KaryaVera-Bold"
BRAND = "#0f5c4d"


def _register_fonts() -> None:
    """Register the Vera TrueType fonts once (TrueType fonts are embedded in the PDF)."""
    import reportlab
    from reportlab.lib.fonts import addMapping
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    from training.pdf_fonts import subsets_once

    if FONT in pdfmetrics.getRegisteredFontNames():
        return
    folder = os.path.join(os.path.dirname(reportlab.__file__), "fonts")
    for name, filename in ((FONT, "Vera.ttf"), (FONT_BOLD, "VeraBd.ttf")):
        font = TTFont(name, os.path.join(folder, filename))
        subsets_once(font)  # each subset built and compressed once per worker
        pdfmetrics.registerFont(font)
    addMapping(FONT, 0, 0, FONT)
    addMapping(FONT, 1, 0, FONT_BOLD)
    addMapping(FONT, 0, 1, FONT)
    addMapping(FONT, 1, 1, FONT_BOLD)


def _styles():
    from reportlab.lib.colors import HexColor
    from reportlab.lib.styles import ParagraphStyle

    base = ParagraphStyle("body", fontName=FONT, bulletFontName=FONT, fontSize=9.5, leading=13)
    return {
        "body": base,
        "small": ParagraphStyle("small", parent=base, fontSize=8, leading=10.5, textColor=HexColor("#55625d")),
        "title": ParagraphStyle("title", parent=base, fontName=FONT_BOLD, fontSize=18, leading=22,
                                textColor=HexColor(BRAND)),
        "h2": ParagraphStyle("h2", parent=base, fontName=FONT_BOLD, fontSize=12, leading=15, spaceBefore=10,
                             spaceAfter=4, textColor=HexColor(BRAND), keepWithNext=1),
        "sub": ParagraphStyle("sub", parent=base, fontName=FONT_BOLD, spaceBefore=4, keepWithNext=1),
        "level": ParagraphStyle("level", parent=base, fontName=FONT_BOLD, fontSize=14, leading=18),
        "cell": ParagraphStyle("cell", parent=base, fontSize=8.5, leading=11),
        "bullet": ParagraphStyle("bullet", parent=base, leftIndent=12, bulletIndent=2),
    }


def _p(text, style) -> object:
    from reportlab.platypus import Paragraph

    return Paragraph(escape(str(text)).replace("\n", "<br/>"), style)


def _bullet(text, styles) -> object:
    from reportlab.platypus import Paragraph

    return Paragraph(escape(str(text)), styles["bullet"], bulletText="•")


def _table(rows: list[list], widths: list[float], styles) -> object:
    """A table with a shaded header row; every cell wrapped so long text breaks."""
    from reportlab.lib import colors
    from reportlab.platypus import Table, TableStyle

    data = [[_p(cell, styles["cell"]) for cell in row] for row in rows]
    table = Table(data, colWidths=widths, repeatRows=1, hAlign="LEFT")
    table.setStyle(TableStyle([
        ("FONTNAME", (0, 0), (-1, -1), FONT),
        ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#eef2ef")),
        ("GRID", (0, 0), (-1, -1), 0.4, colors.HexColor("#cdd6d2")),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("TOPPADDING", (0, 0), (-1, -1), 3),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
    ]))
    return table


def _date(value) -> str:
    return format_date(value, "d MMMM yyyy") if value else "–"


def season_chart(season_profits: list[tuple[str, int]]):
    """The storefront Chart of each finished practice season's profit (for the page and the PDF)."""
    from training.storefront.charts import Chart, Series

    return Chart(_("Laba per musim pasar latihan"), [_("Musim %(n)s", n=label) for label, _p in season_profits],
                 [Series(_("Laba"), [profit for _l, profit in season_profits])], money=True)


def profit_chart(season_profits: list[tuple[str, int]]):
    """The season profit chart as a reportlab Drawing, drawn by the storefront's chart renderer
    (the same picture as on the pages) with its texts switched to the embedded font."""
    from training.storefront.charts import render_drawing

    drawing = render_drawing(season_chart(season_profits), width=460, height=190)
    drawing.initialFontName = FONT  # else the renderer starts every drawing in Helvetica
    drawing.hAlign = "LEFT"
    _embed_fonts(drawing)
    return drawing


def _embed_fonts(node) -> None:
    """Point every text of a drawing at the embedded Vera fonts (the renderer uses Helvetica)."""
    from reportlab.graphics.shapes import String

    for child in getattr(node, "contents", []):
        if isinstance(child, String):
            child.fontName = FONT_BOLD if "Bold" in (child.fontName or "") else FONT
        _embed_fonts(child)


def _section_profile(ev, s, story):
    facts = ev["learner"]
    rows = [
        [_("Nama"), facts["name"]],
        [_("Nomor registrasi"), facts["reg_number"]],
        [pgettext("satu", "Fasilitas"), facts["facility"]],
        [_("Kelas"), ", ".join(facts["classes"]) or "–"],
        [_("Perkiraan tanggal bebas"), _date(facts["expected_release_on"])],
    ]
    story.append(_table(rows, [150, 330], s))


def _section_advice(result, s, story):
    story.append(_p(_("Saran sistem: %(level)s", level=result.label), s["level"]))
    story.append(_p(_("Ini saran berdasarkan bukti belajar, bukan keputusan. Kesimpulan ada pada PK."), s["small"]))
    for title, items in ((_("Yang sudah baik"), result.strengths), (_("Yang perlu diperhatikan"), result.gaps),
                         (_("Bukti yang belum ada"), result.missing)):
        if items:
            story.append(_p(title, s["sub"]))
            story.extend(_bullet(item, s) for item in items)


def _section_learning(ev, s, story):
    story.append(_p(_("Kursus dan nilai"), s["h2"]))
    rows = [[_("Kursus"), _("Pelajaran selesai"), _("Status")]]
    for c in ev["courses"]:
        rows.append([c["title"], f"{c['lessons_done']} / {c['lessons_total']}",
                     _("selesai") if c["completed"] else _("belum selesai")])
    story.append(_table(rows, [240, 110, 130], s) if len(rows) > 1 else _p(_("Belum ada kursus."), s["body"]))
    if ev["quizzes"]:
        story.append(_p(_("Nilai kuis"), s["sub"]))
        rows = [[_("Kursus"), _("Pelajaran"), _("Nilai kuis")]]
        rows += [[q["course"], q["lesson"], percent_text(q["score"] or 0)] for q in ev["quizzes"]]
        story.append(_table(rows, [150, 250, 80], s))

    story.append(_p(_("Tugas praktik yang dinilai"), s["h2"]))
    graded = [t for t in ev["tasks"] if t["percent"] is not None]
    if graded:
        rows = [[_("Tugas"), _("Nilai"), _("Umpan balik pengajar")]]
        for t in graded:
            score = percent_text(t["percent"]) + (f" ({t['level']})" if t.get("level") else "")
            rows.append([f"{t['title']} · {t['course']}", score, t["feedback"] or "–"])
        story.append(_table(rows, [170, 80, 230], s))
    else:
        story.append(_p(_("Belum ada tugas praktik yang dinilai."), s["body"]))

    story.append(_p(_("Kehadiran"), s["h2"]))
    att = ev["attendance"]
    if att and att.get("sessions"):
        story.append(_p(_("Hadir %(percent)s: %(attended)d dari %(sessions)d pertemuan (terlambat %(late)d, "
                          "izin %(excused)d).", percent=percent_text(att["percent"] or 0), attended=att["attended"],
                          sessions=att["sessions"], late=att["late"], excused=att["excused"]), s["body"]))
    else:
        story.append(_p(_("Belum ada data kehadiran."), s["body"]))

    story.append(_p(_("Sertifikat"), s["h2"]))
    certs = ev["certificates"] or []
    if certs:
        rows = [[_("Kursus"), _("Kode"), _("Keterangan")]]
        for c in certs:
            state = _("dicabut") if c["revoked"] else (_("menunggu persetujuan") if c.get("pending")
                                                       else _("terbit %(date)s", date=_date(c["issued_dt"])))
            if c.get("waived"):
                state += " · " + _("diberikan pengajar tanpa memenuhi semua syarat")
            rows.append([c["course"], c["code"], state])
        story.append(_table(rows, [200, 130, 150], s))
    else:
        story.append(_p(_("Belum ada sertifikat."), s["body"]))


def _section_shop(ev, s, story):
    story.append(_p(_("Hasil toko latihan"), s["h2"]))
    shop = ev["storefront"]
    if not shop or not shop.get("seasons_finished"):
        story.append(_p(_("Belum ada musim pasar latihan yang selesai."), s["body"]))
        return
    pricing = shop.get("pricing_skill_percent")
    rows = [
        [_("Musim pasar selesai"), str(shop["seasons_finished"])],
        [_("Musim dengan laba"), str(shop.get("seasons_with_profit", 0))],
        [_("Total laba"), rupiah_text(shop.get("total_profit") or 0)],
        [_("Ketepatan menentukan harga"), percent_text(pricing) if pricing is not None else "–"],
    ]
    story.append(_table(rows, [200, 280], s))
    story.append(_p(_("Ketepatan menentukan harga: laba dengan harga yang dipilih dibanding laba dengan harga "
                      "terbaik, bila pesaing tetap."), s["small"]))
    if shop.get("season_profits"):
        story.append(profit_chart(shop["season_profits"]))


def _section_real_sales(ev, s, story):
    story.append(_p(_("Penjualan nyata di etalase"), s["h2"]))
    real = ev.get("real_sales") or {}
    if not real.get("units"):
        story.append(_p(_("Belum ada produknya yang terjual di etalase."), s["body"]))
        return
    story.append(_table([[_("Unit terjual"), str(real["units"])], [_("Omzet"), rupiah_text(real["revenue"])],
                         [_("Premi"), rupiah_text(real["premi"])], [_("Bulan ada penjualan"), str(real["months_active"])]],
                        [200, 280], s))


def _section_people(ev, s, story):
    story.append(_p(_("Penilaian sikap dari pengajar"), s["h2"]))
    a = ev["assessment"]
    if a:
        rows = [[_("Aspek"), _("Nilai (1 sampai 4)")]]
        rows += [[criterion_label(k).capitalize(), str(a["scores"][k])] for k in ASSESSMENT_CRITERIA if k in a["scores"]]
        story.append(_table(rows, [300, 180], s))
        if a.get("average") is not None:
            story.append(_p(_("Rata-rata %(value)s dari 4. Diisi oleh %(name)s, %(date)s.",
                              value=decimal_text(a["average"]), name=a["instructor"],
                              date=_date(a["updated_dt"])), s["body"]))
        if a.get("comment"):
            story.append(_p(_("Komentar: %(text)s", text=a["comment"]), s["body"]))
    else:
        story.append(_p(_("Pengajar belum mengisi penilaian sikap."), s["body"]))

    story.append(_p(_("Rencana setelah bebas (ditulis sendiri oleh warga binaan)"), s["h2"]))
    plan = ev["plan"]
    if plan and any((plan.get(k) or "").strip() for k in PLAN_FIELDS):
        rows = [[_("Pertanyaan"), _("Jawaban")]]
        rows += [[plan_field_label(k).capitalize(), plan.get(k) or "–"] for k in PLAN_FIELDS]
        story.append(_table(rows, [150, 330], s))
    else:
        story.append(_p(_("Rencana belum ditulis."), s["body"]))


def _section_conclusion(conclusion, officer, s, story):
    story.append(_p(_("Kesimpulan pembimbing kemasyarakatan"), s["h2"]))
    if conclusion is None:
        story.append(_p(_("PK belum mencatat kesimpulan."), s["body"]))
        return
    story.append(_p(level_label(conclusion.level), s["level"]))
    story.append(_p(conclusion.text, s["body"]))
    name = conclusion.officer.full_name if conclusion.officer else "–"
    story.append(_p(_("%(name)s, %(date)s", name=name, date=_date(conclusion.concluded_on)), s["small"]))
    story.append(_p(_("Tanda tangan PK:") + " " + "_" * 30, s["body"]))
    story.append(_p(f"{officer.full_name}" + (f" · {_('NIP')} {officer.nip}" if officer.nip else ""), s["body"]))


def _section_heading(number, made_dt, officer, s, story):
    """Number and date under the title, then who made the report: the officer, NIP and Bapas."""
    story.append(_p(_("Nomor: %(number)s · Tanggal: %(date)s", number=number, date=_date(made_dt)), s["body"]))
    rows = [
        [_("Pembimbing kemasyarakatan"), officer.full_name],
        [_("NIP"), officer.nip or "–"],
        [_("Bapas"), officer.facility.name if officer.facility else "–"],
    ]
    story.append(_table(rows, [150, 330], s))


def build_report(review, conclusion, officer, *, number: str, made_dt) -> bytes:
    """The report for one reviewed learner as PDF bytes (``review`` is a services.Review).

    ``number`` is the report's number (see ``services.number_report``), printed at the top and in
    every page's footer. The PDF carries its title, author (officer and Bapas), subject, language
    and "show the title" in its metadata. reportlab's open-source edition writes no structure
    tags, so reading order is kept by drawing each page's content in story order and its footer
    last (``onPageEnd``), which is the order text extraction and screen readers follow.
    """
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.units import mm
    from reportlab.platypus import BaseDocTemplate, Frame, PageTemplate

    from training.pdf_fonts import claim_alphabet

    _register_fonts()
    s = _styles()
    ev, result = review.evidence, review.result
    made = format_datetime(made_dt, "d MMMM yyyy HH:mm")
    bapas = officer.facility.name if officer.facility else ""
    buffer = io.BytesIO()
    title = _("Laporan Kesiapan Usaha %(number)s", number=number)
    doc = BaseDocTemplate(buffer, pagesize=A4, leftMargin=18 * mm, rightMargin=18 * mm, topMargin=16 * mm,
                          bottomMargin=16 * mm, title=title, author=", ".join(filter(None, [officer.full_name, bapas])),
                          subject=ev["learner"]["name"], creator="Karya Mandiri", initialFontName=FONT,
                          keywords=[_("laporan kesiapan usaha"), "litmas", number],
                          lang=str(get_locale() or "id"), displayDocTitle=True)

    def footer(canvas, document):
        canvas.saveState()
        canvas.setFont(FONT, 7.5)
        canvas.drawString(18 * mm, 9 * mm, _("Laporan Kesiapan Usaha %(number)s · %(name)s · dibuat %(when)s",
                                              number=number, name=ev["learner"]["name"], when=made))
        canvas.drawRightString(A4[0] - 18 * mm, 9 * mm, _("Halaman %(n)d", n=document.page))
        canvas.restoreState()

    def claim(canvas, _document):
        if canvas.getPageNumber() == 1:  # before anything is drawn: the same font subsets every time
            claim_alphabet(canvas, (FONT, FONT_BOLD))

    frame = Frame(doc.leftMargin, doc.bottomMargin, doc.width, doc.height, id="isi")
    doc.addPageTemplates([PageTemplate(id="halaman", frames=[frame], onPage=claim, onPageEnd=footer, pagesize=A4)])
    story = [_p(_("Laporan Kesiapan Usaha"), s["title"])]
    _section_heading(number, made_dt, officer, s, story)
    story.append(_p(_("Bahan untuk penelitian kemasyarakatan (litmas): bukti belajar usaha dari Karya Mandiri."),
                    s["small"]))
    story.append(_p(_("Profil"), s["h2"]))
    _section_profile(ev, s, story)
    story.append(_p(_("Saran tingkat kesiapan"), s["h2"]))
    _section_advice(result, s, story)
    _section_learning(ev, s, story)
    _section_shop(ev, s, story)
    _section_real_sales(ev, s, story)
    _section_people(ev, s, story)
    _section_conclusion(conclusion, officer, s, story)
    doc.build(story)
    return buffer.getvalue()
