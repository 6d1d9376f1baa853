"""Assignments: a course, or chosen lessons of it, given to a class or a learner with dates.

Rules (what a learner sees):
- A learner with no assignment at all sees every course their facility offers (as before).
- A learner with at least one assignment sees the courses of their assignments that have opened
  (``opens_on`` on or before today) and that the facility still offers; a course assigned only
  with a later opening date cannot be opened yet.
- The due date a learner works to is the assignment's, or their own extension when they have one.
  When several open assignments cover a lesson, the latest due date counts (the kindest one).
- A lesson is late when it was finished after its due date, or is not finished and the due date
  has passed. Dates are calendar dates in the facility's time zone (``BABEL_DEFAULT_TIMEZONE``).

Functions flush, never commit.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

from flask import current_app, g, has_app_context
from sqlalchemy.orm import joinedload

from training import audit
from training.accounts.models import ClassLearner, TrainingClass, User
from training.clock import now_utc
from training.courses.models import Course, FacilityCourse, LessonProgress
from training.courses.outline import LessonEntry, outline
from training.teaching.models import Assignment, AssignmentExtension
from training.extensions import db, gettext as _, one_of

# Where a request remembers each learner's assignments (flask.g), once read.
_MEMO = "_learner_assignments"


class AssignmentError(ValueError):
    """An assignment that can't be made; the message is for the user."""


# --- the facility's calendar ------------------------------------------------------------------

def _zone() -> ZoneInfo:
    return ZoneInfo(current_app.config.get("BABEL_DEFAULT_TIMEZONE") or "Asia/Jakarta")


def local_today() -> date:
    """Today in the facility's time zone: the day a due date is compared with."""
    return local_date(now_utc())


def local_now() -> datetime:
    """Now in the facility's time zone (aware)."""
    return now_utc().replace(tzinfo=UTC).astimezone(_zone())


def local_date(at_dt: datetime | None) -> date | None:
    """The facility calendar date of a stored (naive UTC) datetime."""
    if at_dt is None:
        return None
    return at_dt.replace(tzinfo=UTC).astimezone(_zone()).date()


# --- making assignments -------------------------------------------------------------------------

def create_assignment(
    actor,
    course: Course,
    *,
    opens_on: date,
    due_on: date | None,
    training_class: TrainingClass | None = None,
    learner: User | None = None,
    lesson_ids: list[int] | None = None,
) -> Assignment:
    """Assign a course (or ``lesson_ids`` of it) to a class or to one learner."""
    if (training_class is None) == (learner is None):
        raise AssignmentError(_("Pilih satu kelas atau satu warga binaan."))
    facility_id = training_class.facility_id if training_class is not None else learner.facility_id
    if db.session.get(FacilityCourse, (facility_id, course.id)) is None:
        raise AssignmentError(_("Kursus ini tidak ditawarkan di fasilitas Anda."))
    if due_on is not None and due_on < opens_on:
        raise AssignmentError(_("Batas waktu tidak boleh sebelum tanggal mulai."))
    if lesson_ids:
        active = {lesson.id for lesson in course.lessons}
        if not set(lesson_ids) <= active:
            raise AssignmentError(_("Ada pelajaran yang bukan bagian dari kursus ini."))
        lesson_ids = [lesson.id for lesson in course.lessons if lesson.id in set(lesson_ids)]
    assignment = Assignment(
        facility_id=facility_id,
        class_id=training_class.id if training_class is not None else None,
        learner_id=learner.id if learner is not None else None,
        course_id=course.id,
        lesson_ids=lesson_ids or None,
        opens_on=opens_on,
        due_on=due_on,
        created_by_id=getattr(actor, "id", None),
    )
    db.session.add(assignment)
    forget_assignments()
    db.session.flush()
    audit.record(
        "assignment.created", assignment, actor=actor, course=course.slug,
        class_id=assignment.class_id, learner_id=assignment.learner_id, lesson_ids=assignment.lesson_ids,
        opens_on=opens_on.isoformat(), due_on=due_on.isoformat() if due_on else None,
    )
    return assignment


