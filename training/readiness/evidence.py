"""The evidence for one learner's readiness review, gathered through the other features' services.

:func:`gather` returns a plain dict (JSON-able apart from dates) that the rubric, the profile
page and the PDF report all read, so the three never disagree:

- ``learner``: id, name, reg_number, facility, expected_release_on, classes;
- ``courses``: [{title, slug, lessons_total, lessons_done, percent, completed}];
- ``quizzes``: [{course, lesson, score, passed}] for each quiz's counted attempt;
- ``tasks``: [{course, title, status, percent, points, max_points, level, levels, feedback, graded_dt}];
- ``attendance``: {percent, sessions, attended, late, absent, excused} or None;
- ``certificates``: [{course, code, issued_dt, status, revoked}];
- ``storefront``: {seasons_finished, seasons_with_profit, total_profit, pricing_skill_percent,
  products, season_profits: [(label, profit)]} or None;
- ``assessment``: {scores, average, comment, instructor, updated_dt} or None (the newest);
- ``plan``: {goals, business, obstacles, support, updated_dt} or None;
- ``unavailable``: names of sources whose service is not installed in this build.

Each source is read through a small function, so a feature that is not built yet leaves its key
``None`` (the rubric lists it as missing) instead of breaking the review.
"""
from __future__ import annotations

import importlib

from training.extensions import db
from training.readiness.models import InstructorAssessment, LearnerPlan
from training.readiness.rubric import ASSESSMENT_CRITERIA, PLAN_FIELDS


def _service(module: str, name: str):
    """The function ``name`` of ``module``, or None while that feature is not in this build."""
    try:
        return getattr(importlib.import_module(module), name)
    except (ImportError, AttributeError):
        return None


def learner_facts(learner) -> dict:
    """The profile facts: only what the programme holds (no offence or sentence details)."""
    from training.accounts.models import ClassLearner, TrainingClass

    classes = db.session.scalars(
        db.select(TrainingClass.name).join(ClassLearner, ClassLearner.class_id == TrainingClass.id)
        .where(ClassLearner.user_id == learner.id).order_by(TrainingClass.name)
    ).all()
    return {
        "id": learner.id,
        "name": learner.full_name,
        "reg_number": learner.reg_number,
        "facility": learner.facility.name if learner.facility else "",
        "expected_release_on": learner.expected_release_on,
        "classes": list(classes),
        "active": bool(learner.active),
    }


def course_evidence(learner) -> tuple[list[dict], list[dict]]:
    """Courses with lessons done, and the counted score of every quiz taken."""
    from training.courses import quiz, services

    courses, quizzes = [], []
    for course in services.visible_courses(learner):
        progress = services.course_progress(learner, course)
        courses.append({
            "title": course.title,
            "slug": course.slug,
            "lessons_total": len(progress.lessons),
            "lessons_done": progress.done,
            "percent": progress.percent,
            "completed": bool(progress.lessons) and progress.done == len(progress.lessons),
        })
        for lesson in progress.lessons:
            if not lesson.has_quiz:
                continue
            counted = quiz.counted_attempt(lesson, quiz.attempts(learner, lesson))
            if counted is not None:
                quizzes.append({"course": course.title, "lesson": lesson.title,
                                "score": counted.score, "passed": bool(counted.passed)})
    return courses, quizzes


def task_evidence(learner) -> list[dict]:
    """Graded practical work with the instructor's rubric levels and feedback, newest first."""
    from training.courses.models import TaskSubmission

    gradings_of = _service("training.courses.grading", "learner_gradings")
    gradings = gradings_of(learner) if gradings_of is not None else {}
    rows = []
    submissions = db.session.scalars(
        db.select(TaskSubmission).where(TaskSubmission.learner_id == learner.id)
        .order_by(TaskSubmission.submitted_dt.desc())
    ).all()
    seen_tasks = set()
    for sub in submissions:
        if sub.task_id in seen_tasks:  # only the latest submission of each task
            continue
        seen_tasks.add(sub.task_id)
        grading = gradings.get(sub.id)
        row = {"course": sub.task.course.title, "title": sub.task.title, "status": sub.status,
               "percent": None, "points": None, "max_points": None, "level": None, "levels": [],
               "feedback": sub.feedback or "", "graded_dt": sub.graded_dt}
        if grading is not None:
            row.update(status=grading.status, points=grading.points, max_points=grading.max_points,
                       level=grading.level_label, levels=list(grading.levels or []),
                       feedback=grading.feedback or "", graded_dt=grading.graded_dt)
        elif sub.score is not None and sub.max_score:
            row.update(points=sub.score, max_points=sub.max_score)
        if row["max_points"] and row["status"] == "graded":
            row["percent"] = round(100 * row["points"] / row["max_points"], 1)
        rows.append(row)
    return rows


