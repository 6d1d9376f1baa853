"""The monthly PNBP and premi report (screen, CSV, PDF) and the facility's dated rates.

The report is for the facility admin and the showroom staff (the national centre's staff choose
the facility); the rates are the facility admin's. Every export is audited.
"""
from __future__ import annotations

from datetime import date

from flask import Response, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user

from training import audit
from training.access import FACILITY_ADMIN, can_view_showroom_report, allow, sells_for_every_facility
from training.accounts.models import Facility
from training.clock import today_utc
from training.extensions import db, gettext as _
from training.showroom.forms import RateForm
from training.showroom.pdf import report_pdf
from training.showroom.rates import rate_history, rates_on, set_rate
from training.showroom.report import display_cell, report_csv, report_sections
from training.showroom.settlement import percent
from training.showroom.settlement import active_months, month_start, monthly_report
from training.showroom.views_sales import bp


def _chosen() -> tuple[Facility, date]:
    """The facility and month asked for (``?fasilitas=ID&bulan=2026-11``), checked; 404 when out of reach."""
    facility_id = request.args.get("fasilitas", type=int) or current_user.facility_id
    facility = db.session.get(Facility, facility_id) if facility_id and facility_id < 2**31 else None
    if not can_view_showroom_report(current_user, facility):
        abort(404)
    text = request.args.get("bulan", "")
    try:
        year, month = (int(part) for part in text.split("-"))
        chosen = date(year, month, 1) if 2000 <= year <= 2100 else month_start(today_utc())
    except ValueError:
        chosen = month_start(today_utc())
    return facility, chosen


@bp.route("/laporan")
def report():
    """The month's report on screen: sales, PNBP due, premi per maker, working capital."""
    facility, month = _chosen()
    result = monthly_report(facility.id, month)
    facilities = []
    if sells_for_every_facility(current_user):
        facilities = db.session.scalars(db.select(Facility).where(Facility.kind.in_(("lapas", "rutan", "lpka")))
                                        .order_by(Facility.name)).all()
    months = active_months(facility_id=facility.id)
    if month not in months:
        months = sorted(set(months) | {month}, reverse=True)
    return render_template("showroom/report.html", facility=facility, month=month, report=result,
                           sections=report_sections(result), cell=display_cell, months=months, facilities=facilities)


def _export_name(facility: Facility, month: date, ext: str) -> str:
    return f"laporan-etalase-{facility.code}-{month.strftime('%Y-%m')}.{ext}"


def _export(ext: str, render, mimetype: str) -> Response:
    """The chosen month's report as a download (CSV or PDF, built from the same rows); audited."""
    facility, month = _chosen()
    result = monthly_report(facility.id, month)
    audit.record("showroom.report_exported", facility, facility_id=facility.id, month=month.isoformat(), format=ext)
    db.session.commit()
    response = Response(render(result, facility.name), mimetype=mimetype)
    response.headers["Content-Disposition"] = f'attachment; filename="{_export_name(facility, month, ext)}"'
    return response


@bp.route("/laporan.csv")
def report_csv_download():
    """The month's report as CSV."""
    return _export("csv", report_csv, "text/csv")


@bp.route("/laporan.pdf")
def report_pdf_download():
    """The month's report as a PDF."""
    return _export("pdf", report_pdf, "application/pdf")


@bp.route("/tarif", methods=["GET", "POST"])
@allow(FACILITY_ADMIN)
def rates():
    """The facility admin sets the PNBP and premi rates of real sales from a date."""
    form = RateForm()
    if request.method == "GET":
        current = rates_on(current_user.facility_id, today_utc())
        form.valid_from.data = today_utc()
        form.pnbp_percent.data = round(current.pnbp_rate * 100, 2)
        form.premi_percent.data = round(current.premi_rate * 100, 2)
        form.split_basis.data = current.basis
    if form.validate_on_submit():
        try:
            set_rate(current_user.facility_id, form.valid_from.data, float(form.pnbp_percent.data / 100),
                     float(form.premi_percent.data / 100), form.split_basis.data, current_user)
        except ValueError as error:
            db.session.rollback()
            form.premi_percent.errors = list(form.premi_percent.errors) + [str(error)]
        else:
            db.session.commit()
            flash(_("Tarif disimpan. Penjualan yang sudah tercatat tetap memakai tarif lamanya."), "success")
            return redirect(url_for("showroom.rates"))
    return render_template("showroom/rates.html", form=form, history=rate_history(current_user.facility_id),
                           percent=percent)
