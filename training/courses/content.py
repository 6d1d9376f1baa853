"""Load and check course folders (content/FORMAT.md) into dataclasses, reporting every problem.

``load_course(path)`` reads one ``content/courses/<slug>/`` folder, ``load_tree(path)`` every
course under ``content/courses`` and ``load_glossary(path)`` the shared ``glossary.yml``.
Each returns the loaded objects and a list of ``Problem(path, line, message)`` printed as
``file:line: message``.  Line numbers in YAML come from the YAML node marks, so they point at
the real line.  A course with any problem comes back as ``None``: nothing half-checked reaches
the database, and all problems are reported in one go.  This module never touches a database.
"""

from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

import yaml

from training.courses.gift import ParseResult, category_matches, parse_gift
from training.courses.questions import canonical_question, validate_rubric

__all__ = [
    "CertificateCriteria", "Course", "GlossaryTerm", "Lesson", "Problem", "Quiz", "Rubric",
    "RubricCriterion", "RubricLevel", "Task", "load_course", "load_glossary", "load_tree",
]

SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
LESSON_FILE = re.compile(r"^(\d{2})-([a-z0-9]+(?:-[a-z0-9]+)*)\.md$")
IMAGE_EXTENSIONS = {".png": "PNG", ".jpg": "JPEG", ".jpeg": "JPEG", ".webp": "WebP"}
IMAGE_MAX_BYTES = 500 * 1024
LANGUAGES = ("id", "en")


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


# --- YAML with real line numbers ---------------------------------------------------------


@dataclass
class _Doc:
    """YAML data plus the file line of every value and every mapping key, by path."""

    data: Any
    lines: dict = field(default_factory=dict)
    key_lines: dict = field(default_factory=dict)
    block_styles: dict = field(default_factory=dict)

    def line(self, path: tuple = ()) -> int:
        """Line of the value at ``path``, or of its nearest parent that has one."""
        path = tuple(path)
        while path and path not in self.lines:
            if path in self.key_lines:
                return self.key_lines[path]
            path = path[:-1]
        return self.lines.get(path, 1)

    def key_line(self, path: tuple) -> int:
        """Line of the key of a mapping entry (for unknown keys)."""
        return self.key_lines.get(tuple(path), self.line(path))


class _Report:
    """Collects Problems for one file."""

    def __init__(self, display: str, problems: list, doc: _Doc | None = None) -> None:
        self.display = display
        self.problems = problems
        self.doc = doc

    def add(self, message: str, path: tuple = (), *, line: int | None = None, key=False) -> None:
        if line is None and self.doc is not None:
            line = self.doc.key_line(path) if key else self.doc.line(path)
        self.problems.append(Problem(self.display, line, message))


def _build(node, offset: int, doc: _Doc, report: _Report, constructor, path=()) -> Any:
    doc.lines[path] = node.start_mark.line + offset
    if isinstance(node, yaml.MappingNode):
        result = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                report.add("Kunci YAML harus berupa teks biasa.", line=key_node.start_mark.line
                           + offset)
                continue
            key = constructor.construct_object(key_node)
            here = (*path, key)
            doc.key_lines[here] = key_node.start_mark.line + offset
            if key in result:
                report.add(f"Kunci '{key}' ditulis dua kali.", line=doc.key_lines[here])
            result[key] = _build(value_node, offset, doc, report, constructor, here)
            if not isinstance(value_node, yaml.ScalarNode):
                doc.lines[here] = doc.key_lines[here]  # point a list or mapping at its key
        return result
    if isinstance(node, yaml.SequenceNode):
        return [_build(item, offset, doc, report, constructor, (*path, index))
                for index, item in enumerate(node.value)]
    doc.block_styles[path] = node.style
    return constructor.construct_object(node)


def _parse_yaml(text: str, offset: int, report: _Report) -> _Doc | None:
    """Parse YAML; ``offset`` turns the parser's 0-based line into the file's line number."""
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = mark.line + offset if mark else offset
        report.add(f"YAML tidak bisa dibaca: {error.problem or error}.", line=line)
        return None
    except yaml.YAMLError as error:  # pragma: no cover - every PyYAML parse error is marked
        report.add(f"YAML tidak bisa dibaca: {error}.", line=offset)
        return None
    doc = _Doc(data=None)
    if node is None:
        return doc
    doc.data = _build(node, offset, doc, report, yaml.SafeLoader(""))
    report.doc = doc
    return doc


