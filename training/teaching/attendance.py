"""Attendance: open a class session, mark who is absent, late or excused, correct it later.

Opening a session marks every active learner of the class present for the planned minutes, so
taking attendance only needs a tap for the exceptions. A save checks every row first and changes
nothing when any row is wrong (saved whole or not at all).

The attendance rate (used by the gradebook and by readiness): sessions attended (present or
late) divided by sessions that count (present, late or absent). Excused sessions are left out of
the denominator, so an excused absence neither helps nor hurts. With no session that counts the
rate is None ("no data"), not zero.

Functions flush, never commit.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, time

from sqlalchemy.orm import contains_eager

from training import audit, events
from training.accounts.models import ClassLearner, TrainingClass, User
from training.clock import now_utc
from training.teaching.models import (
    ATTENDANCE_STATUSES,
    ATTENDED_STATUSES,
    AttendanceRecord,
    AttendanceSession,
)
from training.extensions import db, gettext as _, one_of
from training.inputs import whole_number

MAX_PLANNED_MINUTES = 600


class AttendanceError(ValueError):
    """An attendance change that can't be saved; the message is for the user."""


def class_learners(training_class: TrainingClass) -> list[User]:
    """The active learners of a class, by name."""
    return list(db.session.scalars(
        db.select(User).join(ClassLearner, ClassLearner.user_id == User.id)
        .where(ClassLearner.class_id == training_class.id, User.active.is_(True))
        .order_by(User.full_name, User.id)
    ))


def open_session(actor, training_class: TrainingClass, *, held_on: date, starts_at: time,
                 planned_minutes: int) -> tuple[AttendanceSession, bool]:
    """Open a session with everyone present; returns (session, created). An existing one is reused."""
    if not 1 <= planned_minutes <= MAX_PLANNED_MINUTES:
        raise AttendanceError(_("Lama sesi harus antara 1 dan %(n)d menit.", n=MAX_PLANNED_MINUTES))
    existing = db.session.scalar(db.select(AttendanceSession).where(
        AttendanceSession.class_id == training_class.id, AttendanceSession.held_on == held_on,
        AttendanceSession.starts_at == starts_at,
    ))
    if existing is not None:
        return existing, False
    now = now_utc()
    session = AttendanceSession(class_id=training_class.id, held_on=held_on, starts_at=starts_at,
                                planned_minutes=planned_minutes, created_by_id=getattr(actor, "id", None),
                                created_dt=now, updated_dt=now)
    db.session.add(session)
    db.session.flush()
    for learner in class_learners(training_class):
        db.session.add(AttendanceRecord(session_id=session.id, learner_id=learner.id, status="present",
                                        minutes=planned_minutes))
    audit.record("attendance.opened", session, actor=actor, facility_id=training_class.facility_id,
                 class_id=training_class.id, held_on=held_on.isoformat(), planned_minutes=planned_minutes)
    db.session.flush()
    return session, True


@dataclass
class SheetRow:
    """One learner on the attendance sheet."""

    learner: User
    status: str
    minutes: int | str  # text as typed when the row comes back with an error
    error: str | None = None


def sheet(session: AttendanceSession) -> list[SheetRow]:
    """The rows to show: learners with a record, plus class members added since (present by default)."""
    records = {r.learner_id: r for r in db.session.scalars(
        db.select(AttendanceRecord).where(AttendanceRecord.session_id == session.id))}
    learners = {u.id: u for u in class_learners(session.training_class)}
    for learner_id in records:
        if learner_id not in learners:
            learners[learner_id] = db.session.get(User, learner_id)
    rows = []
    for learner in sorted(learners.values(), key=lambda u: (u.full_name, u.id)):
        record = records.get(learner.id)
        rows.append(SheetRow(learner, record.status if record else "present",
                             record.minutes if record else session.planned_minutes))
    return rows


@dataclass
class SaveResult:
    """What a save did: ``ok`` False with per-row errors, or the number of rows changed."""

    ok: bool
    rows: list[SheetRow] = field(default_factory=list)
    changed: int = 0


