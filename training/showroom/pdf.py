"""PDFs of the showroom: the receipt (58 mm roll or A6) and the monthly report (A4), with reportlab.

Fonts are Vera TrueType, embedded. The report PDF draws the same rows as the screen and the CSV
(``report.report_sections``), so the three match to the rupiah.
"""
from __future__ import annotations

import io
import os
from xml.sax.saxutils import escape

from flask_babel import format_datetime
from training.extensions import gettext as _
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4, A6
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from training.showroom.report import display_cell, report_sections
from training.storefront.display import rupiah

FONT, FONT_BOLD = "ShowroomVera", "ShowroomVera-Bold"
BRAND = colors.HexColor("#0f5c4d")
PAYMENT_LABELS = {"tunai": "Tunai", "qris": "QRIS", "transfer": "Transfer"}
RECEIPT_SIZES = {"58mm": 58 * mm, "a6": A6[0]}


def register_fonts() -> None:
    """Register the embedded Vera fonts once per process."""
    if FONT in pdfmetrics.getRegisteredFontNames():
        return
    import reportlab

    folder = os.path.join(os.path.dirname(reportlab.__file__), "fonts")
    pdfmetrics.registerFont(TTFont(FONT, os.path.join(folder, "Vera.ttf")))
    pdfmetrics.registerFont(TTFont(FONT_BOLD, os.path.join(folder, "VeraBd.ttf")))


def styles() -> dict[str, ParagraphStyle]:
    """Paragraph styles shared by the report and the portfolio."""
    register_fonts()
    body = ParagraphStyle("body", fontName=FONT, fontSize=9.5, leading=13)
    return {
        "body": body,
        "small": ParagraphStyle("small", parent=body, fontSize=8, leading=10.5, textColor=colors.HexColor("#55625d")),
        "title": ParagraphStyle("title", parent=body, fontName=FONT_BOLD, fontSize=18, leading=22, textColor=BRAND),
        "h2": ParagraphStyle("h2", parent=body, fontName=FONT_BOLD, fontSize=12, leading=15, spaceBefore=10,
                             spaceAfter=4, textColor=BRAND, keepWithNext=1),
        "cell": ParagraphStyle("cell", parent=body, fontSize=8.5, leading=11),
    }


def para(text, style) -> Paragraph:
    """A paragraph of plain text (escaped; line breaks kept)."""
    return Paragraph(escape(str(text)).replace("\n", "<br/>"), style)


def grid(rows: list[list], widths: list[float], style: ParagraphStyle, right: set[int] = frozenset()) -> Table:
    """A table with a shaded header row; columns in ``right`` are right-aligned (numbers)."""
    right_style = ParagraphStyle("right", parent=style, alignment=2)
    data = [[para(cell, right_style if col in right else style) for col, cell in enumerate(row)] for row in rows]
    table = Table(data, colWidths=widths, repeatRows=1, hAlign="LEFT")
    table.setStyle(TableStyle([
        ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#eef2ef")),
        ("GRID", (0, 0), (-1, -1), 0.4, colors.HexColor("#cdd6d2")),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
    ]))
    return table


def report_pdf(report, facility_name: str) -> bytes:
    """The monthly report as an A4 PDF: the same sections as the screen and the CSV."""
    st = styles()
    out = io.BytesIO()
    doc = SimpleDocTemplate(out, pagesize=A4, leftMargin=18 * mm, rightMargin=18 * mm, topMargin=16 * mm,
                            bottomMargin=16 * mm, title=_("Laporan penjualan etalase"))
    story = [para(_("Laporan penjualan etalase"), st["title"]),
             para(f"{facility_name} · {report.month.strftime('%m/%Y')}", st["body"]),
             para(_("%(sales)d penjualan, %(void)d dibatalkan (tidak dihitung).", sales=report.sales_count,
                    void=report.voided_count), st["small"])]
    width = A4[0] - 36 * mm
    for title, header, rows, money in report_sections(report):
        story.append(para(title, st["h2"]))
        cells = [header] + [[display_cell(v, c, money) for c, v in enumerate(row)] for row in rows]
        if not rows:
            cells.append(["–"] + [""] * (len(header) - 1))
        numeric = {c for c in range(len(header)) if c in money or any(isinstance(r[c], int) for r in rows)}
        # each column as wide as its longest cell (capped), so amounts do not wrap
        weights = [min(30, max(7, *(len(str(row[c])) for row in cells))) + 3 for c in range(len(header))]
        story.append(grid(cells, [width * w / sum(weights) for w in weights], st["cell"], numeric))
    story += [Spacer(1, 6 * mm), para(_("PNBP disetor ke kas negara oleh fasilitas; laporan ini tidak terhubung "
                                        "dengan sistem pembayaran negara."), st["small"])]
    doc.build(story)
    return out.getvalue()


def receipt_pdf(sale, size: str = "58mm") -> bytes:
    """A sale's receipt, on a 58 mm roll (height to fit) or an A6 sheet."""
    register_fonts()
    width = RECEIPT_SIZES.get(size, RECEIPT_SIZES["58mm"])
    margin = 4 * mm
    line_h = 4.2 * mm
    body_lines = 9 + 2 * len(sale.lines) + (2 if sale.is_void else 0)
    height = max(A6[1] if size == "a6" else 0, body_lines * line_h + 2 * margin)
    out = io.BytesIO()
    canvas = Canvas(out, pagesize=(width, height))
    canvas.setTitle(_("Struk %(number)s", number=sale.id))
    y = height - margin - line_h
    font_size = 7.5 if size == "58mm" else 9

    def write(text, bold=False, right=None):
        nonlocal y
        canvas.setFont(FONT_BOLD if bold else FONT, font_size)
        canvas.drawString(margin, y, text)
        if right is not None:
            canvas.drawRightString(width - margin, y, right)
        y -= line_h

    write("Karya Mandiri", bold=True)
    write(_("Etalase %(name)s", name=sale.facility.name)[:40])
    write(_("Struk no. %(number)s", number=sale.id), right=format_datetime(sale.sold_dt, "dd-MM-yyyy HH:mm"))
    canvas.line(margin, y + line_h / 2, width - margin, y + line_h / 2)
    for line in sale.lines:
        write(line.product.name[:34])
        write(f"  {line.quantity} x {rupiah(line.unit_price)}", right=rupiah(line.amount))
    canvas.line(margin, y + line_h / 2, width - margin, y + line_h / 2)
    write(_("Total"), bold=True, right=rupiah(sale.total))
    write(_("Bayar"), right=PAYMENT_LABELS.get(sale.payment, sale.payment))
    write(_("Petugas: %(name)s", name=sale.staff.full_name if sale.staff else "–")[:40])
    if sale.is_void:
        write(_("DIBATALKAN"), bold=True)
        write(sale.void_reason[:40])
    write(_("Terima kasih."))
    canvas.showPage()
    canvas.save()
    return out.getvalue()
