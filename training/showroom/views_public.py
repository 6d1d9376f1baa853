"""The public catalogue: anyone, signed in or not, sees the products on sale and their prices, by
category and by the facility that made them, with photos. It names no maker and shows nothing
personal: only the product, its price, its origin and whether it is in stock."""
from __future__ import annotations

from flask import Blueprint, Response, abort, render_template, request

from training.access import ANYONE, restrict_blueprint
from training.accounts.models import Facility
from training.extensions import db
from training.showroom.models import CatalogueProduct
from training.storefront.services import category_choices

bp = Blueprint("catalogue", __name__, url_prefix="/katalog")
restrict_blueprint(bp, ANYONE)


@bp.route("/")
def index():
    """Listed products, grouped by category; ``?jenis=`` and ``?asal=`` narrow the list."""
    query = db.select(CatalogueProduct).where(CatalogueProduct.is_listed.is_(True))
    category = request.args.get("jenis", "")
    categories = dict(category_choices())
    if category in categories:
        query = query.where(CatalogueProduct.category == category)
    origin = request.args.get("asal", type=int)
    if origin is not None and 0 < origin < 2**31:
        query = query.where(CatalogueProduct.facility_id == origin)
    products = db.session.scalars(query.order_by(CatalogueProduct.category, CatalogueProduct.name)).all()
    origins = db.session.scalars(
        db.select(Facility).where(Facility.id.in_(db.select(CatalogueProduct.facility_id)
                                                  .where(CatalogueProduct.is_listed.is_(True))))
        .order_by(Facility.name)
    ).all()
    groups: dict[str, list] = {}
    for product in products:
        groups.setdefault(product.category, []).append(product)
    return render_template("showroom/catalogue.html", groups=groups, categories=categories, category=category,
                           origins=origins, origin=origin)


@bp.route("/foto/<int:product_id>")
def photo(product_id: int):
    """A listed product's photo."""
    product = db.session.get(CatalogueProduct, product_id)
    if product is None or not product.is_listed or product.photo is None:
        abort(404)
    response = Response(product.photo.data, mimetype=product.photo.content_type)
    response.headers["Cache-Control"] = "public, max-age=3600"
    return response
