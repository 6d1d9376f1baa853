"""Course logic outside quizzes: which courses a user sees, lesson progress, time on task, tasks.

Functions take objects and validated data, change the session and flush; the view commits.
Quiz attempts live in :mod:`training.courses.quiz`.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy.orm import selectinload

from training import audit, events
from training.clock import now_utc
from training.courses.models import (
    Course, FacilityCourse, Lesson, LessonProgress, QuizAttempt, Task, TaskDraft, TaskSubmission,
)
from training.courses.outline import LessonEntry, outline
from training.extensions import db, gettext as _, one_of

# A gap between two page views longer than this counts only this much: a PC left alone with a
# lesson open must not add hours.
MAX_GAP_SECONDS = 300
# Time on a lesson whose page is served again from a worker's kept pages (training/page_cache.py)
# is added up in the session and written once it reaches this, or at the next page that writes.
PENDING_WRITE_SECONDS = 300
# Pages of the open lesson closer together than this are counted as one gap (see tick_moves_on).
NOTE_EVERY_SECONDS = 30


class CourseError(ValueError):
    """A request that can't be carried out; the message is for the user."""


# --- which courses ---------------------------------------------------------------------------

def enabled_courses(facility_id: int | None) -> list[Course]:
    """The courses a facility offers, by title."""
    return facilities_enabled_courses([facility_id])[facility_id]


def facilities_enabled_courses(facility_ids) -> dict[int | None, list[Course]]:
    """:func:`enabled_courses` of several facilities, by facility id, in one query."""
    by_facility: dict[int | None, list[Course]] = {facility_id: [] for facility_id in facility_ids}
    wanted = [facility_id for facility_id in by_facility if facility_id is not None]
    if not wanted:
        return by_facility
    for facility_id, course in db.session.execute(
        db.select(FacilityCourse.facility_id, Course)
        .join(FacilityCourse, FacilityCourse.course_id == Course.id)
        .where(one_of(FacilityCourse.facility_id, wanted))
        .order_by(Course.title, Course.id)
    ):
        by_facility[facility_id].append(course)
    return by_facility


def is_enabled(course: Course, facility_id: int | None) -> bool:
    """Does the facility offer this course?"""
    return facility_id is not None and db.session.get(FacilityCourse, (facility_id, course.id)) is not None


_NARROWERS: list[Callable[[list], dict[int, list[Course] | None]]] = []


def narrow_visible_courses(narrower: Callable[[list], dict[int, list[Course] | None]]) -> None:
    """Let another feature narrow the courses learners see (registered once, at start-up).

    ``narrower(learners)`` answers, per learner id, the courses that learner is held to, or None
    to leave the facility's offer as it is. The instructor's assignments do this
    (:func:`training.teaching.assignments.learners_assigned_courses`); courses itself knows nothing
    of teaching.
    """
    if narrower not in _NARROWERS:
        _NARROWERS.append(narrower)


_HOME_BLOCKS: list[Callable[[object], dict]] = []


def add_home_block(provider: Callable[[object], dict]) -> None:
    """Let another feature add a block to the learner's home page (registered once, at start-up).

    ``provider(learner)`` answers the template variables of its block, all loaded before the page
    renders (a template never queries). The instructor's assigned and graded work do this.
    """
    if provider not in _HOME_BLOCKS:
        _HOME_BLOCKS.append(provider)


def home_blocks(learner) -> dict:
    """The template variables of every registered home-page block, for ``learner``."""
    blocks: dict = {}
    for provider in _HOME_BLOCKS:
        blocks.update(provider(learner))
    return blocks


def visible_courses(learner) -> list[Course]:
    """The courses a learner works on.

    Every course enabled for the learner's facility, unless a registered narrower (assigned work)
    holds the learner to some courses: see :func:`narrow_visible_courses`.
    """
    return learners_visible_courses([learner])[learner.id]


def learners_visible_courses(learners) -> dict[int, list[Course]]:
    """:func:`visible_courses` of several learners, by learner id.

    A few queries whatever the number of learners: most learners of a facility see the same
    enabled courses, read once per facility.
    """
    assigned: dict[int, list[Course] | None] = {learner.id: None for learner in learners}
    for narrower in _NARROWERS:
        for learner_id, courses in narrower(learners).items():
            if courses is not None and assigned.get(learner_id) is None:
                assigned[learner_id] = courses
    enabled = facilities_enabled_courses({learner.facility_id for learner in learners if assigned[learner.id] is None})
    return {learner.id: list(enabled[learner.facility_id]) if assigned[learner.id] is None else assigned[learner.id]
            for learner in learners}


