"""Loading course folders: the good path, and every problem at its real line."""

import shutil
import textwrap
from pathlib import Path

import pytest

from training.courses.content import (
    Course,
    Problem,
    load_course,
    load_glossary,
    load_tree,
)

DATA = Path(__file__).parent / "data" / "courses"


def write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
    return path


@pytest.fixture
def course_dir(tmp_path):
    """A copy of the good fixture course that a test may break."""
    target = tmp_path / "roti-sobek"
    shutil.copytree(DATA / "roti-sobek", target)
    return target


def messages(problems, name):
    return [(p.line, p.message) for p in problems if Path(p.path).name == name]


def line_with(path: Path, fragment: str) -> int:
    for number, line in enumerate(path.read_text(encoding="utf-8").split("\n"), start=1):
        if fragment in line:
            return number
    raise AssertionError(fragment)


def lines_with(path: Path, fragment: str) -> list[int]:
    text = path.read_text(encoding="utf-8").split("\n")
    return [number for number, line in enumerate(text, start=1) if fragment in line]


def test_good_course_loads_without_problems():
    course, problems = load_course(DATA / "roti-sobek")
    assert problems == []
    assert isinstance(course, Course)
    assert (course.slug, course.title, course.version, course.language) == (
        "roti-sobek", "Usaha Roti Sobek", 2, "id")
    assert [(lesson.number, lesson.slug) for lesson in course.lessons] == [
        (1, "hpp-roti"), (2, "rencana")]
    assert course.images == ("gambar/roti.png",)
    assert course.certificate.practical_min_level == "Baik"
    assert course.certificate.storefront == ("season_finished",)
    assert course.introduction == "Selamat datang di kursus **roti sobek**."


def test_lesson_quiz_mixes_front_matter_questions_and_the_filtered_bank():
    course, _ = load_course(DATA / "roti-sobek")
    quiz = course.lessons[0].quiz
    assert [q["id"] for q in quiz.questions] == ["hpp-1", "hpp-2", "hpp-bank-1", "hpp-bank-2"]
    assert (quiz.pass_mark, quiz.max_attempts, quiz.counts) == (70, 3, "best")
    assert quiz.questions[0]["choices"][1]["weight"] == 100
    assert quiz.questions[0]["source"]["line"] == 10
    assert quiz.questions[2]["source"]["line"] == 4
    assert quiz.questions[3]["category"] == "HPP/lanjut"


def test_final_task_rubric_and_level_share():
    course, _ = load_course(DATA / "roti-sobek")
    task = course.final_task
    assert task.id == "rencana-roti"
    assert task.rubric.max_points == 4
    assert task.rubric.level_share("Cukup") == 0.5
    assert task.rubric.level_share("Hebat") is None


def test_broken_fixture_course_reports_every_problem_at_its_line():
    course, problems = load_course(DATA / "rusak")
    assert course is None
    lesson = DATA / "rusak" / "01-pertama.md"
    found = messages(problems, "01-pertama.md")
    expected = [
        (line_with(lesson, "      choices:"), "tepat satu pilihan"),
        (lines_with(lesson, "- id: sama")[1], "dipakai dua kali"),
        (line_with(lesson, "warna: biru"), "Kunci 'warna' tidak dikenal"),
        (line_with(lesson, "bank: tidak-ada.gift"), "tidak ditemukan"),
        (line_with(lesson, "hilang.png"), "'gambar/hilang.png' tidak ditemukan"),
        (line_with(lesson, "palsu.png"), "belum punya teks alt"),
        (line_with(lesson, "palsu.png"), "bukan gambar PNG"),
        (line_with(lesson, "foto.gif"), "harus PNG, JPEG atau WebP"),
        (line_with(lesson, "https://"), "tidak punya internet"),
    ]
    for line, fragment in expected:
        assert any(l == line and fragment in m for l, m in found), (line, fragment, found)
    weights = [(l, m) for l, m in found if "90%" in m]
    assert weights and weights[0][0] == line_with(lesson, "text: Pilih dua.") + 1
    course_md = DATA / "rusak" / "course.md"
    header = messages(problems, "course.md")
    version_problem = "'version' harus bilangan bulat (sekarang: 'nol')."
    assert (line_with(course_md, "version: nol"), version_problem) in header
    assert any(l == line_with(course_md, "outcomes:") and "3 sampai 8" in m for l, m in header)
    assert any(l == line_with(course_md, "colour:") and "'colour'" in m for l, m in header)
    assert any(p.line is None and "01-nama-pelajaran.md" in p.message for p in problems)


