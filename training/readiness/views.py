"""Readiness pages: the officer's caseload and learner profiles (with notes, conclusion and the
PDF report), the instructor's attitude assessment, the learner's own plan, and the national
rubric settings.

Every view asks the access policy: role checks per view, and :func:`learner_or_404` wherever a
learner is loaded, so an officer reaches only their caseload and anyone else's id answers 404.
"""
from __future__ import annotations

import re
from decimal import Decimal

from flask import Blueprint, Response, current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user

from training.access import (
    FACILITY_ADMIN,
    INSTRUCTOR,
    LEARNER,
    NATIONAL_ADMIN,
    OFFICER,
    learner_or_404,
    restrict_blueprint,
    allow,
)
from training.clock import now_utc
from training.extensions import db, gettext as _
from training.inputs import page_number, search_text
from training.storefront.charts import render_svg
from training.readiness import report, services
from training.readiness.forms import CRITERIA, AssessmentForm, ConclusionForm, NoteForm, PlanForm, SettingsForm
from training.readiness.rubric import (
    ASSESSMENT_CRITERIA,
    PLAN_FIELDS,
    criterion_label,
    level_label,
    percent_text,
    plan_field_label,
    rupiah_text,
)

bp = Blueprint("readiness", __name__)
restrict_blueprint(bp, OFFICER, FACILITY_ADMIN, INSTRUCTOR, LEARNER, NATIONAL_ADMIN)


@bp.app_context_processor
def _helpers():
    return {"level_label": level_label, "criterion_label": criterion_label, "plan_field_label": plan_field_label,
            "rupiah_text": rupiah_text, "percent_text": percent_text}


# --- officer -------------------------------------------------------------------------------

@bp.route("/pk")
@allow(OFFICER)
def caseload():
    """A parole officer's home, their caseload: nearest release first, with each learner's level,
    and a search that looks only inside the caseload."""
    text = search_text("cari")
    rows, pagination = services.caseload(current_user, text, page_number(),
                                         current_app.config["ITEMS_PER_PAGE"])
    return render_template("readiness/caseload.html", rows=rows, pagination=pagination, search=text)


@bp.route("/kesiapan/<int:learner_id>")
@allow(OFFICER, FACILITY_ADMIN)
def profile(learner_id: int):
    """A learner's readiness profile: all the evidence, the rubric's advice, notes, conclusion."""
    return _profile_page(learner_or_404(learner_id))


def _profile_page(learner, note_form: NoteForm | None = None, conclusion_form: ConclusionForm | None = None):
    """Render (and audit) the profile; a refused note or conclusion comes back with what was typed."""
    result = services.review(learner)
    services.record_view(learner)
    db.session.commit()
    conclusion = services.latest_conclusion(learner)
    if conclusion_form is None:
        conclusion_form = ConclusionForm(formdata=None, level=conclusion.level if conclusion else None)
    profits = (result.evidence["storefront"] or {}).get("season_profits")
    chart = render_svg(report.season_chart(profits)) if profits else None
    return render_template(
        "readiness/profile.html", learner=learner, ev=result.evidence, result=result.result, chart=chart,
        notes=services.notes_for(learner), conclusion=conclusion,
        note_form=note_form or NoteForm(formdata=None), conclusion_form=conclusion_form,
        is_officer=services.is_officer(current_user), criteria=ASSESSMENT_CRITERIA, plan_fields=PLAN_FIELDS,
    )


def _typed(*fields) -> bool:
    """Did the officer type or choose anything in these fields? (An empty post just goes back.)"""
    return any((f.raw_data or [""])[0].strip() for f in fields)


@bp.route("/kesiapan/<int:learner_id>/catatan", methods=["POST"])
@allow(OFFICER)
def add_note(learner_id: int):
    """Add a dated note to a learner on the officer's caseload."""
    learner = learner_or_404(learner_id)
    form = NoteForm()
    if not form.validate_on_submit():
        if _typed(form.text):  # too long: show the page again with the text, not lose it
            return _profile_page(learner, note_form=form)
        flash(_("Catatan kosong tidak disimpan."), "error")
        return redirect(url_for("readiness.profile", learner_id=learner.id, _anchor="catatan"))
    services.add_note(learner, current_user, form.text.data)
    db.session.commit()
    flash(_("Catatan disimpan."), "success")
    return redirect(url_for("readiness.profile", learner_id=learner.id, _anchor="catatan"))


