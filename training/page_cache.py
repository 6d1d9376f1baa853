"""Learner pages kept per worker, and the versions that say when a kept page is out of date.

A learner's page (home, a course, a lesson, a quiz question, the shop's decision page) is the
same until something it shows changes, and a class of 40 opening lesson 3 at once asks for it
again and again. So each worker keeps the pages it rendered, and serves one again with a single
query instead of twenty.

**Versions.** Every learner has a ``page_version`` (a column of ``user_account``) and the site has
one (``page_stamp``). A kept page is served only while both are what they were when it was
rendered. They are raised in one place, :func:`_bump_after_flush`: after every flush, each row
written is mapped by :data:`SCOPES` to the learners whose pages can show it (the row's learner,
a class's learners, a facility's users), or to the whole site when the table is not listed or the
write cannot be traced to learners. Nothing else raises them, and no feature calls this module
to say it wrote something. Writes that no learner page shows (the audit trail, a showroom sale)
raise nothing; neither does time on task, which no learner page shows.

**Keys.** A page is kept under the learner, the session's CSRF secret (so one sign-in never
receives a page made for another, and the page's forms carry a token this session accepts), the
language, the address with its query, and today's date. It is served only to a signed-in learner
whose session token, active flag and password state the same query checks, and never while a
message waits to be shown. Kept pages expire after :data:`KEEP_SECONDS`.

**What a view does besides rendering** must still happen when its page is served from here:
the session's idle clock moves on, and a lesson's time on task is added up in the session (see
``courses.time_on_task.note_time``). A page whose view would write anything (the first visit to
a lesson, moving to another lesson) is rendered by its view as before.
"""
from __future__ import annotations

import secrets
import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from typing import Any
from dataclasses import dataclass
from functools import wraps

from flask import Response, current_app, g, has_request_context, request, session
from flask.globals import request_ctx
from sqlalchemy import event, inspect, text
from sqlalchemy.orm import Session

from training import clock
from training.extensions import db

KEEP_SECONDS = 300
BUDGET_BYTES = 48 * 1024 * 1024  # per worker
TICK_KEY = "lesson_tick"  # the session's open lesson: see courses.time_on_task.note_time

# On a kept page this is the whole of the request's database work, so it is sent with the database
# driver itself on a pooled connection (SQLAlchemy's statement handling would be a third of the
# request). "{id}" becomes the driver's placeholder. Being outside SQLAlchemy's events, it is
# counted in STORE.reads, which the query-count tests add to what they see.
_USER_QUERY = (
    "SELECT u.active, u.session_token, u.must_change_password, u.role, u.locale, u.page_version, "
    "(SELECT s.version FROM page_stamp s WHERE s.id = 1) "
    "FROM user_account u WHERE u.id = {id}"
)


class PageStamp(db.Model):
    """The site's page version (one row, id 1): raised by any write this module cannot trace to
    particular learners, such as a course import."""

    __tablename__ = "page_stamp"

    id = db.Column(db.Integer, primary_key=True, autoincrement=False)
    version = db.Column(db.Integer, nullable=False, default=0)


# --- what a written row changes --------------------------------------------------------------

@dataclass(frozen=True)
class Scope:
    """The learners whose pages a written row can change: ``sql`` selects their ids (bound with
    ``params``); ``site`` means every page."""

    sql: str | None = None
    params: tuple = ()
    site: bool = False


NOBODY = Scope()
SITE = Scope(site=True)


def learner(user_id) -> Scope:
    return Scope("SELECT :a", (user_id,)) if user_id is not None else NOBODY


def of_class(class_id) -> Scope:
    return Scope("SELECT user_id FROM class_learner WHERE class_id = :a", (class_id,))


def of_facility(facility_id) -> Scope:
    return Scope("SELECT id FROM user_account WHERE facility_id = :a", (facility_id,)) if facility_id else SITE


def via(table: str, column: str, row_id) -> Scope:
    """The learner named in ``column`` of the ``table`` row ``row_id`` (e.g. a quiz answer's attempt)."""
    return Scope(f"SELECT {column} FROM {table} WHERE id = :a", (row_id,))


def _assignment(row) -> Scope:
    if row.learner_id is not None:
        return learner(row.learner_id)
    if row.class_id is not None:
        return of_class(row.class_id)
    return of_facility(row.facility_id)


