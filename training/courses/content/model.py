"""The checked content as plain dataclasses: courses, lessons, quizzes, tasks, rubrics, problems.

These are what the loader returns and the importer stores; they hold no database state.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

# --- results -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Problem:
    """One problem in the content, at a file and line (None when it is about a whole file)."""

    path: str
    line: int | None
    message: str

    def __str__(self) -> str:
        if self.line is None:
            return f"{self.path}: {self.message}"
        return f"{self.path}:{self.line}: {self.message}"


@dataclass(frozen=True)
class RubricLevel:
    """One level of a rubric criterion, e.g. Baik = 4 points."""

    label: str
    points: float
    description: str | None = None


@dataclass(frozen=True)
class RubricCriterion:
    """A criterion and its levels, from lowest to highest."""

    criterion: str
    levels: tuple[RubricLevel, ...]

    @property
    def max_points(self) -> float:
        """The points of the highest level."""
        return self.levels[-1].points


@dataclass(frozen=True)
class Rubric:
    """The criteria an instructor grades a task (or essay) with."""

    criteria: tuple[RubricCriterion, ...]

    @property
    def max_points(self) -> float:
        """Sum of the highest level of every criterion."""
        return sum(criterion.max_points for criterion in self.criteria)

    def level_share(self, label: str) -> float | None:
        """The share of the maximum total that reaching ``label`` in every criterion gives.

        This is how ``certificate.practical_min_level`` is read; None when a criterion has no
        level with that label.
        """
        total = 0.0
        for criterion in self.criteria:
            points = [level.points for level in criterion.levels if level.label == label]
            if not points:
                return None
            total += points[0]
        return total / self.max_points if self.max_points else None

    def to_list(self) -> list[dict]:
        """The JSON-storable form, as written in front matter."""
        return [
            {"criterion": c.criterion,
             "levels": [{"label": lv.label, "points": lv.points, "description": lv.description}
                        for lv in c.levels]}
            for c in self.criteria
        ]


@dataclass(frozen=True)
class Task:
    """A practical task graded by the instructor with a rubric."""

    id: str
    title: str
    instructions: str
    rubric: Rubric


@dataclass(frozen=True)
class Quiz:
    """A lesson's quiz: settings and the canonical question dicts (see questions.py)."""

    pass_mark: float
    max_attempts: int | None
    counts: str
    questions: tuple[dict, ...]
    bank: str | None = None
    bank_category: str | None = None
    feedback: str = "immediate"  # or "after_attempt": results and key once the attempt is finished


@dataclass(frozen=True)
class Lesson:
    """One numbered lesson file; ``slug`` (without the number) is its stable key."""

    number: int
    slug: str
    path: Path
    title: str
    minutes: int
    summary: str
    body: str
    quiz: Quiz | None = None
    task: Task | None = None


@dataclass(frozen=True)
class CertificateCriteria:
    """What a learner must reach for the course certificate; None means not required."""

    lessons_completed: str | int | None = None
    min_quiz_average: float | None = None
    practical_min_level: str | None = None
    storefront: tuple[str, ...] = ()


@dataclass(frozen=True)
class Course:
    """A checked course folder."""

    slug: str
    path: Path
    title: str
    language: str
    version: int
    summary: str
    estimated_hours: int
    outcomes: tuple[str, ...]
    certificate: CertificateCriteria
    introduction: str
    lessons: tuple[Lesson, ...]
    images: tuple[str, ...] = ()  # every image referenced, relative to the course folder

    @property
    def final_task(self) -> Task | None:
        """The task of the last lesson that has one: the one certificate criteria refer to."""
        tasks = [lesson.task for lesson in self.lessons if lesson.task]
        return tasks[-1] if tasks else None


@dataclass(frozen=True)
class GlossaryTerm:
    """A business term from content/glossary.yml."""

    term: str
    definition: str
    aliases: tuple[str, ...] = ()
