"""Certificate pages for learners (their own), instructors and facility admins (their facility's).

Learners: list and download. Instructors: a class's certificates and criteria, approving pending
ones, issuing one by hand with a reason, printing a class as one PDF. Facility admins: the
approval setting and revoking with a reason. The public verification page is in views_public.
"""
from __future__ import annotations

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user

from training.access import (
    FACILITY_ADMIN,
    INSTRUCTOR,
    LEARNER,
    allow,
    can_revoke_certificate,
    certificate_filter,
    certificate_or_404,
    class_filter,
    class_or_404,
    course_or_404,
    learner_or_404,
    restrict_blueprint,
)
from training.accounts.forms import EmptyForm
from training.accounts.models import TrainingClass
from training.certificates import pdf, services
from training.certificates.criteria import evaluate, evaluate_many
from training.certificates.forms import IssueForm, RejectForm, RevokeForm, SettingsForm
from training.certificates.models import ISSUED, PENDING, REJECTED, REVOKED
from training.certificates.views_public import bp as verify_bp
from training.courses.services import enabled_courses, visible_courses
from training.extensions import db, gettext as _

learner_bp = Blueprint("my_certificates", __name__, url_prefix="/sertifikat-saya")
restrict_blueprint(learner_bp, LEARNER)
bp = Blueprint("certificates", __name__, url_prefix="/sertifikat")
restrict_blueprint(bp, INSTRUCTOR, FACILITY_ADMIN)


def _pdf_response(certificates, filename: str):
    """A PDF of the given issued certificates, as a download that is never cached."""
    cfg = current_app.config
    printed = [pdf.PrintedCertificate.from_model(c, cfg["BABEL_DEFAULT_TIMEZONE"]) for c in certificates]
    data = pdf.render(printed, cfg["PUBLIC_BASE_URL"], title=_("Sertifikat"))
    response = current_app.response_class(data, mimetype="application/pdf")
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@bp.app_context_processor
def _public_address_warning():
    """Every staff page warns while certificates' QR codes point at the default address (the
    learners' pages don't: they can do nothing about it)."""
    from training.certificates.verification import public_address_unset

    staff = current_user.is_authenticated and current_user.role != LEARNER
    return {"public_address_warning": bool(staff and public_address_unset(current_app.config["PUBLIC_BASE_URL"]))}


# --- learners ------------------------------------------------------------------------------

@learner_bp.route("/")
def mine():
    """The learner's certificates, and for every other course what is still needed.

    Certificates are issued when progress is made (see ``services.check_after_progress``); this
    page only reads. A course whose criteria all hold without a certificate (for example after
    a course was changed) offers a button that issues it.
    """
    certificates = services.learner_certificates(current_user)
    live = {c.course_id for c in certificates if c.active_key}
    courses = [course for course in visible_courses(current_user)
               if course.id not in live and course.certificate_criteria]
    evaluations = evaluate_many([current_user], courses)
    pending_courses = [(course, evaluations[current_user.id, course.id]) for course in courses]
    return render_template("certificates/mine.html", certificates=certificates, pending_courses=pending_courses)


@learner_bp.route("/periksa", methods=["POST"])
def check_again():
    """Issue every certificate whose criteria now hold (the button on the learner's page)."""
    if EmptyForm().validate_on_submit():
        issued = services.check_after_progress(current_user)
        db.session.commit()
        if issued:
            flash(_("Selamat! Sertifikat Anda sudah dibuat."), "success")
    return redirect(url_for("my_certificates.mine"))


def _download_one(certificate_id: int):
    """One issued certificate the user may see, as a PDF download (recorded in the audit trail)."""
    certificate = certificate_or_404(certificate_id)
    if certificate.status != ISSUED:
        abort(404)
    services.record_download([certificate], current_user)
    db.session.commit()
    return _pdf_response([certificate], f"sertifikat-{certificate.code}.pdf")


@learner_bp.route("/<int:certificate_id>/unduh")
def download(certificate_id: int):
    """Download one of the learner's own issued certificates as a PDF."""
    return _download_one(certificate_id)


# --- staff ---------------------------------------------------------------------------------

def _facility_classes() -> list[TrainingClass]:
    return db.session.scalars(
        db.select(TrainingClass)
        .where(class_filter(current_user), TrainingClass.is_active.is_(True))
        .order_by(TrainingClass.name)
    ).all()


@bp.route("/")
def index():
    """Certificates of the facility: classes, certificates waiting for approval, recent ones."""
    from training.certificates.models import Certificate

    settings_form = None
    if current_user.role == FACILITY_ADMIN:
        settings_form = SettingsForm(needs_approval=services.needs_approval(current_user.facility_id))
    recent = db.session.scalars(
        db.select(Certificate)
        .where(certificate_filter(current_user), Certificate.status != PENDING)
        .order_by(Certificate.created_dt.desc())
        .limit(50)
    ).all()
    return render_template(
        "certificates/index.html",
        classes=_facility_classes(),
        pending=services.pending_certificates(current_user.facility_id),
        recent=recent,
        settings_form=settings_form,
    )


@bp.route("/pengaturan", methods=["POST"])
@allow(FACILITY_ADMIN)
def settings():
    """The facility admin turns approval of automatic certificates on or off."""
    form = SettingsForm()
    if form.validate_on_submit():
        services.set_needs_approval(current_user.facility, bool(form.needs_approval.data), current_user)
        db.session.commit()
        flash(_("Pengaturan sertifikat disimpan."), "success")
    return redirect(url_for(".index"))


