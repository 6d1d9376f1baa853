"""Class markets: instructors open and run them; learners of the class submit decisions each round."""
from __future__ import annotations

import secrets
from datetime import datetime

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import to_user_timezone, to_utc
from flask_login import current_user

from training.access import INSTRUCTOR, LEARNER, class_market_or_404, restrict_blueprint, roles_required
from training.accounts.models import TrainingClass, User
from training.app import select_locale
from training.extensions import db
from training.simulator import debrief_season
from training.storefront import class_market as markets
from training.storefront import display, services
from training.storefront.forms import (
    ClassMarketForm,
    MarketOptionsForm,
    decision_form,
    decisions_from_form,
    format_number,
)
from training.storefront.practice import owner_key, season_settings

bp = Blueprint("classmarket", __name__, url_prefix="/pasar-kelas")
restrict_blueprint(bp, INSTRUCTOR, LEARNER)


@bp.route("/")
def index():
    """The class markets the user may see: a facility's for instructors, a learner's classes' for learners."""
    return render_template("storefront/markets.html", markets=markets.markets_for(current_user))


@bp.route("/baru", methods=["GET", "POST"])
@roles_required(INSTRUCTOR)
def new():
    """Open a class market: class, rounds, channels, rates (the facility's by default), sellers, seed."""
    form = ClassMarketForm()
    classes = db.session.scalars(db.select(TrainingClass).where(
        TrainingClass.facility_id == current_user.facility_id, TrainingClass.is_active.is_(True))
        .order_by(TrainingClass.name)).all()
    form.training_class.choices = [(c.id, c.name) for c in classes]
    form.channels.choices = display.channel_choices()
    if not form.is_submitted():
        settings = services.facility_settings(current_user.facility_id)
        form.pnbp_percent.data = settings.pnbp_rate * 100
        form.premi_percent.data = settings.premi_rate * 100
        form.split_basis.data = settings.split_basis
        form.channels.data = ["showroom", "bazar", "online"]
        form.seed.data = secrets.randbelow(100000)
        form.name.data = _("Pasar minggu ini")
    if form.validate_on_submit():
        chosen = next((c for c in classes if c.id == form.training_class.data), None)
        if chosen is None:
            abort(404)
        pnbp, premi = float(form.pnbp_percent.data) / 100, float(form.premi_percent.data) / 100
        if pnbp + premi > 1:
            form.premi_percent.errors.append(_("PNBP dan premi bersama paling banyak 100%."))
        else:
            market = markets.open_market(
                current_user, chosen, name=form.name.data, weeks=form.weeks.data, channels=form.channels.data,
                pnbp_rate=pnbp, premi_rate=premi, split_basis=form.split_basis.data,
                seller_count=form.seller_count.data, seller_strategy=form.seller_strategy.data,
                seed=form.seed.data, ranking_visible=form.ranking_visible.data)
            db.session.commit()
            flash(_("Pasar kelas dibuka."), "success")
            return redirect(url_for("classmarket.market", market_id=market.id))
    return render_template("storefront/market_new.html", form=form, format_number=format_number)


def _snapshots() -> list[dict]:
    return [services.product_snapshot(p) for p in services.learner_products(current_user)]


def _learner_page(market, form=None):
    owner = owner_key(current_user.id)
    results = markets.history(market)
    snapshots = _snapshots()
    mine = next((d for d in markets.round_decisions(market) if d.learner_id == current_user.id), None)
    if form is None and snapshots and markets.is_round_open(market):
        last = mine.decisions if mine else _previous_decisions(market)
        form = decision_form(snapshots, last, display.channel_choices(market.channels), market.current_week)
    names = display.product_names(snapshots)
    for result in results:  # names of products as they were when decided
        for d in markets.round_decisions(market, result.week_index):
            if d.learner_id == current_user.id:
                names.update(display.product_names(d.decisions))
    last_view = None
    if results:
        result = results[-1]
        previous = results[-2] if len(results) > 1 else None
        last_view = {"week_number": result.week_index + 1, "rows": display.week_rows(result, owner, names),
                     "totals": display.week_totals(result, owner),
                     "debriefs": display.week_debriefs(result, previous, owner, season_settings(market), names,
                                                       select_locale())}
    return render_template(
        "storefront/market_learner.html", market=market, form=form, snapshots=snapshots, submitted=mine,
        last=last_view, charts=display.season_charts(results, owner, market.weeks) if results else [],
        ranking=markets.ranking(market) if market.ranking_visible else None,
        round_open=markets.is_round_open(market))


def _previous_decisions(market) -> list[dict]:
    rows = [d for d in db.session.scalars(db.select(markets.ClassMarketDecision).where(
        markets.ClassMarketDecision.market_id == market.id,
        markets.ClassMarketDecision.learner_id == current_user.id).order_by(markets.ClassMarketDecision.week_index.desc()))]
    return rows[0].decisions if rows else []