# What no learner page shows: a write to these raises no version.
UNSHOWN_TABLES = frozenset({
    "login_throttle", "audit_event", "certificate_verification_limit", "certificate_verification_tally",
    "readiness_note", "readiness_conclusion", "readiness_report", "page_stamp",
    # The real showroom: learners read their sales on pages this module does not keep.
    "showroom_product", "showroom_rate", "showroom_sale", "showroom_sale_line", "showroom_sale_line_maker",
    "showroom_stock_move",
})

# Every other table a learner page can show, by name: the learners one written row concerns.
# A table in neither list changes every page (safe, and right for a course import).
SCOPES: dict[str, Callable[[Any], Scope]] = {
    "user_account": lambda row: learner(row.id),
    "facility": lambda row: of_facility(row.id),
    "training_class": lambda row: of_class(row.id),
    "class_learner": lambda row: learner(row.user_id),
    "class_instructor": lambda row: of_class(row.class_id),
    "caseload": lambda row: learner(row.learner_id),
    "certificate": lambda row: learner(row.learner_id),
    "certificate_settings": lambda row: of_facility(row.facility_id),
    "task_submission": lambda row: learner(row.learner_id),
    "task_draft": lambda row: learner(row.learner_id),
    "facility_course": lambda row: of_facility(row.facility_id),
    "lesson_progress": lambda row: learner(row.learner_id),
    "quiz_attempt": lambda row: learner(row.learner_id),
    "attempt_answer": lambda row: via("quiz_attempt", "learner_id", row.attempt_id),
    "assignment": _assignment,
    "assignment_extension": lambda row: learner(row.learner_id),
    "attendance_session": lambda row: of_class(row.class_id),
    "attendance_record": lambda row: learner(row.learner_id),
    "grading": lambda row: learner(row.learner_id),
    "readiness_assessment": lambda row: learner(row.learner_id),
    "readiness_plan": lambda row: learner(row.learner_id),
    "shop_facility_settings": lambda row: of_facility(row.facility_id),
    "shop_product_photo": lambda row: learner(row.learner_id),
    "shop_product": lambda row: learner(row.learner_id),
    "shop_market_season": lambda row: learner(row.learner_id),
    "shop_market_week": lambda row: via("shop_market_season", "learner_id", row.season_id),
    "shop_class_market": lambda row: of_class(row.class_id),
    "shop_class_market_decision": lambda row: learner(row.learner_id),
    "shop_class_market_round": lambda row: Scope(
        "SELECT l.user_id FROM class_learner l JOIN shop_class_market m ON m.class_id = l.class_id "
        "WHERE m.id = :a", (row.market_id,)),
    "showroom_product_maker": lambda row: learner(row.learner_id),
}

# Columns that no learner page shows: a write that changes only these raises no version.
UNSHOWN_COLUMNS: dict[str, frozenset[str]] = {
    "lesson_progress": frozenset({"seconds_spent"}),
    "user_account": frozenset({"failed_logins", "locked_until_dt", "last_login_dt", "page_version"}),
}


def _row_scope(obj, changed: set[str] | None) -> Scope:
    table = getattr(obj, "__tablename__", None)
    if table in UNSHOWN_TABLES:
        return NOBODY
    if table is None or table not in SCOPES:
        return SITE
    if changed is not None and changed <= UNSHOWN_COLUMNS.get(table, frozenset()):
        return NOBODY
    return SCOPES[table](obj)


def _changed_columns(obj) -> set[str]:
    state = inspect(obj)
    return {attr.key for attr in state.mapper.column_attrs if state.attrs[attr.key].history.has_changes()}


@event.listens_for(Session, "after_flush")
def _bump_after_flush(session: Session, _context) -> None:
    """The one place where page versions rise: after each flush, for every row it wrote."""
    scopes: set[Scope] = set()
    for obj in session.new:
        scopes.add(_row_scope(obj, None))
    for obj in session.deleted:
        scopes.add(_row_scope(obj, None))
    for obj in session.dirty:
        if session.is_modified(obj, include_collections=False):
            scopes.add(_row_scope(obj, _changed_columns(obj)))
    _bump(session, scopes)


@event.listens_for(Session, "do_orm_execute")
def _bump_bulk(state) -> None:
    """``UPDATE``/``DELETE``/``INSERT`` statements sent through the session, not row by row: their
    rows are not known here, so they raise the site's version, unless nothing shown changes."""
    if not (state.is_update or state.is_delete or state.is_insert):
        return
    name = getattr(getattr(state.statement, "table", None), "name", None)
    if name in UNSHOWN_TABLES:
        return
    if state.is_update and name in UNSHOWN_COLUMNS:
        values = {getattr(key, "key", key) for key in (getattr(state.statement, "_values", None) or {})}
        if values and values <= UNSHOWN_COLUMNS[name]:
            return
    _bump(state.session, {SITE})


