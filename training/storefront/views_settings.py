"""The facility admin's shop settings: PNBP and premi rates and how often they are settled, the
suggested margins, and the limits of a practice business (hours, helper wage, modal, loan interest)."""
from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, url_for
from flask_login import current_user

from training.access import FACILITY_ADMIN, restrict_blueprint
from training.extensions import db, gettext as _
from training.simulator import EXAMPLE_SPLIT
from training.storefront import services
from training.storefront.forms import FacilitySettingsForm, percent_of

bp = Blueprint("shopsettings", __name__, url_prefix="/admin/toko")
restrict_blueprint(bp, FACILITY_ADMIN)


@bp.route("/", methods=["GET", "POST"])
def edit():
    """Show and change the facility's split of shop money and the cost-plus margins."""
    fid = current_user.facility_id
    current = services.facility_settings(fid)
    form = FacilitySettingsForm()
    if not form.is_submitted():
        form.pnbp_percent.data = percent_of(current.pnbp_rate)
        form.premi_percent.data = percent_of(current.premi_rate)
        form.split_basis.data = current.split_basis
        form.margin_low_percent.data = current.margin_low_percent
        form.margin_high_percent.data = current.margin_high_percent
        form.settlement_period.data = current.settlement_period
        form.hours_per_week.data = current.hours_per_week
        form.helper_wage.data = current.helper_wage
        form.starting_modal.data = current.starting_modal
        form.loan_rate_percent.data = current.loan_rate_percent
    if form.validate_on_submit():
        pnbp = float(form.pnbp_percent.data / 100)
        premi = float(form.premi_percent.data / 100)
        if form.pnbp_percent.data + form.premi_percent.data > 100:
            form.premi_percent.errors.append(_("PNBP dan premi bersama paling banyak 100%."))
        elif form.margin_low_percent.data > form.margin_high_percent.data:
            form.margin_high_percent.errors.append(_("Harus sama atau lebih besar dari untung paling kecil."))
        else:
            services.save_facility_settings(
                fid, pnbp_rate=pnbp, premi_rate=premi, split_basis=form.split_basis.data,
                margin_low_percent=form.margin_low_percent.data, margin_high_percent=form.margin_high_percent.data,
                actor=current_user, **form.business_limits(current))
            db.session.commit()
            flash(_("Pengaturan toko disimpan."), "success")
            return redirect(url_for("shopsettings.edit"))
    return render_template("storefront/settings.html", form=form, example=services.is_example_split(fid),
                           example_label=EXAMPLE_SPLIT.label)