def extend_due_date(actor, assignment: Assignment, learner: User, due_on: date, reason: str = "") -> AssignmentExtension:
    """Give one learner a later due date on an assignment (or change their extension)."""
    if learner.id not in {u.id for u in assignment_learners(assignment)}:
        raise AssignmentError(_("Warga binaan ini tidak mendapat tugas ini."))
    if due_on < assignment.opens_on:
        raise AssignmentError(_("Batas waktu tidak boleh sebelum tanggal mulai."))
    row = db.session.get(AssignmentExtension, (assignment.id, learner.id))
    old = row.due_on.isoformat() if row is not None else (assignment.due_on.isoformat() if assignment.due_on else None)
    if row is None:
        row = AssignmentExtension(assignment_id=assignment.id, learner_id=learner.id)
        db.session.add(row)
    row.due_on, row.reason, row.created_by_id = due_on, (reason or "").strip()[:200], getattr(actor, "id", None)
    row.created_dt = now_utc()
    audit.record("assignment.extended", assignment, actor=actor, learner_id=learner.id, old=old,
                 new=due_on.isoformat(), reason=row.reason)
    db.session.flush()
    return row


def delete_assignment(actor, assignment: Assignment) -> None:
    """Take an assignment back. Learners' work stays; only the dates and the list go."""
    audit.record("assignment.deleted", assignment, actor=actor, course_id=assignment.course_id,
                 class_id=assignment.class_id, learner_id=assignment.learner_id)
    db.session.execute(db.delete(AssignmentExtension).where(AssignmentExtension.assignment_id == assignment.id))
    db.session.delete(assignment)
    forget_assignments()
    db.session.flush()


# --- reading them -------------------------------------------------------------------------------

def assignment_learners(assignment: Assignment) -> list[User]:
    """The active learners an assignment reaches now (a class assignment follows the class list)."""
    return assignments_learners([assignment])[assignment.id]


def assignments_learners(assignments: list[Assignment]) -> dict[int, list[User]]:
    """:func:`assignment_learners` of several assignments, by assignment id, by name: the class
    lists in one query and the learners given work one by one in another."""
    class_ids = {a.class_id for a in assignments if a.learner_id is None}
    class_lists: dict[int, list[User]] = {class_id: [] for class_id in class_ids}
    if class_ids:
        for class_id, learner in db.session.execute(
            db.select(ClassLearner.class_id, User).join(User, ClassLearner.user_id == User.id)
            .where(one_of(ClassLearner.class_id, class_ids), User.active.is_(True)).order_by(User.full_name)
        ):
            class_lists[class_id].append(learner)
    single_ids = {a.learner_id for a in assignments if a.learner_id is not None}
    singles = {learner.id: learner for learner in db.session.scalars(
        db.select(User).where(one_of(User.id, single_ids), User.active.is_(True)))} if single_ids else {}
    return {a.id: class_lists[a.class_id] if a.learner_id is None
            else [singles[a.learner_id]] if a.learner_id in singles else []
            for a in assignments}


def forget_assignments() -> None:
    """Drop the request's remembered assignments (after one is added, changed or removed)."""
    if has_app_context():
        g.pop(_MEMO, None)


def learner_assignments(learner: User) -> list[Assignment]:
    """Every assignment that reaches a learner: their own and their classes'.

    Remembered for the rest of the request: the home page asks several times.
    """
    return learners_assignments([learner])[learner.id]


