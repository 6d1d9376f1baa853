"""Account operations: sign-in checks, creating and changing accounts, classes and caseloads.

Every function takes objects and validated data, changes the session and flushes; the view that
called it commits once, or rolls the whole request back.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from flask import current_app

from training import audit
from training.access import FACILITY_STAFF_ROLES, LEARNER, OFFICER
from training.accounts.models import (
    Caseload,
    ClassInstructor,
    ClassLearner,
    Facility,
    LoginThrottle,
    TrainingClass,
    User,
    find_user_by_login,
    new_session_token,
    normalise_reg_number,
    normalise_username,
)
from training.accounts.passwords import (
    burn_verify_time,
    hash_password,
    needs_rehash,
    temporary_password,
    verify_password,
)
from training.clock import now_utc
from training.extensions import db, gettext as _, one_of


class AccountError(ValueError):
    """A request that can't be carried out; the message is for the user."""


@dataclass
class SignInResult:
    """What happened at a sign-in attempt. ``outcome`` is ok, bad, locked or throttled."""

    outcome: str
    user: User | None = None
    wait_seconds: int = 0


# --- sign-in -------------------------------------------------------------------------------

def address_wait_seconds(address: str, at_dt=None) -> int:
    """Seconds this source address must wait before it may try again (0 when it may)."""
    at_dt = at_dt or now_utc()
    row = db.session.get(LoginThrottle, address or "-")
    if row is None or row.blocked_until_dt is None or row.blocked_until_dt <= at_dt:
        return 0
    return int((row.blocked_until_dt - at_dt).total_seconds()) + 1


def _note_address_failure(address: str, at_dt) -> None:
    """Count a failure for the source address; past a threshold each further one waits longer."""
    cfg = current_app.config
    key = address or "-"
    row = db.session.get(LoginThrottle, key)
    window = timedelta(minutes=cfg["IP_WINDOW_MINUTES"])
    if row is None:
        row = LoginThrottle(address=key, failures=0, window_start_dt=at_dt)
        db.session.add(row)
    elif row.window_start_dt + window < at_dt:
        row.failures, row.window_start_dt, row.blocked_until_dt = 0, at_dt, None
    row.failures += 1
    over = row.failures - cfg["IP_FAILURES_BEFORE_SLOWDOWN"]
    if over >= 0:
        wait = min(2 ** over, cfg["IP_MAX_WAIT_SECONDS"])
        row.blocked_until_dt = at_dt + timedelta(seconds=wait)


def attempt_sign_in(login: str, password: str, address: str) -> SignInResult:
    """Check a sign-in and record it. Never says which of name or password was wrong."""
    cfg = current_app.config
    at_dt = now_utc()
    wait = address_wait_seconds(address, at_dt)
    if wait:
        audit.record("login.throttled", login=login[:60])
        return SignInResult("throttled", wait_seconds=wait)

    user = find_user_by_login(login)
    if user is None:
        burn_verify_time(password)
        _note_address_failure(address, at_dt)
        audit.record("login.failure", login=login[:60], reason="unknown")
        return SignInResult("bad")
    if user.is_locked(at_dt):
        _note_address_failure(address, at_dt)
        audit.record("login.failure", user, actor=user, reason="locked")
        return SignInResult("locked", user)

    if not verify_password(user.password_hash, password) or not user.active:
        _note_address_failure(address, at_dt)
        reason = "password" if user.active else "inactive"
        if user.active:
            user.failed_logins += 1
        audit.record("login.failure", user, actor=user, reason=reason)
        if user.active and user.failed_logins >= cfg["LOCKOUT_FAILURES"]:
            user.failed_logins = 0
            user.locked_until_dt = at_dt + timedelta(minutes=cfg["LOCKOUT_MINUTES"])
            audit.record("login.lockout", user, actor=user, minutes=cfg["LOCKOUT_MINUTES"])
            return SignInResult("locked", user)
        return SignInResult("bad")

    user.failed_logins = 0
    user.locked_until_dt = None
    user.last_login_dt = at_dt
    if needs_rehash(user.password_hash):  # the Argon2 cost setting changed: move to it now
        user.password_hash = hash_password(password)
    audit.record("login.success", user, actor=user)
    db.session.flush()
    return SignInResult("ok", user)


# --- passwords -----------------------------------------------------------------------------

def change_password(user: User, new_password: str) -> None:
    """Set a password the user chose; every other session of the account ends."""
    user.password_hash = hash_password(new_password)
    user.must_change_password = False
    user.end_all_sessions()
    audit.record("account.password_changed", user)
    db.session.flush()


def reset_password(user: User) -> str:
    """Give the account a temporary password that must be changed at the next sign-in."""
    temp = temporary_password()
    user.password_hash = hash_password(temp)
    user.must_change_password = True
    user.failed_logins = 0
    user.locked_until_dt = None
    user.end_all_sessions()
    audit.record("account.password_reset", user)
    db.session.flush()
    return temp


