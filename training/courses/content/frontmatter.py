"""Front-matter checks: course.md's header and certificate criteria, a lesson's fields, quiz and task.

``FrontMatterChecks`` is the half of the course loader that reads one file's front matter and
reports each problem at its line; :mod:`training.courses.content.loader` is the other half, which
walks the folder, numbers the lessons and reads the question banks.
"""

from __future__ import annotations

import re
from pathlib import Path

from training.courses.content.images import ImageChecker
from training.courses.content.model import (
    CertificateCriteria, Lesson, Problem, Quiz, Rubric, RubricCriterion, RubricLevel, Task,
)
from training.courses.content.yamldoc import (
    Doc, Report, check_keys, check_one_of, check_percent, check_text, check_whole, display_path,
    field_line_of, get_field, read_markdown,
)
from training.courses.questions import canonical_question, validate_rubric

SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
LANGUAGES = ("id", "en")
COURSE_KEYS = {"title", "language", "version", "summary", "estimated_hours", "outcomes",
               "certificate"}
CERTIFICATE_KEYS = {"lessons_completed", "min_quiz_average", "practical_min_level", "storefront"}
LESSON_KEYS = {"title", "minutes", "summary", "quiz", "task"}
QUIZ_KEYS = {"pass_mark", "max_attempts", "counts", "feedback", "questions", "bank", "bank_category"}
FEEDBACK_MODES = ("immediate", "after_attempt")
TASK_KEYS = {"id", "title", "instructions", "rubric"}


