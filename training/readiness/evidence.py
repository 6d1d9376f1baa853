"""The evidence for readiness reviews, gathered through the other features' services.

:func:`gather` returns, for one learner, a plain dict (JSON-able apart from dates) that the
rubric, the profile page and the PDF report all read, so the three never disagree;
:func:`gather_many` builds the same dicts for a whole caseload with one query per kind of record
(courses, progress, quiz attempts, practical work and grades, attendance, certificates, shop
results, assessments, plans, classes) instead of one per learner and lesson, so the caseload
page costs the same number of queries however many learners it lists. The keys:

- ``learner``: id, name, reg_number, facility, expected_release_on, classes, active;
- ``courses``: [{title, slug, lessons_total, lessons_done, percent, completed}];
- ``quizzes``: [{course, lesson, score, passed}] for each quiz's counted attempt;
- ``tasks``: [{course, title, status, percent, points, max_points, level, levels, feedback, graded_dt}];
- ``attendance``: {percent, sessions, attended, late, absent, excused};
- ``certificates``: [{course, code, issued_dt, status, revoked, pending, waived}];
- ``storefront``: {seasons_finished, seasons_with_profit, total_profit, pricing_skill_percent,
  products, season_profits: [(label, profit)], ...};
- ``assessment``: {scores, average, comment, instructor, updated_dt} or None (the newest);
- ``plan``: {goals, business, obstacles, support, updated_dt} or None.
"""
from __future__ import annotations

from collections import defaultdict

from sqlalchemy.orm import selectinload

from training.extensions import db, one_of
from training.readiness.models import InstructorAssessment, LearnerPlan
from training.readiness.rubric import ASSESSMENT_CRITERIA, PLAN_FIELDS


def _grouped(rows, key) -> dict[int, list]:
    """Rows by ``key(row)``, each list in the order the query gave."""
    groups: dict[int, list] = defaultdict(list)
    for row in rows:
        groups[key(row)].append(row)
    return groups


def _classes_of(learner_ids) -> dict[int, list[str]]:
    """The names of each learner's classes, by name."""
    from training.accounts.models import ClassLearner, TrainingClass

    rows = db.session.execute(
        db.select(ClassLearner.user_id, TrainingClass.name).join(TrainingClass, ClassLearner.class_id == TrainingClass.id)
        .where(one_of(ClassLearner.user_id, learner_ids)).order_by(TrainingClass.name)
    )
    names: dict[int, list[str]] = defaultdict(list)
    for learner_id, name in rows:
        names[learner_id].append(name)
    return names


def learner_facts(learner, classes: list[str]) -> dict:
    """The profile facts: only what the programme holds (no offence or sentence details)."""
    return {
        "id": learner.id,
        "name": learner.full_name,
        "reg_number": learner.reg_number,
        "facility": learner.facility.name if learner.facility else "",
        "expected_release_on": learner.expected_release_on,
        "classes": list(classes),
        "active": bool(learner.active),
    }


def _course_progress(learners) -> dict[int, list]:
    """Each learner's progress in every course they work on, by learner id."""
    from training.courses import services

    return services.learners_courses_progress(services.learners_visible_courses(learners))


def _quiz_attempts(learner_ids, lesson_ids) -> dict[tuple[int, int], list]:
    """The attempts of these learners at these lessons' quizzes, first to last, by (learner, lesson)."""
    from training.courses.models import QuizAttempt

    if not lesson_ids:
        return {}
    # The figures the counted attempt is chosen by, not whole attempts (whose drawn questions are
    # JSON to decode, a few hundred on a caseload page).
    attempts = db.session.execute(
        db.select(QuizAttempt.learner_id, QuizAttempt.lesson_id, QuizAttempt.number, QuizAttempt.score,
                  QuizAttempt.passed, QuizAttempt.finished_dt.is_not(None).label("is_finished"))
        .where(one_of(QuizAttempt.learner_id, learner_ids), one_of(QuizAttempt.lesson_id, lesson_ids))
        .order_by(QuizAttempt.number)
    )
    return _grouped(attempts, lambda a: (a.learner_id, a.lesson_id))


