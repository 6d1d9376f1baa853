"""Practice seasons: start one, play it week by week, read each week's result and the season report."""
from __future__ import annotations

import secrets

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from training.certificates.services import check_after_progress
from training.access import LEARNER, product_or_404, restrict_blueprint, season_or_404
from training.app import select_locale
from training.extensions import db
from training.simulator import debrief_season
from training.storefront import display, practice, services
from training.storefront.milestones import pricing_skill
from training.storefront.forms import NewSeasonForm, decision_form, decisions_from_form
from training.storefront.models import SEASON_OPEN

bp = Blueprint("practice", __name__, url_prefix="/toko/latihan")
restrict_blueprint(bp, LEARNER)


@bp.route("/baru", methods=["GET", "POST"])
def new():
    """Start a practice season: how many weeks, and which products to sell."""
    products = services.learner_products(current_user)
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
    """Everything a week's result page shows."""
    results = practice.history(season)
    settings = practice.season_settings(season)
    owner = practice.owner_key(season.learner_id)
    result = results[index]
    previous = results[index - 1] if index > 0 else None
    names = display.product_names(season.products)
    return {
        "week_number": index + 1, "result": result,
        "rows": display.week_rows(result, owner, names), "totals": display.week_totals(result, owner),
        "charts": display.season_charts(results[: index + 1], owner, season.weeks),
        "debriefs": display.week_debriefs(result, previous, owner, settings, names, select_locale()),
    }


@bp.route("/<int:season_id>")
def season(season_id: int):
    """The season now: last week's result and the form for next week, or the report when finished."""
    season = season_or_404(season_id)
    if season.status != SEASON_OPEN:
        return redirect(url_for("practice.report", season_id=season.id))
    form = decision_form(season.products, practice.last_decisions(season), display.channel_choices(),
                         season.weeks_played)
    last = _week_view(season, season.weeks_played - 1) if season.weeks_played else None
    return render_template("storefront/season.html", season=season, form=form, last=last,
                           snapshots=season.products)


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
        last = _week_view(season, season.weeks_played - 1) if season.weeks_played else None
        return render_template("storefront/season.html", season=season, form=form, last=last,
                               snapshots=season.products), 200
    week = practice.play_week(season, decisions)
    if season.finished_dt is not None:
        check_after_progress(current_user)  # a finished season can complete a shop milestone
    db.session.commit()
    return redirect(url_for("practice.week", season_id=season.id, week=week.week_index + 1))


@bp.route("/<int:season_id>/minggu/<int:week>")
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
    lang = select_locale() if select_locale() in ("id", "en") else "id"
    items = debrief_season(practice.season_result(season), owner, settings, lang=lang)
    last = results[-1]
    curves = [display.curve_chart(last, done.offer_id, settings, display.offer_label(done.offer_id, names))
              for done in last.offers_of(owner)]
    totals = practice.season_result(season).totals(owner)
    skill = pricing_skill(season.played)
    return render_template("storefront/report.html", season=season, items=items, curves=curves,
                           charts=display.season_charts(results, owner, season.weeks), totals=totals,
                           skill=skill, weeks=season.played)