def _bump(session: Session, scopes: set[Scope]) -> None:
    scopes.discard(NOBODY)
    if not scopes:
        return
    connection = session.connection()
    seen = _own_bumps()
    if SITE in scopes:
        version = connection.execute(text(
            "INSERT INTO page_stamp (id, version) VALUES (1, 1) "
            "ON CONFLICT (id) DO UPDATE SET version = page_stamp.version + 1 RETURNING version")).scalar_one()
        if seen is not None:
            count, _last = seen.get("site", (0, 0))
            seen["site"] = (count + 1, version)
        return
    # One statement for all of them. PostgreSQL locks the rows in id order, so two requests
    # raising overlapping classes wait for each other instead of deadlocking.
    parts, params = [], {}
    for number, scope in enumerate(sorted(scopes, key=lambda s: (s.sql or "", repr(s.params)))):
        parts.append((scope.sql or "").replace(":a", f":a{number}"))
        if scope.params:
            params[f"a{number}"] = scope.params[0]
    chosen = " UNION ".join(parts)
    if connection.dialect.name == "postgresql":
        chosen = f"SELECT id FROM user_account WHERE id IN ({chosen}) ORDER BY id FOR UPDATE"
    rows = connection.execute(
        text(f"UPDATE user_account SET page_version = page_version + 1 WHERE id IN ({chosen}) "
             "RETURNING id, page_version"), params).all()
    if seen is not None:
        for user_id, version in rows:
            count, _last = seen.get(user_id, (0, 0))
            seen[user_id] = (count + 1, version)


def _own_bumps() -> dict | None:
    """The versions this request raised, with how often: {user id or "site": (count, last)}."""
    if not has_request_context():
        return None
    if "page_bumps" not in g:
        g.page_bumps = {}
    return g.page_bumps


# --- the kept pages --------------------------------------------------------------------------

@dataclass
class Kept:
    body: bytes
    versions: tuple[int, int]
    tick_lesson: int | None
    stored: float


class Store:
    """Rendered pages of this worker, least recently used first, within a byte budget."""

    def __init__(self, budget: int = BUDGET_BYTES):
        self.budget = budget
        self.used = 0
        self.pages: OrderedDict[tuple, Kept] = OrderedDict()
        self.lock = threading.Lock()
        self.hits = self.misses = self.reads = 0

    def get(self, key: tuple) -> Kept | None:
        with self.lock:
            kept = self.pages.get(key)
            if kept is not None:
                self.pages.move_to_end(key)
            return kept

    def put(self, key: tuple, kept: Kept) -> None:
        with self.lock:
            old = self.pages.pop(key, None)
            if old is not None:
                self.used -= len(old.body)
            self.pages[key] = kept
            self.used += len(kept.body)
            while self.used > self.budget and self.pages:
                _key, dropped = self.pages.popitem(last=False)
                self.used -= len(dropped.body)

    def clear(self) -> None:
        with self.lock:
            self.pages.clear()
            self.used = 0  # the counts (hits, misses, reads) run on: callers compare them before and after


STORE = Store()


def keeps_page(notes_time: bool = False):
    """Mark a learner's GET view whose page may be kept and served again (see the module's text).

    ``notes_time``: the view calls ``note_time(lesson)``, so a page served from here adds the time
    since the last page to the session's running total for that lesson, as the view would.
    """

    def mark(view):
        @wraps(view)
        def wrapper(*args, **kwargs):
            response = current_app.make_response(view(*args, **kwargs))
            _keep(response)
            return response

        wrapper.keeps_page = {"notes_time": notes_time}  # type: ignore[attr-defined]
        return wrapper

    return mark


def _locale(row_locale: str | None) -> str:
    languages = current_app.config["LANGUAGES"]
    chosen = session.get("lang")
    if chosen in languages:
        return chosen
    if row_locale in languages:
        return row_locale
    return current_app.config["BABEL_DEFAULT_LOCALE"]


