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
from typing import Any

from flask_babel import lazy_gettext as _l

from training.teaching.grading import level_share
from training.courses.models import Lesson, QuizAttempt, Task, TaskSubmission
from training.extensions import db, gettext as _, one_of
from training.storefront.milestones import learners_milestones, milestones

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


def _quiz_rows(learner_ids, lesson_ids) -> dict[tuple[int, int], list]:
    """The figures a counted attempt is chosen by (not whole attempts with their drawn questions),
    first to last, by (learner, lesson): one query."""
    rows: dict[tuple[int, int], list] = {}
    if not learner_ids or not lesson_ids:
        return rows
    for row in db.session.execute(
        db.select(QuizAttempt.learner_id, QuizAttempt.lesson_id, QuizAttempt.number, QuizAttempt.score,
                  QuizAttempt.finished_dt.is_not(None).label("is_finished"))
        .where(one_of(QuizAttempt.learner_id, list(learner_ids)), one_of(QuizAttempt.lesson_id, list(lesson_ids)))
        .order_by(QuizAttempt.number)
    ):
        rows.setdefault((row.learner_id, row.lesson_id), []).append(row)
    return rows


def _average(learner_id: int, quiz_lessons: list[Lesson], attempts: dict) -> tuple[float, int, int]:
    """(average, quizzes taken, quizzes in the course) from the attempts read; an untaken quiz counts as 0."""
    from training.courses.quiz import counted_attempt

    if not quiz_lessons:
        return 0.0, 0, 0
    total, taken = 0.0, 0
    for lesson in quiz_lessons:
        counted = counted_attempt(lesson, attempts.get((learner_id, lesson.id), []))
        if counted is not None:
            taken += 1
            total += counted.score or 0.0
    return total / len(quiz_lessons), taken, len(quiz_lessons)


def quiz_average(learner, course) -> tuple[float, int, int]:
    """(average, quizzes taken, quizzes in the course); an untaken quiz counts as 0."""
    quiz_lessons = [lesson for lesson in course.lessons if lesson.has_quiz]
    return _average(learner.id, quiz_lessons, _quiz_rows([learner.id], [lesson.id for lesson in quiz_lessons]))


def practical_tasks(course_ids) -> dict[int, Task | None]:
    """The task each course's level criterion is about: its last active practical task (one query)."""
    found: dict[int, Task | None] = dict.fromkeys(course_ids)
    if not found:
        return found
    for task in db.session.scalars(
        db.select(Task)
        .join(Lesson, Lesson.id == Task.lesson_id)
        .where(one_of(Task.course_id, list(found)), Task.is_active.is_(True), Lesson.is_active.is_(True))
        .order_by(Task.course_id, Lesson.position.desc())
    ):
        if found[task.course_id] is None:
            found[task.course_id] = task
    return found


def _graded_rows(learner_ids, task_ids) -> dict[tuple[int, int], TaskSubmission]:
    """Each learner's newest graded submission (``status == "graded"`` with a score) for each task,
    by (learner, task): one query."""
    newest: dict[tuple[int, int], TaskSubmission] = {}
    if not learner_ids or not task_ids:
        return newest
    for submission in db.session.scalars(
        db.select(TaskSubmission)
        .where(one_of(TaskSubmission.learner_id, list(learner_ids)), one_of(TaskSubmission.task_id, list(task_ids)),
               TaskSubmission.status == "graded", TaskSubmission.score.is_not(None))
        .order_by(TaskSubmission.id.desc())
    ):
        newest.setdefault((submission.learner_id, submission.task_id), submission)
    return newest


def _lessons(progress, required) -> CriterionResult:
    total = len(progress.lessons)
    needed = total if required == "all" else min(int(required), total)
    done = progress.done
    return CriterionResult(
        "lessons_completed",
        _("Pelajaran selesai"),
        done >= needed,
        _("%(done)d dari %(needed)d pelajaran yang diminta sudah selesai.", done=done, needed=needed),
    )


def _quizzes(average: tuple[float, int, int], minimum: float) -> CriterionResult:
    mean, taken, count = average
    return CriterionResult(
        "min_quiz_average",
        _("Nilai rata-rata kuis"),
        count > 0 and mean + 1e-9 >= minimum,
        _("Rata-rata %(average)s dari %(count)d kuis (%(taken)d sudah dikerjakan); paling sedikit %(minimum)s.",
          average=_number(mean), count=count, taken=taken, minimum=_number(minimum)),
    )


