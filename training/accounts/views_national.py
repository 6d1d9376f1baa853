"""The national admin's pages: facilities, facility admins, officers and the audit trail."""
from __future__ import annotations

from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for

from training import audit
from training.access import FACILITY_ADMIN, NATIONAL_ADMIN, OFFICER, restrict_blueprint, role_choices
from training.accounts import services
from training.accounts.forms import AuditFilterForm, FacilityForm, StaffForm
from training.accounts.models import Facility, User
from training.audit import AuditEvent, action_label
from training.extensions import db, gettext as _, one_of
from training.inputs import contains, page_number, starts_with

bp = Blueprint("national", __name__, url_prefix="/nasional")
restrict_blueprint(bp, NATIONAL_ADMIN)


@bp.route("/")
def index():
    """The national admin's home: facilities at a glance."""
    return redirect(url_for("national.facilities"))


@bp.route("/fasilitas")
def facilities():
    """Every facility with its number of active accounts."""
    rows = db.session.scalars(db.select(Facility).order_by(Facility.kind, Facility.name)).all()
    counts = dict(
        db.session.execute(
            db.select(User.facility_id, db.func.count()).where(User.active.is_(True)).group_by(User.facility_id)
        ).all()
    )
    return render_template("national/facilities.html", facilities=rows, counts=counts)


@bp.route("/fasilitas/baru", methods=["GET", "POST"])
def facility_new():
    """Add a facility."""
    return _facility_form(None)


@bp.route("/fasilitas/<int:facility_id>", methods=["GET", "POST"])
def facility_edit(facility_id: int):
    """Change a facility's code, name, kind, city or active state."""
    return _facility_form(db.get_or_404(Facility, facility_id))


def _facility_form(facility: Facility | None):
    form = FacilityForm(obj=facility)
    if form.validate_on_submit():
        code = form.code.data.strip().upper()
        clash = db.session.scalar(db.select(Facility).where(Facility.code == code))
        if clash is not None and clash is not facility:
            form.code.errors = list(form.code.errors) + [_("Kode %(code)s sudah dipakai.", code=code)]
        else:
            if facility is None:
                facility = Facility()
                db.session.add(facility)
            before = {"code": facility.code, "name": facility.name, "kind": facility.kind, "is_active": facility.is_active}
            facility.code, facility.name, facility.kind = code, form.name.data.strip(), form.kind.data
            facility.city, facility.is_active = (form.city.data or "").strip(), form.is_active.data
            db.session.flush()
            audit.record(
                "facility.saved",
                facility,
                before=before,
                after={"code": facility.code, "name": facility.name, "kind": facility.kind, "is_active": facility.is_active},
            )
            db.session.commit()
            flash(_("Fasilitas %(name)s disimpan.", name=facility.name), "success")
            return redirect(url_for("national.facilities"))
    return render_template("national/facility_edit.html", form=form, facility=facility)


@bp.route("/admin")
def admins():
    """Facility admins, officers and national admins: the accounts a national admin manages."""
    users = db.session.scalars(
        db.select(User)
        .where(User.role.in_((FACILITY_ADMIN, OFFICER, NATIONAL_ADMIN)))
        .order_by(User.role, User.active.desc(), User.full_name)
    ).all()
    return render_template("national/admins.html", users=users)


@bp.route("/admin/baru", methods=["GET", "POST"])
def admin_new():
    """Create a facility admin, a parole officer (in a bapas) or another national admin."""
    form = StaffForm()
    form.role.choices = role_choices(FACILITY_ADMIN, OFFICER, NATIONAL_ADMIN)
    facilities = db.session.scalars(db.select(Facility).where(Facility.is_active.is_(True)).order_by(Facility.name)).all()
    form.facility.choices = [(0, _("(tanpa fasilitas: admin nasional)"))] + [(f.id, f"{f.name} ({f.code})") for f in facilities]
    if form.validate_on_submit():
        facility = db.session.get(Facility, form.facility.data) if form.facility.data else None
        if form.role.data != NATIONAL_ADMIN and facility is None:
            form.facility.errors = list(form.facility.errors) + [_("Pilih fasilitas.")]
        else:
            try:
                user, temp = services.create_staff(
                    facility if form.role.data != NATIONAL_ADMIN else None,
                    role=form.role.data,
                    username=form.username.data,
                    full_name=form.full_name.data,
                )
            except services.AccountError as error:
                db.session.rollback()
                form.username.errors = list(form.username.errors) + [str(error)]
            else:
                db.session.commit()
                return render_template("admin/slips.html", slips=[(user, temp)], title=_("Akun dibuat"))
    return render_template("national/admin_new.html", form=form)


def _utc_start_of(day) -> datetime:
    """Midnight of ``day`` in the deployment's time zone, as the naive UTC the audit trail stores."""
    zone = ZoneInfo(current_app.config["BABEL_DEFAULT_TIMEZONE"])
    return datetime.combine(day, time.min, tzinfo=zone).astimezone(UTC).replace(tzinfo=None)


@bp.route("/jejak-audit")
def audit_trail():
    """The audit trail, newest first, filtered by action, actor, facility and dates."""
    form = AuditFilterForm(request.args)
    form.facility.choices = [(0, _("(semua)"))] + [
        (f.id, f.name) for f in db.session.scalars(db.select(Facility).order_by(Facility.name))
    ]
    query = db.select(AuditEvent)
    if form.validate():
        if form.action.data:
            query = query.where(starts_with(AuditEvent.action, form.action.data.strip()))
        if form.actor.data:
            query = query.where(contains(AuditEvent.actor_label, form.actor.data.strip()))
        if form.facility.data:
            query = query.where(AuditEvent.facility_id == form.facility.data)
        if form.date_from.data:
            query = query.where(AuditEvent.at_dt >= _utc_start_of(form.date_from.data))
        if form.date_to.data:
            query = query.where(AuditEvent.at_dt < _utc_start_of(form.date_to.data + timedelta(days=1)))
    page = page_number()
    pagination = db.paginate(
        query.order_by(AuditEvent.at_dt.desc(), AuditEvent.id.desc()),
        page=page,
        per_page=current_app.config["ITEMS_PER_PAGE"],
        error_out=False,
    )
    args = {k: v for k, v in request.args.items() if k != "halaman"}
    # Accounts are named on the page (one query for the page), not only numbered.
    user_ids = {e.target_id for e in pagination.items if e.target_type == "user_account" and e.target_id}
    accounts = {
        u.id: f"{u.full_name} ({u.login_name})"
        for u in db.session.scalars(db.select(User).where(one_of(User.id, user_ids)))
    } if user_ids else {}
    return render_template("national/audit.html", form=form, pagination=pagination, args=args, accounts=accounts,
                           action_label=action_label)
