"""Grading practical tasks and essay answers with their rubrics.

The instructor picks one level per rubric criterion; the points are the sum of the chosen levels.
The *level reached* is the highest level label whose share of the maximum (reaching that label in
every criterion, as ``certificate.practical_min_level`` reads it) the total reaches.

A grade is kept in :class:`~training.teaching.models.Grading` and copied onto the task
submission (status, score, feedback) or the essay answer (score, feedback), which the learner's
pages read. Every change is audited with the old and new value; changing an existing grade needs
a reason. Concurrency: the form carries the version it was loaded at; a save at another version
raises :class:`GradeConflict` carrying the current grade, and a save racing another at the same
moment fails at the database (version check or unique key) so the view can say the same.

Functions flush, never commit.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.orm import aliased, selectinload

from training import audit, events
from training.access import submission_filter
from training.accounts.models import User
from training.clock import now_utc
from training.courses.models import AttemptAnswer, Lesson, QuizAttempt, Task, TaskSubmission
from training.teaching.models import GRADE_STATUSES, Grading
from training.courses.quiz import score_attempt
from training.courses.services import complete_lesson
from training.extensions import db, gettext as _, one_of

# An essay question written without a rubric is graded with this one.
DEFAULT_ESSAY_RUBRIC = [
    {"criterion": "Isi jawaban", "levels": [
        {"label": "Belum", "points": 0, "description": "Belum menjawab pertanyaan."},
        {"label": "Cukup", "points": 1, "description": "Menjawab sebagian, ada yang kurang atau keliru."},
        {"label": "Baik", "points": 2, "description": "Menjawab dengan benar dan jelas."},
        {"label": "Sangat baik", "points": 3, "description": "Benar, jelas, dengan contoh atau alasan sendiri."},
    ]},
]
FEEDBACK_MAX_CHARS = 4000


class GradingError(ValueError):
    """A grade that can't be saved as given; the message is for the user."""


class GradeConflict(Exception):
    """Someone else saved a grade for this work since the form was loaded."""

    def __init__(self, current: Grading | None):
        super().__init__("grade changed since it was loaded")
        self.current = current


# --- pure rubric arithmetic ----------------------------------------------------------------------

def rubric_max(rubric: list[dict]) -> float:
    """The sum of the highest level of every criterion."""
    return float(sum(max(level["points"] for level in c["levels"]) for c in rubric))


def level_share(rubric: list[dict], label: str) -> float | None:
    """The share of the maximum that reaching ``label`` in every criterion gives (None if absent)."""
    maximum = rubric_max(rubric)
    total = 0.0
    for criterion in rubric:
        points = [level["points"] for level in criterion["levels"] if level["label"] == label]
        if not points:
            return None
        total += points[0]
    return total / maximum if maximum else None


def level_reached(rubric: list[dict], share: float) -> str | None:
    """The highest level label whose share ``share`` reaches; None for an empty rubric."""
    if not rubric:
        return None
    labels = [level["label"] for level in rubric[0]["levels"]]
    for label in reversed(labels):
        needed = level_share(rubric, label)
        if needed is not None and share + 1e-9 >= needed:
            return label
    return None


@dataclass(frozen=True)
class Score:
    """The outcome of a set of chosen levels."""

    levels: list[dict]
    points: float
    max_points: float
    label: str | None

    @property
    def share(self) -> float:
        """Points as a share of the maximum, 0..1."""
        return self.points / self.max_points if self.max_points else 0.0


def score_levels(rubric: list[dict], chosen: list[int | None]) -> Score:
    """Points for one chosen level index per criterion. Every criterion needs a level."""
    if len(chosen) != len(rubric) or any(
        index is None or not 0 <= index < len(c["levels"]) for index, c in zip(chosen, rubric)
    ):
        raise GradingError(_("Pilih satu tingkat untuk setiap kriteria."))
    levels = []
    for index, criterion in zip(chosen, rubric):
        level = criterion["levels"][index]
        levels.append({"criterion": criterion["criterion"], "level": index, "label": level["label"],
                       "points": float(level["points"])})
    points = float(sum(item["points"] for item in levels))
    maximum = rubric_max(rubric)
    return Score(levels, points, maximum, level_reached(rubric, points / maximum if maximum else 0.0))


# --- what is graded ------------------------------------------------------------------------------