def unlock(user: User) -> None:
    """Lift a lockout from repeated failed sign-ins."""
    user.failed_logins = 0
    user.locked_until_dt = None
    audit.record("account.unlocked", user)
    db.session.flush()


# --- creating accounts ---------------------------------------------------------------------

def check_reg_number_free(reg_number: str) -> None:
    """Raise AccountError when a registration number is taken, saying where."""
    existing = db.session.scalar(db.select(User).where(User.reg_number == reg_number))
    if existing is not None:
        raise AccountError(_("Nomor registrasi %(reg)s sudah terdaftar.", reg=reg_number))


def create_learner(
    facility: Facility,
    *,
    reg_number: str,
    full_name: str,
    expected_release_on: date | None = None,
    is_demo: bool = False,
    password: str | None = None,
) -> tuple[User, str]:
    """Create a learner with a temporary password; returns the learner and that password."""
    reg = normalise_reg_number(reg_number)
    if not reg:
        raise AccountError(_("Nomor registrasi wajib diisi."))
    check_reg_number_free(reg)
    return _new_account(
        password,
        role=LEARNER,
        facility_id=facility.id,
        reg_number=reg,
        full_name=full_name,
        expected_release_on=expected_release_on,
        is_demo=is_demo,
    )


def create_staff(
    facility: Facility | None,
    *,
    role: str,
    username: str,
    full_name: str,
    is_demo: bool = False,
    password: str | None = None,
    nip: str | None = None,
) -> tuple[User, str]:
    """Create an instructor, officer or admin account with a temporary password (and NIP, if given)."""
    name = normalise_username(username)
    if not name or any(ch.isspace() for ch in name):
        raise AccountError(_("Nama pengguna wajib diisi, tanpa spasi."))
    taken = db.session.scalar(db.select(User.id).where(db.func.lower(User.username) == name))
    if taken is not None or db.session.scalar(
        db.select(User.id).where(User.reg_number == normalise_reg_number(name))
    ):
        raise AccountError(_("Nama pengguna %(name)s sudah dipakai.", name=name))
    return _new_account(
        password,
        role=role,
        facility_id=facility.id if facility is not None else None,
        username=name,
        full_name=full_name,
        is_demo=is_demo,
        nip=normalise_nip(nip),
    )


def normalise_nip(raw: str | None) -> str | None:
    """A NIP as stored: its 18 digits without spaces, or None when empty."""
    digits = "".join((raw or "").split())
    if not digits:
        return None
    if not (digits.isascii() and digits.isdigit() and len(digits) == 18):
        raise AccountError(_("NIP adalah 18 angka."))
    return digits


def set_nip(user: User, raw: str | None) -> None:
    """Record or correct a staff member's NIP (audited when it changes)."""
    nip = normalise_nip(raw)
    if nip != user.nip:
        audit.record("account.updated", user, changes={"nip": [user.nip, nip]})
        user.nip = nip
    db.session.flush()


def _new_account(password: str | None, *, full_name: str, **fields) -> tuple[User, str]:
    """Add an account; without a chosen ``password`` it gets a temporary one that must be changed."""
    temp = password or temporary_password()
    user = User(
        full_name=" ".join(full_name.split()),
        password_hash=hash_password(temp),
        must_change_password=password is None,
        session_token=new_session_token(),
        **fields,
    )
    db.session.add(user)
    db.session.flush()
    audit.record("account.created", user, role=user.role)
    return user, temp


def update_learner(user: User, *, full_name: str, expected_release_on: date | None) -> None:
    """Correct a learner's name or expected release date."""
    changes = {}
    clean_name = " ".join(full_name.split())
    if clean_name != user.full_name:
        changes["full_name"] = [user.full_name, clean_name]
        user.full_name = clean_name
    if expected_release_on != user.expected_release_on:
        changes["expected_release_on"] = [
            user.expected_release_on.isoformat() if user.expected_release_on else None,
            expected_release_on.isoformat() if expected_release_on else None,
        ]
        user.expected_release_on = expected_release_on
    if changes:
        audit.record("account.updated", user, changes=changes)
    db.session.flush()


def set_role(user: User, role: str) -> None:
    """Change a staff member's role between those a facility admin hands out."""
    if role not in FACILITY_STAFF_ROLES or user.role not in FACILITY_STAFF_ROLES:
        raise AccountError(_("Peran ini tidak bisa diubah di sini."))
    if role != user.role:
        audit.record("account.role_changed", user, old=user.role, new=role)
        user.role = role
        user.end_all_sessions()
        if role != OFFICER:
            db.session.execute(db.delete(Caseload).where(Caseload.officer_id == user.id))
        db.session.execute(db.delete(ClassInstructor).where(ClassInstructor.user_id == user.id))
    db.session.flush()


