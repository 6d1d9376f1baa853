"""The facility admin's pages: learners, staff, classes and caseloads of one facility."""
from __future__ import annotations

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy.orm import selectinload

from training import audit
from training.access import (
    FACILITY_ADMIN,
    FACILITY_STAFF_ROLES,
    INSTRUCTOR,
    LEARNER,
    OFFICER,
    account_filter,
    class_filter,
    class_or_404,
    learner_filter,
    managed_account_or_404,
    restrict_blueprint,
    role_choices,
)
from training.accounts import services
from training.accounts.csv_import import import_learners
from training.accounts.forms import (
    CSV_TEXT_MAX,
    ClassForm,
    ClassMembersForm,
    DeactivateForm,
    ImportForm,
    LearnerEditForm,
    LearnerForm,
    OfficerForm,
    NipForm,
    RoleForm,
    StaffForm,
    TransferForm,
)
from training.accounts.models import Caseload, ClassLearner, Facility, TrainingClass, User
from training.clock import now_utc
from training.extensions import db, gettext as _
from training.inputs import contains, page_number, search_text

bp = Blueprint("admin", __name__, url_prefix="/admin")
restrict_blueprint(bp, FACILITY_ADMIN)


def _facility() -> Facility:
    return current_user.facility


def _class_choices(blank: str) -> list[tuple[int, str]]:
    classes = db.session.scalars(
        db.select(TrainingClass)
        .where(class_filter(current_user), TrainingClass.is_active.is_(True))
        .order_by(TrainingClass.name)
    )
    return [(0, blank)] + [(c.id, c.name) for c in classes]


def _count(query) -> int:
    return db.session.scalar(db.select(db.func.count()).select_from(query.subquery()))


@bp.route("/")
def index():
    """The facility admin's home: counts and the things that need attention."""
    fid = current_user.facility_id
    learners = db.select(User.id).where(User.facility_id == fid, User.role == LEARNER, User.active.is_(True))
    locked = db.session.scalars(
        db.select(User).where(User.facility_id == fid, User.locked_until_dt > now_utc()).order_by(User.full_name)
    ).all()
    no_class = db.session.scalars(
        db.select(User)
        .where(User.facility_id == fid, User.role == LEARNER, User.active.is_(True))
        .where(~User.id.in_(db.select(ClassLearner.user_id)))
        .order_by(User.full_name)
        .limit(20)
    ).all()
    stats = {
        "learners": _count(learners),
        "classes": _count(db.select(TrainingClass.id).where(TrainingClass.facility_id == fid, TrainingClass.is_active.is_(True))),
        "staff": _count(db.select(User.id).where(User.facility_id == fid, User.role.in_(FACILITY_STAFF_ROLES), User.active.is_(True))),
    }
    return render_template("admin/index.html", stats=stats, locked=locked, no_class=no_class)


# --- learners ------------------------------------------------------------------------------

@bp.route("/warga-binaan")
def learners():
    """The facility's learners, searchable by name or registration number."""
    q = search_text("q")
    show = request.args.get("tampil", "aktif")
    page = page_number()
    query = db.select(User).where(learner_filter(current_user))
    if show != "semua":
        query = query.where(User.active.is_(show != "nonaktif"))
    if q:
        query = query.where(db.or_(contains(User.full_name, q), contains(User.reg_number, q)))
    query = query.order_by(User.full_name)
    pagination = db.paginate(query, page=page, per_page=current_app.config["ITEMS_PER_PAGE"], error_out=False)
    return render_template("admin/learners.html", pagination=pagination, q=q, show=show)


@bp.route("/warga-binaan/baru", methods=["GET", "POST"])
def learner_new():
    """Register one learner; the temporary password is shown once, to hand over on paper."""
    form = LearnerForm()
    form.training_class.choices = _class_choices(_("(tanpa kelas)"))
    if form.validate_on_submit():
        try:
            user, temp = services.create_learner(
                _facility(),
                reg_number=form.reg_number.data,
                full_name=form.full_name.data,
                expected_release_on=form.expected_release_on.data,
            )
            if form.training_class.data:
                training_class = class_or_404(form.training_class.data, manage=True)
                services.set_class_members(
                    training_class,
                    {u.id for u in training_class.learners} | {user.id},
                    {u.id for u in training_class.instructors},
                )
        except services.AccountError as error:
            db.session.rollback()
            form.reg_number.errors = list(form.reg_number.errors) + [str(error)]
        else:
            db.session.commit()
            return render_template("admin/slips.html", slips=[(user, temp)], title=_("Akun warga binaan dibuat"))
    return render_template("admin/learner_new.html", form=form)


