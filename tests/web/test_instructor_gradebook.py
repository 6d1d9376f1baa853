"""The gradebook: the CSV export is the on-screen table, cell for cell, in a form an Indonesian
spreadsheet reads (UTF-8 with BOM, ';', decimal comma, dd/mm/yyyy), and exporting is audited."""
from __future__ import annotations

import csv
import io
import re
from html.parser import HTMLParser

from tests.conftest import sign_in
from training.accounts.models import User
from training.audit import AuditEvent
from training.courses import quiz
from training.teaching import grading
from training.courses.models import QuizAttempt, TaskSubmission
from training.teaching.attendance import save_sheet
from training.teaching.models import AttendanceSession
from training.extensions import db


class TableCells(HTMLParser):
    """The text of every cell of the table with id buku-nilai, row by row."""

    def __init__(self):
        super().__init__()
        self.rows, self._in_table, self._cell = [], False, None

    def handle_starttag(self, tag, attrs):
        if tag == "table" and ("id", "buku-nilai") in attrs:
            self._in_table = True
        elif self._in_table and tag == "tr":
            self.rows.append([])
        elif self._in_table and tag in ("td", "th"):
            self._cell = ""

    def handle_endtag(self, tag):
        if tag == "table":
            self._in_table = False
        elif self._in_table and tag in ("td", "th") and self._cell is not None:
            self.rows[-1].append(" ".join(self._cell.split()))
            self._cell = None

    def handle_data(self, data):
        if self._cell is not None:
            self._cell += data


def _make_some_work(app, world):
    with app.app_context():
        learner = db.session.get(User, world.learner.id)
        instructor = db.session.get(User, world.instructor.id)
        attempt = db.session.get(QuizAttempt, world.attempt.id)
        questions = list(attempt.lesson.questions)
        quiz.answer_question(attempt, questions[0], "12500")  # right
        quiz.answer_question(attempt, questions[1], "0")  # wrong
        quiz.answer_question(attempt, questions[2], "false")  # right: 2 of 3
        grading.grade_submission(instructor, db.session.get(TaskSubmission, world.submission.id), [1],
                                 feedback="Bagus.", status="graded", loaded_version=0)
        session = db.session.get(AttendanceSession, world.session.id)
        save_sheet(instructor, session, {learner.id: ("late", "75")})
        db.session.commit()


def test_csv_export_matches_the_gradebook_on_screen_cell_for_cell(app, world):
    _make_some_work(app, world)
    client = app.test_client()
    sign_in(client, world.instructor.username)
    url = f"/pengajar/kelas/{world.class_a.id}/nilai?kursus={world.course.slug}"
    parser = TableCells()
    parser.feed(client.get(url).get_data(as_text=True))
    screen = parser.rows

    response = client.get(f"/pengajar/kelas/{world.class_a.id}/nilai.csv?kursus={world.course.slug}")
    assert response.status_code == 200 and response.headers["Content-Type"] == "text/csv; charset=utf-8"
    raw = response.get_data()
    assert raw.startswith(b"\xef\xbb\xbf")  # the BOM tells a spreadsheet the file is UTF-8
    exported = list(csv.reader(io.StringIO(raw.decode("utf-8-sig")), delimiter=";"))

    assert exported == screen
    assert len(screen) == 3  # the header and two learners
    header, budi = screen[0], screen[1]
    assert budi[0] == "Budi Santoso"
    assert header[2:5] == ["P1 Uang usaha", "P2 Bacaan saja", "P3 Kuis terbatas"]  # number and title
    assert "Pelajaran terlambat" in header and not {"P1", "P2", "Terlambat"} & set(header)
    assert budi[header.index("P1 Uang usaha")] == "66,7"  # a number with a decimal comma
    assert budi[header.index("Hadir (%)")] == "100"  # late counts as attended
    assert budi[header.index("Menit hadir")] == "75"
    assert re.fullmatch(r"\d{2}/\d{2}/\d{4}", budi[header.index("Aktif terakhir")])
    sari = screen[2]
    assert sari[header.index("Poin tugas P1 Hitung HPP produk Anda")] == "4"


def test_gradebook_export_is_in_the_audit_trail(app, world):
    client = app.test_client()
    sign_in(client, world.instructor.username)
    client.get(f"/pengajar/kelas/{world.class_a.id}/nilai.csv")
    with app.app_context():
        event = db.session.scalar(db.select(AuditEvent).where(AuditEvent.action == "gradebook.exported"))
        assert event is not None and event.target_id == world.class_a.id and event.details["rows"] == 2


def test_learner_page_shows_lessons_attempts_tasks_and_attendance(app, world):
    _make_some_work(app, world)
    client = app.test_client()
    sign_in(client, world.instructor.username)
    page = client.get(f"/pengajar/warga-binaan/{world.learner.id}").get_data(as_text=True)
    assert "Kursus Uji Coba" in page and "ke-1:" in page and "terlambat 1" in page
    page2 = client.get(f"/pengajar/warga-binaan/{world.learner2.id}").get_data(as_text=True)
    assert "Hitung HPP produk Anda" in page2 and "4/4" in page2


def test_class_overview_shows_who_has_not_started(app, world):
    client = app.test_client()
    sign_in(client, world.instructor.username)
    page = client.get(f"/pengajar/kelas/{world.class_a.id}/ringkasan").get_data(as_text=True)
    assert "Belum mulai" in page and "Tersendat" in page and "Kegiatan terakhir" in page
