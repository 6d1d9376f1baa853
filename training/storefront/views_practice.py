"""Practice seasons: start one, play it week by week, read each week's result and the season report."""
from __future__ import annotations

import secrets

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy.exc import IntegrityError

from training.access import LEARNER, product_or_404, restrict_blueprint, season_or_404
from training.extensions import db, gettext as _
from training.page_cache import keeps_page
from training.simulator import debrief_season
from training.simulator.replay import replay_week
from training.storefront import advice_view, display, money_flow, practice, services
from training.storefront.milestones import pricing_skill
from training.storefront.forms import NewSeasonForm, ReplayForm, decision_form, decisions_from_form
from training.storefront.models import SEASON_OPEN

bp = Blueprint("practice", __name__, url_prefix="/toko/latihan")
restrict_blueprint(bp, LEARNER)


@bp.route("/baru", methods=["GET", "POST"])
def new():
    """Start a practice season: how many weeks, and which products to sell."""
    products = services.sellable_products(current_user)
    form = NewSeasonForm()
    form.products.choices = [(p.id, p.name) for p in products]
    if request.method == "POST" and form.validate_on_submit():
        chosen = [product_or_404(pid) for pid in form.products.data]
        season = practice.start_season(current_user, chosen, form.weeks.data, secrets.randbelow(2**31))
        db.session.commit()
        return redirect(url_for("practice.season", season_id=season.id))
    if not form.is_submitted():
        form.products.data = [p.id for p in products]
    return render_template("storefront/season_new.html", form=form, products=products)


def _week_view(season, index: int) -> dict:
    """Everything a week's result page shows: the week's table and debrief, and the charts so far."""
    results = practice.history(season)
    owner = practice.owner_key(season.learner_id)
    ledgers = practice.ledgers(season)
    view = display.week_view(results, index, owner, practice.season_settings(season),
                             display.product_names(season.products), ledgers)
    view["charts"] = display.season_charts(results[: index + 1], owner, season.weeks, ledgers[: index + 1])
    view["curves"] = display.week_curves(results[index], owner, practice.season_settings(season),
                                         display.product_names(season.products))
    return view


def _base_decisions(season) -> list[dict]:
    """What the form pre-fills: the learner's own last week, or for a new season the advised
    price and a small first batch."""
    if season.played:
        return practice.last_decisions(season)
    return advice_view.first_week_decisions(season, display.page_lang())


def _season_page(season, form, refusals=(), base=None):
    """The season's page: the form for next week, what the learner has to work with (cash, loan,
    hours, stock on hand and when it spoils), a line on last week (its totals only: the full
    result, charts and debrief are on the week's own page), and any reason the plan was refused."""
    last = None
    results = practice.history(season)
    owner = practice.owner_key(season.learner_id)
    settings = practice.season_settings(season)
    if results:
        last = {"week_number": len(results), "totals": display.week_totals(results[-1], owner)}
    return render_template(
        "storefront/season.html", season=season, form=form, last=last, snapshots=season.products,
        refusals=refusals, wallet=practice.wallet(season) if practice.keeps_cash(season) else None,
        advice=advice_view.week_advice(season, base or _base_decisions(season), display.page_lang()),
        channel_name=display.channel_name,
        settings=settings, stock=display.stock_on_hand(results, owner, settings, display.product_names(season.products)))


@bp.route("/<int:season_id>")
@keeps_page()
def season(season_id: int):
    """The season now: last week's result and the form for next week, or the report when finished."""
    season = season_or_404(season_id)
    if season.status != SEASON_OPEN:
        return redirect(url_for("practice.report", season_id=season.id))
    base = _base_decisions(season)
    form = decision_form(season.products, base, display.channel_choices(), season.weeks_played)
    return _season_page(season, form, base=base)