@bp.route("/warga-binaan/impor", methods=["GET", "POST"])
def learner_import():
    """Import a class list from CSV: every row is checked; nothing is imported if any row is wrong."""
    form = ImportForm()
    form.training_class.choices = _class_choices(_("(sesuai kolom kelas, atau tanpa kelas)"))
    report = None
    if form.validate_on_submit():
        data, filename = _import_source(form)
        if data is None:
            form.file.errors = [_("Pilih berkas CSV.")]
        else:
            default_class = class_or_404(form.training_class.data, manage=True) if form.training_class.data else None
            report = import_learners(data, _facility(), default_class)
            if report.ok:
                audit.record("account.imported", count=len(report.created), filename=filename)
                db.session.commit()
                return render_template(
                    "admin/slips.html",
                    slips=report.created,
                    title=_("%(n)d akun warga binaan dibuat", n=len(report.created)),
                )
            db.session.rollback()
            # Offer the file's text again: fixed here, it is checked without choosing the file again.
            form.csv_text.data = report.text if len(report.text) <= CSV_TEXT_MAX else ""
            form.file_name.data = filename
    return render_template("admin/learner_import.html", form=form, report=report)


def _import_source(form: ImportForm) -> tuple[bytes | None, str]:
    """The CSV to check: a newly chosen file, else the text offered back after a problem."""
    upload = form.file.data
    if upload is not None and getattr(upload, "filename", ""):
        return upload.read(), upload.filename[:200]
    if (form.csv_text.data or "").strip():
        return form.csv_text.data.encode("utf-8"), form.file_name.data or ""
    return None, ""


@bp.route("/warga-binaan/<int:user_id>", methods=["GET", "POST"])
def learner(user_id: int):
    """One learner: details, classes, officer, and account actions."""
    user = managed_account_or_404(user_id)
    if user.role != LEARNER:
        abort(404)
    form = LearnerEditForm(obj=user)
    if form.validate_on_submit():
        services.update_learner(user, full_name=form.full_name.data, expected_release_on=form.expected_release_on.data)
        db.session.commit()
        flash(_("Data warga binaan disimpan."), "success")
        return redirect(url_for("admin.learner", user_id=user.id))
    return render_template("admin/learner.html", user=user, form=form, **_learner_action_forms(user))


def _learner_action_forms(user: User) -> dict:
    transfer = TransferForm()
    transfer.facility.choices = [
        (f.id, f"{f.name} ({f.code})")
        for f in db.session.scalars(
            db.select(Facility)
            .where(Facility.id != user.facility_id, Facility.kind != "bapas", Facility.is_active.is_(True))
            .order_by(Facility.name)
        )
    ]
    officer_form = OfficerForm()
    officers = db.session.scalars(
        db.select(User).where(User.role == OFFICER, User.active.is_(True)).order_by(User.full_name)
    ).all()
    officer_form.officer.choices = [(0, _("(belum ada)"))] + [
        (o.id, f"{o.full_name} – {o.facility.name if o.facility else ''}") for o in officers
    ]
    current = services.officer_of(user)
    if request.method == "GET":
        officer_form.officer.data = current.id if current else 0
    classes = db.session.scalars(
        db.select(TrainingClass)
        .join(TrainingClass.learners)
        .where(User.id == user.id)
        .order_by(TrainingClass.name)
    ).all()
    return {
        "transfer_form": transfer,
        "officer_form": officer_form,
        "deactivate_form": DeactivateForm(),
        "current_officer": current,
        "classes": classes,
    }


@bp.route("/warga-binaan/<int:user_id>/pindah", methods=["POST"])
def learner_transfer(user_id: int):
    """Transfer a learner to another facility with all their records."""
    user = managed_account_or_404(user_id)
    if user.role != LEARNER:
        abort(404)
    forms = _learner_action_forms(user)
    form = forms["transfer_form"]
    if form.validate_on_submit():
        destination = db.session.get(Facility, form.facility.data)
        try:
            services.transfer_learner(user, destination)
        except services.AccountError as error:
            db.session.rollback()
            flash(str(error), "error")
            return redirect(url_for("admin.learner", user_id=user.id))
        db.session.commit()
        flash(_("%(name)s sudah dipindahkan ke %(facility)s.", name=user.full_name, facility=destination.name), "success")
        return redirect(url_for("admin.learners"))
    flash(_("Pilih fasilitas tujuan."), "error")
    return redirect(url_for("admin.learner", user_id=user.id))


@bp.route("/warga-binaan/<int:user_id>/pk", methods=["POST"])
def learner_officer(user_id: int):
    """Put a learner on a parole officer's caseload."""
    user = managed_account_or_404(user_id)
    if user.role != LEARNER:
        abort(404)
    form = _learner_action_forms(user)["officer_form"]
    if form.validate_on_submit():
        officer = db.session.get(User, form.officer.data) if form.officer.data else None
        try:
            services.set_officer(user, officer)
        except services.AccountError as error:
            db.session.rollback()
            flash(str(error), "error")
        else:
            db.session.commit()
            flash(_("Pembimbing kemasyarakatan disimpan."), "success")
    return redirect(url_for("admin.learner", user_id=user.id))


# --- staff ---------------------------------------------------------------------------------

