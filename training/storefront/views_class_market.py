"""Class markets: instructors open and run them; learners of the class submit decisions each round."""
from __future__ import annotations

import secrets

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_babel import to_user_timezone, to_utc
from flask_login import current_user

from training.access import (
    INSTRUCTOR,
    LEARNER,
    allow,
    class_filter,
    class_market_or_404,
    learner_or_404,
    restrict_blueprint,
)
from training.accounts.forms import EmptyForm
from training.accounts.models import TrainingClass, User
from training.extensions import db, gettext as _, one_of
from training.simulator import debrief_season
from training.storefront import class_market as markets
from training.storefront import display, money_flow, services
from training.storefront.forms import (
    ClassMarketForm,
    MarketOptionsForm,
    decision_form,
    decisions_from_form,
    format_number,
    percent_of,
)
from training.storefront.market import first_decision as market_first_decision
from training.storefront.models import SEASON_OPEN
from training.storefront.practice import owner_key, season_settings

bp = Blueprint("classmarket", __name__, url_prefix="/pasar-kelas")
restrict_blueprint(bp, INSTRUCTOR, LEARNER)


@bp.route("/")
def index():
    """The class markets the user may see: a facility's for instructors, a learner's classes' for learners."""
    return render_template("storefront/markets.html", markets=markets.markets_for(current_user))


@bp.route("/baru", methods=["GET", "POST"])
@allow(INSTRUCTOR)
def new():
    """Open a class market: class, rounds, channels, rates (the facility's by default), sellers, seed."""
    form = ClassMarketForm()
    classes = db.session.scalars(db.select(TrainingClass).where(
        class_filter(current_user), TrainingClass.is_active.is_(True)).order_by(TrainingClass.name)).all()
    form.training_class.choices = [(c.id, c.name) for c in classes]
    form.channels.choices = display.channel_choices()
    if not form.is_submitted():
        settings = services.facility_settings(current_user.facility_id)
        form.pnbp_percent.data = percent_of(settings.pnbp_rate)
        form.premi_percent.data = percent_of(settings.premi_rate)
        form.split_basis.data = settings.split_basis
        form.channels.data = ["showroom", "bazar", "online"]
        form.seed.data = secrets.randbelow(100000)
        form.name.data = _("Pasar minggu ini")
    if form.validate_on_submit():
        chosen = next((c for c in classes if c.id == form.training_class.data), None)
        if chosen is None:
            abort(404)
        if form.pnbp_percent.data + form.premi_percent.data > 100:  # Decimals: no float noise at 100%
            form.premi_percent.errors.append(_("PNBP dan premi bersama paling banyak 100%."))
        else:
            market = markets.open_market(
                current_user, chosen, name=form.name.data, weeks=form.weeks.data, channels=form.channels.data,
                pnbp_rate=float(form.pnbp_percent.data / 100), premi_rate=float(form.premi_percent.data / 100),
                split_basis=form.split_basis.data,
                seller_count=form.seller_count.data, seller_strategy=form.seller_strategy.data,
                seed=form.seed.data, ranking_visible=form.ranking_visible.data)
            db.session.commit()
            flash(_("Pasar kelas dibuka."), "success")
            return redirect(url_for("classmarket.market", market_id=market.id))
    return render_template("storefront/market_new.html", form=form, format_number=format_number)


def _snapshots() -> list[dict]:
    return [services.product_snapshot(p) for p in services.sellable_products(current_user)]


def _learner_page(market, form=None):
    """A learner's page of a class market: the decision form, their last round and the ranking."""
    owner = owner_key(current_user.id)
    results = markets.history(market)
    snapshots = _snapshots()
    own = markets.learner_decisions(market, current_user.id)
    mine = next((d for d in own if d.week_index == market.current_week), None)
    round_open = markets.is_round_open(market)
    if form is None and snapshots and round_open:
        last = mine.decisions if mine else (own[-1].decisions if own else [])
        settings = season_settings(market)
        form = decision_form(snapshots, last, display.channel_choices(market.channels), market.current_week,
                             first=lambda snap: market_first_decision(snap, settings, len(snapshots)))
    names = display.product_names(snapshots)
    for decided in own:  # names of products as they were when decided
        names.update(display.product_names(decided.decisions))
    last_view = display.week_view(results, len(results) - 1, owner, season_settings(market), names) if results else None
    return render_template(
        "storefront/market_learner.html", market=market, form=form, snapshots=snapshots, submitted=mine,
        last=last_view, charts=display.season_charts(results, owner, market.weeks) if results else [],
        ranking=markets.ranking(market, results, for_learners=True) if market.ranking_visible else None,
        round_open=round_open)