def read_minutes(raw, status: str, planned: int) -> tuple[int | None, str | None]:
    """Minutes from the form: blank means the planned minutes; absent and excused are always 0."""
    if status in ("absent", "excused"):
        return 0, None
    text = (raw or "").strip()
    if not text:
        return planned, None
    if not (text.isascii() and text.isdigit()):
        return None, _("Menit harus angka bulat.")
    minutes = whole_number(text, len(str(MAX_PLANNED_MINUTES)))
    if minutes is None:
        return None, _("Paling banyak %(n)d menit.", n=planned)
    if minutes > planned:
        return None, _("Paling banyak %(n)d menit.", n=planned)
    return minutes, None


def save_sheet(actor, session: AttendanceSession, entries: dict[int, tuple[str, str]], *,
               planned_minutes: int | None = None) -> SaveResult:
    """Save every row at once. ``entries`` maps learner id to (status, minutes text).

    Rows missing from ``entries`` keep their stored (or default) values. If any row is wrong,
    nothing changes and the rows come back with their errors.
    """
    planned = session.planned_minutes if planned_minutes is None else planned_minutes
    if not 1 <= planned <= MAX_PLANNED_MINUTES:
        raise AttendanceError(_("Lama sesi harus antara 1 dan %(n)d menit.", n=MAX_PLANNED_MINUTES))
    rows = sheet(session)
    wanted = {}
    failed = False
    for row in rows:
        if row.learner.id not in entries:
            wanted[row.learner.id] = (row.status, min(row.minutes, planned))
            continue
        status, raw_minutes = entries[row.learner.id]
        if status not in ATTENDANCE_STATUSES:
            row.error, failed = _("Pilih hadir, terlambat, tidak hadir atau izin."), True
            continue
        minutes, error = read_minutes(raw_minutes, status, planned)
        row.status = status
        if error:
            row.error, failed = error, True
            row.minutes = raw_minutes  # shown again as typed, beside the error
            continue
        row.minutes = minutes
        wanted[row.learner.id] = (status, minutes)
    if failed:
        return SaveResult(False, rows)

    records = {r.learner_id: r for r in db.session.scalars(
        db.select(AttendanceRecord).where(AttendanceRecord.session_id == session.id))}
    changes = []
    for learner_id, (status, minutes) in wanted.items():
        record = records.get(learner_id)
        if record is None:
            db.session.add(AttendanceRecord(session_id=session.id, learner_id=learner_id, status=status, minutes=minutes))
            changes.append({"learner_id": learner_id, "old": None, "new": [status, minutes]})
        elif (record.status, record.minutes) != (status, minutes):
            changes.append({"learner_id": learner_id, "old": [record.status, record.minutes], "new": [status, minutes]})
            record.status, record.minutes = status, minutes
    if planned != session.planned_minutes:
        changes.append({"planned_minutes": [session.planned_minutes, planned]})
        session.planned_minutes = planned
    if changes:
        session.updated_dt = now_utc()
        audit.record("attendance.saved", session, actor=actor, facility_id=session.training_class.facility_id,
                     class_id=session.class_id, held_on=session.held_on.isoformat(), changes=changes)
    db.session.flush()
    changed = [change["learner_id"] for change in changes if "learner_id" in change]
    for row in rows:
        if row.learner.id in changed:
            events.attendance_recorded.send(row.learner, session=session)
    return SaveResult(True, sheet(session), len(changes))


def counts(session: AttendanceSession) -> dict[str, int]:
    """How many learners of a session have each status."""
    return session_counts([session.id])[session.id]


def session_counts(session_ids: list[int]) -> dict[int, dict[str, int]]:
    """:func:`counts` for many sessions in one query, by session id."""
    result = {session_id: dict.fromkeys(ATTENDANCE_STATUSES, 0) for session_id in session_ids}
    if not session_ids:
        return result
    for session_id, status, n in db.session.execute(
        db.select(AttendanceRecord.session_id, AttendanceRecord.status, db.func.count())
        .where(one_of(AttendanceRecord.session_id, session_ids))
        .group_by(AttendanceRecord.session_id, AttendanceRecord.status)
    ):
        result[session_id][status] = n
    return result


