"""Quiz attempts: start, answer one question at a time (saved when given), finish, count.

Each answer is graded by the pure graders of :mod:`training.courses.questions` and saved with
the exact question version it answered. A numeric answer that can't be read is not saved: the
learner is told why and answers again. Functions flush, never commit.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy.orm import joinedload

from training import events
from training.accounts.models import User
from training.clock import now_utc
from training.courses import questions as question_types
from training.courses.questions import drawn as drawn_questions
from training.courses.questions.description import is_description
from training.courses.display import format_number
from training.courses.models import AttemptAnswer, Lesson, Question, QuestionVersion, QuizAttempt
from training.courses.numbers import NumberFormatError, comma_thousands_reading, parse_number
from training.courses.services import CourseError, complete_lesson, open_attempt, start_lesson
from training.extensions import db, gettext as _, one_of


def attempts(learner, lesson: Lesson) -> list[QuizAttempt]:
    """The learner's attempts at a lesson's quiz, first to last."""
    return list(db.session.scalars(
        db.select(QuizAttempt)
        .where(QuizAttempt.learner_id == learner.id, QuizAttempt.lesson_id == lesson.id)
        .order_by(QuizAttempt.number)
    ))


def attempts_left(lesson: Lesson, made: list[QuizAttempt]) -> int | None:
    """How many more attempts may be started; None when there is no limit."""
    if lesson.max_attempts is None:
        return None
    return max(0, lesson.max_attempts - len(made))


def start_attempt(learner, lesson: Lesson) -> QuizAttempt:
    """Continue the open attempt, or start a new one if the limit allows."""
    if not lesson.has_quiz:
        raise CourseError(_("Pelajaran ini tidak punya kuis."))
    current = open_attempt(learner, lesson)
    if current is not None:
        return current
    made = attempts(learner, lesson)
    if attempts_left(lesson, made) == 0:
        raise CourseError(_("Kesempatan mengerjakan kuis ini sudah habis. Tanyakan kepada pengajar."))
    attempt = QuizAttempt(learner_id=learner.id, lesson_id=lesson.id, number=len(made) + 1, started_dt=now_utc(),
                          drawn={})
    for question in lesson_questions(lesson):
        question_data(attempt, question, question.current)
    db.session.add(attempt)
    start_lesson(learner, lesson)
    db.session.flush()
    return attempt


# The statements of every quiz page, built once with bound parameters: building a statement and
# its cache key on each request costs as much as running it.
_ATTEMPT = (db.select(QuizAttempt).where(QuizAttempt.id == db.bindparam("attempt_id"))
            .options(joinedload(QuizAttempt.lesson).joinedload(Lesson.course)))
_ANSWERS = db.select(AttemptAnswer).where(AttemptAnswer.attempt_id == db.bindparam("attempt_id"))
_QUESTION_ROWS = (db.select(Question.id, Question.position, Question.is_active, QuestionVersion.id,
                            QuestionVersion.number, QuestionVersion.data)
                  .join(QuestionVersion, QuestionVersion.question_id == Question.id))
_ACTIVE_QUESTIONS = (_QUESTION_ROWS
                     .where(Question.lesson_id == db.bindparam("lesson_id"), Question.is_active.is_(True))
                     .order_by(Question.position, Question.id, QuestionVersion.number))


# --- the question catalogue ---------------------------------------------------------------------
# A lesson's questions change only when its course is imported, and an import that changes
# anything stores a new ``Course.content_hash`` (as ``courses/outline.py`` relies on). So each
# worker keeps every lesson's active questions, with their newest versions, for the hash it last
# saw, and reads them again when the hash differs. A version row never changes once written, so
# versions are kept by id for the worker's life. Quiz pages read the attempt with its lesson and
# course anyway: the check costs no query. Nothing about a learner is kept here.

@dataclass(frozen=True)
class VersionEntry:
    """A question version as a quiz uses it: ``data`` is the canonical dict (read, never changed)."""

    id: int
    question_id: int
    number: int
    data: dict

    @property
    def points(self) -> float:
        """What the question is worth."""
        return float(self.data.get("points", 1))


@dataclass(frozen=True)
class QuestionEntry:
    """A question of a lesson with its newest version, the one a new answer is given to."""

    id: int
    position: int
    is_active: bool
    current: VersionEntry


_VERSIONS: dict[int, VersionEntry] = {}
_LESSONS: dict[int, tuple[str, tuple[QuestionEntry, ...]]] = {}


def _entries(rows) -> tuple[QuestionEntry, ...]:
    """Question entries from rows of :data:`_QUESTION_ROWS`, ordered so that each question's
    versions follow each other, oldest first."""
    newest: dict[int, tuple] = {}
    for question_id, position, is_active, version_id, number, data in rows:
        version = _VERSIONS.get(version_id)
        if version is None:
            version = _VERSIONS[version_id] = VersionEntry(version_id, question_id, number, data)
        newest[question_id] = (position, is_active, version)
    return tuple(QuestionEntry(question_id, position, is_active, version)
                 for question_id, (position, is_active, version) in newest.items())


def lesson_questions(lesson: Lesson) -> tuple[QuestionEntry, ...]:
    """The lesson's active questions in order, each with its newest version (kept per worker)."""
    stamp = lesson.course.content_hash
    found = _LESSONS.get(lesson.id)
    if found is None or found[0] != stamp:
        # Threads of a worker may read the same lesson at once; both results are equal.
        found = _LESSONS[lesson.id] = (stamp, _entries(db.session.execute(_ACTIVE_QUESTIONS, {"lesson_id": lesson.id})))
    return found[1]


