"""A course's certificate criteria, evaluated for one learner, with the numbers behind each.

Criteria come from ``course.md`` (``certificate:`` in the front matter, parsed by
``training.courses.content``) and are stored on ``Course.certificate_criteria``:

- ``lessons_completed``: ``all`` or a number of lessons done;
- ``min_quiz_average``: the average of the counted attempts at every quiz of the course (a quiz
  not yet taken counts as 0, so skipping a quiz never raises the average);
- ``practical_min_level``: the course's last practical task, graded at or above a rubric level
  (the share of the rubric's maximum that level gives: ``training.teaching.grading.level_share``);
- ``storefront``: milestones of the learner's shop, from ``training.storefront.milestones.milestones``.

Every criterion comes back met or not met with a sentence in plain Indonesian.
"""
from __future__ import annotations

import math
from dataclasses import asdict, dataclass

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from training.teaching.grading import level_share
from training.courses.models import Lesson, QuizAttempt, Task, TaskSubmission
from training.extensions import db, one_of
from training.storefront.milestones import milestones

MILESTONE_LABELS = {
    "product_registered": _l("Mendaftarkan paling sedikit satu produk di toko latihan"),
    "product_costed": _l("Menghitung HPP satu produk di toko latihan"),
    "season_finished": _l("Menyelesaikan satu musim jualan di toko latihan"),
    "season_profit": _l("Satu musim jualan di toko latihan selesai dengan laba"),
    "pricing_skill": _l("Menentukan harga dengan baik selama satu musim jualan"),
    "class_market_round": _l("Ikut paling sedikit satu putaran pasar kelas"),
}


@dataclass
class CriterionResult:
    """One criterion for one learner: whether it is met and why, in words a learner reads."""

    key: str
    label: str
    met: bool
    detail: str

    def to_dict(self) -> dict:
        """The JSON form kept on the certificate."""
        return {key: str(value) if key in ("label", "detail") else value for key, value in asdict(self).items()}


@dataclass
class Evaluation:
    """All criteria of a course for a learner."""

    items: list[CriterionResult]

    @property
    def all_met(self) -> bool:
        """True when every criterion holds (a course without criteria is met by finishing nothing,
        so it needs at least one criterion to issue automatically)."""
        return bool(self.items) and all(item.met for item in self.items)


def storefront_milestones(learner) -> set[str]:
    """The shop's milestones reached by ``learner``."""
    return set(milestones(learner))


def _number(value: float) -> str:
    """A score for people: 70 rather than 70.0, 66,7 with a decimal comma.

    Cut (not rounded) to one decimal, so a score just under a threshold never reads as reaching it.
    """
    cut = math.floor(value * 10 + 1e-6) / 10
    return f"{cut:.1f}".rstrip("0").rstrip(".").replace(".", ",")


def _lessons(learner, course, required) -> CriterionResult:
    from training.courses.services import course_progress

    progress = course_progress(learner, course)
    total = len(progress.lessons)
    needed = total if required == "all" else min(int(required), total)
    done = progress.done
    return CriterionResult(
        "lessons_completed",
        _("Pelajaran selesai"),
        done >= needed,
        _("%(done)d dari %(needed)d pelajaran yang diminta sudah selesai.", done=done, needed=needed),
    )


def quiz_average(learner, course) -> tuple[float, int, int]:
    """(average, quizzes taken, quizzes in the course); an untaken quiz counts as 0."""
    from training.courses.quiz import counted_attempt

    quiz_lessons = [lesson for lesson in course.lessons if lesson.has_quiz]
    if not quiz_lessons:
        return 0.0, 0, 0
    attempts = db.session.scalars(
        db.select(QuizAttempt)
        .where(QuizAttempt.learner_id == learner.id, one_of(QuizAttempt.lesson_id, [lesson.id for lesson in quiz_lessons]))
        .order_by(QuizAttempt.number)
    ).all()
    total, taken = 0.0, 0
    for lesson in quiz_lessons:
        counted = counted_attempt(lesson, [a for a in attempts if a.lesson_id == lesson.id])
        if counted is not None:
            taken += 1
            total += counted.score or 0.0
    return total / len(quiz_lessons), taken, len(quiz_lessons)