def class_sessions(training_class: TrainingClass, limit: int | None = None) -> list[AttendanceSession]:
    """A class's sessions, newest first."""
    query = (db.select(AttendanceSession).where(AttendanceSession.class_id == training_class.id)
             .order_by(AttendanceSession.held_on.desc(), AttendanceSession.starts_at.desc()))
    if limit:
        query = query.limit(limit)
    return list(db.session.scalars(query))


def summarise(records) -> dict:
    """Counts, rate and minutes for a list of records (see the module docstring for the rule); each
    record is a row with its ``status`` and ``minutes`` and its session's ``planned_minutes`` and
    ``held_on``."""
    tally = dict.fromkeys(ATTENDANCE_STATUSES, 0)
    minutes = planned = 0
    last = None
    for record in records:
        tally[record.status] = tally.get(record.status, 0) + 1
        minutes += record.minutes
        if record.status != "excused":
            planned += record.planned_minutes
        if last is None or record.held_on > last:
            last = record.held_on
    attended = sum(tally[s] for s in ATTENDED_STATUSES)
    counted = attended + tally["absent"]
    return {
        "sessions": len(records),
        **tally,
        "attended": attended,
        "counted": counted,
        "rate": attended / counted if counted else None,
        "minutes": minutes,
        "planned_minutes": planned,
        "last_session_on": last,
    }


def attendance_summary(learner: User, training_class: TrainingClass | None = None) -> dict:
    """A learner's attendance: for the gradebook and the readiness review.

    Returns ``sessions``, one count per status (``present``, ``late``, ``absent``, ``excused``),
    ``attended`` (present + late), ``counted`` (attended + absent), ``rate`` (attended / counted,
    0..1, or None without data), ``minutes`` attended, ``planned_minutes`` of the sessions that
    count, and ``last_session_on``. Across all classes, or only ``training_class``.
    """
    return attendance_summaries([learner], training_class)[learner.id]


def attendance_summaries(learners: list[User], training_class: TrainingClass | None = None) -> dict[int, dict]:
    """:func:`attendance_summary` of several learners, by learner id, in one query (of the five
    figures a summary counts, not whole records: a caseload page reads a thousand of them)."""
    by_learner: dict[int, list] = {u.id: [] for u in learners}
    if by_learner:
        query = (db.select(AttendanceRecord.learner_id, AttendanceRecord.status, AttendanceRecord.minutes,
                           AttendanceSession.planned_minutes, AttendanceSession.held_on)
                 .join(AttendanceSession, AttendanceSession.id == AttendanceRecord.session_id)
                 .where(one_of(AttendanceRecord.learner_id, by_learner)))
        if training_class is not None:
            query = query.where(AttendanceSession.class_id == training_class.id)
        for row in db.session.execute(query):
            by_learner[row.learner_id].append(row)
    return {learner_id: summarise(records) for learner_id, records in by_learner.items()}


def class_attendance_summaries(training_class: TrainingClass, learners: list[User]) -> dict[int, dict]:
    """:func:`attendance_summary` of each learner in ``training_class``, by learner id, in one query."""
    return attendance_summaries(learners, training_class)


def learner_records(learner: User) -> list[AttendanceRecord]:
    """Every attendance record of a learner, newest session first."""
    return list(db.session.scalars(
        db.select(AttendanceRecord).join(AttendanceSession, AttendanceSession.id == AttendanceRecord.session_id)
        .options(contains_eager(AttendanceRecord.session).joinedload(AttendanceSession.training_class))
        .where(AttendanceRecord.learner_id == learner.id)
        .order_by(AttendanceSession.held_on.desc(), AttendanceSession.starts_at.desc())
    ))