def attendance_evidence(learner) -> dict | None:
    """The attendance summary from the instructor workspace, or None while it is not built."""
    summary = _service("training.courses.attendance", "attendance_summary")
    if summary is None:
        return None
    data = summary(learner) or {}
    rate = data.get("rate")  # attended / counted, 0..1; excused sessions are not counted
    return {
        "percent": None if rate is None else 100 * rate,
        "sessions": data.get("counted", 0),
        "attended": data.get("attended", 0),
        "late": data.get("late", 0),
        "absent": data.get("absent", 0),
        "excused": data.get("excused", 0),
    }


def certificate_evidence(learner) -> list[dict] | None:
    """The learner's certificates (revoked ones marked), or None while certificates are not built."""
    query = _service("training.certificates.services", "learner_certificates")
    if query is None:
        return None
    return [{"course": c.course_title, "code": c.display_code, "issued_dt": c.issued_dt, "status": c.status,
             "revoked": c.status == "revoked", "pending": c.status == "pending_approval"}
            for c in query(learner)]


def storefront_evidence(learner) -> dict | None:
    """The shop's results, or None while the storefront summary is not built."""
    summary = _service("training.storefront.milestones", "storefront_summary") or _service(
        "training.storefront.services", "storefront_summary")
    if summary is None:
        return None
    data = dict(summary(learner) or {})
    data.setdefault("pricing_skill_percent", data.get("pricing_skill"))
    data["season_profits"] = season_profits(learner)
    return data


def season_profits(learner) -> list[tuple[str, int]]:
    """(label, profit) of each finished practice season, oldest first, for the report's chart."""
    try:
        from training.storefront.models import SEASON_FINISHED, MarketSeason
    except ImportError:
        return []
    seasons = db.session.scalars(
        db.select(MarketSeason).where(MarketSeason.learner_id == learner.id, MarketSeason.status == SEASON_FINISHED)
        .order_by(MarketSeason.created_dt)
    ).all()
    return [(str(index), int(sum(w.profit for w in s.played))) for index, s in enumerate(seasons, start=1)]


def assessment_evidence(learner) -> dict | None:
    """The newest instructor assessment of the learner, or None."""
    row = db.session.scalar(
        db.select(InstructorAssessment).where(InstructorAssessment.learner_id == learner.id)
        .order_by(InstructorAssessment.updated_dt.desc(), InstructorAssessment.id.desc()).limit(1)
    )
    if row is None:
        return None
    scores = {k: int(row.scores[k]) for k in ASSESSMENT_CRITERIA if (row.scores or {}).get(k)}
    return {
        "scores": scores,
        "average": round(sum(scores.values()) / len(scores), 2) if scores else None,
        "comment": row.comment,
        "instructor": row.instructor.full_name if row.instructor else "",
        "updated_dt": row.updated_dt,
    }


def plan_evidence(learner) -> dict | None:
    """The learner's own plan, or None when they have not written one."""
    plan = db.session.get(LearnerPlan, learner.id)
    if plan is None:
        return None
    data = {key: getattr(plan, key) for key in PLAN_FIELDS}
    data["updated_dt"] = plan.updated_dt
    return data


def gather(learner) -> dict:
    """Everything the review reads about one learner (see the module docstring for the keys)."""
    courses, quizzes = course_evidence(learner)
    evidence = {
        "learner": learner_facts(learner),
        "courses": courses,
        "quizzes": quizzes,
        "tasks": task_evidence(learner),
        "attendance": attendance_evidence(learner),
        "certificates": certificate_evidence(learner),
        "storefront": storefront_evidence(learner),
        "assessment": assessment_evidence(learner),
        "plan": plan_evidence(learner),
    }
    evidence["unavailable"] = [
        name for name, module, func in (
            ("attendance", "training.courses.attendance", "attendance_summary"),
            ("certificates", "training.certificates.services", "learner_certificates"),
            ("storefront", "training.storefront.milestones", "storefront_summary"),
        ) if _service(module, func) is None
    ]
    return evidence