def learners_assignments(learners: list[User]) -> dict[int, list[Assignment]]:
    """:func:`learner_assignments` of several learners, by learner id: each assignment is read once
    however many of the learners it reaches (a caseload page's fifty learners share a few class
    assignments), with the class lists read beside it when there is more than one learner.

    Each learner's list keeps the order of the query (nearest due date first).
    """
    memo = g.setdefault(_MEMO, {}) if has_app_context() else {}
    missing = {learner.id for learner in learners if learner.id not in memo}
    if missing:
        in_class = db.select(ClassLearner.class_id).where(one_of(ClassLearner.user_id, missing))
        assignments = db.session.scalars(
            db.select(Assignment).options(joinedload(Assignment.course))
            .where(db.or_(one_of(Assignment.learner_id, missing), Assignment.class_id.in_(in_class)))
            .order_by(Assignment.due_on.is_(None), Assignment.due_on, Assignment.id)
        ).all()
        if len(missing) == 1:  # every class assignment found is one of this learner's classes'
            (only,) = missing
            memo[only] = list(assignments)
        else:
            classes_of: dict[int, set[int]] = {learner_id: set() for learner_id in missing}
            for user_id, class_id in db.session.execute(
                    db.select(ClassLearner.user_id, ClassLearner.class_id).where(one_of(ClassLearner.user_id, missing))):
                classes_of[user_id].add(class_id)
            for learner_id in missing:
                memo[learner_id] = [a for a in assignments
                                    if a.learner_id == learner_id or a.class_id in classes_of[learner_id]]
    return {learner.id: memo[learner.id] for learner in learners}


def class_assignments(training_class: TrainingClass) -> list[Assignment]:
    """The class's own assignments and those given to its learners one by one."""
    members = db.select(ClassLearner.user_id).where(ClassLearner.class_id == training_class.id)
    return list(db.session.scalars(
        db.select(Assignment)
        .where(db.or_(Assignment.class_id == training_class.id, Assignment.learner_id.in_(members)))
        .order_by(Assignment.opens_on.desc(), Assignment.id.desc())
    ))


def effective_due(assignment: Assignment, learner: User) -> date | None:
    """The due date this learner works to: their extension if any, else the assignment's."""
    return _extension_dues([assignment.id], [learner.id]).get((assignment.id, learner.id), assignment.due_on)


def _extension_dues(assignment_ids, learner_ids) -> dict[tuple[int, int], date]:
    """Extended due dates by (assignment id, learner id), in one query for many rows."""
    assignment_ids, learner_ids = list(assignment_ids), list(learner_ids)
    if not assignment_ids or not learner_ids:
        return {}
    return {(row.assignment_id, row.learner_id): row.due_on for row in db.session.scalars(
        db.select(AssignmentExtension).where(one_of(AssignmentExtension.assignment_id, assignment_ids),
                                             one_of(AssignmentExtension.learner_id, learner_ids)))}


def assignment_lessons(assignment: Assignment) -> list[LessonEntry]:
    """The active lessons an assignment covers, in course order, as the course's outline (kept per
    worker) has them: id, slug, title and position, with no lesson rows loaded."""
    lessons = list(outline(assignment.course).lessons)
    if assignment.lesson_ids:
        wanted = set(assignment.lesson_ids)
        lessons = [lesson for lesson in lessons if lesson.id in wanted]
    return lessons


@dataclass
class AssignedWork:
    """One assignment as a learner stands in it."""

    assignment: Assignment
    course: Course
    lessons: list[LessonEntry]
    opens_on: date
    due_on: date | None
    extended: bool
    is_open: bool
    done: int
    late: bool  # due date passed with lessons still not done

    @property
    def total(self) -> int:
        """How many lessons the assignment covers."""
        return len(self.lessons)


def assigned_work(learner: User, today: date | None = None) -> list[AssignedWork]:
    """The learner's assignments with their own due dates and progress, nearest due date first."""
    today = today or local_today()
    assignments = learner_assignments(learner)
    extended = _extension_dues([a.id for a in assignments], [learner.id])
    covered = {a.id: assignment_lessons(a) for a in assignments}
    done_ids = _done_lesson_ids(learner, [lesson.id for lessons in covered.values() for lesson in lessons])
    items = []
    for assignment in assignments:
        lessons = covered[assignment.id]
        due = extended.get((assignment.id, learner.id), assignment.due_on)
        done = sum(lesson.id in done_ids for lesson in lessons)
        items.append(AssignedWork(
            assignment=assignment, course=assignment.course, lessons=lessons, opens_on=assignment.opens_on,
            due_on=due, extended=due != assignment.due_on, is_open=assignment.opens_on <= today, done=done,
            late=due is not None and due < today and done < len(lessons),
        ))
    items.sort(key=lambda w: (not w.is_open, w.due_on is None, w.due_on or date.max, w.course.title))
    return items