def set_enabled(facility, course: Course, enabled: bool, actor=None) -> bool:
    """Offer (or stop offering) a course at a facility. Returns True when something changed.

    Stopping keeps every learner record; enabling again brings the learners' progress back.
    """
    row = db.session.get(FacilityCourse, (facility.id, course.id))
    if enabled and row is None:
        db.session.add(FacilityCourse(facility_id=facility.id, course_id=course.id,
                                      enabled_by_id=getattr(actor, "id", None)))
    elif not enabled and row is not None:
        db.session.delete(row)
    else:
        return False
    db.session.flush()
    audit.record("course.enabled" if enabled else "course.disabled", course, facility_id=facility.id,
                 slug=course.slug)
    return True


# --- progress --------------------------------------------------------------------------------

def progress_by_lesson(learner, lessons: list[Lesson]) -> dict[int, Any]:
    """The learner's progress for these lessons (each a row with ``lesson_id``, ``status`` and
    ``last_seen_dt``), by lesson id."""
    return learners_progress_by_lesson({learner.id: lessons})[learner.id]


def learners_progress_by_lesson(lessons_by_learner: dict[int, list[Lesson]]) -> dict[int, dict[int, Any]]:
    """:func:`progress_by_lesson` of several learners, each for their own lessons, by learner id (one query).

    The figures a progress page reads, not whole rows: a caseload page reads hundreds of them.
    """
    wanted = {learner_id: {lesson.id for lesson in lessons} for learner_id, lessons in lessons_by_learner.items()}
    result: dict[int, dict[int, Any]] = {learner_id: {} for learner_id in wanted}
    lesson_ids = set().union(*wanted.values()) if wanted else set()
    if not lesson_ids:
        return result
    rows = db.session.execute(
        db.select(LessonProgress.learner_id, LessonProgress.lesson_id, LessonProgress.status,
                  LessonProgress.last_seen_dt)
        .where(one_of(LessonProgress.learner_id, list(wanted)), one_of(LessonProgress.lesson_id, lesson_ids))
    )
    for row in rows:
        if row.lesson_id in wanted[row.learner_id]:
            result[row.learner_id][row.lesson_id] = row
    return result


def lesson_status(progress: Any) -> str:
    """not_started, in_progress or done."""
    return "not_started" if progress is None else progress.status


@dataclass
class CourseProgress:
    """A course as a learner stands in it."""

    course: Course
    lessons: list[Lesson]
    statuses: dict[int, str]
    next_lesson: Lesson | None  # where to continue: the first lesson not done
    last_seen_dt: datetime | None

    @property
    def done(self) -> int:
        """How many lessons are done."""
        return sum(1 for status in self.statuses.values() if status == "done")

    @property
    def percent(self) -> int:
        """Share of the lessons done, 0..100."""
        return round(100 * self.done / len(self.lessons)) if self.lessons else 0


def active_lessons(course_ids: list[int], *, with_details: bool = False) -> dict[int, list[Lesson]]:
    """The active lessons of several courses in one query, in order, by course id.

    ``with_details`` also loads each lesson's task and quiz questions (two queries in all), for
    pages that list them; without it, reading ``lesson.task`` in a loop costs a query per lesson.
    """
    by_course: dict[int, list[Lesson]] = {course_id: [] for course_id in course_ids}
    if not course_ids:
        return by_course
    query = (db.select(Lesson)
             .where(one_of(Lesson.course_id, course_ids), Lesson.is_active.is_(True))
             .order_by(Lesson.course_id, Lesson.position))
    if with_details:
        query = query.options(selectinload(Lesson.task), selectinload(Lesson.questions))
    for lesson in db.session.scalars(query):
        by_course[lesson.course_id].append(lesson)
    return by_course


def courses_progress(learner, courses: list[Course], *, with_details: bool = False) -> list[CourseProgress]:
    """:func:`course_progress` for several courses, with two queries in all (not two per course)."""
    return learners_courses_progress({learner.id: courses}, with_details=with_details)[learner.id]


