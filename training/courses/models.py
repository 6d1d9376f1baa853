"""Courses in the database: imported content, what each facility offers, and learners' work.

Content tables (Course, Lesson, Question, QuestionVersion, Task) are written only by the importer.
A re-import never deletes: a lesson or question that left the files is marked inactive, and a
question whose content changed gets a new QuestionVersion, so every past answer still points at
the exact question it answered. Learner tables (LessonProgress, QuizAttempt, AttemptAnswer,
TaskSubmission) refer to lessons and question versions by id and survive every re-import.
"""
from __future__ import annotations

from training.clock import now_utc
from training.extensions import db

LESSON_STATUSES = ("not_started", "in_progress", "done")
SUBMISSION_STATUSES = ("submitted", "graded", "revise")
COUNTS = ("best", "last")


class Course(db.Model):
    """A course as last imported from ``content/courses/<slug>/``."""

    __tablename__ = "course"

    id = db.Column(db.Integer, primary_key=True)
    slug = db.Column(db.String(80), nullable=False, unique=True)
    title = db.Column(db.String(200), nullable=False)
    language = db.Column(db.String(5), nullable=False, default="id")
    version = db.Column(db.Integer, nullable=False, default=1)
    summary = db.Column(db.Text, nullable=False, default="")
    estimated_hours = db.Column(db.Integer, nullable=False, default=0)
    outcomes = db.Column(db.JSON, nullable=False, default=list)
    certificate_criteria = db.Column(db.JSON, nullable=False, default=dict)
    # Long texts are loaded only when a page shows them, not with every list of courses.
    introduction = db.deferred(db.Column(db.Text, nullable=False, default=""))
    content_hash = db.Column(db.String(64), nullable=False, default="")
    # Where the files (and so the images) were imported from; every app server has the same tree.
    source_dir = db.Column(db.String(500), nullable=False, default="")
    imported_dt = db.Column(db.DateTime, nullable=False, default=now_utc)
    created_dt = db.Column(db.DateTime, nullable=False, default=now_utc)

    lessons = db.relationship(
        "Lesson",
        primaryjoin="and_(Lesson.course_id == Course.id, Lesson.is_active.is_(True))",
        order_by="Lesson.position",
        viewonly=True,
    )

    def __repr__(self) -> str:
        return f"<Course {self.slug} v{self.version}>"


class Lesson(db.Model):
    """One lesson; ``slug`` (the file name without its number) is its key across re-imports."""

    __tablename__ = "lesson"

    id = db.Column(db.Integer, primary_key=True)
    course_id = db.Column(db.Integer, db.ForeignKey("course.id", ondelete="CASCADE"), nullable=False, index=True)
    slug = db.Column(db.String(80), nullable=False)
    position = db.Column(db.Integer, nullable=False)
    title = db.Column(db.String(200), nullable=False)
    minutes = db.Column(db.Integer, nullable=False, default=0)
    summary = db.Column(db.Text, nullable=False, default="")
    body = db.deferred(db.Column(db.Text, nullable=False, default=""))
    is_active = db.Column(db.Boolean, nullable=False, default=True)
    # Quiz settings; has_quiz is False for a lesson that is finished by reading it.
    has_quiz = db.Column(db.Boolean, nullable=False, default=False)
    pass_mark = db.Column(db.Float, nullable=False, default=70)
    max_attempts = db.Column(db.Integer, nullable=True)  # None: no limit
    counts = db.Column(db.String(10), nullable=False, default="best")
    # "immediate": verdict and key after each answer; "after_attempt": only once it is finished.
    feedback = db.Column(db.String(16), nullable=False, default="immediate")

    course = db.relationship(Course)
    questions = db.relationship(
        "Question",
        primaryjoin="and_(Question.lesson_id == Lesson.id, Question.is_active.is_(True))",
        order_by="Question.position",
        viewonly=True,
    )
    task = db.relationship(
        "Task",
        primaryjoin="and_(Task.lesson_id == Lesson.id, Task.is_active.is_(True))",
        uselist=False,
        viewonly=True,
    )

    __table_args__ = (db.UniqueConstraint("course_id", "slug"),)