def _done_lesson_ids(learner: User, lesson_ids: list[int]) -> set[int]:
    if not lesson_ids:
        return set()
    return set(db.session.scalars(
        db.select(LessonProgress.lesson_id).where(
            LessonProgress.learner_id == learner.id, one_of(LessonProgress.lesson_id, lesson_ids),
            LessonProgress.status == "done",
        )
    ))


def learners_assigned_courses(learners: list[User], today: date | None = None) -> dict[int, list[Course] | None]:
    """The courses each learner works on by assignment, by title, by learner id; None for a learner
    with no assignment. Only assignments that have opened count, and only courses the facility
    still offers. Registered with ``courses.services.narrow_visible_courses`` at start-up.

    One query for the assignments and one for the offered courses, whatever the number of learners.
    """
    today = today or local_today()
    assignments = learners_assignments(learners)
    opened: dict[int, set[int]] = {}
    result: dict[int, list[Course] | None] = {}
    for learner in learners:
        if not assignments[learner.id]:
            result[learner.id] = None
        else:
            opened[learner.id] = {a.course_id for a in assignments[learner.id] if a.opens_on <= today}
            result[learner.id] = []
    course_ids = set().union(*opened.values()) if opened else set()
    if not course_ids:
        return result
    facility_ids = {learner.facility_id for learner in learners if learner.id in opened}
    offered = db.session.execute(
        db.select(FacilityCourse.facility_id, Course)
        .join(FacilityCourse, FacilityCourse.course_id == Course.id)
        .where(one_of(FacilityCourse.facility_id, facility_ids), one_of(Course.id, course_ids))
        .order_by(Course.title, Course.id)
    ).all()
    for learner in learners:
        if learner.id in opened:
            result[learner.id] = [course for facility_id, course in offered
                                  if facility_id == learner.facility_id and course.id in opened[learner.id]]
    return result


def _course_open_statement():
    """The statement of :func:`course_open_to`, built once: every course, lesson and quiz page runs
    it, and building it with its subquery (and its cache key) each time cost more than running it.
    Does the facility offer the course, and when does the first assignment that reaches the
    learner (their own or a class's) open? Values come as bound parameters."""
    offered = db.exists().where(FacilityCourse.facility_id == db.bindparam("facility_id"),
                                FacilityCourse.course_id == db.bindparam("course_id"))
    member = db.and_(ClassLearner.class_id == Assignment.class_id, ClassLearner.user_id == db.bindparam("learner_id"))
    first_opening = (
        db.select(db.func.min(Assignment.opens_on)).outerjoin(ClassLearner, member)
        .where(Assignment.course_id == db.bindparam("course_id"),
               db.or_(Assignment.learner_id == db.bindparam("learner_id"), ClassLearner.user_id.is_not(None)))
        .scalar_subquery())
    return db.select(offered, first_opening)


_COURSE_OPEN = _course_open_statement()


def course_open_to(learner: User, course: Course, today: date | None = None) -> bool:
    """May this learner open the course? Their facility offers it, and it does not reach them only
    through assignments that open later. One query: every course, lesson and quiz page asks."""
    if learner.facility_id is None:
        return False
    today = today or local_today()
    is_offered, opens_on = db.session.execute(
        _COURSE_OPEN, {"facility_id": learner.facility_id, "course_id": course.id, "learner_id": learner.id}).one()
    return bool(is_offered) and (opens_on is None or opens_on <= today)


def lesson_due_dates(learner: User, course: Course, today: date | None = None) -> dict[int, date]:
    """Per lesson id of a course, the due date that applies to this learner (opened assignments only)."""
    today = today or local_today()
    opened = [a for a in learner_assignments(learner) if a.course_id == course.id and a.opens_on <= today]
    return _lesson_dues(opened, learner.id, _extension_dues([a.id for a in opened], [learner.id]))