class FrontMatterChecks:
    """Checks of one course's front matter; the loader subclasses it and holds the state.

    Expects ``problems`` (the list every Problem goes to), ``images`` (an ImageChecker),
    ``task_ids``, ``broken_tasks`` and ``broken_quizzes``, and a ``_bank_questions`` method.
    """

    problems: list[Problem]
    images: ImageChecker
    task_ids: dict[str, str]
    broken_tasks: bool
    broken_quizzes: bool

    # course.md

    def _course_header(self, path: Path) -> dict | None:
        report = Report(display_path(path), self.problems)
        parsed = read_markdown(path, report)
        if parsed is None or parsed.doc is None:
            return None
        data = parsed.doc.data
        check_keys(report, data, (), COURSE_KEYS, "course.md")
        header = {
            "title": get_field(report, data, (), "title", check_text),
            "language": get_field(report, data, (), "language", check_one_of(*LANGUAGES), required=False,
                             default="id"),
            "version": get_field(report, data, (), "version", check_whole(1)),
            "summary": get_field(report, data, (), "summary", check_text),
            "estimated_hours": get_field(report, data, (), "estimated_hours", check_whole(1)),
            "outcomes": self._outcomes(report, data),
            "introduction": parsed.body.strip(),
            "_raw": data,
        }
        self.images.check(parsed.body, path.parent, report,
                          lambda index: parsed.body_line + index)
        self._report_for_certificate = report
        return header

    def _outcomes(self, report: Report, data: dict) -> tuple[str, ...]:
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
            if check_text(outcome):
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
        check_keys(report, data, path, CERTIFICATE_KEYS, "certificate")
        lessons_completed = data.get("lessons_completed")
        if lessons_completed is not None and lessons_completed != "all" and (
                check_whole(1, len(lessons))(lessons_completed)):
            report.add(f"'lessons_completed' harus 'all' atau bilangan bulat 1 sampai "
                       f"{len(lessons)} (jumlah pelajaran).", (*path, "lessons_completed"))
        average = get_field(report, data, path, "min_quiz_average", check_percent, required=False)
        if average is not None and not self.broken_quizzes and not any(
                lesson.quiz for lesson in lessons):
            report.add("'min_quiz_average' diisi, tetapi tidak ada pelajaran yang punya kuis.",
                       (*path, "min_quiz_average"))
        level = get_field(report, data, path, "practical_min_level", check_text, required=False)
        if level is not None and not self.broken_tasks:
            tasks = [lesson.task for lesson in lessons if lesson.task]
            if not tasks:
                report.add("'practical_min_level' diisi, tetapi tidak ada pelajaran dengan "
                           "'task'.", (*path, "practical_min_level"))
            elif tasks[-1].rubric.level_share(level) is None:
                report.add(f"Tingkat '{level}' tidak ada di setiap kriteria rubrik tugas "
                           f"'{tasks[-1].id}'.", (*path, "practical_min_level"))
        storefront = data.get("storefront", [])
        if not isinstance(storefront, list) or any(check_text(item) for item in storefront):
            report.add("'storefront' harus berupa daftar nama target, misalnya "
                       "[season_finished].", (*path, "storefront"))
            storefront = []
        return CertificateCriteria(lessons_completed=lessons_completed, min_quiz_average=average,
                                   practical_min_level=level, storefront=tuple(storefront))

    # lessons

    def _lesson(self, path: Path, number: int, slug: str) -> Lesson | None:
        report = Report(display_path(path), self.problems)
        parsed = read_markdown(path, report)
        if parsed is None or parsed.doc is None:
            return None
        data, doc = parsed.doc.data, parsed.doc
        before = len(self.problems)
        check_keys(report, data, (), LESSON_KEYS, "pelajaran")
        title = get_field(report, data, (), "title", check_text)
        minutes = get_field(report, data, (), "minutes", check_whole(1))
        summary = get_field(report, data, (), "summary", check_text)
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

    def _quiz(self, report: Report, doc: Doc, lesson_path: Path) -> Quiz | None:
        path = ("quiz",)
        data = doc.data["quiz"]
        if not isinstance(data, dict):
            report.add("'quiz' harus berisi pasangan kunci: nilai.", path)
            return None
        check_keys(report, data, path, QUIZ_KEYS, "quiz")
        pass_mark = get_field(report, data, path, "pass_mark", check_percent, required=False, default=70)
        max_attempts = get_field(report, data, path, "max_attempts", check_whole(1), required=False)
        counts = get_field(report, data, path, "counts", check_one_of("best", "last"), required=False,
                      default="best")
        feedback = get_field(report, data, path, "feedback", check_one_of(*FEEDBACK_MODES),
                             required=False, default="immediate")
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
                                  field_line_of(doc, (*here, key)))
            questions.append(question)
        bank = data.get("bank")
        category = data.get("bank_category")
        if category is not None and (bank is None or check_text(category)):
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
        return Quiz(pass_mark=pass_mark, max_attempts=max_attempts, counts=counts, feedback=feedback,
                    questions=tuple(questions), bank=bank, bank_category=category)

    @staticmethod
    def _note_id(report: Report, qid: str, where: str, seen: dict, line: int) -> None:
        if qid in seen:
            report.add(f"id soal '{qid}' dipakai dua kali di pelajaran ini (juga di {seen[qid]}).",
                       line=line)
        else:
            seen[qid] = where

    def _task(self, report: Report, doc: Doc, lesson_path: Path) -> Task | None:
        path = ("task",)
        data = doc.data["task"]
        if not isinstance(data, dict):
            report.add("'task' harus berisi pasangan kunci: nilai.", path)
            return None
        check_keys(report, data, path, TASK_KEYS, "task")
        task_id = get_field(report, data, path, "id", check_text)
        if isinstance(task_id, str):
            if not SLUG.match(task_id):
                report.add("id tugas hanya boleh huruf kecil, angka dan tanda hubung.",
                           (*path, "id"))
            elif task_id in self.task_ids:
                report.add(f"id tugas '{task_id}' sudah dipakai di {self.task_ids[task_id]}.",
                           (*path, "id"))
            else:
                self.task_ids[task_id] = lesson_path.name
        title = get_field(report, data, path, "title", check_text)
        instructions = get_field(report, data, path, "instructions", check_text)
        self.images.check(instructions, lesson_path.parent, report,
                          field_line_of(doc, (*path, "instructions")))
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
                    rubric=build_rubric(rubric_data))


def build_rubric(data: list) -> Rubric:
    return Rubric(tuple(
        RubricCriterion(item["criterion"], tuple(
            RubricLevel(level["label"], level["points"], level.get("description"))
            for level in item["levels"]))
        for item in data))