@bp.route("/<int:market_id>")
def market(market_id: int):
    """A class market: for instructors its rounds, submissions, ranking and controls; for a learner
    the decision form, their own results and the ranking when it is shown."""
    market = class_market_or_404(market_id)
    if current_user.role == LEARNER:
        return _learner_page(market)
    expected = markets.class_learner_ids(market)
    submitted = {d.learner_id for d in markets.round_decisions(market)}
    learners = db.session.scalars(db.select(User).where(User.id.in_(expected)).order_by(User.full_name)).all() if expected else []
    options = MarketOptionsForm(data={
        "ranking_visible": market.ranking_visible,
        "deadline": to_user_timezone(market.deadline_dt).strftime("%Y-%m-%dT%H:%M") if market.deadline_dt else ""})
    return render_template("storefront/market_instructor.html", market=market, learners=learners,
                           submitted=submitted, ranking=markets.ranking(market), options=options)


@bp.route("/<int:market_id>/keputusan", methods=["POST"])
@roles_required(LEARNER)
def submit(market_id: int):
    """A learner submits (or changes) decisions for the current round, before it closes."""
    market = class_market_or_404(market_id, lock=True)
    snapshots = _snapshots()
    if not snapshots:
        flash(_("Daftarkan produk dulu di Toko saya."), "error")
        return redirect(url_for("classmarket.market", market_id=market.id))
    form = decision_form(snapshots, [], display.channel_choices(market.channels), None)
    if not markets.is_round_open(market) or form.week_index.data != str(market.current_week):
        flash(_("Putaran ini sudah ditutup. Keputusan tidak bisa dikirim lagi."), "error")
        return redirect(url_for("classmarket.market", market_id=market.id))
    decisions = decisions_from_form(form, snapshots) if form.validate_on_submit() else None
    if decisions is None:
        flash(_("Ada isian yang perlu diperbaiki. Lihat tulisan merah."), "error")
        return _learner_page(market, form)
    try:
        ran = markets.submit(market, current_user, market.current_week, decisions)
    except markets.RoundClosed:
        db.session.rollback()
        flash(_("Putaran ini sudah ditutup. Keputusan tidak bisa dikirim lagi."), "error")
        return redirect(url_for("classmarket.market", market_id=market_id))
    db.session.commit()
    flash(_("Semua sudah mengirim: putaran dijalankan. Lihat hasilnya.") if ran
          else _("Keputusan terkirim. Hasil keluar setelah putaran dijalankan."), "success")
    return redirect(url_for("classmarket.market", market_id=market.id))


@bp.route("/<int:market_id>/jalankan", methods=["POST"])
@roles_required(INSTRUCTOR)
def advance(market_id: int):
    """The instructor runs the current round now; learners who sent nothing sit this round out."""
    market = class_market_or_404(market_id, lock=True)
    from training.accounts.forms import EmptyForm

    if not EmptyForm().validate_on_submit() or market.status != "open":
        flash(_("Putaran tidak bisa dijalankan."), "error")
        return redirect(url_for("classmarket.market", market_id=market.id))
    markets.run_round(market, actor=current_user)
    db.session.commit()
    flash(_("Putaran %(n)d sudah dijalankan.", n=market.current_week), "success")
    return redirect(url_for("classmarket.market", market_id=market.id))


@bp.route("/<int:market_id>/pengaturan", methods=["POST"])
@roles_required(INSTRUCTOR)
def options(market_id: int):
    """Show or hide the ranking and set the current round's deadline."""
    market = class_market_or_404(market_id)
    form = MarketOptionsForm()
    if form.validate_on_submit():
        deadline = None
        if form.deadline.data:
            try:
                deadline = to_utc(datetime.strptime(form.deadline.data.strip(), "%Y-%m-%dT%H:%M"))
            except ValueError:
                flash(_("Batas waktu tidak bisa dibaca. Contoh: 2027-01-04T10:00."), "error")
                return redirect(url_for("classmarket.market", market_id=market.id))
        markets.set_options(market, ranking_visible=form.ranking_visible.data, deadline_dt=deadline,
                            actor=current_user)
        db.session.commit()
        flash(_("Pengaturan disimpan."), "success")
    return redirect(url_for("classmarket.market", market_id=market.id))


@bp.route("/<int:market_id>/laporan/<int:learner_id>")
def report(market_id: int, learner_id: int):
    """One learner's season report in a class market: their own for a learner, any for the instructor."""
    market = class_market_or_404(market_id)
    if current_user.role == LEARNER and learner_id != current_user.id:
        abort(404)
    if learner_id not in markets.class_learner_ids(market):
        abort(404)
    learner = db.session.get(User, learner_id)
    lang = select_locale() if select_locale() in ("id", "en") else "id"
    items = debrief_season(markets.learner_season(market), owner_key(learner_id), season_settings(market), lang=lang)
    results = markets.history(market)
    return render_template("storefront/market_report.html", market=market, learner=learner, items=items,
                           charts=display.season_charts(results, owner_key(learner_id), market.weeks) if results else [])
