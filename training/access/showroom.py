"""The real showroom: its staff, catalogue products, sales, reports and portfolios."""
from __future__ import annotations

from flask import abort
from flask_login import current_user

from training.access.core import ETALASE, FACILITY_ADMIN, can_view_learner
from training.extensions import db


def sells_for_every_facility(actor) -> bool:
    """Showroom staff of the national centre (a facility of kind "pusat") sell for every facility."""
    return actor.role == ETALASE and actor.facility is not None and actor.facility.kind == "pusat"


def can_manage_catalogue_product(actor, product) -> bool:
    """May ``actor`` sell, restock or edit a catalogue product? Showroom staff of its facility, or
    of the national centre."""
    if product is None or actor.role != ETALASE or actor.facility_id is None:
        return False
    return sells_for_every_facility(actor) or product.facility_id == actor.facility_id


def catalogue_products_filter(actor):
    """A where-clause for the catalogue products ``actor`` may sell (the list beside the check)."""
    from training.showroom.models import CatalogueProduct

    if actor.role != ETALASE or actor.facility_id is None:
        return db.false()
    if sells_for_every_facility(actor):
        return db.true()
    return CatalogueProduct.facility_id == actor.facility_id


def catalogue_product_or_404(product_id: int):
    """Load a catalogue product the current showroom staff may manage, or answer 404."""
    from training.showroom.models import CatalogueProduct

    product = db.session.get(CatalogueProduct, product_id)
    if not can_manage_catalogue_product(current_user, product):
        abort(404)
    return product


def sale_or_404(sale_id: int):
    """Load a sale made at the current showroom staff's own showroom, or answer 404."""
    from training.showroom.models import Sale

    sale = db.session.get(Sale, sale_id)
    if sale is None or current_user.role != ETALASE or sale.facility_id != current_user.facility_id:
        abort(404)
    return sale


def can_view_showroom_report(actor, facility) -> bool:
    """May ``actor`` read a facility's monthly PNBP and premi report? Its facility admin and its
    showroom staff; staff of the national centre for every facility."""
    if facility is None:
        return False
    if actor.role == FACILITY_ADMIN:
        return actor.facility_id == facility.id
    if actor.role == ETALASE:
        return sells_for_every_facility(actor) or actor.facility_id == facility.id
    return False


def can_download_portfolio(actor, learner) -> bool:
    """Who may print a learner's "Portofolio Usaha": the learner, their officer, their facility's
    staff (admins and instructors), the same people who may see the learner's records."""
    return can_view_learner(actor, learner)
