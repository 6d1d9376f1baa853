"""Password hashing (Argon2id) and the rules a new password must follow."""
from __future__ import annotations

import secrets
from functools import lru_cache
from pathlib import Path

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError
from flask import current_app
from training.extensions import gettext as _

# Letters and digits that can't be confused when read off a slip of paper (no 0/O, 1/l/I).
_SLIP_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"


def _hasher() -> PasswordHasher:
    cfg = current_app.config
    return PasswordHasher(
        time_cost=cfg["ARGON2_TIME_COST"],
        memory_cost=cfg["ARGON2_MEMORY_COST"],
        parallelism=cfg["ARGON2_PARALLELISM"],
    )


def hash_password(password: str) -> str:
    """Hash a password with Argon2id at the configured cost."""
    return _hasher().hash(password)


def verify_password(password_hash: str, password: str) -> bool:
    """True when ``password`` matches ``password_hash``; never raises on a bad hash."""
    try:
        return _hasher().verify(password_hash, password)
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


def needs_rehash(password_hash: str) -> bool:
    """True when ``password_hash`` was made at another cost than the configured one."""
    try:
        return _hasher().check_needs_rehash(password_hash)
    except InvalidHashError:
        return False


def burn_verify_time(password: str) -> None:
    """Spend the time of one verification, so an unknown name answers as slowly as a known one."""
    verify_password(_dummy_hash(), password)


def _dummy_hash() -> str:
    cache = current_app.extensions.setdefault("karya_dummy_hash", {})
    if "hash" not in cache:
        cache["hash"] = hash_password(secrets.token_hex(16))
    return cache["hash"]


def temporary_password() -> str:
    """A temporary password to hand over on paper: 10 easy-to-read characters in two groups."""
    chars = "".join(secrets.choice(_SLIP_ALPHABET) for _ in range(10))
    return f"{chars[:5]}-{chars[5:]}"


@lru_cache(maxsize=1)
def common_passwords() -> frozenset[str]:
    """Passwords too common to allow, lower-cased."""
    path = Path(__file__).with_name("common_passwords.txt")
    lines = path.read_text(encoding="utf-8").splitlines()
    return frozenset(line.strip().lower() for line in lines if line.strip() and not line.startswith("#"))


def password_problems(password: str, *, login_name: str = "", full_name: str = "") -> list[str]:
    """Why ``password`` can't be used, as sentences for the user; empty when it is fine."""
    problems = []
    min_length = current_app.config["PASSWORD_MIN_LENGTH"]
    if len(password) < min_length:
        problems.append(_("Kata sandi minimal %(n)d karakter.", n=min_length))
    lowered = password.lower()
    if lowered in common_passwords() or len(set(lowered)) <= 2:
        problems.append(_("Kata sandi ini terlalu umum dan mudah ditebak. Pilih yang lain."))
    names = {login_name.lower(), *full_name.lower().split()}
    names.discard("")
    if any(name and len(name) >= 3 and name in lowered for name in names):
        problems.append(_("Kata sandi tidak boleh memuat nama atau nomor registrasi Anda."))
    return problems
