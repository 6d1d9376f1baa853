"""Configuration defaults.

Order of precedence, lowest first: the defaults here, ``instance/config.py``, then environment
variables named ``KARYA_<SETTING>`` (for example ``KARYA_DATABASE_URL``). A multi-server
deployment sets everything through the environment so that no app server keeps state on disk.
"""
from __future__ import annotations

import os
import secrets
from datetime import timedelta
from pathlib import Path


class Defaults:
    """Settings every installation starts from; none of them is a secret."""

    # The database. None means a SQLite file in the instance folder.
    DATABASE_URL: str | None = None
    # Connections are checked before use after they sat idle (training/extensions.py), not on
    # every checkout.
    SQLALCHEMY_ENGINE_OPTIONS: dict = {}

    # Languages: Bahasa Indonesia first, English available.
    BABEL_DEFAULT_LOCALE = "id"
    BABEL_DEFAULT_TIMEZONE = "Asia/Jakarta"
    LANGUAGES = {"id": "Bahasa Indonesia", "en": "English"}

    # Sessions live in a signed cookie, checked against a token in the database on every request.
    SESSION_COOKIE_NAME = "karya_session"
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    SESSION_COOKIE_SECURE = False  # also sent Secure whenever the request itself came over HTTPS
    PERMANENT_SESSION_LIFETIME = timedelta(hours=12)
    LEARNER_IDLE_MINUTES = 15
    LEARNER_ABSOLUTE_HOURS = 4
    STAFF_IDLE_MINUTES = 60
    STAFF_ABSOLUTE_HOURS = 12

    # Sign-in protection.
    LOCKOUT_FAILURES = 5
    LOCKOUT_MINUTES = 15
    IP_FAILURES_BEFORE_SLOWDOWN = 10
    IP_WINDOW_MINUTES = 15
    IP_MAX_WAIT_SECONDS = 300
    PASSWORD_MIN_LENGTH = 8
    # Argon2id cost: OWASP's minimum profile m=7 MiB, t=5, p=1. Of OWASP's equivalent profiles it
    # costs the least CPU per check (bench/bench_login.py: 62 ms against 126 ms for 19 MiB t=2 and
    # 838 ms for the old 64 MiB t=3 p=4 on a loaded 2-core machine), so a class of 40 signing in
    # at once waits least. A stored hash of another cost is redone at the next sign-in.
    ARGON2_TIME_COST = 5
    ARGON2_MEMORY_COST = 7168
    ARGON2_PARALLELISM = 1

    # Behind nginx: how many proxies set X-Forwarded-For / -Proto (0 when serving directly).
    PROXY_COUNT = 0

    # The course content folder (None: content/ beside the training package).
    CONTENT_DIR: str | None = None

    # Learner pages kept per worker and served again while nothing they show has changed
    # (training/page_cache.py). Off only to measure what it saves.
    PAGE_CACHE = True

    WTF_CSRF_TIME_LIMIT = None  # the CSRF token lives as long as the session does
    MAX_CONTENT_LENGTH = 8 * 1024 * 1024
    ITEMS_PER_PAGE = 50

    # Certificates. The issuer name is printed on every certificate and shown on the public
    # verification page: it must name the programme, never a prison, lapas or rutan.
    CERTIFICATE_ISSUER_NAME = "Program Pelatihan Wirausaha Karya Mandiri"
    # (name, title) of each person whose name is printed under a signature line; in the
    # environment, KARYA_CERTIFICATE_SIGNATORIES is JSON, e.g. [["Nama", "Jabatan"]].
    CERTIFICATE_SIGNATORIES: list = [
        ["Koordinator Program", "Koordinator Pelatihan"],
        ["Pengajar Kursus", "Instruktur"],
    ]
    # The address the QR code on a certificate opens: {PUBLIC_BASE_URL}/v/{code}.
    PUBLIC_BASE_URL = "http://localhost:8000"
    # The public verification page: checks per source address per window.
    VERIFY_LIMIT_PER_WINDOW = 30
    VERIFY_WINDOW_MINUTES = 10


def _env_value(raw: str, current):
    """Turn an environment string into the type of the current default."""
    if isinstance(current, bool):
        return raw.strip().lower() in {"1", "true", "yes", "on"}
    if isinstance(current, int):
        return int(raw)
    return raw


def load_config(app, overrides: dict | None = None) -> None:
    """Fill ``app.config`` from the defaults, the instance file, the environment and ``overrides``."""
    app.config.from_object(Defaults)
    app.config.from_pyfile("config.py", silent=True)
    for key in list(app.config.keys()) + ["SECRET_KEY", "DATABASE_URL", "SERVER_NAME"]:
        raw = os.environ.get(f"KARYA_{key}")
        if raw is not None:
            app.config[key] = _env_value(raw, app.config.get(key))
    if overrides:
        app.config.update(overrides)

    if not app.config.get("DATABASE_URL"):
        db_path = Path(app.instance_path) / "karya.sqlite3"
        app.config["DATABASE_URL"] = f"sqlite:///{db_path}"
    app.config["SQLALCHEMY_DATABASE_URI"] = app.config["DATABASE_URL"]
    if not app.config.get("SECRET_KEY"):
        app.config["SECRET_KEY"] = instance_secret_key(Path(app.instance_path))


def instance_secret_key(instance_dir: Path) -> str:
    """Read the installation's secret key, generating it on first run.

    There is deliberately no default key in the code: each installation makes its own, readable
    only by the account that runs the app.
    """
    path = instance_dir / "secret_key"
    if path.exists():
        return path.read_text().strip()
    instance_dir.mkdir(parents=True, exist_ok=True)
    key = secrets.token_hex(32)
    # Written to a private temporary file, then linked into place: two workers starting at
    # once both end up with the key that won, never with a half-written one.
    tmp = instance_dir / f".secret_key.{os.getpid()}.{secrets.token_hex(4)}"
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w") as handle:
        handle.write(key + "\n")
    try:
        os.link(tmp, path)
    except FileExistsError:
        key = path.read_text().strip()
    finally:
        tmp.unlink()
    return key