def deactivate(user: User, reason: str) -> None:
    """Close an account (a learner on release, staff who left). Records are kept."""
    user.active = False
    user.deactivated_dt = now_utc()
    user.deactivation_reason = reason.strip()[:200]
    user.end_all_sessions()
    audit.record("account.deactivated", user, reason=user.deactivation_reason)
    db.session.flush()


def reactivate(user: User) -> None:
    """Open a closed account again."""
    user.active = True
    user.deactivated_dt = None
    user.deactivation_reason = None
    audit.record("account.reactivated", user)
    db.session.flush()


def transfer_learner(user: User, destination: Facility) -> None:
    """Move a learner to another facility with all their records.

    Records hang off the learner, so they move with them. Class places in the old facility end
    (classes belong to a facility); the caseload stays, because officers work across facilities.
    """
    if destination.id == user.facility_id:
        raise AccountError(_("Warga binaan sudah terdaftar di fasilitas ini."))
    if destination.kind == "bapas" or not destination.is_active:
        raise AccountError(_("Warga binaan hanya bisa dipindahkan ke lapas, rutan atau LPKA yang aktif."))
    source_id = user.facility_id
    db.session.execute(db.delete(ClassLearner).where(ClassLearner.user_id == user.id))
    user.facility_id = destination.id
    user.end_all_sessions()
    audit.record("account.transferred", user, facility_id=source_id, old=source_id, new=destination.id)
    audit.record("account.transferred_in", user, facility_id=destination.id, old=source_id, new=destination.id)
    db.session.flush()
    db.session.expire(user, ["facility"])


# --- classes and caseloads -----------------------------------------------------------------

def create_class(facility: Facility, *, name: str, description: str = "") -> TrainingClass:
    """Open a new class in a facility."""
    clean = " ".join(name.split())
    exists = db.session.scalar(
        db.select(TrainingClass.id).where(
            TrainingClass.facility_id == facility.id, TrainingClass.name == clean
        )
    )
    if exists:
        raise AccountError(_("Kelas dengan nama %(name)s sudah ada.", name=clean))
    training_class = TrainingClass(facility_id=facility.id, name=clean, description=description.strip())
    db.session.add(training_class)
    db.session.flush()
    audit.record("class.created", training_class, name=clean)
    return training_class


def set_class_members(training_class: TrainingClass, learner_ids: set[int], instructor_ids: set[int]) -> None:
    """Make the class hold exactly these learners and instructors (all from its facility)."""
    facility_users = {
        u.id: u
        for u in db.session.scalars(
            db.select(User).where(User.facility_id == training_class.facility_id, User.active.is_(True))
        )
    }
    if any(i not in facility_users or facility_users[i].role != LEARNER for i in learner_ids):
        raise AccountError(_("Ada warga binaan yang tidak terdaftar di fasilitas ini."))
    if any(i not in facility_users or facility_users[i].role != "instructor" for i in instructor_ids):
        raise AccountError(_("Ada pengajar yang tidak terdaftar di fasilitas ini."))
    for model, wanted in ((ClassLearner, learner_ids), (ClassInstructor, instructor_ids)):
        current = set(db.session.scalars(db.select(model.user_id).where(model.class_id == training_class.id)))
        for user_id in wanted - current:
            db.session.add(model(class_id=training_class.id, user_id=user_id))
        if current - wanted:
            db.session.execute(
                db.delete(model).where(model.class_id == training_class.id, one_of(model.user_id, current - wanted))
            )
        if wanted != current:
            audit.record(
                "class.members_changed",
                training_class,
                kind=model.__tablename__,
                added=sorted(wanted - current),
                removed=sorted(current - wanted),
            )
    db.session.flush()


def set_officer(learner: User, officer: User | None) -> None:
    """Put a learner on one officer's caseload (or on none)."""
    current = list(db.session.scalars(db.select(Caseload).where(Caseload.learner_id == learner.id)))
    if officer is not None and (officer.role != OFFICER or not officer.active):
        raise AccountError(_("Pembimbing kemasyarakatan tidak ditemukan."))
    if [c.officer_id for c in current] == ([officer.id] if officer else []):
        return
    for row in current:
        db.session.delete(row)
    db.session.flush()
    if officer is not None:
        db.session.add(Caseload(officer_id=officer.id, learner_id=learner.id))
    audit.record(
        "caseload.changed",
        learner,
        old=[c.officer_id for c in current],
        new=[officer.id] if officer else [],
    )
    db.session.flush()


def officer_of(learner: User) -> User | None:
    """The officer whose caseload holds this learner, if any."""
    return db.session.scalar(
        db.select(User).join(Caseload, Caseload.officer_id == User.id).where(Caseload.learner_id == learner.id)
    )
