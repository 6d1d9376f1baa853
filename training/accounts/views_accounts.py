"""Account actions an admin takes on someone else's account: reset, unlock, (de)activate.

Facility admins act on their own facility's learners and staff; national admins on facility
admins and officers. Which accounts are within reach is decided by ``access.can_manage_account``.
"""
from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, url_for
from flask_login import current_user

from training.access import FACILITY_ADMIN, LEARNER, NATIONAL_ADMIN, managed_account_or_404, restrict_blueprint
from training.accounts import services
from training.accounts.forms import DeactivateForm, EmptyForm
from training.extensions import db, gettext as _

bp = Blueprint("accounts", __name__, url_prefix="/kelola-akun")
restrict_blueprint(bp, FACILITY_ADMIN, NATIONAL_ADMIN)


def _back(user):
    if current_user.role == NATIONAL_ADMIN:
        return redirect(url_for("national.admins"))
    if user.role == LEARNER:
        return redirect(url_for("admin.learner", user_id=user.id))
    return redirect(url_for("admin.staff"))


@bp.route("/<int:user_id>/reset-kata-sandi", methods=["POST"])
def reset_password(user_id: int):
    """Give an account a temporary password, shown once on a slip to hand over."""
    user = managed_account_or_404(user_id)
    if not EmptyForm().validate_on_submit():
        flash(_("Permintaan tidak sah. Muat ulang halaman lalu coba lagi."), "error")
        return _back(user)
    temp = services.reset_password(user)
    db.session.commit()
    return render_template("admin/slips.html", slips=[(user, temp)], title=_("Kata sandi sementara dibuat"))


@bp.route("/<int:user_id>/buka-kunci", methods=["POST"])
def unlock(user_id: int):
    """Lift a lockout after repeated failed sign-ins."""
    user = managed_account_or_404(user_id)
    if EmptyForm().validate_on_submit():
        services.unlock(user)
        db.session.commit()
        flash(_("Akun %(name)s sudah dibuka.", name=user.full_name), "success")
    return _back(user)


@bp.route("/<int:user_id>/nonaktifkan", methods=["POST"])
def deactivate(user_id: int):
    """Close an account, for example when a learner is released. Records are kept."""
    user = managed_account_or_404(user_id)
    form = DeactivateForm()
    if form.validate_on_submit():
        services.deactivate(user, form.reason.data)
        db.session.commit()
        flash(_("Akun %(name)s dinonaktifkan.", name=user.full_name), "success")
    else:
        flash(_("Tulis alasan menonaktifkan akun."), "error")
    return _back(user)


@bp.route("/<int:user_id>/aktifkan", methods=["POST"])
def reactivate(user_id: int):
    """Open a closed account again."""
    user = managed_account_or_404(user_id)
    if EmptyForm().validate_on_submit():
        services.reactivate(user)
        db.session.commit()
        flash(_("Akun %(name)s aktif lagi.", name=user.full_name), "success")
    return _back(user)