def _practical(task: Task | None, submission: TaskSubmission | None, level: str) -> CriterionResult:
    label = _("Tugas praktik")
    share = level_share(task.rubric, level) if task is not None else None
    if task is None or share is None:
        return CriterionResult("practical_min_level", label, False,
                               _("Tingkat '%(level)s' tidak ada di rubrik tugas kursus ini.", level=level))
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


def _storefront(names, reached: set[str]) -> list[CriterionResult]:
    results = []
    for name in names:
        label = str(MILESTONE_LABELS.get(name, name))
        detail = _("Sudah tercapai.") if name in reached else _("Belum tercapai.")
        results.append(CriterionResult(f"storefront:{name}", label, name in reached, detail))
    return results


def evaluate_many(learners, courses, *, milestones: set[str] | None = None) -> dict[tuple[int, int], Evaluation]:
    """Every criterion of each course for each learner, by (learner id, course id).

    Each kind of record the criteria read (lesson progress, quiz attempts, practical tasks and
    their grades, shop results) is read once for all learners and courses together, and only
    when some course's criteria ask for it: a class page of 40 learners in 10 courses sends the
    statements one evaluation does. ``milestones`` replaces every learner's shop milestones (tests,
    and a caller that has just worked them out).
    """
    from training.courses.services import active_lessons, learners_courses_progress

    learners, courses = list(learners), list(courses)
    if not learners or not courses:
        return {}
    ids = [learner.id for learner in learners]
    criteria = {course.id: course.certificate_criteria or {} for course in courses}
    asks = {key for values in criteria.values() for key, value in values.items() if value not in (None, "", [])}

    progress: dict[tuple[int, int], Any] = {}
    lessons: dict[int, list[Lesson]] | None = None
    if "lessons_completed" in asks:
        progress = {(learner_id, row.course.id): row
                    for learner_id, rows in learners_courses_progress({learner_id: courses for learner_id in ids}).items()
                    for row in rows}
        lessons = {course.id: progress[ids[0], course.id].lessons for course in courses}  # read once, not twice
    quiz_lessons: dict[int, list[Lesson]] = {}
    attempts: dict[tuple[int, int], list] = {}
    if "min_quiz_average" in asks:
        quiz_lessons = {course_id: [lesson for lesson in rows if lesson.has_quiz]
                        for course_id, rows in (lessons or active_lessons(list(criteria))).items()}
        attempts = _quiz_rows(ids, [lesson.id for rows in quiz_lessons.values() for lesson in rows])
    tasks: dict[int, Task | None] = {}
    graded: dict[tuple[int, int], TaskSubmission] = {}
    if "practical_min_level" in asks:
        tasks = practical_tasks(list(criteria))
        graded = _graded_rows(ids, [task.id for task in tasks.values() if task is not None])
    reached: dict[int, set[str]] = {}
    if "storefront" in asks:
        reached = {learner_id: milestones for learner_id in ids} if milestones is not None else learners_milestones(learners)

    evaluations = {}
    for learner in learners:
        for course in courses:
            wanted = criteria[course.id]
            items: list[CriterionResult] = []
            if wanted.get("lessons_completed") is not None:
                items.append(_lessons(progress[learner.id, course.id], wanted["lessons_completed"]))
            if wanted.get("min_quiz_average") is not None:
                items.append(_quizzes(_average(learner.id, quiz_lessons[course.id], attempts),
                                      float(wanted["min_quiz_average"])))
            if wanted.get("practical_min_level"):
                task = tasks[course.id]
                items.append(_practical(task, graded.get((learner.id, task.id)) if task is not None else None,
                                        wanted["practical_min_level"]))
            if wanted.get("storefront"):
                items.extend(_storefront(wanted["storefront"], reached[learner.id]))
            evaluations[learner.id, course.id] = Evaluation(items)
    return evaluations


def evaluate(learner, course, *, milestones: set[str] | None = None) -> Evaluation:
    """Every criterion of ``course`` for ``learner``; ``milestones`` replaces the shop's (tests)."""
    return evaluate_many([learner], [course], milestones=milestones)[learner.id, course.id]