def submission_rubric(submission: TaskSubmission) -> list[dict]:
    """The rubric a task submission is graded with (from the course content)."""
    return list(submission.task.rubric or [])


def answer_rubric(answer: AttemptAnswer) -> list[dict]:
    """The rubric of an essay answer's question version, or the default essay rubric."""
    return list(answer.version.data.get("rubric") or DEFAULT_ESSAY_RUBRIC)


def grading_of_submission(submission: TaskSubmission) -> Grading | None:
    """The grade of a task submission, if it has one."""
    return db.session.scalar(db.select(Grading).where(Grading.submission_id == submission.id))


def grading_of_answer(answer: AttemptAnswer) -> Grading | None:
    """The grade of an essay answer, if it has one."""
    return db.session.scalar(db.select(Grading).where(Grading.answer_id == answer.id))


def _snapshot(grading: Grading | None) -> dict | None:
    if grading is None:
        return None
    return {"points": grading.points, "max_points": grading.max_points, "level": grading.level_label,
            "status": grading.status, "levels": [item["label"] for item in grading.levels],
            "feedback": grading.feedback}


def _save(actor, grading: Grading | None, *, kind: str, learner_id: int, target: dict, score: Score,
          feedback: str, status: str, loaded_version: int, reason: str) -> Grading:
    """The shared part of grading a task or an essay: version check, audit, write."""
    current_version = grading.version if grading is not None else 0
    if loaded_version != current_version:
        raise GradeConflict(grading)
    if status not in GRADE_STATUSES:
        raise GradingError(_("Pilih: nilai selesai atau perlu diperbaiki."))
    feedback = (feedback or "").strip()
    if len(feedback) > FEEDBACK_MAX_CHARS:
        raise GradingError(_("Catatan terlalu panjang."))
    reason = (reason or "").strip()
    if grading is not None and not reason:
        raise GradingError(_("Tulis alasan mengubah nilai."))
    old = _snapshot(grading)
    if grading is None:
        grading = Grading(kind=kind, learner_id=learner_id, **target)
        db.session.add(grading)
    grading.levels, grading.points, grading.max_points = score.levels, score.points, score.max_points
    grading.level_label, grading.feedback, grading.status = score.label, feedback, status
    grading.graded_by_id, grading.graded_dt = actor.id, now_utc()
    db.session.flush()  # the version check (or the unique key) fails here on a race
    audit.record("grade.changed" if old else "grade.created", grading, actor=actor,
                 facility_id=db.session.get(User, learner_id).facility_id, kind=kind, learner_id=learner_id,
                 old=old, new=_snapshot(grading), reason=reason or None, **target)
    return grading


def grade_submission(actor, submission: TaskSubmission, chosen: list[int | None], *, feedback: str,
                     status: str, loaded_version: int, reason: str = "") -> Grading:
    """Grade a practical task submission, or send it back for revision, with rubric levels."""
    score = score_levels(submission_rubric(submission), chosen)
    grading = _save(actor, grading_of_submission(submission), kind="task", learner_id=submission.learner_id,
                    target={"submission_id": submission.id}, score=score, feedback=feedback, status=status,
                    loaded_version=loaded_version, reason=reason)
    submission.status = status
    submission.score, submission.max_score = score.points, score.max_points
    submission.grades, submission.feedback = score.levels, grading.feedback or None
    submission.graded_dt, submission.grader_id = grading.graded_dt, actor.id
    db.session.flush()
    events.task_graded.send(db.session.get(User, submission.learner_id), course=submission.task.course)
    return grading


def grade_essay(actor, answer: AttemptAnswer, chosen: list[int | None], *, feedback: str,
                loaded_version: int, reason: str = "") -> Grading:
    """Grade an essay answer with its rubric; the attempt's score is worked out again."""
    score = score_levels(answer_rubric(answer), chosen)
    attempt = db.session.get(QuizAttempt, answer.attempt_id)
    grading = _save(actor, grading_of_answer(answer), kind="essay", learner_id=attempt.learner_id,
                    target={"answer_id": answer.id}, score=score, feedback=feedback, status="graded",
                    loaded_version=loaded_version, reason=reason)
    answer.score = round(score.share, 4)
    answer.correct = score.share >= 0.5
    answer.needs_review = False
    answer.feedback = grading.feedback or None
    db.session.flush()
    rescore_attempt(attempt)
    events.task_graded.send(db.session.get(User, attempt.learner_id), course=attempt.lesson.course)
    return grading