def course_evidence(learner, progresses: list, attempts: dict) -> tuple[list[dict], list[dict]]:
    """Courses with lessons done, and the counted score of every quiz taken."""
    from training.courses import quiz

    courses, quizzes = [], []
    for progress in progresses:
        course = progress.course
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
            counted = quiz.counted_attempt(lesson, attempts.get((learner.id, lesson.id), []))
            if counted is not None:
                quizzes.append({"course": course.title, "lesson": lesson.title,
                                "score": counted.score, "passed": bool(counted.passed)})
    return courses, quizzes


def _submissions(learner_ids) -> dict[int, list]:
    """Each learner's task submissions, newest first, with their task's and course's titles: the
    figures the evidence shows, not the work's text (a caseload page reads hundreds)."""
    from training.courses.models import Course, Task, TaskSubmission

    return _grouped(db.session.execute(
        db.select(TaskSubmission.id, TaskSubmission.learner_id, TaskSubmission.task_id, TaskSubmission.status,
                  TaskSubmission.feedback, TaskSubmission.graded_dt, TaskSubmission.score, TaskSubmission.max_score,
                  Task.title.label("task_title"), Course.title.label("course_title"))
        .join(Task, Task.id == TaskSubmission.task_id).join(Course, Course.id == Task.course_id)
        .where(one_of(TaskSubmission.learner_id, learner_ids))
        .order_by(TaskSubmission.submitted_dt.desc(), TaskSubmission.id.desc())
    ), lambda s: s.learner_id)


def _gradings(learners, submissions: dict[int, list]) -> dict[int, dict]:
    """The task grades of the learners who handed in work, by learner id, then submission id."""
    from training.teaching.grading import learners_gradings

    return learners_gradings([learner for learner in learners if submissions.get(learner.id)])