@dataclass
class _MarkdownFile:
    doc: _Doc | None
    body: str
    body_line: int


def _read_text(path: Path, report: _Report) -> str | None:
    try:
        return path.read_bytes().decode("utf-8").lstrip("\ufeff").replace("\r\n", "\n")
    except UnicodeDecodeError:
        report.add("File harus disimpan sebagai UTF-8.", line=1)
    except OSError as error:
        report.add(f"File tidak bisa dibaca: {error.strerror}.", line=None)
    return None


def _read_markdown(path: Path, report: _Report) -> _MarkdownFile | None:
    """Split a Markdown file into YAML front matter (parsed, with lines) and the body."""
    text = _read_text(path, report)
    if text is None:
        return None
    lines = text.split("\n")
    if not lines or lines[0].strip() != "---":
        report.add("File harus diawali front matter YAML di antara dua baris '---'.", line=1)
        return None
    for index in range(1, len(lines)):
        if lines[index].rstrip() in ("---", "..."):
            break
    else:
        report.add("Front matter tidak ditutup dengan baris '---'.", line=1)
        return None
    doc = _parse_yaml("\n".join(lines[1:index]), 2, report)
    if doc is not None and not isinstance(doc.data, dict):
        report.add("Front matter harus berisi pasangan kunci: nilai.", line=2)
        doc = None
    return _MarkdownFile(doc, "\n".join(lines[index + 1:]), index + 2)


# --- field checks ------------------------------------------------------------------------


def _text(value: Any) -> str | None:
    if not isinstance(value, str) or not value.strip():
        return "harus berupa teks yang tidak kosong"
    return None


def _whole(low: int | None = None, high: int | None = None) -> Callable[[Any], str | None]:
    def check(value: Any) -> str | None:
        if not isinstance(value, int) or isinstance(value, bool):
            return "harus bilangan bulat"
        if low is not None and value < low:
            return f"harus paling sedikit {low}"
        if high is not None and value > high:
            return f"paling banyak {high}"
        return None
    return check


def _percent(value: Any) -> str | None:
    if not isinstance(value, (int, float)) or isinstance(value, bool) or not 0 <= value <= 100:
        return "harus angka persen 0 sampai 100"
    return None


def _one_of(*options: Any) -> Callable[[Any], str | None]:
    def check(value: Any) -> str | None:
        if value not in options:
            return "harus salah satu dari: " + ", ".join(str(o) for o in options)
        return None
    return check


def _check_keys(report: _Report, data: dict, path: tuple, allowed: set, where: str) -> None:
    for key in data:
        if key not in allowed:
            known = ", ".join(sorted(allowed))
            hint = ""
            if isinstance(key, str) and " " in key.strip():
                hint = " Teks yang berisi koma di dalam {…} harus diberi tanda kutip."
            report.add(f"Kunci '{key}' tidak dikenal di {where}. Kunci yang dikenal: {known}."
                       f"{hint}", (*path, key), key=True)


def _get(report: _Report, data: dict, path: tuple, key: str, check, *, required=True,
         default=None) -> Any:
    """Fetch ``data[key]``, report a missing or wrong value; return the value or ``default``."""
    if key not in data or data[key] is None:
        if required:
            report.add(f"'{key}' wajib diisi.", path)
        return default
    message = check(data[key])
    if message:
        report.add(f"'{key}' {message} (sekarang: {data[key]!r}).", (*path, key))
        return default
    return data[key]


# --- images ------------------------------------------------------------------------------

_MD_IMAGE = re.compile(r"!\[([^\]]*)\]\(\s*<?([^)\s>]*)>?(?:\s+[\"'(][^)]*)?\)")
_HTML_IMAGE = re.compile(r"<img\b([^>]*)>", re.IGNORECASE)
_HTML_SRC = re.compile(r"\bsrc\s*=\s*[\"']?([^\"'\s>]*)", re.IGNORECASE)
_HTML_ALT = re.compile(r"\balt\s*=\s*(?:\"([^\"]*)\"|'([^']*)'|([^\s>]+))", re.IGNORECASE)
_FENCE = re.compile(r"^\s*(```|~~~)")
_MAGIC = {"PNG": (b"\x89PNG\r\n\x1a\n",), "JPEG": (b"\xff\xd8\xff",)}


