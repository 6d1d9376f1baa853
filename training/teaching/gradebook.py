"""The gradebook: a class's learners by a course's lessons, and everything one learner did.

The table is built once as rows of :class:`Cell` and both the page and the CSV export print the
cells' ``text``, so the two always match. Numbers are written the Indonesian way (decimal comma,
no thousands separator) and dates as dd/mm/yyyy, which a spreadsheet in an Indonesian locale reads
as numbers and dates. The CSV is UTF-8 with a BOM and ``;`` between fields.

Lesson cells: a quiz lesson shows the counted attempt's score (percent); a lesson without a quiz
shows "selesai" once done. A lesson finished after its due date (or not finished once the due
date passed) is listed under "Pelajaran terlambat" by its number (P1, P2, ...). A lesson's column
is headed by its number and title ("P1 Uang usaha"), so a spreadsheet needs no legend.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from sqlalchemy.orm import selectinload

from training.accounts.models import TrainingClass, User
from training.teaching import assignments as assigning
from training.teaching.attendance import class_attendance_summaries, class_learners
from training.courses.models import Course, Lesson, LessonProgress, QuizAttempt, TaskSubmission
from training.teaching.models import Grading
from training.courses.quiz import counted_attempt
from training.courses.services import enabled_courses
from training.extensions import db, gettext as _, one_of
from training.spreadsheet import csv_text, safe_text


# --- cells ---------------------------------------------------------------------------------------

def format_number(value: float) -> str:
    """A number as an Indonesian spreadsheet reads it: 85,5 and 90 (one decimal at most)."""
    rounded = round(float(value), 1)
    if rounded == int(rounded):
        return str(int(rounded))
    return f"{rounded:.1f}".replace(".", ",")


def format_date(value: date | None) -> str:
    """A date as dd/mm/yyyy ("" for none)."""
    return value.strftime("%d/%m/%Y") if value else ""


@dataclass
class Cell:
    """One table cell: what is printed (screen and CSV alike) and how it looks on screen."""

    text: str
    kind: str = "text"  # text, number or date
    css: str = ""

    @classmethod
    def number(cls, value: float | None, css: str = "") -> "Cell":
        """A number cell ("" when there is no value)."""
        return cls("" if value is None else format_number(value), "number", css)


@dataclass
class Gradebook:
    """A class by a course: header cells, one row of cells per learner, and the lesson legend."""

    training_class: TrainingClass
    course: Course | None
    header: list[str]
    rows: list[list[Cell]]
    learners: list[User]
    legend: list[tuple[str, str]] = field(default_factory=list)

    def as_csv(self) -> bytes:
        """The table as CSV for an Indonesian spreadsheet: UTF-8 with BOM, ``;``, CRLF."""
        return ("\ufeff" + csv_text([self.header, *([cell.text for cell in row] for row in self.rows)])).encode("utf-8")


# --- which courses -------------------------------------------------------------------------------

def class_courses(training_class: TrainingClass) -> list[Course]:
    """Courses to pick from for a class: those assigned to it or its learners first, then the rest offered."""
    assigned_ids = [a.course_id for a in assigning.class_assignments(training_class)]
    offered = enabled_courses(training_class.facility_id)
    first = [c for c in offered if c.id in assigned_ids]
    return first + [c for c in offered if c.id not in assigned_ids]


# --- the table -----------------------------------------------------------------------------------

def build(training_class: TrainingClass, course: Course | None) -> Gradebook:
    """The gradebook of a class for one course."""
    learners = class_learners(training_class)
    header = [_("Nama"), _("No. reg.")]
    lessons = list(course.lessons) if course is not None else []
    legend = [(f"P{lesson.position}", lesson.title) for lesson in lessons]
    header += [f"{code} {title}" for code, title in legend]
    tasks = [lesson.task for lesson in lessons if lesson.task is not None]
    header += [_("Poin tugas P%(n)d %(title)s", n=task.lesson.position, title=task.title) for task in tasks]
    header += [_("Pelajaran selesai"), _("Pelajaran terlambat"), _("Hadir (%)"), _("Menit hadir"),
               _("Aktif terakhir")]

    ids = [u.id for u in learners]
    lesson_ids = [lesson.id for lesson in lessons]
    progress = {}
    attempts: dict[tuple[int, int], list[QuizAttempt]] = {}
    if ids and lesson_ids:
        for row in db.session.scalars(db.select(LessonProgress).where(
                one_of(LessonProgress.learner_id, ids), one_of(LessonProgress.lesson_id, lesson_ids))):
            progress[(row.learner_id, row.lesson_id)] = row
        for attempt in db.session.scalars(db.select(QuizAttempt).where(
                one_of(QuizAttempt.learner_id, ids), one_of(QuizAttempt.lesson_id, lesson_ids)).order_by(QuizAttempt.number)):
            attempts.setdefault((attempt.learner_id, attempt.lesson_id), []).append(attempt)
    last_seen = _last_activity(ids)
    dues = assigning.class_lesson_due_dates(learners, course) if course is not None else {}
    task_cells = _task_cells(ids, tasks)
    summaries = class_attendance_summaries(training_class, learners)

    rows = []
    for learner in learners:
        due = dues.get(learner.id, {})
        cells = [Cell(safe_text(learner.full_name)), Cell(safe_text(learner.reg_number or ""))]
        done, late = 0, []
        for lesson in lessons:
            row = progress.get((learner.id, lesson.id))
            is_done = row is not None and row.status == "done"
            done += is_done
            lesson_late = assigning.is_late(row, due.get(lesson.id))
            if lesson_late:
                late.append(f"P{lesson.position}")
            css = " ".join(filter(None, ["cell-done" if is_done else "", "cell-late" if lesson_late else ""]))
            if lesson.has_quiz:
                counted = counted_attempt(lesson, attempts.get((learner.id, lesson.id), []))
                if counted is not None and not counted.passed:
                    css += " cell-failed"
                cells.append(Cell.number(counted.score if counted is not None else None, css.strip()))
            else:
                cells.append(Cell(_("selesai") if is_done else "", "text", css))
        cells += [task_cells.get((learner.id, task.id), Cell("")) for task in tasks]
        summary = summaries[learner.id]
        cells += [
            Cell.number(done),
            Cell(", ".join(late), "text", "cell-late" if late else ""),
            Cell.number(100 * summary["rate"] if summary["rate"] is not None else None),
            Cell.number(summary["minutes"]),
            Cell(format_date(last_seen.get(learner.id)), "date"),
        ]
        rows.append(cells)
    return Gradebook(training_class, course, header, rows, learners, legend)


def _task_cells(learner_ids: list[int], tasks: list) -> dict[tuple[int, int], Cell]:
    """By (learner id, task id): the best graded points of a task, or where it stands in words.

    Two queries for the whole table; a learner with no submission of a task has no entry.
    """
    if not learner_ids or not tasks:
        return {}
    submissions = list(db.session.scalars(db.select(TaskSubmission).where(
        one_of(TaskSubmission.learner_id, learner_ids), one_of(TaskSubmission.task_id, [t.id for t in tasks]))
        .order_by(TaskSubmission.id)))
    best: dict[int, float] = {}
    for grade in db.session.scalars(db.select(Grading).where(
            one_of(Grading.submission_id, [s.id for s in submissions]), Grading.status == "graded")):
        best[grade.submission_id] = grade.points
    by_pair: dict[tuple[int, int], list[TaskSubmission]] = {}
    for submission in submissions:
        by_pair.setdefault((submission.learner_id, submission.task_id), []).append(submission)
    cells = {}
    for pair, made in by_pair.items():
        points = [best[s.id] for s in made if s.id in best]
        if points:
            cells[pair] = Cell.number(max(points), "cell-done")
        else:
            cells[pair] = Cell(_("perlu diperbaiki") if made[-1].status == "revise" else _("menunggu nilai"))
    return cells


def _last_activity(learner_ids: list[int]) -> dict[int, date]:
    """The facility-calendar date each learner last opened a lesson or handed in a task."""
    if not learner_ids:
        return {}
    latest = {}
    for learner_id, when in db.session.execute(
        db.select(LessonProgress.learner_id, db.func.max(LessonProgress.last_seen_dt))
        .where(one_of(LessonProgress.learner_id, learner_ids)).group_by(LessonProgress.learner_id)
    ):
        latest[learner_id] = when
    for learner_id, when in db.session.execute(
        db.select(TaskSubmission.learner_id, db.func.max(TaskSubmission.updated_dt))
        .where(one_of(TaskSubmission.learner_id, learner_ids)).group_by(TaskSubmission.learner_id)
    ):
        if learner_id not in latest or when > latest[learner_id]:
            latest[learner_id] = when
    return {key: assigning.local_date(value) for key, value in latest.items()}


# --- one learner ---------------------------------------------------------------------------------

@dataclass
class LessonLine:
    """One lesson in a learner's record."""

    lesson: object
    progress: LessonProgress | None
    due_on: date | None
    late: bool
    attempts: list[QuizAttempt]
    counted: QuizAttempt | None