def task_evidence(submissions: list, gradings: dict) -> list[dict]:
    """Graded practical work with the instructor's rubric levels and feedback, newest first."""
    rows = []
    seen_tasks = set()
    for sub in submissions:
        if sub.task_id in seen_tasks:  # only the latest submission of each task
            continue
        seen_tasks.add(sub.task_id)
        grading = gradings.get(sub.id)
        row = {"course": sub.course_title, "title": sub.task_title, "status": sub.status,
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


def attendance_evidence(data: dict) -> dict:
    """The attendance summary from the instructor workspace, as evidence."""
    data = data or {}
    rate = data.get("rate")  # attended / counted, 0..1; excused sessions are not counted
    return {
        "percent": None if rate is None else 100 * rate,
        "sessions": data.get("counted", 0),
        "attended": data.get("attended", 0),
        "late": data.get("late", 0),
        "absent": data.get("absent", 0),
        "excused": data.get("excused", 0),
    }


def _certificates(learner_ids) -> dict[int, list]:
    """Each learner's certificates (revoked ones included), newest first."""
    from training.certificates.services import certificates_of_learners_query

    return _grouped(db.session.scalars(certificates_of_learners_query(learner_ids)), lambda c: c.learner_id)


def certificate_evidence(certificates: list) -> list[dict]:
    """The learner's certificates, revoked, pending and given-by-hand (``waived``) ones marked."""
    return [{"course": c.course_title, "code": c.display_code, "issued_dt": c.issued_dt, "status": c.status,
             "revoked": c.status == "revoked", "pending": c.status == "pending_approval",
             "waived": bool(c.criteria_waived)}
            for c in certificates]


def _finished_seasons(learner_ids) -> dict[int, list]:
    """Each learner's finished practice seasons, oldest first, each with its ``profit`` (the sum of
    its weeks': summed by the database, the weeks' stored results are large and not needed)."""
    from training.storefront.models import SEASON_FINISHED, MarketSeason, MarketWeek

    return _grouped(db.session.execute(
        db.select(MarketSeason.learner_id, MarketSeason.id,
                  db.func.coalesce(db.func.sum(MarketWeek.profit), 0).label("profit"))
        .outerjoin(MarketWeek, MarketWeek.season_id == MarketSeason.id)
        .where(one_of(MarketSeason.learner_id, learner_ids), MarketSeason.status == SEASON_FINISHED)
        .group_by(MarketSeason.learner_id, MarketSeason.id, MarketSeason.created_dt)
        .order_by(MarketSeason.created_dt, MarketSeason.id)
    ), lambda s: s.learner_id)


def season_profits(seasons: list) -> list[tuple[str, int]]:
    """(label, profit) of each finished practice season, oldest first, for the report's chart."""
    return [(str(index), int(season.profit)) for index, season in enumerate(seasons, start=1)]


def storefront_evidence(summary: dict, finished_seasons: list) -> dict:
    """The shop's results, with each finished season's profit for the report's chart."""
    data = dict(summary or {})
    data.setdefault("pricing_skill_percent", data.get("pricing_skill"))
    data["season_profits"] = season_profits(finished_seasons)
    return data


def _newest_assessments(learner_ids) -> dict[int, InstructorAssessment]:
    """The newest instructor assessment of each learner."""
    rows = db.session.scalars(
        db.select(InstructorAssessment).where(one_of(InstructorAssessment.learner_id, learner_ids))
        .options(selectinload(InstructorAssessment.instructor))
        .order_by(InstructorAssessment.updated_dt.desc(), InstructorAssessment.id.desc())
    )
    newest: dict[int, InstructorAssessment] = {}
    for row in rows:
        newest.setdefault(row.learner_id, row)
    return newest


def assessment_evidence(row: InstructorAssessment | None) -> dict | None:
    """An instructor assessment as evidence, or None."""
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


def plan_evidence(plan: LearnerPlan | None) -> dict | None:
    """The learner's own plan, or None when they have not written one."""
    if plan is None:
        return None
    data = {key: getattr(plan, key) for key in PLAN_FIELDS}
    data["updated_dt"] = plan.updated_dt
    return data


def gather_many(learners) -> dict[int, dict]:
    """The evidence of each learner, by id (see the module docstring for the keys)."""
    learners = list(learners)
    ids = [learner.id for learner in learners]
    if not ids:
        return {}
    from training.teaching.attendance import attendance_summaries
    from training.storefront.milestones import storefront_summaries

    progress = _course_progress(learners)
    lesson_ids = {lesson.id for rows in progress.values() for p in rows for lesson in p.lessons if lesson.has_quiz}
    attempts = _quiz_attempts(ids, lesson_ids)
    classes, submissions, certificates = _classes_of(ids), _submissions(ids), _certificates(ids)
    seasons, assessments = _finished_seasons(ids), _newest_assessments(ids)
    plans = {plan.learner_id: plan for plan in db.session.scalars(
        db.select(LearnerPlan).where(one_of(LearnerPlan.learner_id, ids)))}
    gradings, attendance = _gradings(learners, submissions), attendance_summaries(learners)
    storefront = storefront_summaries(learners)
    gathered = {}
    for learner in learners:
        courses, quizzes = course_evidence(learner, progress[learner.id], attempts)
        gathered[learner.id] = {
            "learner": learner_facts(learner, classes.get(learner.id, [])),
            "courses": courses,
            "quizzes": quizzes,
            "tasks": task_evidence(submissions.get(learner.id, []), gradings.get(learner.id, {})),
            "attendance": attendance_evidence(attendance[learner.id]),
            "certificates": certificate_evidence(certificates.get(learner.id, [])),
            "storefront": storefront_evidence(storefront[learner.id], seasons.get(learner.id, [])),
            "assessment": assessment_evidence(assessments.get(learner.id)),
            "plan": plan_evidence(plans.get(learner.id)),
        }
    return gathered


def gather(learner) -> dict:
    """Everything the review reads about one learner (see the module docstring for the keys)."""
    return gather_many([learner])[learner.id]