def _quizzes(learner, course, minimum: float) -> CriterionResult:
    average, taken, count = quiz_average(learner, course)
    return CriterionResult(
        "min_quiz_average",
        _("Nilai rata-rata kuis"),
        count > 0 and average + 1e-9 >= minimum,
        _("Rata-rata %(average)s dari %(count)d kuis (%(taken)d sudah dikerjakan); paling sedikit %(minimum)s.",
          average=_number(average), count=count, taken=taken, minimum=_number(minimum)),
    )


def practical_task(course) -> Task | None:
    """The task the level criterion is about: the course's last active practical task."""
    return db.session.scalar(
        db.select(Task)
        .join(Lesson, Lesson.id == Task.lesson_id)
        .where(Task.course_id == course.id, Task.is_active.is_(True), Lesson.is_active.is_(True))
        .order_by(Lesson.position.desc())
        .limit(1)
    )


def graded_submission(learner, task: Task) -> TaskSubmission | None:
    """The learner's newest graded submission for ``task`` (``status == "graded"`` with a score)."""
    return db.session.scalar(
        db.select(TaskSubmission)
        .where(TaskSubmission.learner_id == learner.id, TaskSubmission.task_id == task.id,
               TaskSubmission.status == "graded", TaskSubmission.score.is_not(None))
        .order_by(TaskSubmission.id.desc())
        .limit(1)
    )


def _practical(learner, course, level: str) -> CriterionResult:
    label = _("Tugas praktik")
    task = practical_task(course)
    share = level_share(task.rubric, level) if task is not None else None
    if task is None or share is None:
        return CriterionResult("practical_min_level", label, False,
                               _("Tingkat '%(level)s' tidak ada di rubrik tugas kursus ini.", level=level))
    submission = graded_submission(learner, task)
    if submission is None:
        return CriterionResult("practical_min_level", label, False,
                               _("Tugas '%(task)s' belum dinilai; paling sedikit tingkat '%(level)s'.",
                                 task=task.title, level=level))
    maximum = submission.max_score or task.max_points
    needed = share * maximum
    return CriterionResult(
        "practical_min_level",
        label,
        submission.score + 1e-9 >= needed,
        _("Tugas '%(task)s' dinilai %(score)s dari %(max)s poin; tingkat '%(level)s' perlu %(needed)s poin.",
          task=task.title, score=_number(submission.score), max=_number(maximum), level=level,
          needed=_number(needed)),
    )


def _storefront(learner, names, milestones) -> list[CriterionResult]:
    reached = storefront_milestones(learner) if milestones is None else milestones
    results = []
    for name in names:
        label = str(MILESTONE_LABELS.get(name, name))
        if name in reached:
            detail = _("Sudah tercapai.")
        else:
            detail = _("Belum tercapai.")
        results.append(CriterionResult(f"storefront:{name}", label, name in reached, detail))
    return results


def evaluate(learner, course, *, milestones: set[str] | None = None) -> Evaluation:
    """Every criterion of ``course`` for ``learner``; ``milestones`` replaces the shop's (tests)."""
    criteria = course.certificate_criteria or {}
    items: list[CriterionResult] = []
    if criteria.get("lessons_completed") is not None:
        items.append(_lessons(learner, course, criteria["lessons_completed"]))
    if criteria.get("min_quiz_average") is not None:
        items.append(_quizzes(learner, course, float(criteria["min_quiz_average"])))
    if criteria.get("practical_min_level"):
        items.append(_practical(learner, course, criteria["practical_min_level"]))
    if criteria.get("storefront"):
        items.extend(_storefront(learner, criteria["storefront"], milestones))
    return Evaluation(items)