@dataclass
class CourseRecord:
    """A course in a learner's record."""

    course: Course
    lessons: list[LessonLine]
    submissions: list[tuple[TaskSubmission, Grading | None]]


def learner_record(learner: User) -> list[CourseRecord]:
    """Every course the learner has touched or is assigned, with lessons, attempts and tasks."""
    progress = {p.lesson_id: p for p in db.session.scalars(
        db.select(LessonProgress).where(LessonProgress.learner_id == learner.id))}
    touched = set(db.session.scalars(
        db.select(Lesson.course_id).where(one_of(Lesson.id, progress)))) if progress else set()
    touched |= {a.course_id for a in assigning.learner_assignments(learner)}
    courses = sorted(db.session.scalars(db.select(Course).where(one_of(Course.id, touched))), key=lambda c: c.title) \
        if touched else []
    attempts: dict[int, list[QuizAttempt]] = {}
    for attempt in db.session.scalars(db.select(QuizAttempt).where(QuizAttempt.learner_id == learner.id)
                                      .order_by(QuizAttempt.number)):
        attempts.setdefault(attempt.lesson_id, []).append(attempt)
    graded = {g.submission_id: g for g in db.session.scalars(
        db.select(Grading).where(Grading.learner_id == learner.id, Grading.submission_id.is_not(None)))}
    submissions_of: dict[int, list[tuple[TaskSubmission, Grading | None]]] = {}
    for submission in db.session.scalars(
            db.select(TaskSubmission).options(selectinload(TaskSubmission.task))
            .where(TaskSubmission.learner_id == learner.id).order_by(TaskSubmission.id)):
        submissions_of.setdefault(submission.task.course_id, []).append((submission, graded.get(submission.id)))
    records = []
    for course in courses:
        due = assigning.lesson_due_dates(learner, course)
        lines = []
        for lesson in course.lessons:
            made = attempts.get(lesson.id, [])
            row = progress.get(lesson.id)
            lines.append(LessonLine(lesson, row, due.get(lesson.id), assigning.is_late(row, due.get(lesson.id)),
                                    made, counted_attempt(lesson, made) if lesson.has_quiz else None))
        records.append(CourseRecord(course, lines, submissions_of.get(course.id, [])))
    return records
