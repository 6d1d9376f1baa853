"""The learner's shop: the shop front, products, their unit cost, price ranges and photos."""
from __future__ import annotations

import secrets
from functools import partial

from flask import Blueprint, Response, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy.exc import IntegrityError

from training.access import LEARNER, product_or_404, restrict_blueprint
from training.extensions import db, gettext as _
from training.page_cache import keeps_page
from training.storefront import class_market as class_markets
from training.storefront import advice_view, display, practice, services
from training.storefront.forms import PhotoForm, PriceCheckForm, ProductForm
from training.storefront.photos import PhotoError, process_photo

bp = Blueprint("shop", __name__, url_prefix="/toko")
restrict_blueprint(bp, LEARNER)


@bp.route("/")
@keeps_page()
def index():
    """"Toko saya": products, practice seasons and the class markets of the learner's classes."""
    products = services.learner_products(current_user)
    costs = {p.id: services.product_cost(p) for p in products}
    seasons = practice.learner_seasons(current_user)
    return render_template(
        "storefront/index.html", products=products, costs=costs, seasons=seasons,
        season_profits=practice.season_profits(seasons), markets=class_markets.markets_for(current_user),
        category_name=partial(services.category_name, lang=display.page_lang()),
    )


def _product_form(product=None) -> ProductForm:
    """The product form: as posted, as stored (a product whose figures cannot be read shows them as
    stored, so its owner can repair them), or empty with a fresh one-time token."""
    if request.method == "POST":
        form = ProductForm()
    elif product is not None:
        steps = services.product_cost(product)
        form = ProductForm(data={
            "name": product.name, "category": product.category, "description": product.description,
            "quality": product.quality, "unit": product.unit,
            "materials": [{"item_name": m["name"], "quantity": m["quantity"], "unit": m["unit"],
                           "price_per_unit": m["price_per_unit"]}
                          for m in (product.materials if steps.unreadable else steps.materials)] or [{}],
            "labour_hours": steps.labour_hours, "labour_rate": product.labour_rate,
            "packaging_cost": product.packaging_cost, "overhead_monthly": product.overhead_monthly,
            "units_per_month": product.units_per_month,
        })
    else:
        form = ProductForm(data={"form_token": secrets.token_urlsafe(24)})
    form.category.choices = services.category_choices(display.page_lang())
    return form


def _save(form: ProductForm, product=None):
    """Handle a product form post: add a material row, or validate and save. Returns a response or None."""
    if form.add_material.data:
        if len(form.materials) < form.materials.max_entries:
            form.materials.append_entry()
        return None
    if not form.validate_on_submit():
        return None
    if not form.material_rows() and not form.labour_hours.data and not form.packaging_cost.data:
        form.materials.errors = [_("Isi paling sedikit satu bahan, jam kerja atau kemasan.")]
        return None
    data = {
        "name": form.name.data, "category": form.category.data, "description": form.description.data,
        "quality": form.quality.data, "unit": form.unit.data, "materials": form.material_rows(),
        "labour_hours": form.labour_hours.data, "labour_rate": form.labour_rate.data,
        "packaging_cost": form.packaging_cost.data, "overhead_monthly": form.overhead_monthly.data,
        "units_per_month": form.units_per_month.data,
    }
    token = (form.form_token.data or None) if product is None else None
    try:
        product = services.save_product(current_user, data, product, form_token=token)
        db.session.commit()
    except IntegrityError:  # the same new-product form posted twice: the first post saved it
        db.session.rollback()
        product = services.product_by_token(current_user, token)
        if product is None:
            raise
    flash(_("Produk disimpan."), "success")
    return redirect(url_for("shop.product", product_id=product.id))


@bp.route("/produk/baru", methods=["GET", "POST"])
def product_new():
    """Register a product and work out its unit cost; works without JavaScript."""
    form = _product_form()
    done = _save(form) if request.method == "POST" else None
    return done or render_template("storefront/product_form.html", form=form, product=None)


@bp.route("/produk/<int:product_id>/ubah", methods=["GET", "POST"])
def product_edit(product_id: int):
    """Change a product or its costs (seasons already started keep the old figures)."""
    product = product_or_404(product_id)
    form = _product_form(product)
    done = _save(form, product) if request.method == "POST" else None
    return done or render_template("storefront/product_form.html", form=form, product=product)


@bp.route("/produk/<int:product_id>")
def product(product_id: int):
    """A product: its unit cost step by step, the price a new practice season advises (the same
    its decision form pre-fills), the rivals' prices, and the premi at a chosen price."""
    product = product_or_404(product_id)
    steps = services.product_cost(product)
    settings = services.facility_settings(current_user.facility_id)
    split = services.split_of(settings)
    lang = display.page_lang()
    advice = advice_view.product_advice(current_user, product, lang)
    check = PriceCheckForm(request.args)
    price = None
    if request.args.get("harga") is not None and check.validate():
        price = check.harga.data
    if not price:
        price = advice["price"] if advice else max(steps.unit_cost, 100)
    take_home = services.take_home(price, steps.unit_cost, split)
    return render_template(
        "storefront/product.html", product=product, steps=steps, advice=advice, check=check,
        take_home=take_home, split=split, example_split=services.is_example_settings(settings),
        photo_form=PhotoForm(), category_name=partial(services.category_name, lang=lang),
        unit=services.product_unit(product, lang),
    )


@bp.route("/produk/<int:product_id>/foto", methods=["POST"])
def product_photo_upload(product_id: int):
    """Upload a product photo: checked by content, resized, re-encoded and stored in the database."""
    product = product_or_404(product_id)
    form = PhotoForm()
    if not form.validate_on_submit():
        flash(_("Foto tidak bisa diunggah. Coba lagi."), "error")
        return redirect(url_for("shop.product", product_id=product.id))
    upload = form.photo.data
    try:
        if upload is None or not hasattr(upload, "stream"):
            raise PhotoError(_("Pilih foto dulu."))
        data, width, height, content_type = process_photo(upload.stream)
    except PhotoError as error:
        flash(str(error), "error")
        return redirect(url_for("shop.product", product_id=product.id))
    services.set_product_photo(product, data, width, height, content_type)
    db.session.commit()
    flash(_("Foto disimpan."), "success")
    return redirect(url_for("shop.product", product_id=product.id))


@bp.route("/produk/<int:product_id>/foto")
def product_photo(product_id: int):
    """The product's photo, for its owner only."""
    product = product_or_404(product_id)
    if product.photo is None:
        abort(404)
    response = Response(product.photo.data, mimetype=product.photo.content_type)
    response.headers["Content-Disposition"] = "inline"
    return response


@bp.app_template_filter("rupiah")
def rupiah_filter(amount) -> str:
    """Jinja filter: an amount as ``Rp12.500``."""
    from training.storefront.display import rupiah

    return rupiah(amount)


@bp.app_template_filter("units")
def units_filter(value) -> str:
    """Jinja filter: a count of units, whole when it is whole (``12``, ``2,5``)."""
    from training.storefront.forms import format_number

    if value is None:
        return "0"
    return format_number(round(value, 1) if isinstance(value, float) else value)