@bp.route("/<int:season_id>/minggu", methods=["POST"])
def play(season_id: int):
    """Run the next week with the learner's decisions, then show its result."""
    season = season_or_404(season_id)
    if season.status != SEASON_OPEN:
        flash(_("Musim ini sudah selesai."), "info")
        return redirect(url_for("practice.report", season_id=season.id))
    form = decision_form(season.products, [], display.channel_choices(), None)
    decisions = decisions_from_form(form, season.products) if form.validate_on_submit() else None
    if form.week_index.data != str(season.weeks_played):
        flash(_("Minggu ini sudah dijalankan. Lihat hasilnya di bawah."), "info")
        return redirect(url_for("practice.season", season_id=season.id))
    if decisions is None:
        flash(_("Ada isian yang perlu diperbaiki. Lihat tulisan merah."), "error")
        return _season_page(season, form)
    try:
        week = practice.play_week(season, decisions, form.extras(), display.page_lang())
        db.session.commit()
    except practice.PlanRefusedError as refused:
        db.session.rollback()
        flash(_("Rencana ini belum bisa dijalankan. Lihat alasannya di atas formulir."), "error")
        return _season_page(season, form, refused.reasons)
    except IntegrityError:  # a double click: the same week ran a moment ago in another request
        db.session.rollback()
        flash(_("Minggu ini sudah dijalankan. Lihat hasilnya di bawah."), "info")
        return redirect(url_for("practice.season", season_id=season_id))
    return redirect(url_for("practice.week", season_id=season.id, week=week.week_index + 1))


@bp.route("/<int:season_id>/minggu/<int:week>")
@keeps_page()
def week(season_id: int, week: int):
    """One played week: the table, the charts so far and the debrief."""
    season = season_or_404(season_id)
    if not 1 <= week <= season.weeks_played:
        abort(404)
    return render_template("storefront/week.html", season=season, view=_week_view(season, week - 1))


@bp.route("/<int:season_id>/laporan")
def report(season_id: int):
    """The season report: totals, the season debrief, charts and the what-if profit curves."""
    season = season_or_404(season_id)
    results = practice.history(season)
    if not results:
        return redirect(url_for("practice.season", season_id=season.id))
    settings = practice.season_settings(season)
    owner = practice.owner_key(season.learner_id)
    names = display.product_names(season.products)
    whole = practice.season_result(season, results)
    ledgers = practice.ledgers(season)
    items = debrief_season(whole, owner, settings, lang=display.page_lang(), extra_costs=money_flow.extra_costs(ledgers))
    last = results[-1]
    curves = display.week_curves(last, owner, settings, names)
    return render_template("storefront/report.html", season=season, items=items, curves=curves,
                           charts=display.season_charts(results, owner, season.weeks, ledgers),
                           totals=whole.totals(owner), money=money_flow.season_money(results, owner, settings, ledgers),
                           skill=pricing_skill(season.played), weeks=season.played)


@bp.route("/<int:season_id>/minggu/<int:week>/ulangi")
def replay(season_id: int, week: int):
    """“Ulangi minggu ini”: the played week again with other prices, quantities or promotion, the
    same shoppers and rivals, side by side with what happened. A GET form: no recorded result
    changes."""
    season = season_or_404(season_id)
    if not 1 <= week <= season.weeks_played:
        abort(404)
    results = practice.history(season)
    result, previous = results[week - 1], results[week - 2] if week > 1 else None
    owner = practice.owner_key(season.learner_id)
    mine = result.offers_of(owner)
    tried = "rows-0-price" in request.args
    form = ReplayForm(request.args if tried else None, data=None if tried else {"rows": [
        {"price": done.price, "units": done.units_made, "marketing": done.marketing_spend} for done in mine]})
    names = display.product_names(season.products)
    labels = [display.offer_label(done.offer_id, names) for done in mine]
    replayed = None
    if tried and len(form.rows) == len(mine) and form.validate():
        changes = {done.offer_id: {"price": row.price.data, "units_made": row.units.data,
                                   "marketing_spend": row.marketing.data}
                   for done, row in zip(mine, (entry.form for entry in form.rows))}
        replayed = replay_week(result, practice.season_settings(season), changes, previous)
    return render_template("storefront/replay.html", season=season, week=week, form=form, labels=labels,
                           pairs=replayed.pairs(owner) if replayed else None,
                           change=replayed.profit_change(owner) if replayed else None)