class Question(db.Model):
    """A quiz question's identity in a lesson; its content lives in versions."""

    __tablename__ = "question"

    id = db.Column(db.Integer, primary_key=True)
    lesson_id = db.Column(db.Integer, db.ForeignKey("lesson.id", ondelete="CASCADE"), nullable=False, index=True)
    key = db.Column(db.String(120), nullable=False)
    position = db.Column(db.Integer, nullable=False)
    is_active = db.Column(db.Boolean, nullable=False, default=True)

    lesson = db.relationship(Lesson)
    versions = db.relationship("QuestionVersion", order_by="QuestionVersion.number", viewonly=True)

    __table_args__ = (db.UniqueConstraint("lesson_id", "key"),)

    @property
    def current(self) -> "QuestionVersion":
        """The newest version: the one a new answer is given to."""
        return self.versions[-1]


class QuestionVersion(db.Model):
    """The content of a question at one import: the canonical dict of questions.py."""

    __tablename__ = "question_version"

    id = db.Column(db.Integer, primary_key=True)
    question_id = db.Column(db.Integer, db.ForeignKey("question.id", ondelete="CASCADE"), nullable=False, index=True)
    number = db.Column(db.Integer, nullable=False)
    data = db.Column(db.JSON, nullable=False)
    created_dt = db.Column(db.DateTime, nullable=False, default=now_utc)

    question = db.relationship(Question)

    __table_args__ = (db.UniqueConstraint("question_id", "number"),)

    @property
    def points(self) -> float:
        """What the question is worth."""
        return float(self.data.get("points", 1))


class Task(db.Model):
    """A practical task of a lesson, graded by an instructor with its rubric."""

    __tablename__ = "task"

    id = db.Column(db.Integer, primary_key=True)
    course_id = db.Column(db.Integer, db.ForeignKey("course.id", ondelete="CASCADE"), nullable=False, index=True)
    lesson_id = db.Column(db.Integer, db.ForeignKey("lesson.id", ondelete="CASCADE"), nullable=False, index=True)
    key = db.Column(db.String(120), nullable=False)
    title = db.Column(db.String(200), nullable=False)
    instructions = db.deferred(db.Column(db.Text, nullable=False, default=""))
    rubric = db.Column(db.JSON, nullable=False, default=list)
    is_active = db.Column(db.Boolean, nullable=False, default=True)

    course = db.relationship(Course)
    lesson = db.relationship(Lesson)

    __table_args__ = (db.UniqueConstraint("course_id", "key"),)

    @property
    def max_points(self) -> float:
        """The sum of the highest level of every rubric criterion."""
        return sum(max(level["points"] for level in c["levels"]) for c in self.rubric)


class TaskSubmission(db.Model):
    """What a learner handed in for a task; graded later by an instructor (issue 4)."""

    __tablename__ = "task_submission"

    id = db.Column(db.Integer, primary_key=True)
    learner_id = db.Column(db.Integer, db.ForeignKey("user_account.id", ondelete="CASCADE"), nullable=False, index=True)
    task_id = db.Column(db.Integer, db.ForeignKey("task.id", ondelete="CASCADE"), nullable=False, index=True)
    text = db.Column(db.Text, nullable=False)
    status = db.Column(db.String(12), nullable=False, default="submitted")
    submitted_dt = db.Column(db.DateTime, nullable=False, default=now_utc)
    updated_dt = db.Column(db.DateTime, nullable=False, default=now_utc)
    score = db.Column(db.Float, nullable=True)
    max_score = db.Column(db.Float, nullable=True)
    grades = db.Column(db.JSON, nullable=True)  # per criterion, filled in by the grader
    feedback = db.Column(db.Text, nullable=True)
    graded_dt = db.Column(db.DateTime, nullable=True)
    grader_id = db.Column(db.Integer, db.ForeignKey("user_account.id", ondelete="SET NULL"), nullable=True)

    task = db.relationship(Task)


class TaskDraft(db.Model):
    """A task's work in progress, saved by the learner (or every ~20 s by the page) before handing in.

    Kept apart from TaskSubmission so a draft never reaches the instructor's grading queue; it
    is removed when the work is handed in.
    """

    __tablename__ = "task_draft"

    id = db.Column(db.Integer, primary_key=True)
    learner_id = db.Column(db.Integer, db.ForeignKey("user_account.id", ondelete="CASCADE"), nullable=False)
    task_id = db.Column(db.Integer, db.ForeignKey("task.id", ondelete="CASCADE"), nullable=False, index=True)
    text = db.Column(db.Text, nullable=False)
    saved_dt = db.Column(db.DateTime, nullable=False, default=now_utc)

    __table_args__ = (db.UniqueConstraint("learner_id", "task_id"),)