def _image_refs(markdown: str):
    """Yield (line index, src, alt) for Markdown and HTML images outside fenced code."""
    fenced = False
    for index, line in enumerate(markdown.split("\n")):
        if _FENCE.match(line):
            fenced = not fenced
            continue
        if fenced:
            continue
        for match in _MD_IMAGE.finditer(line):
            yield index, match.group(2), match.group(1)
        for match in _HTML_IMAGE.finditer(line):
            src = _HTML_SRC.search(match.group(1))
            alt = _HTML_ALT.search(match.group(1))
            alt_text = next((g for g in alt.groups() if g is not None), "") if alt else ""
            yield index, src.group(1) if src else "", alt_text


def _image_kind(head: bytes) -> str | None:
    if head.startswith(_MAGIC["PNG"][0]):
        return "PNG"
    if head.startswith(_MAGIC["JPEG"][0]):
        return "JPEG"
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "WebP"
    return None


class _Images:
    """Checks image references against the files in the course folder."""

    def __init__(self, course_dir: Path) -> None:
        self.course_dir = course_dir.resolve()
        self.checked: dict[Path, list[str]] = {}
        self.used: set[str] = set()

    def check(self, markdown: str | None, base_dir: Path, report: _Report,
              line_of: Callable[[int], int]) -> None:
        if not isinstance(markdown, str):
            return
        for index, src, alt in _image_refs(markdown):
            line = line_of(index)
            for message in self._check_one(src, alt, base_dir):
                report.add(message, line=line)

    def _check_one(self, src: str, alt: str, base_dir: Path) -> list[str]:
        problems = []
        if not alt.strip():
            problems.append(f"Gambar '{src}' belum punya teks alt: tulis ![keterangan]({src}).")
        if not src:
            return problems + ["Gambar tanpa alamat file."]
        if re.match(r"^[a-zA-Z][a-zA-Z0-9+.-]*:|^//", src):
            return problems + [f"Gambar '{src}' diambil dari luar. Jaringan tidak punya internet: "
                               "simpan gambar di folder gambar/ dan tulis alamat relatif."]
        if src.startswith("/"):
            return problems + [f"Alamat gambar '{src}' harus relatif, misalnya gambar/roti.png."]
        target = (base_dir / posixpath.normpath(src.split("#")[0].split("?")[0])).resolve()
        if not target.is_relative_to(self.course_dir):
            return problems + [f"Gambar '{src}' berada di luar folder kursus."]
        if target not in self.checked:
            self.checked[target] = self._check_file(src, target)
        if target.exists():
            self.used.add(target.relative_to(self.course_dir).as_posix())
        return problems + self.checked[target]

    @staticmethod
    def _check_file(src: str, target: Path) -> list[str]:
        if not target.is_file():
            return [f"Gambar '{src}' tidak ditemukan."]
        problems = []
        expected = IMAGE_EXTENSIONS.get(target.suffix.lower())
        if expected is None:
            problems.append(f"Gambar '{src}' harus PNG, JPEG atau WebP (.png, .jpg, .webp).")
        size = target.stat().st_size
        if size > IMAGE_MAX_BYTES:
            problems.append(f"Gambar '{src}' terlalu besar ({size // 1024} KB); paling besar "
                            f"{IMAGE_MAX_BYTES // 1024} KB.")
        with target.open("rb") as handle:
            kind = _image_kind(handle.read(12))
        if expected and kind != expected:
            problems.append(f"Isi file '{src}' bukan gambar {expected} seperti nama filenya.")
        return problems


def _field_line_of(doc: _Doc, path: tuple) -> Callable[[int], int]:
    """Line of line ``index`` inside a YAML text value (exact for ``|`` block scalars)."""
    start = doc.line(path)
    style = doc.block_styles.get(tuple(path))
    if style == "|":
        return lambda index: start + 1 + index
    return lambda index: start


# --- course loading ----------------------------------------------------------------------

COURSE_KEYS = {"title", "language", "version", "summary", "estimated_hours", "outcomes",
               "certificate"}
CERTIFICATE_KEYS = {"lessons_completed", "min_quiz_average", "practical_min_level", "storefront"}
LESSON_KEYS = {"title", "minutes", "summary", "quiz", "task"}
QUIZ_KEYS = {"pass_mark", "max_attempts", "counts", "questions", "bank", "bank_category"}
TASK_KEYS = {"id", "title", "instructions", "rubric"}


def _display(path: Path) -> str:
    return str(path)


