"""Readiness logic: settings, the instructor's assessment, the learner's plan, the officer's notes
and conclusions, and the caseload with a level for each learner.

Functions take objects and validated data, change the session and flush; the view commits.
Writes by staff and every readiness view or export go into the audit trail.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from flask_sqlalchemy.pagination import Pagination
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import selectinload

from training import audit
from training.access import OFFICER, visible_learners_query
from training.accounts.models import User, normalise_reg_number
from training.clock import now_utc, today_utc
from training.extensions import db, one_of
from training.teaching.assignments import local_date
from training.inputs import contains
from training.readiness import evidence as evidence_module
from training.readiness.models import (
    InstructorAssessment,
    LearnerPlan,
    OfficerConclusion,
    OfficerNote,
    ReadinessReport,
    ReadinessSettings,
)
from training.readiness.rubric import ASSESSMENT_CRITERIA, LEVELS, PLAN_FIELDS, RubricResult, RubricSettings, assess


# --- settings ------------------------------------------------------------------------------

def current_settings() -> RubricSettings:
    """The national rubric settings, or the defaults while no admin has saved any."""
    return RubricSettings.from_row(db.session.get(ReadinessSettings, 1))


def save_settings(values: dict, actor) -> RubricSettings:
    """Store new rubric settings (audited with the old and new values)."""
    old = current_settings()
    row = db.session.get(ReadinessSettings, 1)
    if row is None:
        row = ReadinessSettings(id=1, **old.as_dict())
        db.session.add(row)
    for key in old.as_dict():
        if key in values and values[key] is not None:
            setattr(row, key, values[key])
    row.updated_dt, row.updated_by_id = now_utc(), actor.id
    db.session.flush()
    new = current_settings()
    changed = {k: [v, new.as_dict()[k]] for k, v in old.as_dict().items() if new.as_dict()[k] != v}
    if changed:
        audit.record("readiness.settings", actor=actor, changed=changed)
    return new


# --- review --------------------------------------------------------------------------------

@dataclass
class Review:
    """One learner's evidence with the rubric's advice."""

    learner: User
    evidence: dict
    result: RubricResult


def review(learner, settings: RubricSettings | None = None) -> Review:
    """Gather a learner's evidence and run the rubric on it; for one learner (the profile and the
    PDF) the evidence also holds ``real_sales``, their products' real showroom sales."""
    from training.showroom.settlement import real_sales_summary

    result = reviews([learner], settings)[0]
    result.evidence["real_sales"] = real_sales_summary(learner)
    return result


def reviews(learners, settings: RubricSettings | None = None) -> list[Review]:
    """The reviews of several learners, in their order, with the evidence gathered in batches."""
    learners = list(learners)
    settings = settings or current_settings()
    evidence = evidence_module.gather_many(learners)
    return [Review(learner, evidence[learner.id], assess(evidence[learner.id], settings)) for learner in learners]


def search_caseload(officer, text: str = ""):
    """The query of the learners the officer may see, nearest release first; ``text`` matches name
    or number.

    The search runs inside :func:`visible_learners_query`, so a learner off the caseload is
    simply not found.
    """
    query = visible_learners_query(officer)
    text = (text or "").strip()
    if text:
        query = query.where(db.or_(contains(User.full_name, text),
                                   contains(User.reg_number, normalise_reg_number(text))))
    return query.order_by(User.expected_release_on.is_(None), User.expected_release_on, User.full_name, User.id)


@dataclass
class CaseloadRow:
    """A line of the caseload: the learner, the rubric level, the officer's own conclusion."""

    learner: User
    result: RubricResult
    conclusion: OfficerConclusion | None
    days_to_release: int | None


def caseload(officer, text: str = "", page: int = 1, per_page: int = 50,
             today: date | None = None) -> tuple[list[CaseloadRow], Pagination]:
    """One page of the officer's caseload (or of the part matching ``text``) with each learner's
    level, and the page's place in the whole (Flask-SQLAlchemy's pagination: page, pages, total).
    The evidence is gathered for that page's learners only, so a caseload of hundreds costs what
    a page of it does."""
    today = today or today_utc()
    pagination = db.paginate(search_caseload(officer, text), page=page, per_page=per_page, error_out=False,
                             count=True)
    if page > pagination.pages > 0:  # an old link past the end: the last page
        pagination = db.paginate(search_caseload(officer, text), page=pagination.pages, per_page=per_page,
                                 error_out=False, count=True)
    learners = list(pagination.items)
    conclusions = latest_conclusions([learner.id for learner in learners])
    rows = [
        CaseloadRow(each.learner, each.result, conclusions.get(each.learner.id),
                    (each.learner.expected_release_on - today).days if each.learner.expected_release_on else None)
        for each in reviews(learners)
    ]
    return rows, pagination


def record_view(learner, what: str = "readiness.viewed", **details) -> None:
    """Put a profile view or a report download into the audit trail."""
    audit.record(what, learner, facility_id=learner.facility_id, learner=learner.reg_number, **details)