def class_lesson_due_dates(learners: list[User], course: Course, today: date | None = None) -> dict[int, dict[int, date]]:
    """:func:`lesson_due_dates` for many learners at once (the gradebook): by learner id, then lesson id.

    Counts every opened assignment of the course that reaches each learner, through any of their
    classes or their own, in three queries whatever the number of learners.
    """
    today = today or local_today()
    ids = [u.id for u in learners]
    if not ids:
        return {}
    classes_of: dict[int, set[int]] = {}
    for user_id, class_id in db.session.execute(
            db.select(ClassLearner.user_id, ClassLearner.class_id).where(one_of(ClassLearner.user_id, ids))):
        classes_of.setdefault(user_id, set()).add(class_id)
    class_ids = set().union(*classes_of.values()) if classes_of else set()
    opened = list(db.session.scalars(db.select(Assignment).where(
        Assignment.course_id == course.id, Assignment.opens_on <= today,
        db.or_(one_of(Assignment.learner_id, ids), one_of(Assignment.class_id, class_ids)))))
    extended = _extension_dues([a.id for a in opened], ids)
    return {
        user_id: _lesson_dues([a for a in opened if a.learner_id == user_id
                               or a.class_id in classes_of.get(user_id, ())], user_id, extended)
        for user_id in ids
    }


def _lesson_dues(assignments: list[Assignment], learner_id: int, extended: dict) -> dict[int, date]:
    """Per lesson id, the latest due date among ``assignments`` (the kindest one)."""
    due: dict[int, date] = {}
    for assignment in assignments:
        when = extended.get((assignment.id, learner_id), assignment.due_on)
        if when is None:
            continue
        for lesson in assignment_lessons(assignment):
            if lesson.id not in due or when > due[lesson.id]:
                due[lesson.id] = when
    return due


def is_late(progress: LessonProgress | None, due_on: date | None, today: date | None = None) -> bool:
    """Finished after the due date, or still not finished once it has passed."""
    if due_on is None:
        return False
    if progress is not None and progress.status == "done":
        return local_date(progress.completed_dt) > due_on
    return (today or local_today()) > due_on


@dataclass
class BehindRow:
    """One learner against one assignment, for "who is behind"."""

    learner: User
    done: int
    total: int
    due_on: date | None
    extended: bool
    behind: bool


def who_is_behind(assignment: Assignment, today: date | None = None) -> list[BehindRow]:
    """Every learner of an assignment with lessons done; ``behind`` when the due date passed unfinished.

    Learners behind come first, then by fewest lessons done.
    """
    return who_is_behind_many([assignment], today)[assignment.id]


def who_is_behind_many(assignments: list[Assignment], today: date | None = None) -> dict[int, list[BehindRow]]:
    """:func:`who_is_behind` of several assignments, by assignment id, with the same few queries
    however many there are (a class's assignments page lists them all): the class lists, the
    learners given work one by one, the extensions and the lessons done, each read once."""
    today = today or local_today()
    assignments = list(assignments)
    lessons = {a.id: [lesson.id for lesson in assignment_lessons(a)] for a in assignments}
    reached = assignments_learners(assignments)
    learner_ids = {learner.id for learners in reached.values() for learner in learners}
    lesson_ids = {lesson_id for ids in lessons.values() for lesson_id in ids}
    extended = _extension_dues([a.id for a in assignments], learner_ids)
    done: set[tuple[int, int]] = set()
    if lesson_ids and learner_ids:
        done = set(db.session.execute(
            db.select(LessonProgress.learner_id, LessonProgress.lesson_id).where(
                one_of(LessonProgress.learner_id, learner_ids), one_of(LessonProgress.lesson_id, lesson_ids),
                LessonProgress.status == "done")
        ))
    result: dict[int, list[BehindRow]] = {}
    for assignment in assignments:
        ids = lessons[assignment.id]
        rows = []
        for learner in reached[assignment.id]:
            due = extended.get((assignment.id, learner.id), assignment.due_on)
            count = sum(1 for lesson_id in ids if (learner.id, lesson_id) in done)
            rows.append(BehindRow(learner, count, len(ids), due, due != assignment.due_on,
                                  due is not None and due < today and count < len(ids)))
        rows.sort(key=lambda r: (not r.behind, r.done, r.learner.full_name))
        result[assignment.id] = rows
    return result