class _CourseLoader:
    """Loads one course folder; all state for one run, so problems are collected together."""

    def __init__(self, course_dir: Path) -> None:
        self.dir = course_dir
        self.problems: list[Problem] = []
        self.images = _Images(course_dir)
        self.banks: dict[Path, ParseResult] = {}
        self.task_ids: dict[str, str] = {}
        self.broken_tasks = False  # a lesson declares a task that did not load
        self.broken_quizzes = False

    def load(self) -> Course | None:
        course_file = self.dir / "course.md"
        if not SLUG.match(self.dir.name):
            self.problems.append(Problem(_display(self.dir), None,
                                         "Nama folder kursus hanya boleh huruf kecil, angka dan "
                                         "tanda hubung, misalnya manajemen-usaha."))
        if not course_file.is_file():
            self.problems.append(Problem(_display(course_file), None, "File course.md tidak ada."))
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

    # course.md

    def _course_header(self, path: Path) -> dict | None:
        report = _Report(_display(path), self.problems)
        parsed = _read_markdown(path, report)
        if parsed is None or parsed.doc is None:
            return None
        data = parsed.doc.data
        _check_keys(report, data, (), COURSE_KEYS, "course.md")
        header = {
            "title": _get(report, data, (), "title", _text),
            "language": _get(report, data, (), "language", _one_of(*LANGUAGES), required=False,
                             default="id"),
            "version": _get(report, data, (), "version", _whole(1)),
            "summary": _get(report, data, (), "summary", _text),
            "estimated_hours": _get(report, data, (), "estimated_hours", _whole(1)),
            "outcomes": self._outcomes(report, data),
            "introduction": parsed.body.strip(),
            "_raw": data,
        }
        self.images.check(parsed.body, path.parent, report,
                          lambda index: parsed.body_line + index)
        self._report_for_certificate = report
        return header

    def _outcomes(self, report: _Report, data: dict) -> tuple[str, ...]:
        outcomes = data.get("outcomes")
        if outcomes is None:
            report.add("'outcomes' wajib diisi: 3 sampai 8 tujuan belajar.")
            return ()
        if not isinstance(outcomes, list):
            report.add("'outcomes' harus berupa daftar.", ("outcomes",))
            return ()
        if not 3 <= len(outcomes) <= 8:
            report.add(f"'outcomes' harus berisi 3 sampai 8 tujuan belajar, sekarang "
                       f"{len(outcomes)}.", ("outcomes",))
        for index, outcome in enumerate(outcomes):
            if _text(outcome):
                report.add("Setiap tujuan belajar harus berupa teks.", ("outcomes", index))
        return tuple(o for o in outcomes if isinstance(o, str))

    def _certificate(self, header: dict, lessons: list[Lesson]) -> CertificateCriteria:
        report = self._report_for_certificate
        data = header["_raw"].get("certificate")
        if data is None:
            return CertificateCriteria()
        path = ("certificate",)
        if not isinstance(data, dict):
            report.add("'certificate' harus berisi pasangan kunci: nilai.", path)
            return CertificateCriteria()
        _check_keys(report, data, path, CERTIFICATE_KEYS, "certificate")
        lessons_completed = data.get("lessons_completed")
        if lessons_completed is not None and lessons_completed != "all" and (
                _whole(1, len(lessons))(lessons_completed)):
            report.add(f"'lessons_completed' harus 'all' atau bilangan bulat 1 sampai "
                       f"{len(lessons)} (jumlah pelajaran).", (*path, "lessons_completed"))
        average = _get(report, data, path, "min_quiz_average", _percent, required=False)
        if average is not None and not self.broken_quizzes and not any(
                lesson.quiz for lesson in lessons):
            report.add("'min_quiz_average' diisi, tetapi tidak ada pelajaran yang punya kuis.",
                       (*path, "min_quiz_average"))
        level = _get(report, data, path, "practical_min_level", _text, required=False)
        if level is not None and not self.broken_tasks:
            tasks = [lesson.task for lesson in lessons if lesson.task]
            if not tasks:
                report.add("'practical_min_level' diisi, tetapi tidak ada pelajaran dengan "
                           "'task'.", (*path, "practical_min_level"))
            elif tasks[-1].rubric.level_share(level) is None:
                report.add(f"Tingkat '{level}' tidak ada di setiap kriteria rubrik tugas "
                           f"'{tasks[-1].id}'.", (*path, "practical_min_level"))
        storefront = data.get("storefront", [])
        if not isinstance(storefront, list) or any(_text(item) for item in storefront):
            report.add("'storefront' harus berupa daftar nama target, misalnya "
                       "[season_finished].", (*path, "storefront"))
            storefront = []
        return CertificateCriteria(lessons_completed=lessons_completed, min_quiz_average=average,
                                   practical_min_level=level, storefront=tuple(storefront))

    # lessons

    def _lessons(self) -> list[Lesson]:
        lessons, numbers, slugs = [], {}, {}
        for path in sorted(self.dir.glob("*.md")):
            if path.name == "course.md":
                continue
            match = LESSON_FILE.match(path.name)
            if not match:
                self.problems.append(Problem(_display(path), None,
                                             "Nama file pelajaran harus seperti "
                                             "01-nama-pelajaran.md (nomor dua angka, huruf kecil "
                                             "dan tanda hubung)."))
                continue
            number, slug = int(match.group(1)), match.group(2)
            for seen, value, what in ((numbers, number, "Nomor"), (slugs, slug, "Nama")):
                if value in seen:
                    self.problems.append(Problem(_display(path), None,
                                                 f"{what} pelajaran sama dengan {seen[value]}."))
                seen.setdefault(value, path.name)
            lesson = self._lesson(path, number, slug)
            if lesson is not None:
                lessons.append(lesson)
        if not numbers:
            self.problems.append(Problem(_display(self.dir), None,
                                         "Kursus belum punya pelajaran (01-....md)."))
        return lessons

    def _lesson(self, path: Path, number: int, slug: str) -> Lesson | None:
        report = _Report(_display(path), self.problems)
        parsed = _read_markdown(path, report)
        if parsed is None or parsed.doc is None:
            return None
        data, doc = parsed.doc.data, parsed.doc
        before = len(self.problems)
        _check_keys(report, data, (), LESSON_KEYS, "pelajaran")
        title = _get(report, data, (), "title", _text)
        minutes = _get(report, data, (), "minutes", _whole(1))
        summary = _get(report, data, (), "summary", _text)
        if not parsed.body.strip():
            report.add("Isi pelajaran masih kosong.", line=parsed.body_line)
        self.images.check(parsed.body, path.parent, report, lambda i: parsed.body_line + i)
        quiz = self._quiz(report, doc, path) if data.get("quiz") is not None else None
        task = self._task(report, doc, path) if data.get("task") is not None else None
        if len(self.problems) > before:
            self.broken_tasks |= data.get("task") is not None
            self.broken_quizzes |= data.get("quiz") is not None
            return None
        return Lesson(number=number, slug=slug, path=path, title=title, minutes=minutes,
                      summary=summary, body=parsed.body.strip(), quiz=quiz, task=task)

    def _quiz(self, report: _Report, doc: _Doc, lesson_path: Path) -> Quiz | None:
        path = ("quiz",)
        data = doc.data["quiz"]
        if not isinstance(data, dict):
            report.add("'quiz' harus berisi pasangan kunci: nilai.", path)
            return None
        _check_keys(report, data, path, QUIZ_KEYS, "quiz")
        pass_mark = _get(report, data, path, "pass_mark", _percent, required=False, default=70)
        max_attempts = _get(report, data, path, "max_attempts", _whole(1), required=False)
        counts = _get(report, data, path, "counts", _one_of("best", "last"), required=False,
                      default="best")
        questions: list[dict] = []
        seen_ids: dict[str, str] = {}
        raw_questions = data.get("questions")
        if raw_questions is not None and not isinstance(raw_questions, list):
            report.add("'questions' harus berupa daftar soal.", (*path, "questions"))
            raw_questions = []
        for index, raw in enumerate(raw_questions or []):
            here = (*path, "questions", index)
            question, messages = canonical_question(raw)
            for message in messages:
                report.add(str(message), (*here, *getattr(message, "path", ())))
            if isinstance(raw, dict) and isinstance(raw.get("id"), str):
                self._note_id(report, raw["id"], f"baris {doc.line(here)}", seen_ids,
                              doc.line((*here, "id")))
            if messages:
                continue
            question["source"] = {"path": report.display, "line": doc.line(here)}
            question["category"] = None
            for key in ("text", "explanation"):
                self.images.check(question.get(key), lesson_path.parent, report,
                                  _field_line_of(doc, (*here, key)))
            questions.append(question)
        bank = data.get("bank")
        category = data.get("bank_category")
        if category is not None and (bank is None or _text(category)):
            report.add("'bank_category' perlu 'bank' dan harus berupa teks.",
                       (*path, "bank_category"))
        if bank is not None:
            for question in self._bank_questions(report, (*path, "bank"), lesson_path, bank,
                                                 category):
                source = question["source"]
                self._note_id(report, question["id"],
                              f"{Path(source['path']).name}:{source['line']}", seen_ids,
                              doc.line((*path, "bank")))
                questions.append(question)
        if not questions and not any(p.path == report.display for p in self.problems):
            report.add("Kuis belum punya soal: isi 'questions' atau 'bank'.", path)
        return Quiz(pass_mark=pass_mark, max_attempts=max_attempts, counts=counts,
                    questions=tuple(questions), bank=bank, bank_category=category)

    @staticmethod
    def _note_id(report: _Report, qid: str, where: str, seen: dict, line: int) -> None:
        if qid in seen:
            report.add(f"id soal '{qid}' dipakai dua kali di pelajaran ini (juga di {seen[qid]}).",
                       line=line)
        else:
            seen[qid] = where

    def _bank_questions(self, report: _Report, path: tuple, lesson_path: Path, bank: Any,
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
            bank_report = _Report(_display(path), self.problems)
            text = _read_text(path, bank_report)
            if text is None:
                self.banks[key] = None
                return None
            result = parse_gift(text, source=_display(path), require_title=True)
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

    def _task(self, report: _Report, doc: _Doc, lesson_path: Path) -> Task | None:
        path = ("task",)
        data = doc.data["task"]
        if not isinstance(data, dict):
            report.add("'task' harus berisi pasangan kunci: nilai.", path)
            return None
        _check_keys(report, data, path, TASK_KEYS, "task")
        task_id = _get(report, data, path, "id", _text)
        if isinstance(task_id, str):
            if not SLUG.match(task_id):
                report.add("id tugas hanya boleh huruf kecil, angka dan tanda hubung.",
                           (*path, "id"))
            elif task_id in self.task_ids:
                report.add(f"id tugas '{task_id}' sudah dipakai di {self.task_ids[task_id]}.",
                           (*path, "id"))
            else:
                self.task_ids[task_id] = lesson_path.name
        title = _get(report, data, path, "title", _text)
        instructions = _get(report, data, path, "instructions", _text)
        self.images.check(instructions, lesson_path.parent, report,
                          _field_line_of(doc, (*path, "instructions")))
        rubric_data = data.get("rubric")
        if rubric_data is None:
            report.add("'rubric' wajib diisi untuk tugas.", path)
            return None
        messages = validate_rubric(rubric_data, ())
        for message in messages:
            report.add(str(message), (*path, "rubric", *message.path))
        if messages or None in (task_id, title, instructions):
            return None
        return Task(id=task_id, title=title, instructions=instructions,
                    rubric=_rubric(rubric_data))


def _rubric(data: list) -> Rubric:
    return Rubric(tuple(
        RubricCriterion(item["criterion"], tuple(
            RubricLevel(level["label"], level["points"], level.get("description"))
            for level in item["levels"]))
        for item in data))


def load_course(path: str | Path) -> tuple[Course | None, list[Problem]]:
    """Load and check one course folder; the course is None when there is any problem."""
    loader = _CourseLoader(Path(path))
    course = loader.load()
    return course, sorted(loader.problems, key=lambda p: (p.path, p.line or 0))


def load_tree(path: str | Path) -> tuple[list[Course], list[Problem]]:
    """Load every course folder under ``content/courses`` (``content`` itself also works)."""
    root = Path(path)
    if (root / "courses").is_dir() and not (root / "course.md").exists():
        root = root / "courses"
    if not root.is_dir():
        return [], [Problem(_display(root), None, "Folder kursus tidak ditemukan.")]
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
    report = _Report(_display(path), problems)
    text = _read_text(path, report)
    if text is None:
        return [], problems
    doc = _parse_yaml(text, 1, report)
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
        _check_keys(report, item, here, {"term", "aliases", "definition"}, "glosarium")
        term = _get(report, item, here, "term", _text)
        definition = _get(report, item, here, "definition", _text)
        aliases = item.get("aliases") or []
        if not isinstance(aliases, list) or any(_text(alias) for alias in aliases):
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
