"""The "Portofolio Usaha": a PDF a learner takes home at release.

Their products with photos and costing, their real sales and premi, the one-page business plan
(the final practical task of Manajemen Usaha, if handed in) and their certificates with the codes
anyone can check. It speaks of the person and their business only: no facility, registration
number or any word about where it was made, so it can be shown to a buyer, a bank or a cooperative.
"""
from __future__ import annotations

import io

from flask import url_for
from flask_babel import format_date
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.platypus import Image, KeepTogether, SimpleDocTemplate, Spacer

from training.clock import today_utc
from training.extensions import db, gettext as _
from training.showroom.pdf import grid, para, styles
from training.showroom.services import product_cost_steps
from training.showroom.settlement import learner_products, learner_real_sales
from training.storefront.display import rupiah
from training.storefront.forms import format_number
from training.storefront.services import category_name

BUSINESS_PLAN_TASK = "rencana-usaha-satu-halaman"  # the final task of Manajemen Usaha


def business_plan(learner):
    """The learner's latest one-page business plan submission, or None."""
    from training.courses.models import Task, TaskSubmission

    return db.session.scalar(
        db.select(TaskSubmission).join(Task)
        .where(TaskSubmission.learner_id == learner.id, Task.key == BUSINESS_PLAN_TASK)
        .order_by(TaskSubmission.submitted_dt.desc()).limit(1)
    )


def issued_certificates(learner) -> list:
    """The learner's certificates that stand (issued, not revoked)."""
    from training.certificates.models import ISSUED, Certificate

    return db.session.scalars(
        db.select(Certificate).where(Certificate.learner_id == learner.id, Certificate.status == ISSUED)
        .order_by(Certificate.issued_dt)
    ).all()


def _photo(product, width: float):
    if product.photo is None:
        return None
    photo = product.photo
    return Image(io.BytesIO(photo.data), width=width, height=width * photo.height / max(1, photo.width), hAlign="LEFT")


def _product_block(product, learner_id: int, st, width: float) -> list:
    steps = product_cost_steps(product)
    share = next((m.share_percent for m in product.makers if m.learner_id == learner_id), 0)
    rows = [[_("Biaya per %(unit)s", unit=product.unit), _("Rupiah")]]
    rows += [[f"{m['name']} ({format_number(m['quantity'])} {m['unit']})", rupiah(m["cost"])] for m in steps.materials]
    rows += [[_("Tenaga kerja"), rupiah(steps.labour)], [_("Kemasan"), rupiah(steps.packaging)],
             [_("Biaya tetap per produk"), rupiah(steps.overhead)], [_("HPP"), rupiah(steps.unit_cost)],
             [_("Harga jual"), rupiah(product.price)]]
    block = [para(product.name, st["h2"]),
             para(_("%(category)s · bagian saya %(share)d%%", category=category_name(product.category), share=share),
                  st["small"])]
    photo = _photo(product, 45 * mm)
    if photo is not None:
        block.append(photo)
    block.append(grid(rows, [width * 0.6, width * 0.3], st["cell"], {1}))
    return [KeepTogether(block)]


def portfolio_pdf(learner) -> bytes:
    """Build the learner's portfolio as an A4 PDF."""
    st = styles()
    out = io.BytesIO()
    doc = SimpleDocTemplate(out, pagesize=A4, leftMargin=18 * mm, rightMargin=18 * mm, topMargin=16 * mm,
                            bottomMargin=16 * mm, title=_("Portofolio Usaha"), author=learner.full_name)
    width = A4[0] - 36 * mm
    story = [para(_("Portofolio Usaha"), st["title"]), para(learner.full_name, st["h2"]),
             para(_("Dicetak %(date)s", date=format_date(today_utc(), "d MMMM yyyy")), st["small"])]

    story.append(para(_("Produk saya"), st["h2"]))
    products = learner_products(learner)
    for product in products:
        story += _product_block(product, learner.id, st, width)
    if not products:
        story.append(para(_("Belum ada produk yang dijual."), st["body"]))

    story.append(para(_("Penjualan nyata"), st["h2"]))
    months = learner_real_sales(learner)
    if months:
        rows = [[_("Bulan"), _("Terjual"), _("Omzet"), _("Premi saya")]]
        rows += [[m.month.strftime("%m/%Y"), str(m.units), rupiah(m.revenue), rupiah(m.premi)] for m in months]
        rows.append([_("Jumlah"), str(sum(m.units for m in months)), rupiah(sum(m.revenue for m in months)),
                     rupiah(sum(m.premi for m in months))])
        story.append(grid(rows, [width / 4] * 4, st["cell"], {1, 2, 3}))
        story.append(para(_("Terjual di %(n)d bulan.", n=len(months)), st["small"]))
    else:
        story.append(para(_("Belum ada penjualan."), st["body"]))

    story.append(para(_("Rencana usaha satu halaman"), st["h2"]))
    plan = business_plan(learner)
    story.append(para(plan.text if plan is not None else _("Belum dikumpulkan."), st["body"]))

    story.append(para(_("Sertifikat"), st["h2"]))
    certificates = issued_certificates(learner)
    if certificates:
        verify = url_for("verify.form", _external=True)
        rows = [[_("Kursus"), _("Tanggal"), _("Kode cek")]]
        rows += [[c.course_title, format_date(c.issued_dt, "d MMM yyyy"), c.display_code] for c in certificates]
        story.append(grid(rows, [width * 0.5, width * 0.2, width * 0.3], st["cell"]))
        story.append(para(_("Siapa pun bisa memeriksa sertifikat dengan kodenya di %(url)s", url=verify), st["small"]))
    else:
        story.append(para(_("Belum ada sertifikat."), st["body"]))
    story.append(Spacer(1, 4 * mm))
    doc.build(story)
    return out.getvalue()
