"""Load and check course folders (content/FORMAT.md) into dataclasses, reporting every problem.

``load_course``, ``load_tree`` and ``load_glossary`` (in :mod:`.loader`) return the loaded
objects and every ``Problem`` as ``file:line: message``; :mod:`.frontmatter` checks each file's
front matter, :mod:`.yamldoc` keeps YAML line numbers, :mod:`.images` checks images and
:mod:`.model` holds the dataclasses.  This package never touches a database.
"""

from training.courses.content.loader import load_course, load_glossary, load_tree
from training.courses.content.model import (
    CertificateCriteria, Course, GlossaryTerm, Lesson, Problem, Quiz, Rubric, RubricCriterion,
    RubricLevel, Task,
)

__all__ = [
    "CertificateCriteria", "Course", "GlossaryTerm", "Lesson", "Problem", "Quiz", "Rubric",
    "RubricCriterion", "RubricLevel", "Task", "load_course", "load_glossary", "load_tree",
]