def versions(ids) -> dict[int, VersionEntry]:
    """Question versions by id, the ones not yet kept read in one query."""
    missing = [version_id for version_id in ids if version_id not in _VERSIONS]
    if missing:
        for version_id, question_id, number, data in db.session.execute(
                db.select(QuestionVersion.id, QuestionVersion.question_id, QuestionVersion.number,
                          QuestionVersion.data).where(one_of(QuestionVersion.id, missing))):
            _VERSIONS[version_id] = VersionEntry(version_id, question_id, number, data)
    return {version_id: _VERSIONS[version_id] for version_id in ids}


def forget_catalogue() -> None:
    """Drop what the catalogue keeps (tests that empty the tables call this)."""
    _VERSIONS.clear()
    _LESSONS.clear()


def load_attempt(attempt_id: int) -> QuizAttempt | None:
    """An attempt with its lesson and course, in one query: every quiz page reads all three."""
    return db.session.scalars(_ATTEMPT, {"attempt_id": attempt_id}).first()


def question_data(attempt: QuizAttempt, question: QuestionEntry, version: VersionEntry) -> dict:
    """The question as this attempt shows and grades it: with its drawn figures filled in.

    Figures are drawn once per attempt and question and stored on the attempt; a question that
    a re-import gave other names is drawn again while it is unanswered.
    """
    data = version.data
    if not data.get("vars"):
        return data
    key = str(question.id)
    stored = (attempt.drawn or {}).get(key)
    if not drawn_questions.values_fit(data, stored):
        stored = drawn_questions.draw(data)
        attempt.drawn = {**(attempt.drawn or {}), key: stored}  # a new dict, so the change is saved
    return drawn_questions.instantiate(data, stored)


def answers_by_question(attempt: QuizAttempt) -> dict[int, AttemptAnswer]:
    """The attempt's saved answers, by question id (:func:`versions` of their
    ``question_version_id`` gives the versions they answered)."""
    rows = db.session.scalars(_ANSWERS, {"attempt_id": attempt.id})
    return {row.question_id: row for row in rows}


def attempt_questions(attempt: QuizAttempt, saved: dict[int, AttemptAnswer] | None = None) -> list[QuestionEntry]:
    """The questions of an attempt, in order: the lesson's questions, plus any answered one
    that a later import took out (so the attempt still shows what was answered).

    ``saved`` is :func:`answers_by_question` when the caller already has it. The lesson's
    questions come from the catalogue with their newest versions.
    """
    if saved is None:
        saved = answers_by_question(attempt)
    active = list(lesson_questions(attempt.lesson))
    retired_ids = set(saved) - {q.id for q in active}
    retired: tuple[QuestionEntry, ...] = ()
    if retired_ids:
        retired = _entries(db.session.execute(
            _QUESTION_ROWS.where(one_of(Question.id, retired_ids)).order_by(Question.id, QuestionVersion.number)))
    return active + list(retired)


@dataclass
class AnswerOutcome:
    """What happened to a given answer: saved (``answer``) or refused with a ``message``."""

    answer: AttemptAnswer | None = None
    message: str | None = None


def _is_empty(value: Any) -> bool:
    return value is None or value == "" or value == [] or value == {}


ESSAY_MAX_CHARS = 20_000  # as a practical task
ANSWER_MAX_CHARS = 500  # a short, numeric or matching answer; no real one comes near


def _too_long(kind: str, raw: Any) -> bool:
    """Is an answer longer than any real one of its type? Then it is refused before grading, so a
    pasted megabyte never reaches the graders (a short answer's wildcard match slows with length)."""
    limit = ESSAY_MAX_CHARS if kind == "essay" else ANSWER_MAX_CHARS
    if isinstance(raw, str):
        return len(raw) > limit
    values = list(raw.values()) if isinstance(raw, dict) else list(raw or [])
    return len(values) > 50 or any(len(str(value)) > limit for value in values)


