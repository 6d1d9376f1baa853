"""Each facility's PNBP and premi rates for real sales, dated.

The rates in force on a day are the facility's latest :class:`ShowroomRate` from on or before that
day; before its first one, the practice shop's settings of the facility (the same rules learners
practise with), else the simulator's labelled example split.
"""
from __future__ import annotations

from datetime import date


from training import audit
from training.extensions import db, gettext as _
from training.showroom.models import ShowroomRate
from training.simulator import EXAMPLE_SPLIT, SplitRates


def rates_on(facility_id: int, day: date) -> SplitRates:
    """The split rates in force at ``facility_id`` on ``day``."""
    row = db.session.scalar(
        db.select(ShowroomRate)
        .where(ShowroomRate.facility_id == facility_id, ShowroomRate.valid_from <= day)
        .order_by(ShowroomRate.valid_from.desc()).limit(1)
    )
    if row is not None:
        return SplitRates(row.pnbp_rate, row.premi_rate, row.split_basis)
    from training.storefront.models import FacilitySettings

    settings = db.session.get(FacilitySettings, facility_id)
    if settings is not None:
        return SplitRates(settings.pnbp_rate, settings.premi_rate, settings.split_basis)
    return EXAMPLE_SPLIT


def rate_history(facility_id: int) -> list[ShowroomRate]:
    """A facility's dated rates, newest first."""
    return db.session.scalars(
        db.select(ShowroomRate).where(ShowroomRate.facility_id == facility_id)
        .order_by(ShowroomRate.valid_from.desc())
    ).all()


def set_rate(facility_id: int, valid_from: date, pnbp_rate: float, premi_rate: float, basis: str, actor) -> ShowroomRate:
    """Set the rates in force from ``valid_from`` (replacing a row for that same day).

    Sales already recorded keep the rates copied onto their lines; only sales from now on that fall
    on or after ``valid_from`` use the new ones.
    """
    try:
        SplitRates(pnbp_rate, premi_rate, basis)
    except ValueError as error:
        raise ValueError(_("PNBP dan premi bersama paling banyak 100%.")) from error
    row = db.session.scalar(
        db.select(ShowroomRate).where(ShowroomRate.facility_id == facility_id, ShowroomRate.valid_from == valid_from)
    )
    if row is None:
        row = ShowroomRate(facility_id=facility_id, valid_from=valid_from)
        db.session.add(row)
    row.pnbp_rate, row.premi_rate, row.split_basis = pnbp_rate, premi_rate, basis
    row.created_by_id = actor.id if actor is not None else None
    db.session.flush()
    audit.record("showroom.rate_set", row, actor=actor, facility_id=facility_id, valid_from=valid_from.isoformat(),
                 pnbp_rate=pnbp_rate, premi_rate=premi_rate, basis=basis)
    return row
