"""Walk a course folder (content/FORMAT.md): lessons in order, question banks, the glossary.

``load_course(path)`` reads one ``content/courses/<slug>/`` folder, ``load_tree(path)`` every
course under ``content/courses`` and ``load_glossary(path)`` the shared ``glossary.yml``.
Each returns the loaded objects and a list of ``Problem(path, line, message)`` printed as
``file:line: message``.  A course with any problem comes back as ``None``: nothing half-checked
reaches the database, and all problems are reported in one go.  Never touches a database.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from training.courses.content.frontmatter import SLUG, FrontMatterChecks
from training.courses.content.images import ImageChecker
from training.courses.content.model import Course, GlossaryTerm, Lesson, Problem
from training.courses.content.yamldoc import (
    Report, check_keys, check_text, display_path, get_field, parse_yaml, read_text,
)
from training.courses.gift import ParseResult, category_matches, parse_gift

LESSON_FILE = re.compile(r"^(\d{2})-([a-z0-9]+(?:-[a-z0-9]+)*)\.md$")


class CourseLoader(FrontMatterChecks):
    """Loads one course folder; all state for one run, so problems are collected together."""

    def __init__(self, course_dir: Path) -> None:
        self.dir = course_dir
        self.problems: list[Problem] = []
        self.images = ImageChecker(course_dir)
        self.banks: dict[Path, ParseResult] = {}
        self.task_ids: dict[str, str] = {}
        self.broken_tasks = False  # a lesson declares a task that did not load
        self.broken_quizzes = False

    def load(self) -> Course | None:
        course_file = self.dir / "course.md"
        if not SLUG.match(self.dir.name):
            self.problems.append(Problem(display_path(self.dir), None,
                                         "Nama folder kursus hanya boleh huruf kecil, angka dan "
                                         "tanda hubung, misalnya manajemen-usaha."))
        if not course_file.is_file():
            self.problems.append(Problem(display_path(course_file), None, "File course.md tidak ada."))
            header = None
        else:
            header = self._course_header(course_file)
        lessons = self._lessons()
        self._all_banks()
        if header is not None:
            certificate = self._certificate(header, lessons)
        if self.problems or header is None:
            return None
        return Course(slug=self.dir.name, path=self.dir, lessons=tuple(lessons),
                      certificate=certificate, images=tuple(sorted(self.images.used)),
                      **{k: v for k, v in header.items() if k != "_raw"})

    def _lessons(self) -> list[Lesson]:
        lessons, numbers, slugs = [], {}, {}
        for path in sorted(self.dir.glob("*.md")):
            if path.name == "course.md":
                continue
            match = LESSON_FILE.match(path.name)
            if not match:
                self.problems.append(Problem(display_path(path), None,
                                             "Nama file pelajaran harus seperti "
                                             "01-nama-pelajaran.md (nomor dua angka, huruf kecil "
                                             "dan tanda hubung)."))
                continue
            number, slug = int(match.group(1)), match.group(2)
            for seen, value, what in ((numbers, number, "Nomor"), (slugs, slug, "Nama")):
                if value in seen:
                    self.problems.append(Problem(display_path(path), None,
                                                 f"{what} pelajaran sama dengan {seen[value]}."))
                seen.setdefault(value, path.name)
            lesson = self._lesson(path, number, slug)
            if lesson is not None:
                lessons.append(lesson)
        if not numbers:
            self.problems.append(Problem(display_path(self.dir), None,
                                         "Kursus belum punya pelajaran (01-....md)."))
        return lessons

    def _bank_questions(self, report: Report, path: tuple, lesson_path: Path, bank: Any,
                        category: Any) -> list[dict]:
        if not isinstance(bank, str) or not bank.endswith(".gift"):
            report.add("'bank' harus nama file .gift, misalnya bank-hpp.gift.", path)
            return []
        target = (lesson_path.parent / bank).resolve()
        if not target.is_relative_to(self.dir.resolve()):
            report.add(f"Bank soal '{bank}' berada di luar folder kursus.", path)
            return []
        if not target.is_file():
            report.add(f"Bank soal '{bank}' tidak ditemukan.", path)
            return []
        result = self._parse_bank(lesson_path.parent / bank)
        if result is None:
            report.add(f"Bank soal '{bank}' tidak bisa dibaca.", path)
            return []
        questions = [dict(q) for q in result.questions
                     if not isinstance(category, str) or category_matches(q["category"], category)]
        if not questions and not result.problems:
            what = f" dengan kategori '{category}'" if isinstance(category, str) else ""
            report.add(f"Tidak ada soal di bank '{bank}'{what}.",
                       path[:-1] + (("bank_category",) if isinstance(category, str) else ("bank",)))
        return questions

    def _parse_bank(self, path: Path) -> ParseResult | None:
        key = path.resolve()
        if key not in self.banks:
            bank_report = Report(display_path(path), self.problems)
            text = read_text(path, bank_report)
            if text is None:
                self.banks[key] = None
                return None
            result = parse_gift(text, source=display_path(path), require_title=True)
            for problem in result.problems:
                bank_report.add(problem.message, line=problem.line)
            for question in result.questions:
                line = question["source"]["line"]
                self.images.check(question.get("text"), path.parent, bank_report,
                                  lambda index, line=line: line)
            self.banks[key] = result
        return self.banks[key]

    def _all_banks(self) -> None:
        """Check every .gift file in the folder, also ones no lesson uses yet."""
        for path in sorted(self.dir.rglob("*.gift")):
            self._parse_bank(path)


def load_course(path: str | Path) -> tuple[Course | None, list[Problem]]:
    """Load and check one course folder; the course is None when there is any problem."""
    loader = CourseLoader(Path(path))
    course = loader.load()
    return course, sorted(loader.problems, key=lambda p: (p.path, p.line or 0))


def load_tree(path: str | Path) -> tuple[list[Course], list[Problem]]:
    """Load every course folder under ``content/courses`` (``content`` itself also works)."""
    root = Path(path)
    if (root / "courses").is_dir() and not (root / "course.md").exists():
        root = root / "courses"
    if not root.is_dir():
        return [], [Problem(display_path(root), None, "Folder kursus tidak ditemukan.")]
    courses, problems = [], []
    for course_dir in sorted(p for p in root.iterdir() if p.is_dir()):
        if course_dir.name.startswith((".", "_")):
            continue
        course, course_problems = load_course(course_dir)
        problems += course_problems
        if course is not None:
            courses.append(course)
    return courses, problems


def load_glossary(path: str | Path) -> tuple[list[GlossaryTerm], list[Problem]]:
    """Load ``content/glossary.yml``: a list of {term, aliases?, definition}."""
    path = Path(path)
    problems: list[Problem] = []
    report = Report(display_path(path), problems)
    text = read_text(path, report)
    if text is None:
        return [], problems
    doc = parse_yaml(text, 1, report)
    if doc is None:
        return [], problems
    if not isinstance(doc.data, list):
        report.add("Glosarium harus berupa daftar istilah (- term: ...).", line=1)
        return [], problems
    terms, seen = [], {}
    for index, item in enumerate(doc.data):
        here = (index,)
        if not isinstance(item, dict):
            report.add("Setiap istilah perlu 'term' dan 'definition'.", here)
            continue
        before = len(problems)
        check_keys(report, item, here, {"term", "aliases", "definition"}, "glosarium")
        term = get_field(report, item, here, "term", check_text)
        definition = get_field(report, item, here, "definition", check_text)
        aliases = item.get("aliases") or []
        if not isinstance(aliases, list) or any(check_text(alias) for alias in aliases):
            report.add("'aliases' harus berupa daftar teks.", (*here, "aliases"))
            aliases = []
        for name in ([term] if term else []) + aliases:
            folded = " ".join(name.split()).casefold()
            if folded in seen:
                report.add(f"Istilah '{name}' sudah ada di baris {seen[folded]}.", here)
            else:
                seen[folded] = doc.line(here)
        if len(problems) == before:
            terms.append(GlossaryTerm(term=term.strip(), definition=definition.strip(),
                                      aliases=tuple(a.strip() for a in aliases)))
    return terms, problems