def learners_courses_progress(courses_by_learner: dict[int, list[Course]], *,
                              with_details: bool = False) -> dict[int, list[CourseProgress]]:
    """:func:`courses_progress` of several learners, each in their own courses, by learner id.

    Two queries in all: the active lessons of every course named, and every learner's progress rows.
    """
    course_ids = list(dict.fromkeys(course.id for courses in courses_by_learner.values() for course in courses))
    lessons = active_lessons(course_ids, with_details=with_details)
    rows = learners_progress_by_lesson({
        learner_id: [lesson for course in courses for lesson in lessons[course.id]]
        for learner_id, courses in courses_by_learner.items()
    })
    return {learner_id: [_course_progress(course, list(lessons[course.id]), rows[learner_id]) for course in courses]
            for learner_id, courses in courses_by_learner.items()}


def course_progress(learner, course: Course, *, with_details: bool = False) -> CourseProgress:
    """Lesson statuses of one course for one learner, and where they should continue."""
    return courses_progress(learner, [course], with_details=with_details)[0]


def _course_progress(course: Course, lessons: list[Lesson], rows: dict[int, Any]) -> CourseProgress:
    statuses = {lesson.id: lesson_status(rows.get(lesson.id)) for lesson in lessons}
    in_progress = [rows[lesson.id] for lesson in lessons if statuses[lesson.id] == "in_progress"]
    if in_progress:  # the lesson they were last on, if it is not done yet
        latest = max(in_progress, key=lambda row: row.last_seen_dt)
        next_lesson = next(lesson for lesson in lessons if lesson.id == latest.lesson_id)
    else:
        next_lesson = next((lesson for lesson in lessons if statuses[lesson.id] != "done"), None)
    seen = [rows[lesson.id].last_seen_dt for lesson in lessons if lesson.id in rows]
    return CourseProgress(course, lessons, statuses, next_lesson, max(seen) if seen else None)


def start_lesson(learner, lesson: Lesson, at_dt: datetime | None = None, *, reopened: bool = False) -> LessonProgress:
    """The learner's progress row for a lesson, created (in progress) on the first visit.

    A new row is flushed at once; on a later visit only ``last_seen_dt`` changes, and that UPDATE
    waits for the next query or the commit, so a lesson page holds no write lock while it renders.
    ``reopened``: the learner is reloading the lesson they already had open; ``last_seen_dt`` (when
    the lesson was last opened, which orders "Lanjutkan") stays, so a reload writes nothing.
    """
    at_dt = at_dt or now_utc()
    row = db.session.scalar(
        db.select(LessonProgress).where(LessonProgress.learner_id == learner.id, LessonProgress.lesson_id == lesson.id)
    )
    if row is None:
        row = LessonProgress(learner_id=learner.id, lesson_id=lesson.id, status="in_progress",
                             started_dt=at_dt, last_seen_dt=at_dt, seconds_spent=0)
        db.session.add(row)
        db.session.flush()
    elif not reopened:
        row.last_seen_dt = at_dt
    return row


def tick_time(tick, now: float) -> tuple[int, int] | None:
    """What the session's tick ``[lesson id, time of the last page, seconds added up]`` holds at
    ``now``: the open lesson and its seconds so far, this gap counted at most MAX_GAP_SECONDS
    (None for a tick that can't be read). The one rule for both the view that writes the time and
    a kept page that only adds it up (training/page_cache.py)."""
    if not isinstance(tick, list) or len(tick) not in (2, 3):
        return None
    try:
        gap = int(min(max(now - float(tick[1]), 0), MAX_GAP_SECONDS))
        added = min(max(int(tick[2]), 0), PENDING_WRITE_SECONDS) if len(tick) == 3 else 0
        return int(tick[0]), gap + added
    except (TypeError, ValueError):
        return None


def tick_moves_on(tick, now: float) -> bool:
    """Should another page of the open lesson at ``now`` move the session's tick on (its gap added
    up, its time noted)? Not within NOTE_EVERY_SECONDS of the last page noted: that gap is then
    counted with the next page's, the total is the same, and the session cookie is not signed and
    sent again for a reload a few seconds later. ``tick`` is one :func:`tick_time` could read."""
    return now - float(tick[1]) >= NOTE_EVERY_SECONDS


def add_time(learner, lesson_id: int, seconds: float) -> None:
    """Add time on task to a lesson the learner has open: the gaps between its page views, each
    capped at MAX_GAP_SECONDS by the caller, so at most PENDING_WRITE_SECONDS + MAX_GAP_SECONDS.

    One UPDATE that adds in the database (no read first): a page view never waits to read the row
    and two tabs' views never overwrite each other's time.
    """
    seconds = int(min(max(seconds, 0), PENDING_WRITE_SECONDS + MAX_GAP_SECONDS))
    if seconds <= 0:
        return
    db.session.execute(
        db.update(LessonProgress)
        .where(LessonProgress.learner_id == learner.id, LessonProgress.lesson_id == lesson_id)
        .values(seconds_spent=LessonProgress.seconds_spent + seconds)
        .execution_options(synchronize_session="evaluate")
    )