@bp.route("/petugas")
def staff():
    """The facility's instructors and parole officers."""
    users = db.session.scalars(
        db.select(User)
        .where(account_filter(current_user), User.role.in_(FACILITY_STAFF_ROLES))
        .order_by(User.active.desc(), User.full_name)
    ).all()
    caseload_counts = dict(
        db.session.execute(db.select(Caseload.officer_id, db.func.count()).group_by(Caseload.officer_id)).all()
    )
    return render_template("admin/staff.html", users=users, caseload_counts=caseload_counts)


@bp.route("/petugas/baru", methods=["GET", "POST"])
def staff_new():
    """Create an instructor, parole officer or showroom staff account in this facility."""
    form = StaffForm()
    form.role.choices = role_choices(*FACILITY_STAFF_ROLES)
    form.facility.choices = [(current_user.facility_id, current_user.facility.name)]
    form.facility.data = current_user.facility_id
    if form.validate_on_submit():
        try:
            user, temp = services.create_staff(
                _facility(), role=form.role.data, username=form.username.data, full_name=form.full_name.data,
                nip=form.nip.data,
            )
        except services.AccountError as error:
            db.session.rollback()
            form.username.errors = list(form.username.errors) + [str(error)]
        else:
            db.session.commit()
            return render_template("admin/slips.html", slips=[(user, temp)], title=_("Akun petugas dibuat"))
    return render_template("admin/staff_new.html", form=form)


@bp.route("/petugas/<int:user_id>/peran", methods=["POST"])
def staff_role(user_id: int):
    """Switch a staff member between instructor and parole officer."""
    user = managed_account_or_404(user_id)
    if user.role not in FACILITY_STAFF_ROLES:
        abort(404)
    form = RoleForm()
    form.role.choices = role_choices(*FACILITY_STAFF_ROLES)
    if form.validate_on_submit():
        services.set_role(user, form.role.data)
        db.session.commit()
        flash(_("Peran %(name)s disimpan.", name=user.full_name), "success")
    else:
        flash(_("Pilih peran."), "error")
    return redirect(url_for("admin.staff"))


@bp.route("/petugas/<int:user_id>/nip", methods=["POST"])
def staff_nip(user_id: int):
    """Record or correct a staff member's NIP (printed on an officer's readiness reports)."""
    user = managed_account_or_404(user_id)
    if user.role not in FACILITY_STAFF_ROLES:
        abort(404)
    form = NipForm()
    try:
        if not form.validate_on_submit():
            raise services.AccountError(_("NIP adalah 18 angka."))
        services.set_nip(user, form.nip.data)
    except services.AccountError as error:
        db.session.rollback()
        flash(str(error), "error")
    else:
        db.session.commit()
        flash(_("NIP %(name)s disimpan.", name=user.full_name), "success")
    return redirect(url_for("admin.staff"))


# --- classes -------------------------------------------------------------------------------

@bp.route("/kelas", methods=["GET", "POST"])
def classes():
    """The facility's classes, and a form to open a new one."""
    form = ClassForm()
    if form.validate_on_submit():
        try:
            training_class = services.create_class(_facility(), name=form.name.data, description=form.description.data or "")
        except services.AccountError as error:
            db.session.rollback()
            form.name.errors = list(form.name.errors) + [str(error)]
        else:
            db.session.commit()
            flash(_("Kelas %(name)s dibuat. Sekarang pilih anggotanya.", name=training_class.name), "success")
            return redirect(url_for("admin.class_members", class_id=training_class.id))
    rows = db.session.scalars(
        db.select(TrainingClass).where(class_filter(current_user, manage=True)).order_by(TrainingClass.name)
        .options(selectinload(TrainingClass.learners), selectinload(TrainingClass.instructors))  # counted and named
    ).all()
    return render_template("admin/classes.html", form=form, classes=rows)


@bp.route("/kelas/<int:class_id>", methods=["GET", "POST"])
def class_members(class_id: int):
    """Choose a class's learners and instructors with checkboxes."""
    training_class = class_or_404(class_id, manage=True)
    people = db.session.scalars(
        db.select(User)
        .where(User.facility_id == training_class.facility_id, User.active.is_(True), User.role.in_((LEARNER, INSTRUCTOR)))
        .order_by(User.full_name)
    ).all()
    form = ClassMembersForm()
    form.learners.choices = [(u.id, f"{u.full_name} ({u.reg_number})") for u in people if u.role == LEARNER]
    form.instructors.choices = [(u.id, u.full_name) for u in people if u.role == INSTRUCTOR]
    if request.method == "GET":
        form.learners.data = [u.id for u in training_class.learners if u.active]
        form.instructors.data = [u.id for u in training_class.instructors if u.active]
    if form.validate_on_submit():
        try:
            services.set_class_members(training_class, set(form.learners.data or []), set(form.instructors.data or []))
        except services.AccountError as error:
            db.session.rollback()
            flash(str(error), "error")
        else:
            db.session.commit()
            flash(_("Anggota kelas disimpan."), "success")
            return redirect(url_for("admin.class_members", class_id=training_class.id))
    return render_template("admin/class_members.html", training_class=training_class, form=form)