def answer_question(attempt: QuizAttempt, question: QuestionEntry, raw: Any,
                    items: list[ReviewItem] | None = None) -> AnswerOutcome:
    """Grade and save one answer. An answer already given stays as it was (feedback was shown).

    An empty answer and an unreadable number are refused with a message and nothing is saved.
    ``items`` is :func:`review` of the attempt when the caller has just read it (the quiz page
    has): its answers and questions are then not read again.
    """
    if attempt.is_finished:
        raise CourseError(_("Kuis ini sudah selesai."))
    if items is None:
        saved = answers_by_question(attempt)
        active = list(lesson_questions(attempt.lesson))
    else:
        saved = {item.question.id: item.answer for item in items if item.answer is not None}
        active = [item.question for item in items if item.question.is_active]
    existing = saved.get(question.id)
    if existing is not None:
        return AnswerOutcome(answer=existing)
    version = question.current
    data = question_data(attempt, question, version)
    if _too_long(data["type"], raw):
        return AnswerOutcome(message=_("Jawaban ini terlalu panjang. Tulis lebih singkat."))
    answer = question_types.normalize_answer(data, raw)
    if _is_empty(answer):
        return AnswerOutcome(message=_("Pilih atau tulis jawaban dulu."))
    if data["type"] == "numeric":
        try:
            parse_number(answer)
        except NumberFormatError as error:
            return AnswerOutcome(message=_("Angka ini tidak bisa dibaca: %(reason)s Tulis lagi, misalnya 12500 atau Rp12.500.",
                                           reason=str(error)))
        thousands = comma_thousands_reading(answer)
        if thousands is not None:
            # "650,000" is 650 to the rules and 650.000 to someone used to English: ask, don't count.
            return AnswerOutcome(message=_(
                "Maksud Anda %(amount)s? Di sini titik memisahkan ribuan dan koma menandai desimal. "
                "Tulis %(amount)s kalau maksud Anda ribuan.", amount=format_number(thousands)))
    graded = question_types.grade(data, raw)
    row = AttemptAnswer(
        attempt_id=attempt.id, question_id=question.id, question_version_id=version.id, raw=raw,
        score=graded.score, correct=graded.correct, needs_review=graded.needs_review,
        feedback=graded.feedback, answered_dt=now_utc(),
    )
    db.session.add(row)
    db.session.flush()
    answered = set(saved) | {question.id}
    if all(q.id in answered or is_description(q.current.data) for q in active):
        finish_attempt(attempt)
    return AnswerOutcome(answer=row)


def score_attempt(attempt: QuizAttempt) -> None:
    """Set an attempt's score in percent and whether it passed; the one rule for closing an
    attempt and for scoring it again after an essay is graded.

    Each question counts its points times the answer's score, and an unanswered question counts as
    wrong. Left out: an answer still waiting for an instructor (an essay until it is graded) and an
    essay left blank.
    """
    saved = answers_by_question(attempt)
    answered = versions([answer.question_version_id for answer in saved.values()])
    earned = possible = 0.0
    for question in attempt_questions(attempt, saved):
        answer = saved.get(question.id)
        version = answered[answer.question_version_id] if answer is not None else question.current
        if answer is not None and answer.needs_review:
            continue
        if answer is None and version.data["type"] == "essay":
            continue
        possible += version.points
        earned += (answer.score if answer is not None else 0.0) * version.points
    attempt.score = round(100 * earned / possible, 1) if possible else 0.0
    attempt.passed = attempt.score >= attempt.lesson.pass_mark


def finish_attempt(attempt: QuizAttempt) -> QuizAttempt:
    """Close an attempt: its score (:func:`score_attempt`) and whether it passed (announced).

    Essays wait for an instructor and are left out of the score until graded.
    """
    if attempt.is_finished:
        return attempt
    score_attempt(attempt)
    attempt.finished_dt = now_utc()
    if attempt.passed:
        complete_lesson(db.session.get(User, attempt.learner_id), attempt.lesson, attempt.finished_dt)
    db.session.flush()
    events.quiz_finished.send(db.session.get(User, attempt.learner_id), course=attempt.lesson.course)
    return attempt


def counted_attempt(lesson: Lesson, made: list[QuizAttempt]) -> QuizAttempt | None:
    """The finished attempt that counts: the best or the last, as the quiz says (attempts, or rows
    with their ``is_finished``, ``score`` and ``number``)."""
    finished = [a for a in made if a.is_finished]
    if not finished:
        return None
    if lesson.counts == "last":
        return finished[-1]
    return max(finished, key=lambda a: (a.score or 0, -a.number))


@dataclass
class ReviewItem:
    """One question of a finished attempt, with what the learner answered."""

    number: int
    question: QuestionEntry
    version_data: dict
    answer: AttemptAnswer | None


def review(attempt: QuizAttempt) -> list[ReviewItem]:
    """Every question of an attempt in order, each with the version the learner answered."""
    saved = answers_by_question(attempt)
    answered = versions([answer.question_version_id for answer in saved.values()])
    items = []
    for number, question in enumerate(attempt_questions(attempt, saved), start=1):
        answer = saved.get(question.id)
        version = answered[answer.question_version_id] if answer is not None else question.current
        items.append(ReviewItem(number, question, question_data(attempt, question, version), answer))
    return items