def rescore_attempt(attempt: QuizAttempt) -> QuizAttempt:
    """Work out a finished attempt's score again, counting graded essays; ungraded ones stay out.

    A lesson passed stays done even if a changed grade lowers the score (as quizzes do).
    """
    if not attempt.is_finished:
        return attempt
    score_attempt(attempt)
    if attempt.passed:
        complete_lesson(db.session.get(User, attempt.learner_id), attempt.lesson, attempt.finished_dt)
    db.session.flush()
    return attempt


# --- the queue -----------------------------------------------------------------------------------

@dataclass
class QueueItem:
    """One piece of work waiting for a grade."""

    kind: str  # task or essay
    id: int
    learner: User
    title: str
    course_title: str
    waiting_since: datetime
    again: bool = False  # handed in again after "perlu diperbaiki"


def queue(instructor: User) -> list[QueueItem]:
    """Tasks and essay answers of the instructor's facility's learners waiting for a grade, oldest
    first; the tasks are those the access policy lets the instructor grade (``submission_filter``)."""
    items = []
    earlier = aliased(TaskSubmission)
    handed_in_before = (db.select(earlier.id).where(
        earlier.learner_id == TaskSubmission.learner_id, earlier.task_id == TaskSubmission.task_id,
        earlier.id < TaskSubmission.id).exists())
    submissions = db.session.execute(
        db.select(TaskSubmission, User, handed_in_before).join(User, User.id == TaskSubmission.learner_id)
        .options(selectinload(TaskSubmission.task).selectinload(Task.course))
        .where(TaskSubmission.status == "submitted", submission_filter(instructor))
    ).all()
    for submission, learner, again in submissions:
        items.append(QueueItem("task", submission.id, learner, submission.task.title,
                               submission.task.course.title, submission.submitted_dt, bool(again)))
    answers = db.session.execute(
        db.select(AttemptAnswer, QuizAttempt, User)
        .join(QuizAttempt, QuizAttempt.id == AttemptAnswer.attempt_id)
        .join(User, User.id == QuizAttempt.learner_id)
        .options(selectinload(AttemptAnswer.version), selectinload(QuizAttempt.lesson).selectinload(Lesson.course))
        .where(AttemptAnswer.needs_review.is_(True), QuizAttempt.finished_dt.is_not(None),
               User.facility_id == instructor.facility_id)
    ).all()
    for answer, attempt, learner in answers:
        data = answer.version.data
        title = data.get("title") or attempt.lesson.title
        items.append(QueueItem("essay", answer.id, learner, title, attempt.lesson.course.title, answer.answered_dt))
    items.sort(key=lambda item: (item.waiting_since, item.kind, item.id))
    return items


def recently_graded(facility_id: int, limit: int = 20) -> list[tuple[Grading, User]]:
    """The facility's latest grades, newest first, to look at or change."""
    return list(db.session.execute(
        db.select(Grading, User).join(User, User.id == Grading.learner_id)
        .where(User.facility_id == facility_id).order_by(Grading.graded_dt.desc()).limit(limit)
    ).all())


def learners_gradings(learners: list[User]) -> dict[int, dict[int, Grading]]:
    """:func:`learner_gradings` of several learners, by learner id, in one query."""
    by_learner: dict[int, dict[int, Grading]] = {learner.id: {} for learner in learners}
    if by_learner:
        for grading in db.session.scalars(db.select(Grading).where(
                one_of(Grading.learner_id, by_learner), Grading.submission_id.is_not(None))):
            by_learner[grading.learner_id][grading.submission_id] = grading
    return by_learner


def task_level(learner: User, task: Task) -> tuple[str | None, float | None]:
    """The best graded rubric level a learner reached on a practical task: (label, share 0..1).

    Only grades with status "graded" count (work sent back for revision does not). (None, None)
    when the task has no graded submission. For certificate criteria such as
    ``practical_min_level: Baik``: compare ``share`` with :func:`level_share` of the rubric.
    """
    best = db.session.scalars(
        db.select(Grading).join(TaskSubmission, TaskSubmission.id == Grading.submission_id)
        .where(TaskSubmission.learner_id == learner.id, TaskSubmission.task_id == task.id,
               Grading.status == "graded")
    ).all()
    if not best:
        return None, None
    top = max(best, key=lambda g: (g.share, g.graded_dt))
    return top.level_label, top.share
