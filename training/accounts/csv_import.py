"""Importing a class list of learners from a CSV file.

Spreadsheets in an Indonesian locale save CSV with semicolons and sometimes a byte-order mark;
both are accepted. Every row is checked first and the problems are reported by line; only a file
without problems is imported, all of it at once.
"""
from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from datetime import date


from training.accounts.models import TrainingClass, User, normalise_reg_number
from training.accounts.services import create_learner, set_class_members
from training.extensions import db, gettext as _
from training.fields import DayError, parse_day

# Accepted header names for each field, lower case.
HEADERS = {
    "reg_number": ("nomor_registrasi", "nomor registrasi", "no_registrasi", "no registrasi", "reg_number"),
    "full_name": ("nama_lengkap", "nama lengkap", "nama", "full_name", "name"),
    "expected_release_on": (
        "tanggal_bebas", "tanggal bebas", "perkiraan_bebas", "perkiraan bebas", "expected_release_on",
    ),
    "class_name": ("kelas", "class"),
}


@dataclass
class ImportRow:
    """One valid row, ready to create."""

    line: int
    reg_number: str
    full_name: str
    expected_release_on: date | None
    class_name: str


@dataclass
class ImportReport:
    """The outcome of reading a file: its rows, the problems found, and what was created."""

    rows: list[ImportRow] = field(default_factory=list)
    problems: list[tuple[int, str]] = field(default_factory=list)
    created: list[tuple[User, str]] = field(default_factory=list)
    text: str = ""  # the file as read, so a page with problems can offer it again

    @property
    def ok(self) -> bool:
        return not self.problems


def _decode(data: bytes) -> str:
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise UnicodeDecodeError("utf-8", data, 0, 1, "unreadable")


def read_learner_csv(data: bytes, facility_id: int) -> ImportReport:
    """Check every row of a learner CSV without changing anything."""
    report = ImportReport()
    try:
        text = _decode(data)
    except UnicodeDecodeError:
        report.problems.append((1, _("Berkas tidak bisa dibaca. Simpan sebagai CSV (UTF-8).")))
        return report
    if not text.strip():
        report.problems.append((1, _("Berkas kosong.")))
        return report
    if "\x00" in text:
        report.problems.append((1, _("Berkas memuat karakter tersembunyi (NUL). Buka di lembar kerja lalu simpan lagi sebagai CSV.")))
        return report
    report.text = text
    first_line = text.splitlines()[0]
    delimiter = ";" if first_line.count(";") > first_line.count(",") else ","
    # newline="": the csv module then reads Windows, Unix and old Mac (CR only) line endings.
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    records: list[tuple[int, list[str]]] = []
    try:
        header = [h.strip().lower() for h in next(reader)]
        for cells in reader:
            records.append((reader.line_num, cells))
    except csv.Error:
        report.problems.append((
            reader.line_num or 1,
            _("Baris ini tidak bisa dibaca: ada isian yang sangat panjang, tanda kutip yang tidak ditutup, "
              "atau karakter tersembunyi. Buka berkas di lembar kerja lalu simpan lagi sebagai CSV."),
        ))
        return report
    columns = {}
    for key, names in HEADERS.items():
        for index, name in enumerate(header):
            if name in names:
                columns[key] = index
    for key in ("reg_number", "full_name"):
        if key not in columns:
            report.problems.append(
                (1, _("Kolom %(name)s tidak ada di baris judul.", name=HEADERS[key][0]))
            )
    if report.problems:
        return report

    classes = {
        c.name.lower(): c
        for c in db.session.scalars(db.select(TrainingClass).where(TrainingClass.facility_id == facility_id))
    }
    seen: dict[str, int] = {}
    for line_no, cells in records:
        if not any(cell.strip() for cell in cells):
            continue

        def cell(key: str, cells: list[str] = cells) -> str:
            index = columns.get(key)
            return cells[index].strip() if index is not None and index < len(cells) else ""

        reg = normalise_reg_number(cell("reg_number"))
        name = " ".join(cell("full_name").split())
        problems = []
        if not reg:
            problems.append(_("nomor registrasi kosong"))
        elif len(reg) > 40:
            problems.append(_("nomor registrasi paling panjang 40 huruf"))
        elif reg in seen:
            problems.append(_("nomor registrasi %(reg)s sudah ada di baris %(line)d", reg=reg, line=seen[reg]))
        else:
            seen[reg] = line_no
            if db.session.scalar(db.select(User.id).where(User.reg_number == reg)) is not None:
                problems.append(_("nomor registrasi %(reg)s sudah terdaftar", reg=reg))
        if not name:
            problems.append(_("nama kosong"))
        elif len(name) > 120:
            problems.append(_("nama terlalu panjang (paling banyak 120 huruf)"))
        release = None
        if cell("expected_release_on"):
            try:
                release = parse_day(cell("expected_release_on"))
            except DayError as error:
                problems.append(str(error))
        class_name = cell("class_name")
        if class_name and class_name.lower() not in classes:
            problems.append(_("kelas %(name)s belum ada", name=class_name))
        if problems:
            report.problems.append((line_no, "; ".join(problems)))
        else:
            report.rows.append(ImportRow(line_no, reg, name, release, class_name))
    if not report.rows and not report.problems:
        report.problems.append((2, _("Tidak ada baris data di bawah baris judul.")))
    return report


def import_learners(data: bytes, facility, default_class: TrainingClass | None = None) -> ImportReport:
    """Read a learner CSV and, when it has no problems, create every learner in it.

    The caller commits; on any problem nothing has been added to the session.
    """
    report = read_learner_csv(data, facility.id)
    if not report.ok:
        return report
    classes = {
        c.name.lower(): c
        for c in db.session.scalars(db.select(TrainingClass).where(TrainingClass.facility_id == facility.id))
    }
    placements: dict[int, set[int]] = {}
    for row in report.rows:
        user, temp = create_learner(
            facility, reg_number=row.reg_number, full_name=row.full_name, expected_release_on=row.expected_release_on
        )
        report.created.append((user, temp))
        target = classes.get(row.class_name.lower()) if row.class_name else default_class
        if target is not None:
            placements.setdefault(target.id, set()).add(user.id)
    for class_id, new_ids in placements.items():
        training_class = db.session.get(TrainingClass, class_id)
        current = {u.id for u in training_class.learners}
        instructors = {u.id for u in training_class.instructors}
        set_class_members(training_class, current | new_ids, instructors)
    return report