@bp.route("/kesiapan/<int:learner_id>/kesimpulan", methods=["POST"])
@allow(OFFICER)
def conclude(learner_id: int):
    """Record the officer's own conclusion on a learner."""
    learner = learner_or_404(learner_id)
    form = ConclusionForm()
    if not form.validate_on_submit():
        flash(_("Pilih tingkat kesiapan dan tulis alasannya."), "error")
        if _typed(form.level, form.text, form.concluded_on):
            return _profile_page(learner, conclusion_form=form)
        return redirect(url_for("readiness.profile", learner_id=learner.id, _anchor="kesimpulan"))
    services.record_conclusion(learner, current_user, form.level.data, form.text.data, form.concluded_on.data)
    db.session.commit()
    flash(_("Kesimpulan Anda disimpan."), "success")
    return redirect(url_for("readiness.profile", learner_id=learner.id, _anchor="kesimpulan"))


def report_filename(learner) -> str:
    """A safe file name for the report: ``laporan-kesiapan-BI.101-2025.pdf``."""
    number = re.sub(r"[^A-Za-z0-9.]+", "-", learner.reg_number or str(learner.id)).strip("-")
    return f"laporan-kesiapan-{number}.pdf"


@bp.route("/kesiapan/<int:learner_id>/laporan.pdf")
@allow(OFFICER)
def report_pdf(learner_id: int):
    """Download the "Laporan Kesiapan Usaha" PDF for the parole file (audited)."""
    learner = learner_or_404(learner_id)
    result = services.review(learner)
    made_dt = now_utc()
    numbered = services.number_report(learner, current_user, made_dt)
    pdf = report.build_report(result, services.latest_conclusion(learner), current_user, number=numbered.code,
                              made_dt=made_dt)
    services.record_view(learner, "readiness.report", report_number=numbered.code)
    db.session.commit()
    return Response(pdf, mimetype="application/pdf", headers={
        "Content-Disposition": f'attachment; filename="{report_filename(learner)}"',
        "Cache-Control": "no-store",
    })


# --- instructor ----------------------------------------------------------------------------

@bp.route("/pengajar/penilaian-sikap")
@allow(INSTRUCTOR)
def assessments():
    """The learners of the instructor's facility, with whether this instructor assessed them."""
    learners = services.assessable_learners(current_user)
    done = services.assessments_by(current_user)
    return render_template("readiness/assessments.html", learners=learners, done=done)


@bp.route("/pengajar/penilaian-sikap/<int:learner_id>", methods=["GET", "POST"])
@allow(INSTRUCTOR)
def assess(learner_id: int):
    """Fill in or update the attitude assessment of a learner of the instructor's facility."""
    learner = learner_or_404(learner_id)
    row = services.assessment_of(learner, current_user)
    form = AssessmentForm(data=(dict(row.scores, comment=row.comment) if row and request.method == "GET" else None))
    if form.validate_on_submit():
        scores = {key: getattr(form, key).data for key in ASSESSMENT_CRITERIA}
        services.save_assessment(learner, current_user, scores, form.comment.data)
        db.session.commit()
        flash(_("Penilaian untuk %(name)s disimpan.", name=learner.full_name), "success")
        return redirect(url_for("readiness.assessments"))
    return render_template("readiness/assess.html", learner=learner, form=form, row=row, criteria=CRITERIA)


# --- learner -------------------------------------------------------------------------------

@bp.route("/rencana-saya", methods=["GET", "POST"])
@allow(LEARNER)
def my_plan():
    """"Rencana saya": the learner writes and updates their own plan for after release."""
    plan = services.plan_of(current_user)
    form = PlanForm(obj=plan if request.method == "GET" else None)
    if form.validate_on_submit():
        services.save_plan(current_user, {key: getattr(form, key).data for key in PLAN_FIELDS})
        db.session.commit()
        flash(_("Rencana Anda disimpan."), "success")
        return redirect(url_for("readiness.my_plan"))
    return render_template("readiness/plan.html", form=form, plan=plan)


# --- national admin ------------------------------------------------------------------------

@bp.route("/nasional/aturan-kesiapan", methods=["GET", "POST"])
@allow(NATIONAL_ADMIN)
def settings():
    """The rubric's weights and thresholds, set by a national admin."""
    current = services.current_settings()
    form = SettingsForm(data=current.as_dict() if request.method == "GET" else None)
    if form.validate_on_submit():
        values = {f.name: f.data for f in form if f.name in current.as_dict()}
        values = {k: float(v) if isinstance(v, Decimal) else v for k, v in values.items()}
        if sum(v for k, v in values.items() if k.startswith("weight_")) <= 0:
            form.weight_courses.errors.append(_("Paling sedikit satu bobot harus lebih dari nol."))
        else:
            services.save_settings(values, current_user)
            db.session.commit()
            flash(_("Aturan kesiapan disimpan."), "success")
            return redirect(url_for("readiness.settings"))
    return render_template("readiness/settings.html", form=form)


BLUEPRINTS = (bp,)
"""The readiness blueprint, for ``create_app``."""