def _fetch_row(query: str, user_id: int):
    """One row of ``query`` for ``user_id``, sent with the driver on the request session's own
    connection: a page that is not kept goes on to render on the same connection, so a request
    checks out (and pings) one connection, not two. The row is read before the view reads
    anything; see :func:`_keep` for why a page is kept only under versions it was read at."""
    connection = db.session.connection()
    named = connection.dialect.paramstyle not in ("pyformat", "format")
    cursor = connection.connection.cursor()
    try:
        cursor.execute(query.format(id=":id" if named else "%(id)s"), {"id": user_id})
        row = cursor.fetchone()
    finally:
        cursor.close()
    STORE.reads += 1
    return row


def open_lesson() -> int | None:
    """The lesson the session has open (its time on task running), if any."""
    tick = session.get(TICK_KEY)
    if isinstance(tick, list) and len(tick) >= 2:
        try:
            return int(tick[0])
        except (TypeError, ValueError):
            return None
    return None


def _key(user_id: int, locale: str) -> tuple | None:
    csrf_secret = session.get("csrf_token")
    if not csrf_secret:
        return None
    return (user_id, csrf_secret, locale, request.full_path, clock.today_utc())


def serve_kept_page():
    """Before each request: answer a learner's GET from a kept page when nothing it shows has
    changed; otherwise note the versions the view starts from and let it render."""
    if request.method != "GET" or not current_app.config["PAGE_CACHE"]:
        return None
    view = current_app.view_functions.get(request.endpoint or "")
    rule = getattr(view, "keeps_page", None)
    if rule is None or "_flashes" in session:
        return None
    user_id, _sep, token = str(session.get("_user_id") or "").partition(":")
    if not user_id.isdigit() or not token:
        return None
    row = _fetch_row(_USER_QUERY, int(user_id))
    if (row is None or not row[0] or not secrets.compare_digest(str(row[1]), token) or row[2]
            or row[3] != "learner"):
        return None  # the usual checks will say why
    now = int(time.time())
    idle = current_app.config["LEARNER_IDLE_MINUTES"] * 60
    absolute = current_app.config["LEARNER_ABSOLUTE_HOURS"] * 3600
    if now - session.get("seen", 0) > idle or now - session.get("started", 0) > absolute:
        return None  # the session check ends it
    versions = (int(row[5] or 0), int(row[6] or 0))
    g.page_start = (int(user_id), versions, row[4])
    key = _key(int(user_id), _locale(row[4]))
    kept = STORE.get(key) if key is not None else None
    if (kept is None or kept.versions != versions or kept.tick_lesson != open_lesson()
            or time.monotonic() - kept.stored > KEEP_SECONDS):
        STORE.misses += 1
        return None
    if rule["notes_time"] and kept.tick_lesson is not None and not _add_up_time(kept.tick_lesson):
        STORE.misses += 1
        return None  # time enough to write down: the view writes it
    if now - session.get("seen", 0) >= 30:
        session["seen"] = now
    STORE.hits += 1
    return Response(kept.body, mimetype="text/html")


def _add_up_time(lesson_id: int) -> bool:
    """Add the time since the last page to the session's total for the open lesson, as
    ``note_time`` does; False when the total is due to be written (the view then writes it)."""
    from training.courses.services import PENDING_WRITE_SECONDS, tick_moves_on, tick_time

    now = clock.epoch_seconds()
    noted = tick_time(session[TICK_KEY], now)
    if noted is None or noted[1] >= PENDING_WRITE_SECONDS:
        return False
    if tick_moves_on(session[TICK_KEY], now):
        session[TICK_KEY] = [lesson_id, int(now), noted[1]]
    return True


def _keep(response: Response) -> None:
    """After a kept-page view rendered: keep the page if nothing changed it meanwhile."""
    start = g.pop("page_start", None)
    if (start is None or request.method != "GET" or response.status_code != 200
            or response.mimetype != "text/html" or response.direct_passthrough):
        return
    user_id, before, locale = start
    if request_ctx.flashes:
        return  # the page shows a message meant to be read once
    key = _key(user_id, _locale(locale))
    if key is None:
        return
    # The page is kept under the versions it was read at: those before the view plus this request's
    # own raises (their RETURNING shows no one else's came between). A write by anyone else, before
    # the view read or after, leaves the versions above these, so the page is never served.
    bumps = g.get("page_bumps", {})
    expected = []
    for who, version in ((user_id, before[0]), ("site", before[1])):
        count, last = bumps.get(who, (0, version))
        if last != version + count:
            return  # someone else raised it between: the page may already be out of date
        expected.append(last)
    STORE.put(key, Kept(response.get_data(), tuple(expected), open_lesson(), time.monotonic()))