@bp.route("/kelas/<int:class_id>")
def class_page(class_id: int):
    """A class's learners, each course's certificate or what is still missing."""
    training_class = class_or_404(class_id)
    courses = enabled_courses(training_class.facility_id)
    learners = [u for u in training_class.learners if u.active]
    live = services.live_certificates([u.id for u in learners])
    evaluations = evaluate_many(learners, courses)  # every cell's criteria with a few queries in all
    rows = []
    for learner in learners:
        cells = []
        for course in courses:
            certificate = live.get((learner.id, course.id))
            cells.append((course, certificate, None if certificate else evaluations[learner.id, course.id]))
        rows.append((learner, cells))
    issued = services.class_certificates(training_class)
    return render_template("certificates/class.html", training_class=training_class, courses=courses,
                           rows=rows, issued_count=len(issued))


@bp.route("/kelas/<int:class_id>/cetak")
def class_pdf(class_id: int):
    """Every issued certificate of a class, one page each, as one PDF to print."""
    training_class = class_or_404(class_id)
    certificates = services.class_certificates(training_class)
    if not certificates:
        flash(_("Kelas ini belum punya sertifikat yang terbit."), "info")
        return class_page(class_id)
    services.record_download(certificates, current_user, training_class=training_class)
    db.session.commit()
    return _pdf_response(certificates, f"sertifikat-kelas-{training_class.id}.pdf")


@bp.route("/<int:certificate_id>")
def detail(certificate_id: int, revoke_form=None, reject_form=None):
    """One certificate's record: what is printed, who issued it and why, its checks."""
    certificate = certificate_or_404(certificate_id)
    can_revoke = can_revoke_certificate(current_user, certificate) and certificate.status not in (REVOKED, REJECTED)
    can_reject = current_user.role == INSTRUCTOR and certificate.status == PENDING
    return render_template(
        "certificates/detail.html",
        certificate=certificate,
        revoke_form=(revoke_form or RevokeForm()) if can_revoke else None,
        reject_form=(reject_form or RejectForm()) if can_reject else None,
    )


@bp.route("/<int:certificate_id>/unduh")
def staff_download(certificate_id: int):
    """Download one issued certificate of the facility."""
    return _download_one(certificate_id)


@bp.route("/<int:certificate_id>/setujui", methods=["POST"])
@allow(INSTRUCTOR)
def approve(certificate_id: int):
    """An instructor approves a certificate that waits for approval."""
    certificate = certificate_or_404(certificate_id)
    form = EmptyForm()
    if form.validate_on_submit():
        try:
            services.approve(certificate, current_user)
        except services.CertificateError as error:
            flash(str(error), "error")
        else:
            db.session.commit()
            flash(_("Sertifikat untuk %(name)s terbit.", name=certificate.learner_name), "success")
    if request.form.get("back") == "index":
        return redirect(url_for(".index"))
    return redirect(url_for(".detail", certificate_id=certificate.id))


@bp.route("/<int:certificate_id>/tolak", methods=["POST"])
@allow(INSTRUCTOR)
def reject(certificate_id: int):
    """An instructor turns down a certificate waiting for approval, with a reason."""
    certificate = certificate_or_404(certificate_id)
    form = RejectForm()
    if form.validate_on_submit():
        try:
            services.reject(certificate, current_user, form.reason.data)
        except services.CertificateError as error:
            flash(str(error), "error")
        else:
            db.session.commit()
            flash(_("Sertifikat untuk %(name)s ditolak. Alasannya tercatat.", name=certificate.learner_name),
                  "success")
        return redirect(url_for(".detail", certificate_id=certificate.id))
    return detail(certificate_id, reject_form=form)


@bp.route("/<int:certificate_id>/cabut", methods=["POST"])
@allow(FACILITY_ADMIN)
def revoke(certificate_id: int):
    """A facility admin revokes a certificate of their facility with a reason."""
    certificate = certificate_or_404(certificate_id)
    if not can_revoke_certificate(current_user, certificate):
        abort(404)
    form = RevokeForm()
    if form.validate_on_submit():
        try:
            services.revoke(certificate, current_user, form.reason.data)
        except services.CertificateError as error:
            flash(str(error), "error")
        else:
            db.session.commit()
            flash(_("Sertifikat dicabut. Datanya tetap tersimpan."), "success")
        return redirect(url_for(".detail", certificate_id=certificate.id))
    return detail(certificate_id, revoke_form=form)


@bp.route("/terbitkan/<int:user_id>/<slug>", methods=["GET", "POST"])
@allow(INSTRUCTOR)
def issue(user_id: int, slug: str):
    """An instructor issues a learner's certificate by hand, with a written reason."""
    learner = learner_or_404(user_id)
    course = course_or_404(slug)
    existing = services.live_certificate(learner, course)
    form = IssueForm()
    if form.validate_on_submit():
        try:
            certificate = services.issue_manually(learner, course, current_user, form.reason.data)
        except services.CertificateError as error:
            db.session.rollback()
            form.reason.errors = list(form.reason.errors) + [str(error)]
        else:
            db.session.commit()
            if certificate.status == ISSUED:
                flash(_("Sertifikat untuk %(name)s terbit.", name=learner.full_name), "success")
            else:
                flash(_("Sertifikat untuk %(name)s menunggu persetujuan pengajar lain.", name=learner.full_name),
                      "info")
            return redirect(url_for(".detail", certificate_id=certificate.id))
    return render_template("certificates/issue.html", learner=learner, course=course, form=form,
                           existing=existing, evaluation=evaluate(learner, course),
                           needs_approval=services.needs_approval(learner.facility_id))


BLUEPRINTS = (learner_bp, bp, verify_bp)
"""The certificate blueprints (the public verification page's too), for ``create_app``."""
