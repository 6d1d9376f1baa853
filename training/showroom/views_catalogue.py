"""Showroom staff keep the catalogue: register products with costing and makers, take a learner's
practice product in, and move stock (deliveries, returns) with a stock card per product."""
from __future__ import annotations

from decimal import Decimal

from flask import current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy.orm import contains_eager

from training.access import catalogue_product_or_404, catalogue_products_filter, sells_for_every_facility
from training.accounts.models import Facility, User
from training.extensions import db, gettext as _, one_of
from training.inputs import contains, page_number, search_text, whole_number
from training.showroom import services
from training.showroom.forms import MAKER_SLOTS, CatalogueProductForm, PromoteForm, StockForm
from training.showroom.models import CatalogueProduct
from training.showroom.views_sales import bp, staff_only
from training.storefront.forms import PhotoForm
from training.storefront.photos import PhotoError, process_photo
from training.storefront.services import category_choices


def _facility_choices() -> list[tuple[int, str]]:
    if sells_for_every_facility(current_user):
        rows = db.session.scalars(db.select(Facility).where(Facility.kind.in_(("lapas", "rutan", "lpka")))
                                  .order_by(Facility.name))
        return [(f.id, f.name) for f in rows]
    return [(current_user.facility_id, current_user.facility.name)]


def _learner_choices(facility_ids) -> list[tuple[int, str]]:
    rows = db.session.scalars(
        db.select(User).where(User.role == "learner", User.active.is_(True), one_of(User.facility_id, facility_ids))
        .order_by(User.full_name)
    )
    return [(0, "–")] + [(u.id, f"{u.full_name} ({u.reg_number})") for u in rows]


def _product_form(product: CatalogueProduct | None = None) -> CatalogueProductForm:
    form = CatalogueProductForm(obj=product) if product is not None and request.method == "GET" else CatalogueProductForm()
    form.facility.choices = _facility_choices()
    form.category.choices = category_choices()
    learners = _learner_choices([product.facility_id] if product is not None
                                else [fid for fid, _name in form.facility.choices])
    if product is not None:
        del form.facility  # a product stays with the facility that makes it
    for slot in range(1, MAKER_SLOTS + 1):
        getattr(form, f"maker_{slot}").choices = learners
    if product is not None and request.method == "GET":
        form.material_cost.data = services.product_cost_steps(product).materials_total
        form.labour_hours.data = Decimal(product.labour_centihours) / 100
        for slot, maker in enumerate(product.makers[:MAKER_SLOTS], start=1):
            getattr(form, f"maker_{slot}").data = maker.learner_id
            getattr(form, f"share_{slot}").data = maker.share_percent
    return form


def _save(form: CatalogueProductForm, product: CatalogueProduct | None):
    """Validate and save; returns the product, or None with the problems on the form."""
    if not form.validate_on_submit():
        return None
    facility_id = product.facility_id if product is not None else form.facility.data
    makers = [(db.session.get(User, learner_id), share) for learner_id, share in form.maker_pairs()]
    data = {field: getattr(form, field).data for field in (
        "name", "category", "unit", "description", "price", "material_cost", "labour_hours", "labour_rate",
        "packaging_cost", "overhead_monthly", "units_per_month", "is_listed")}
    data["makers"] = makers
    try:
        saved = services.save_product(facility_id, data, product)
    except services.ShowroomError as error:
        db.session.rollback()
        form.maker_1.errors = list(form.maker_1.errors) + [str(error)]
        return None
    db.session.commit()
    flash(_("Produk %(name)s disimpan.", name=saved.name), "success")
    return saved


@bp.route("/produk")
@staff_only
def products():
    """The catalogue this staff member sells: stock, price and HPP per product."""
    rows = db.session.scalars(
        db.select(CatalogueProduct).where(catalogue_products_filter(current_user)).order_by(CatalogueProduct.name)
    ).all()
    costs = {p.id: services.product_cost(p) for p in rows}
    return render_template("showroom/products.html", products=rows, costs=costs,
                           every_facility=sells_for_every_facility(current_user))


@bp.route("/produk/baru", methods=["GET", "POST"])
@staff_only
def product_new():
    """Register a real product of a facility's workshop."""
    form = _product_form()
    saved = _save(form, None) if request.method == "POST" else None
    if saved is not None:
        return redirect(url_for("showroom.stock", product_id=saved.id))
    return render_template("showroom/product_form.html", form=form, product=None)


@bp.route("/produk/<int:product_id>", methods=["GET", "POST"])
@staff_only
def product_edit(product_id: int):
    """Change a product's price, costing, makers or listing."""
    product = catalogue_product_or_404(product_id)
    form = _product_form(product)
    saved = _save(form, product) if request.method == "POST" else None
    if saved is not None:
        return redirect(url_for("showroom.stock", product_id=saved.id))
    return render_template("showroom/product_form.html", form=form, product=product)


