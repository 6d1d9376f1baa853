"""The sales counter of the showroom: sell, list sales, print a receipt, void a sale.

Blueprint ``showroom`` (under /etalase) serves showroom staff; the report pages in
``views_report`` add the facility admin. Each sales form carries a fresh token, so a sale sent twice
(a double click, a reload) is recorded once.
"""
from __future__ import annotations

import uuid

from flask import Blueprint, Response, current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user

from training.access import ETALASE, FACILITY_ADMIN, catalogue_products_filter, restrict_blueprint, allow, sale_or_404
from training.extensions import db, gettext as _
from training.inputs import page_number, whole_number
from training.showroom import services
from training.showroom.forms import VoidForm
from training.showroom.models import PAYMENTS, CatalogueProduct, Sale
from training.showroom.pdf import PAYMENT_LABELS, receipt_pdf

bp = Blueprint("showroom", __name__, url_prefix="/etalase")
restrict_blueprint(bp, ETALASE, FACILITY_ADMIN)
staff_only = allow(ETALASE)


def sellable_products() -> list[CatalogueProduct]:
    """The listed products the current staff may sell, by name."""
    return db.session.scalars(
        db.select(CatalogueProduct)
        .where(catalogue_products_filter(current_user), CatalogueProduct.is_listed.is_(True))
        .order_by(CatalogueProduct.name)
    ).all()


def _read_quantities(products) -> tuple[list[tuple[CatalogueProduct, int]], dict[int, str], list[str]]:
    """Quantities typed per product: (items, what was typed, problems). Bounded, whole, not negative."""
    items, typed, problems = [], {}, []
    by_id = {p.id: p for p in products}
    for key, value in request.form.items():
        if not key.startswith("qty-"):
            continue
        text = value.strip()
        product_id = whole_number(key[4:])
        product = by_id.get(product_id) if product_id is not None else None
        if product is None:
            problems.append(_("Produk ini tidak dijual di etalase ini."))
            continue
        typed[product.id] = text
        if not text or text == "0":
            continue
        quantity = whole_number(text)
        if quantity is None or not 1 <= quantity <= services.MAX_QUANTITY:
            problems.append(_("Jumlah %(name)s harus angka bulat 1 sampai 10.000 (bukan \u201c%(text)s\u201d).",
                              name=product.name, text=text[:12]))
            continue
        items.append((product, quantity))
    return items, typed, problems


@bp.route("/", methods=["GET", "POST"])
@staff_only
def sell():
    """The sales screen: quantities per product, the payment, one button."""
    products = sellable_products()
    typed, payment, problems = {}, "tunai", []
    token = request.form.get("token") or uuid.uuid4().hex
    if request.method == "POST":
        payment = request.form.get("payment", "")
        items, typed, problems = _read_quantities(products)
        if payment not in PAYMENTS:
            problems.append(_("Pilih cara bayar."))
        if not items and not problems:
            problems.append(_("Isi jumlah paling sedikit satu produk."))
        if len(token) > 40:
            token = uuid.uuid4().hex
        if not problems:
            try:
                sale = services.sell(current_user, token, items, payment)
            except services.ShowroomError as error:
                db.session.rollback()
                problems.append(str(error))
            else:
                db.session.commit()
                flash(_("Penjualan tercatat: %(total)s.", total=_rupiah(sale.total)), "success")
                return redirect(url_for("showroom.sale", sale_id=sale.id))
        products = sellable_products()
    return render_template("showroom/sell.html", products=products, typed=typed, payment=payment,
                           payments=PAYMENT_LABELS, token=token, problems=problems)


def _rupiah(amount: int) -> str:
    from training.storefront.display import rupiah

    return rupiah(amount)


@bp.route("/penjualan")
@staff_only
def sales():
    """This showroom's sales, newest first, a page at a time (every sale stays reachable, to look
    at or void); voided ones marked."""
    query = db.select(Sale).where(Sale.facility_id == current_user.facility_id).order_by(Sale.sold_dt.desc(), Sale.id.desc())
    per_page = current_app.config["ITEMS_PER_PAGE"]
    pagination = db.paginate(query, page=page_number(), per_page=per_page, error_out=False)
    if pagination.page > pagination.pages > 0:  # an old link past the end: the last page
        pagination = db.paginate(query, page=pagination.pages, per_page=per_page, error_out=False)
    return render_template("showroom/sales.html", sales=list(pagination.items), pagination=pagination,
                           payments=PAYMENT_LABELS)


@bp.route("/penjualan/<int:sale_id>")
@staff_only
def sale(sale_id: int):
    """One sale: its lines, the receipt buttons and the void form."""
    record = sale_or_404(sale_id)
    return render_template("showroom/sale.html", sale=record, payments=PAYMENT_LABELS, form=VoidForm())


@bp.route("/penjualan/<int:sale_id>/struk.pdf")
@staff_only
def receipt(sale_id: int):
    """The receipt as a PDF: ``?ukuran=a6`` for an A6 sheet, else a 58 mm roll."""
    record = sale_or_404(sale_id)
    size = request.args.get("ukuran", "58mm")
    response = Response(receipt_pdf(record, size if size in ("58mm", "a6") else "58mm"), mimetype="application/pdf")
    response.headers["Content-Disposition"] = f'inline; filename="struk-{record.id}.pdf"'
    return response


@bp.route("/penjualan/<int:sale_id>/batal", methods=["POST"])
@staff_only
def void(sale_id: int):
    """Void a sale with a reason: it stays on record, its units go back to stock."""
    record = sale_or_404(sale_id)
    form = VoidForm()
    if form.validate_on_submit():
        try:
            services.void_sale(record, current_user, form.reason.data)
        except services.ShowroomError as error:
            db.session.rollback()
            flash(str(error), "error")
        else:
            db.session.commit()
            flash(_("Penjualan dibatalkan. Stok dikembalikan."), "success")
        return redirect(url_for("showroom.sale", sale_id=record.id))
    return render_template("showroom/sale.html", sale=record, payments=PAYMENT_LABELS, form=form)