def test_problems_print_as_file_line_message():
    assert str(Problem("a/01-x.md", 7, "Salah.")) == "a/01-x.md:7: Salah."
    assert str(Problem("a/01-x.md", None, "Salah.")) == "a/01-x.md: Salah."


@pytest.mark.parametrize(("front", "fragment", "marker"), [
    ("title: 5\nminutes: 10\nsummary: s\n", "'title' harus berupa teks", "title: 5"),
    ("title: T\nminutes: sepuluh\nsummary: s\n", "'minutes' harus bilangan bulat", "minutes:"),
    ("title: T\nminutes: 10\n", "'summary' wajib diisi", None),
    ("title: T\nminutes: 10\nsummary: s\ntitle: U\n", "ditulis dua kali", "title: U"),
    ("title: T\nminutes: 10\nsummary: s\nwarna: merah\n", "Kunci 'warna'", "warna"),
    ("title: T\nminutes: 10\nsummary: s\nquiz:\n  pass_mark: 170\n  questions: []\n",
     "'pass_mark' harus angka persen", "pass_mark"),
    ("title: T\nminutes: 10\nsummary: s\nquiz:\n  counts: semua\n  bank: bank-roti.gift\n",
     "'counts' harus salah satu dari: best, last", "counts"),
    ("title: T\nminutes: 10\nsummary: s\nquiz:\n  bank: bank-roti.gift\n  bank_category: Pajak\n",
     "Tidak ada soal di bank 'bank-roti.gift' dengan kategori 'Pajak'", "bank_category"),
    ("title: T\nminutes: 10\nsummary: s\nquiz:\n  bank: ../luar.gift\n", "di luar folder kursus",
     "bank:"),
    ("title: T\nminutes: 10\nsummary: s\nquiz:\n  max_attempts: 3\n", "Kuis belum punya soal",
     "quiz:"),
    ("title: T\nminutes: 10\nsummary: s\nquiz:\n  pass_mark: 70\n counts: best\n",
     "YAML tidak bisa dibaca", " counts: best"),
    ("title: [tidak ditutup\nminutes: 10\n", "YAML tidak bisa dibaca", "minutes"),
])
def test_lesson_front_matter_problems_point_at_the_real_line(course_dir, front, fragment, marker):
    path = write(course_dir, "03-coba.md", "---\n" + front + "---\nIsi pelajaran.\n")
    course, problems = load_course(course_dir)
    assert course is None
    found = messages(problems, "03-coba.md")
    expected_line = line_with(path, marker) if marker else 1
    assert any(fragment in m and (marker is None or l == expected_line) for l, m in found), found


def test_duplicate_ids_between_front_matter_and_bank_are_reported(course_dir):
    path = write(course_dir, "03-coba.md", """
        ---
        title: Coba
        minutes: 5
        summary: s
        quiz:
          questions:
            - id: kas-1
              type: truefalse
              text: Benar?
              answer: true
          bank: bank-roti.gift
          bank_category: Kas
        ---
        Isi.
        """)
    _, problems = load_course(course_dir)
    assert messages(problems, "03-coba.md") == [
        (line_with(path, "bank:"), "id soal 'kas-1' dipakai dua kali di pelajaran ini "
                                   "(juga di baris 7).")]


def test_broken_bank_questions_are_reported_in_the_bank_file(course_dir):
    bank = course_dir / "bank-roti.gift"
    broken = "\n::rusak::Roti {=a ~b\n\nTanpa judul?{T}\n"
    bank.write_text(bank.read_text(encoding="utf-8") + broken, encoding="utf-8")
    _, problems = load_course(course_dir)
    found = messages(problems, "bank-roti.gift")
    assert [l for l, _ in found] == [line_with(bank, "::rusak::"), line_with(bank, "Tanpa judul")]
    assert "tidak ditutup" in found[0][1]
    assert "judul" in found[1][1]


def test_missing_front_matter_and_missing_files(tmp_path):
    folder = tmp_path / "kosong"
    write(folder, "01-a.md", "Tanpa front matter.\n")
    write(folder, "02-b.md", "---\ntitle: B\n")
    _, problems = load_course(folder)
    text = [str(p) for p in problems]
    assert any(t.endswith("01-a.md:1: File harus diawali front matter YAML di antara dua baris "
                          "'---'.") for t in text)
    assert any("02-b.md:1: Front matter tidak ditutup" in t for t in text)
    assert any("course.md: File course.md tidak ada." in t for t in text)


