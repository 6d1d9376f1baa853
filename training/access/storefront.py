"""The practice shop: a learner's own products and seasons, and the class markets."""
from __future__ import annotations

from flask import abort
from flask_login import current_user

from training.access.core import INSTRUCTOR, LEARNER, _same_facility
from training.extensions import db


def owns(actor, record) -> bool:
    """Is ``record`` (a product, a practice season) ``actor``'s own? Only its learner sees it."""
    return record is not None and actor.role == LEARNER and record.learner_id == actor.id


def own_records_filter(model, actor):
    """The filter beside :func:`owns`: a learner's own rows of
    ``model`` (products, practice seasons); nobody else lists them."""
    return model.learner_id == actor.id if actor.role == LEARNER else db.false()


def product_or_404(product_id: int):
    """Load one of the current learner's own products, or answer 404."""
    from training.storefront.models import Product

    product = db.session.get(Product, product_id)
    if not owns(current_user, product):
        abort(404)
    return product


def season_or_404(season_id: int):
    """Load one of the current learner's own practice seasons, or answer 404."""
    from training.storefront.models import MarketSeason

    season = db.session.get(MarketSeason, season_id)
    if not owns(current_user, season):
        abort(404)
    return season


def can_view_class_market(actor, class_market) -> bool:
    """Instructors see their facility's class markets; learners those of their own classes."""
    from training.accounts.models import ClassLearner

    if class_market is None or actor.facility_id is None or class_market.facility_id != actor.facility_id:
        return False
    if actor.role == INSTRUCTOR:
        return True
    if actor.role == LEARNER:
        return db.session.get(ClassLearner, (class_market.class_id, actor.id)) is not None
    return False


def class_market_filter(actor):
    """The filter beside :func:`can_view_class_market`: the class markets ``actor`` lists."""
    from training.accounts.models import ClassLearner
    from training.storefront.models import ClassMarket

    in_facility = _same_facility(ClassMarket.facility_id, actor)
    if actor.role == INSTRUCTOR:
        return in_facility
    if actor.role == LEARNER:
        return db.and_(in_facility, ClassMarket.class_id.in_(
            db.select(ClassLearner.class_id).where(ClassLearner.user_id == actor.id)))
    return db.false()


def class_market_or_404(market_id: int, *, lock: bool = False):
    """Load a class market the current user may see, or answer 404. ``lock`` takes a row lock
    (PostgreSQL) so that concurrent submissions run a round only once."""
    from training.storefront.models import ClassMarket

    if lock:
        class_market = db.session.scalar(
            db.select(ClassMarket).where(ClassMarket.id == market_id).with_for_update()
        )
    else:
        class_market = db.session.get(ClassMarket, market_id)
    if not can_view_class_market(current_user, class_market):
        abort(404)
    return class_market
