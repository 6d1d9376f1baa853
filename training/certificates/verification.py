"""The public check of a certificate code, limited per source address and always counted.

The limit lives in the database (one row per address), so every app server shares it and codes
can't be harvested by spreading requests. Every check, whatever its outcome, adds one to the
day's tally; a found certificate also counts its own checks.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from urllib.parse import urlsplit

from flask import current_app
from sqlalchemy.exc import IntegrityError

from training.certificates import codes
from training.certificates.models import ISSUED, REVOKED, Certificate, VerificationLimit, VerificationTally
from training.clock import now_utc
from training.config import Defaults
from training.extensions import db

VALID, REVOKED_OUTCOME, UNKNOWN, MISTYPED, LIMITED = "valid", "revoked", "unknown", "mistyped", "limited"


@dataclass
class Verification:
    """What the public page may say about a code: an outcome, and the certificate when valid or revoked."""

    outcome: str
    certificate: Certificate | None = None
    code: str = ""


def _bump(model, key: dict, column: str, reset: dict | None = None) -> None:
    """Add one to a counter row atomically in SQL, creating the row on first use."""
    table = model.__table__
    where = [table.c[name] == value for name, value in key.items()]
    result = db.session.execute(table.update().where(*where).values({column: table.c[column] + 1}))
    if result.rowcount:
        return
    try:
        with db.session.begin_nested():
            db.session.execute(table.insert().values({**key, **(reset or {}), column: 1}))
    except IntegrityError:  # another server created it a moment ago
        db.session.execute(table.update().where(*where).values({column: table.c[column] + 1}))


def over_limit(address: str | None, at_dt=None) -> bool:
    """Count a check from ``address`` and say whether it goes past the limit for the window."""
    cfg = current_app.config
    at_dt = at_dt or now_utc()
    key = (address or "-")[:64]
    window = timedelta(minutes=cfg["VERIFY_WINDOW_MINUTES"])
    table = VerificationLimit.__table__
    # A window that has run out starts again (one statement, so two servers can't both reset it).
    db.session.execute(
        table.update()
        .where(table.c.address == key, table.c.window_start_dt < at_dt - window)
        .values(window_start_dt=at_dt, checks=0)
    )
    _bump(VerificationLimit, {"address": key}, "checks", {"window_start_dt": at_dt})
    checks = db.session.scalar(db.select(VerificationLimit.checks).where(VerificationLimit.address == key))
    return checks > cfg["VERIFY_LIMIT_PER_WINDOW"]


def _tally(outcome: str, at_dt) -> None:
    _bump(VerificationTally, {"day": at_dt.date(), "outcome": outcome}, "checks")


def verify(raw_code: str, address: str | None) -> Verification:
    """Check a typed or scanned code: valid, revoked, unknown, mistyped, or limited (too many checks)."""
    at_dt = now_utc()
    if over_limit(address, at_dt):
        _tally(LIMITED, at_dt)
        return Verification(LIMITED)
    code = codes.parse(raw_code)
    if code is None:
        _tally(MISTYPED, at_dt)
        return Verification(MISTYPED, code=codes.normalise(raw_code)[:40])
    certificate = db.session.scalar(
        db.select(Certificate).where(Certificate.code == code, Certificate.status.in_((ISSUED, REVOKED)))
    )
    if certificate is None:  # unknown, or still waiting for approval: not a certificate yet
        _tally(UNKNOWN, at_dt)
        return Verification(UNKNOWN, code=code)
    table = Certificate.__table__
    db.session.execute(
        table.update().where(table.c.id == certificate.id)
        .values(verification_count=table.c.verification_count + 1, last_verified_dt=at_dt)
    )
    outcome = VALID if certificate.status == ISSUED else REVOKED_OUTCOME
    _tally(outcome, at_dt)
    return Verification(outcome, certificate, code)


def public_address_unset(base_url: str) -> bool:
    """Is the address printed in certificates' QR codes still the default, or one only this server
    can open (localhost)? Then nobody outside can check a certificate, and staff are warned."""
    host = (urlsplit(base_url or "").hostname or "").lower()
    return (base_url or "").rstrip("/") == Defaults.PUBLIC_BASE_URL.rstrip("/") or host in (
        "", "localhost", "127.0.0.1", "::1", "0.0.0.0")