def test_course_folder_name_must_be_a_slug(tmp_path):
    folder = tmp_path / "Roti Sobek"
    shutil.copytree(DATA / "roti-sobek", folder)
    course, problems = load_course(folder)
    assert course is None
    assert any("Nama folder kursus" in p.message for p in problems)


def test_too_large_image_is_reported(course_dir):
    (course_dir / "gambar" / "roti.png").write_bytes(
        (DATA / "roti-sobek" / "gambar" / "roti.png").read_bytes() + b"\0" * (501 * 1024))
    _, problems = load_course(course_dir)
    assert any("terlalu besar" in p.message and p.line == line_with(
        course_dir / "01-hpp-roti.md", "roti.png") for p in problems)


def test_image_in_a_literal_block_points_at_its_own_line(course_dir):
    path = write(course_dir, "02-rencana.md", (DATA / "roti-sobek" / "02-rencana.md").read_text(
        encoding="utf-8").replace("    Tulis rencana usaha satu halaman.\n",
                                  "    Tulis rencana.\n    ![Contoh](gambar/contoh.png)\n"))
    _, problems = load_course(course_dir)
    assert messages(problems, "02-rencana.md") == [
        (line_with(path, "contoh.png"), "Gambar 'gambar/contoh.png' tidak ditemukan.")]


def test_image_references_inside_code_blocks_are_not_checked(course_dir):
    write(course_dir, "03-kode.md", "---\ntitle: K\nminutes: 5\nsummary: s\n---\n"
          "```\n![tidak dicek](gambar/tidak-ada.png)\n```\n")
    assert load_course(course_dir)[1] == []


@pytest.mark.parametrize(("old", "new", "fragment"), [
    ("practical_min_level: Baik", "practical_min_level: Hebat", "Tingkat 'Hebat' tidak ada"),
    ("lessons_completed: all", "lessons_completed: 5", "'lessons_completed' harus 'all'"),
    ("min_quiz_average: 70", "min_quiz_average: 170", "'min_quiz_average' harus angka persen"),
    ("storefront: [season_finished]", "storefront: season_finished", "'storefront' harus"),
    ("language: id", "language: jawa", "'language' harus salah satu dari: id, en"),
])
def test_certificate_and_course_settings_are_checked(course_dir, old, new, fragment):
    path = course_dir / "course.md"
    path.write_text(path.read_text(encoding="utf-8").replace(old, new), encoding="utf-8")
    course, problems = load_course(course_dir)
    assert course is None
    key = new.split(":")[0]
    found = messages(problems, "course.md")
    assert len(found) == 1 and found[0][0] == line_with(path, key), found
    assert fragment in found[0][1]


def test_task_rubric_problems_explain_unquoted_commas(course_dir):
    path = course_dir / "02-rencana.md"
    path.write_text(path.read_text(encoding="utf-8").replace(
        "description: Ada biaya yang lupa.}", "description: Ada biaya, yang lupa.}"),
        encoding="utf-8")
    _, problems = load_course(course_dir)
    found = messages(problems, "02-rencana.md")
    assert found[0][0] == line_with(path, "biaya, yang lupa")
    assert "tanda kutip" in found[0][1]


def test_duplicate_lesson_numbers_are_reported(course_dir):
    shutil.copy(course_dir / "02-rencana.md", course_dir / "02-rencana-lagi.md")
    _, problems = load_course(course_dir)
    assert any("Nomor pelajaran sama" in p.message for p in problems)


def test_load_tree_reads_every_course_and_collects_all_problems():
    courses, problems = load_tree(DATA)
    assert [course.slug for course in courses] == ["roti-sobek"]
    assert {Path(p.path).parent.name for p in problems} == {"rusak"}


def test_glossary_loads_terms_and_reports_duplicates_with_lines(tmp_path):
    path = write(tmp_path, "glossary.yml", """
        - term: HPP
          aliases: [harga pokok produksi]
          definition: Biaya untuk membuat satu barang.
        - term: Laba
          definition: Sisa uang setelah semua biaya dibayar.
        - term: hpp
          definition: Dua kali.
        - term: Omzet
          definition: 5
          warna: merah
        """)
    terms, problems = load_glossary(path)
    assert [t.term for t in terms] == ["HPP", "Laba"]
    assert terms[0].aliases == ("harga pokok produksi",)
    assert [(p.line, p.message.split(" ")[0]) for p in problems] == [
        (line_with(path, "term: hpp"), "Istilah"),
        (line_with(path, "warna"), "Kunci"),
        (line_with(path, "definition: 5"), "'definition'"),
    ]