def number_report(learner, officer, made_dt) -> ReadinessReport:
    """Give a new report the next number of its year (local time); two officers at once never share one.

    A clash with a report numbered at the same moment fails at the unique key and takes the next.
    """
    year = local_date(made_dt).year
    for _attempt in range(10):
        taken = db.session.scalar(db.select(db.func.max(ReadinessReport.number)).where(ReadinessReport.year == year))
        report = ReadinessReport(year=year, number=(taken or 0) + 1, learner_id=learner.id, officer_id=officer.id,
                                 created_dt=made_dt)
        try:
            with db.session.begin_nested():
                db.session.add(report)
                db.session.flush()
        except IntegrityError:
            continue
        return report
    raise RuntimeError("no free report number after 10 tries")


# --- notes and conclusions -------------------------------------------------------------------

def notes_for(learner) -> list[OfficerNote]:
    """The officers' notes on a learner, newest first (officers and admins only)."""
    return db.session.scalars(
        db.select(OfficerNote).where(OfficerNote.learner_id == learner.id)
        .options(selectinload(OfficerNote.officer))
        .order_by(OfficerNote.created_dt.desc(), OfficerNote.id.desc())
    ).all()


def add_note(learner, officer, text: str) -> OfficerNote:
    """Add a dated note by the officer."""
    note = OfficerNote(learner_id=learner.id, officer_id=officer.id, text=text.strip(), created_dt=now_utc())
    db.session.add(note)
    db.session.flush()
    audit.record("readiness.note", learner, actor=officer, facility_id=learner.facility_id, note_id=note.id)
    return note


def latest_conclusion(learner) -> OfficerConclusion | None:
    """The newest conclusion an officer recorded on the learner."""
    return latest_conclusions([learner.id]).get(learner.id)


def latest_conclusions(learner_ids) -> dict[int, OfficerConclusion]:
    """The newest conclusion on each of these learners that has one, by learner id (one query)."""
    if not learner_ids:
        return {}
    newest: dict[int, OfficerConclusion] = {}
    for row in db.session.scalars(
        db.select(OfficerConclusion).where(one_of(OfficerConclusion.learner_id, learner_ids))
        .order_by(OfficerConclusion.created_dt.desc(), OfficerConclusion.id.desc())
    ):
        newest.setdefault(row.learner_id, row)
    return newest


def record_conclusion(learner, officer, level: str, text: str, on: date | None = None) -> OfficerConclusion:
    """Record the officer's own conclusion; earlier ones are kept."""
    if level not in LEVELS:
        raise ValueError(level)
    row = OfficerConclusion(learner_id=learner.id, officer_id=officer.id, level=level, text=text.strip(),
                            concluded_on=on or today_utc(), created_dt=now_utc())
    db.session.add(row)
    db.session.flush()
    audit.record("readiness.conclusion", learner, actor=officer, facility_id=learner.facility_id, level=level)
    return row


# --- the instructor's assessment and the learner's plan --------------------------------------

def assessment_of(learner, instructor) -> InstructorAssessment | None:
    """This instructor's assessment of the learner, if they made one."""
    return db.session.scalar(db.select(InstructorAssessment).where(
        InstructorAssessment.learner_id == learner.id, InstructorAssessment.instructor_id == instructor.id))


def assessments_by(instructor) -> dict[int, InstructorAssessment]:
    """Every assessment this instructor made, by learner id (one query for the assessment list)."""
    return {row.learner_id: row for row in db.session.scalars(
        db.select(InstructorAssessment).where(InstructorAssessment.instructor_id == instructor.id))}


def save_assessment(learner, instructor, scores: dict, comment: str) -> InstructorAssessment:
    """Create or update the instructor's assessment (scores 1..4 per criterion)."""
    clean = {k: int(scores[k]) for k in ASSESSMENT_CRITERIA if scores.get(k)}
    if any(not 1 <= v <= 4 for v in clean.values()):
        raise ValueError("scores are 1..4")
    row = assessment_of(learner, instructor)
    if row is None:
        row = InstructorAssessment(learner_id=learner.id, instructor_id=instructor.id)
        db.session.add(row)
    row.scores, row.comment, row.updated_dt = clean, (comment or "").strip(), now_utc()
    db.session.flush()
    audit.record("readiness.assessment", learner, actor=instructor, facility_id=learner.facility_id)
    return row


def plan_of(learner) -> LearnerPlan | None:
    """The learner's plan, if written."""
    return db.session.get(LearnerPlan, learner.id)


def save_plan(learner, values: dict) -> LearnerPlan:
    """Create or update the learner's own plan."""
    plan = plan_of(learner)
    if plan is None:
        plan = LearnerPlan(learner_id=learner.id)
        db.session.add(plan)
    for key in PLAN_FIELDS:
        setattr(plan, key, (values.get(key) or "").strip())
    plan.updated_dt = now_utc()
    db.session.flush()
    return plan


def assessable_learners(instructor) -> list[User]:
    """Active learners of the instructor's facility, by name, for the assessment list."""
    return db.session.scalars(
        visible_learners_query(instructor).where(User.active.is_(True)).order_by(User.full_name)
    ).all()


def is_officer(user) -> bool:
    """True for a parole officer (they may write notes and conclusions)."""
    return user.role == OFFICER