class FacilityCourse(db.Model):
    """A course a facility offers to its learners."""

    __tablename__ = "facility_course"

    facility_id = db.Column(db.Integer, db.ForeignKey("facility.id", ondelete="CASCADE"), primary_key=True)
    course_id = db.Column(db.Integer, db.ForeignKey("course.id", ondelete="CASCADE"), primary_key=True, index=True)
    enabled_dt = db.Column(db.DateTime, nullable=False, default=now_utc)
    enabled_by_id = db.Column(db.Integer, db.ForeignKey("user_account.id", ondelete="SET NULL"), nullable=True)


class LessonProgress(db.Model):
    """How far a learner is with a lesson, and how long they have spent on it."""

    __tablename__ = "lesson_progress"

    id = db.Column(db.Integer, primary_key=True)
    learner_id = db.Column(db.Integer, db.ForeignKey("user_account.id", ondelete="CASCADE"), nullable=False)
    lesson_id = db.Column(db.Integer, db.ForeignKey("lesson.id", ondelete="CASCADE"), nullable=False, index=True)
    status = db.Column(db.String(12), nullable=False, default="in_progress")
    started_dt = db.Column(db.DateTime, nullable=False, default=now_utc)
    completed_dt = db.Column(db.DateTime, nullable=True)
    last_seen_dt = db.Column(db.DateTime, nullable=False, default=now_utc)
    seconds_spent = db.Column(db.Integer, nullable=False, default=0)

    lesson = db.relationship(Lesson)

    __table_args__ = (db.UniqueConstraint("learner_id", "lesson_id"),)


class QuizAttempt(db.Model):
    """One go at a lesson's quiz; answers are saved one by one as they are given."""

    __tablename__ = "quiz_attempt"

    id = db.Column(db.Integer, primary_key=True)
    learner_id = db.Column(db.Integer, db.ForeignKey("user_account.id", ondelete="CASCADE"), nullable=False)
    lesson_id = db.Column(db.Integer, db.ForeignKey("lesson.id", ondelete="CASCADE"), nullable=False, index=True)
    number = db.Column(db.Integer, nullable=False)
    started_dt = db.Column(db.DateTime, nullable=False, default=now_utc)
    finished_dt = db.Column(db.DateTime, nullable=True)
    score = db.Column(db.Float, nullable=True)  # percent, set when finished
    passed = db.Column(db.Boolean, nullable=True)
    # Figures drawn for questions with ranges: {"<question id>": {"harga": 7500, ...}}, so the
    # page, the grading and a later review all use the same numbers.
    drawn = db.Column(db.JSON, nullable=True, default=dict)

    lesson = db.relationship(Lesson)
    answers = db.relationship("AttemptAnswer", order_by="AttemptAnswer.id", viewonly=True)

    __table_args__ = (db.UniqueConstraint("learner_id", "lesson_id", "number"),)

    @property
    def is_finished(self) -> bool:
        """True once the learner has finished (or the last question was answered)."""
        return self.finished_dt is not None


class AttemptAnswer(db.Model):
    """One answer in an attempt, to one version of one question, graded when given."""

    __tablename__ = "attempt_answer"

    id = db.Column(db.Integer, primary_key=True)
    attempt_id = db.Column(db.Integer, db.ForeignKey("quiz_attempt.id", ondelete="CASCADE"), nullable=False)
    question_id = db.Column(db.Integer, db.ForeignKey("question.id", ondelete="CASCADE"), nullable=False, index=True)
    question_version_id = db.Column(db.Integer, db.ForeignKey("question_version.id", ondelete="CASCADE"), nullable=False, index=True)
    raw = db.Column(db.JSON, nullable=True)
    score = db.Column(db.Float, nullable=False, default=0)  # 0..1 of the question's points
    correct = db.Column(db.Boolean, nullable=True)  # None: waits for an instructor (essay)
    needs_review = db.Column(db.Boolean, nullable=False, default=False)
    feedback = db.Column(db.Text, nullable=True)
    answered_dt = db.Column(db.DateTime, nullable=False, default=now_utc)

    version = db.relationship(QuestionVersion)

    __table_args__ = (db.UniqueConstraint("attempt_id", "question_id"),)