def complete_lesson(learner, lesson: Lesson, at_dt: datetime | None = None) -> LessonProgress:
    """Mark a lesson done (kept done: a later worse quiz attempt does not undo it); announced once."""
    at_dt = at_dt or now_utc()
    row = start_lesson(learner, lesson, at_dt)
    newly_done = row.status != "done"
    if newly_done:
        row.status, row.completed_dt = "done", at_dt
    db.session.flush()
    if newly_done:
        events.lesson_completed.send(learner, course=lesson.course)
    return row


def mark_read(learner, lesson: Lesson) -> LessonProgress:
    """The learner says they finished a lesson that has no quiz."""
    if lesson.has_quiz:
        raise CourseError(_("Pelajaran ini selesai setelah Anda lulus kuisnya."))
    return complete_lesson(learner, lesson)


def neighbours(lesson: Lesson) -> tuple[LessonEntry | None, LessonEntry | None]:
    """The previous and next active lessons of the same course (slug and title), from the
    course's outline kept per worker."""
    return outline(lesson.course).neighbours(lesson.id)


def open_attempt(learner, lesson: Lesson) -> QuizAttempt | None:
    """The learner's unfinished attempt at a lesson's quiz, if any."""
    return db.session.scalar(
        db.select(QuizAttempt).where(
            QuizAttempt.learner_id == learner.id, QuizAttempt.lesson_id == lesson.id, QuizAttempt.finished_dt.is_(None)
        )
    )


# --- practical tasks -------------------------------------------------------------------------

TASK_MAX_CHARS = 20_000


def latest_submission(learner, task: Task) -> TaskSubmission | None:
    """The learner's newest submission for a task."""
    return db.session.scalar(
        db.select(TaskSubmission)
        .where(TaskSubmission.learner_id == learner.id, TaskSubmission.task_id == task.id)
        .order_by(TaskSubmission.id.desc())
        .limit(1)
    )


def submit_task(learner, task: Task, text: str) -> TaskSubmission:
    """Hand in (or hand in again) a task's work.

    While the instructor has not graded it, a new text replaces the last one. After "revise" a
    new submission starts, so the graded one stays as it was. A graded task is closed.
    """
    text = (text or "").strip()
    if not text:
        raise CourseError(_("Tulis jawaban Anda dulu."))
    if len(text) > TASK_MAX_CHARS:
        raise CourseError(_("Jawaban terlalu panjang."))
    now = now_utc()
    current = latest_submission(learner, task)
    if current is not None and current.status == "graded":
        raise CourseError(_("Tugas ini sudah dinilai dan tidak bisa dikirim lagi."))
    if current is not None and current.status == "submitted":
        current.text, current.updated_dt = text, now
    else:
        current = TaskSubmission(learner_id=learner.id, task_id=task.id, text=text, status="submitted",
                                 submitted_dt=now, updated_dt=now)
        db.session.add(current)
    draft = task_draft(learner, task)
    if draft is not None:
        db.session.delete(draft)  # handed in: the draft has done its job
    start_lesson(learner, task.lesson, now)
    db.session.flush()
    return current


def task_draft(learner, task: Task) -> TaskDraft | None:
    """The learner's saved draft of a task, if any."""
    return db.session.scalar(
        db.select(TaskDraft).where(TaskDraft.learner_id == learner.id, TaskDraft.task_id == task.id))


def save_draft(learner, task: Task, text: str) -> TaskDraft:
    """Keep a task's work in progress (not handed in), so an ended session loses nothing."""
    text = (text or "").rstrip()
    if len(text) > TASK_MAX_CHARS:
        raise CourseError(_("Jawaban terlalu panjang."))
    current = latest_submission(learner, task)
    if current is not None and current.status == "graded":
        raise CourseError(_("Tugas ini sudah dinilai dan tidak bisa dikirim lagi."))
    draft = task_draft(learner, task)
    if draft is None:
        draft = TaskDraft(learner_id=learner.id, task_id=task.id, text=text)
        db.session.add(draft)
    draft.text, draft.saved_dt = text, now_utc()
    db.session.flush()
    return draft