@bp.route("/produk/<int:product_id>/stok", methods=["GET", "POST"])
@staff_only
def stock(product_id: int):
    """The product's stock card, and the form to record a delivery or a return."""
    product = catalogue_product_or_404(product_id)
    form = StockForm()
    if form.validate_on_submit():
        try:
            services.move_stock(product, form.kind.data, form.quantity.data, current_user, form.note.data or "")
        except services.ShowroomError as error:
            db.session.rollback()
            form.quantity.errors = list(form.quantity.errors) + [str(error)]
        else:
            db.session.commit()
            flash(_("Stok dicatat."), "success")
            return redirect(url_for("showroom.stock", product_id=product.id))
    return render_template("showroom/stock.html", product=product, form=form, moves=services.stock_card(product),
                           unit_cost=services.product_cost(product), photo_form=PhotoForm())


@bp.route("/produk/<int:product_id>/foto", methods=["POST"])
@staff_only
def product_photo(product_id: int):
    """Upload a catalogue product's photo: checked by content, resized, re-encoded, audited."""
    product = catalogue_product_or_404(product_id)
    form = PhotoForm()
    upload = form.photo.data if form.validate_on_submit() else None
    try:
        if upload is None or not hasattr(upload, "stream"):
            raise PhotoError(_("Pilih foto dulu."))
        data, width, height, content_type = process_photo(upload.stream)
        services.set_product_photo(product, data, width, height, content_type, current_user)
    except (PhotoError, services.ShowroomError) as error:
        db.session.rollback()
        flash(str(error), "error")
    else:
        db.session.commit()
        flash(_("Foto disimpan."), "success")
    return redirect(url_for("showroom.stock", product_id=product.id))


@bp.route("/dari-latihan", methods=["GET", "POST"])
@staff_only
def promote():
    """Practice products of the learners this showroom sells for, not yet in the catalogue, a page
    at a time and searchable by product, maker or registration number; one button takes one into
    the catalogue with its costing and photo.

    A refused price is shown on its own row with what was typed, and the search and page stay.
    """
    from training.storefront.models import Product
    from training.storefront.services import product_cost

    facility_ids = [fid for fid, _name in _facility_choices()]
    q = search_text("q")
    page = page_number()
    form = PromoteForm()
    if form.validate_on_submit():
        practice_id = whole_number(form.product_id.data or "")
        practice = db.session.get(Product, practice_id) if practice_id is not None else None
        taken = practice is not None and db.session.scalar(
            db.select(CatalogueProduct.id).where(CatalogueProduct.source_product_id == practice.id).limit(1))
        if practice is None or practice.facility_id not in facility_ids or not practice.is_active:
            flash(_("Produk latihan itu tidak ditemukan."), "error")
        elif taken:
            flash(_("Produk latihan itu sudah ada di katalog."), "error")
        elif product_cost(practice).unreadable:
            flash(_("Angka produk latihan itu tidak bisa dibaca. Minta pembuatnya memperbaikinya dulu."), "error")
        else:
            product = services.promote_practice_product(practice, form.price.data)
            db.session.commit()
            flash(_("Produk %(name)s masuk katalog. Catat stoknya.", name=product.name), "success")
            return redirect(url_for("showroom.stock", product_id=product.id))
    elif form.errors:
        flash(_("Harga jual belum bisa disimpan. Lihat pesan di baris produknya."), "error")
    query = (
        db.select(Product).join(Product.learner)
        .where(one_of(Product.facility_id, facility_ids), Product.is_active.is_(True),
               ~db.select(CatalogueProduct.id).where(CatalogueProduct.source_product_id == Product.id).exists())
        .options(contains_eager(Product.learner))  # the maker's name on every row
        .order_by(Product.name, Product.id)
    )
    if q:
        query = query.where(db.or_(contains(Product.name, q), contains(User.full_name, q), contains(User.reg_number, q)))
    per_page = current_app.config["ITEMS_PER_PAGE"]
    pagination = db.paginate(query, page=page, per_page=per_page, error_out=False)
    if page > pagination.pages > 0:  # an old link past the end (products taken in since): the last page
        pagination = db.paginate(query, page=pagination.pages, per_page=per_page, error_out=False)
    rows = list(pagination.items)
    return render_template("showroom/promote.html", rows=rows, pagination=pagination, q=q, form=form,
                           costs={p.id: product_cost(p).unit_cost for p in rows},
                           refused_id=whole_number(form.product_id.data or "") if form.errors else None)
