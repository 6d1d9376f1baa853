"""What the makers see: their real products' sales and premi beside their practice results, and
the "Portofolio Usaha" PDF (for the learner, their officer and their facility's staff)."""
from __future__ import annotations

from flask import Blueprint, Response, abort, render_template
from flask_login import current_user

from training import audit
from training.access import (
    FACILITY_ADMIN,
    INSTRUCTOR,
    LEARNER,
    OFFICER,
    can_download_portfolio,
    restrict_blueprint,
    allow,
)
from training.accounts.models import User
from training.extensions import db
from training.showroom.portfolio import portfolio_pdf
from training.showroom.services import product_cost
from training.clock import today_utc
from training.showroom.settlement import learner_products, learner_real_sales, month_start

bp = Blueprint("realsales", __name__)
restrict_blueprint(bp, LEARNER, INSTRUCTOR, OFFICER, FACILITY_ADMIN)


@bp.route("/belajar/penjualan-nyata")
@allow(LEARNER)
def mine():
    """The learner's real products, what they sold month by month, and the premi they earned."""
    from training.storefront.practice import learner_seasons, season_profits

    months = learner_real_sales(current_user)
    products = learner_products(current_user)
    seasons = learner_seasons(current_user)
    practice_profit = sum(season_profits(seasons).values())
    return render_template("showroom/mine.html", months=months, products=products,
                           costs={p.id: product_cost(p) for p in products},
                           shares={p.id: next(m.share_percent for m in p.makers if m.learner_id == current_user.id)
                                   for p in products},
                           practice_profit=practice_profit, season_count=len(seasons),
                           this_month=month_start(today_utc()))


@bp.route("/portofolio/<int:learner_id>.pdf")
def portfolio(learner_id: int):
    """The learner's "Portofolio Usaha" as a PDF; every download is audited."""
    learner = db.session.get(User, learner_id)
    if not can_download_portfolio(current_user, learner):
        abort(404)
    data = portfolio_pdf(learner)
    audit.record("showroom.portfolio_downloaded", learner, learner_id=learner.id)
    db.session.commit()
    response = Response(data, mimetype="application/pdf")
    response.headers["Content-Disposition"] = f'attachment; filename="portofolio-usaha-{learner.id}.pdf"'
    return response