def _instructor_page(market, options=None):
    """An instructor's page of a class market: who has submitted, the ranking and the controls."""
    expected = markets.class_learner_ids(market)
    learners = db.session.scalars(db.select(User).where(one_of(User.id, expected)).order_by(User.full_name)).all() if expected else []
    if options is None:
        deadline = to_user_timezone(market.deadline_dt) if market.deadline_dt else None
        options = MarketOptionsForm(data={"ranking_visible": market.ranking_visible, "deadline": deadline,
                                          "ranking_names": market.ranking_names,
                                          "ranking_show_losses": market.ranking_show_losses})
    return render_template("storefront/market_instructor.html", market=market, learners=learners,
                           submitted=markets.submitted_learner_ids(market), ranking=markets.ranking(market),
                           options=options, channel_name=display.channel_name, strategy_name=display.strategy_name)


@bp.route("/<int:market_id>")
def market(market_id: int):
    """A class market: for instructors its rounds, submissions, ranking and controls; for a learner
    the decision form, their own results and the ranking when it is shown."""
    market = class_market_or_404(market_id)
    if current_user.role == LEARNER:
        return _learner_page(market)
    return _instructor_page(market)


@bp.route("/<int:market_id>/keputusan", methods=["POST"])
@allow(LEARNER)
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


@bp.route("/<int:market_id>/jalankan")
@allow(INSTRUCTOR)
def confirm_advance(market_id: int):
    """Ask before running a round: how many decisions are in, and who has sent none yet."""
    market = class_market_or_404(market_id)
    if market.status != SEASON_OPEN:
        return redirect(url_for("classmarket.market", market_id=market.id))
    expected = markets.class_learner_ids(market)
    submitted = markets.submitted_learner_ids(market)
    missing = db.session.scalars(db.select(User).where(one_of(User.id, expected - submitted))
                                 .order_by(User.full_name)).all() if expected - submitted else []
    return render_template("storefront/market_confirm.html", market=market, expected=len(expected),
                           submitted=len(submitted & expected), missing=missing)


@bp.route("/<int:market_id>/jalankan", methods=["POST"])
@allow(INSTRUCTOR)
def advance(market_id: int):
    """The instructor runs the current round now; learners who sent nothing sit this round out."""
    market = class_market_or_404(market_id, lock=True)
    if not EmptyForm().validate_on_submit() or market.status != SEASON_OPEN:
        flash(_("Putaran tidak bisa dijalankan."), "error")
        return redirect(url_for("classmarket.market", market_id=market.id))
    markets.run_round(market, actor=current_user)
    db.session.commit()
    flash(_("Putaran %(n)d sudah dijalankan.", n=market.current_week), "success")
    return redirect(url_for("classmarket.market", market_id=market.id))


@bp.route("/<int:market_id>/pengaturan", methods=["POST"])
@allow(INSTRUCTOR)
def options(market_id: int):
    """Show or hide the ranking and set the current round's deadline; an unreadable deadline is shown
    again with its message, as typed."""
    market = class_market_or_404(market_id)
    form = MarketOptionsForm()
    if not form.validate_on_submit():
        flash(_("Ada isian yang perlu diperbaiki. Lihat tulisan merah."), "error")
        return _instructor_page(market, form)
    deadline = form.deadline_local()
    markets.set_options(market, ranking_visible=form.ranking_visible.data,
                        deadline_dt=to_utc(deadline) if deadline else None, ranking_names=form.ranking_names.data,
                        ranking_show_losses=form.ranking_show_losses.data, actor=current_user)
    db.session.commit()
    flash(_("Pengaturan disimpan."), "success")
    return redirect(url_for("classmarket.market", market_id=market.id))


@bp.route("/<int:market_id>/laporan/<int:learner_id>")
def report(market_id: int, learner_id: int):
    """One learner's season report in a class market: their own for a learner, any of the class's
    learners for an instructor of the facility."""
    market = class_market_or_404(market_id)
    learner = learner_or_404(learner_id)
    if learner.id not in markets.class_learner_ids(market):
        abort(404)
    owner = owner_key(learner.id)
    results = markets.history(market)
    settings = season_settings(market)
    items = debrief_season(markets.learner_season(market, results), owner, settings, lang=display.page_lang())
    return render_template("storefront/market_report.html", market=market, learner=learner, items=items,
                           charts=display.season_charts(results, owner, market.weeks) if results else [],
                           money=money_flow.season_money(results, owner, settings) if results else None)
