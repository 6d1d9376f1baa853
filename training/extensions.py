"""The Flask extensions, created unbound so that every module can import them; and how a pooled
database connection is checked before use."""
import time
from functools import cached_property

import flask_babel
from flask.globals import _cv_app
from flask_babel import Babel
from flask_login import LoginManager
from flask_migrate import Migrate
from flask_sqlalchemy import SQLAlchemy
from flask_wtf.csrf import CSRFProtect
from sqlalchemy import MetaData, any_, bindparam, event, exc
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.pool import Pool

# Named constraints, so that migrations can alter them on SQLite and PostgreSQL alike.
NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

db = SQLAlchemy(metadata=MetaData(naming_convention=NAMING))


def commit_and_keep_loaded() -> None:
    """Commit the request's session without expiring the rows it has loaded.

    For a request whose reading is done (a page rendered, a redirect to send): a plain commit
    expires every loaded row, which costs more than the commit, and a row read again afterwards
    would cost a query. The rows keep what this request read and wrote.
    """
    session = db.session()
    expires = session.expire_on_commit
    session.expire_on_commit = False
    try:
        session.commit()
    finally:
        session.expire_on_commit = expires


login_manager = LoginManager()
csrf = CSRFProtect()


class RequestDomain(flask_babel.Domain):
    """flask_babel's message domain, with the catalogue looked up once per request and language.

    flask_babel finds the catalogue again on every ``gettext`` (the request's locale, its name as
    a string, the cache), about 20 microseconds a call; a page such as the officer's caseload calls
    it hundreds of times. The catalogue found is kept beside the request's locale object, so a
    ``force_locale`` block (another locale object) still gets its own language.
    """

    def get_translations(self):
        kept = _kept_translations(self)
        if kept is not None:
            return kept
        translations = super().get_translations()
        ctx = flask_babel._get_current_context()  # made by now, if there is an app context
        if ctx is not None:
            ctx.karya_translations = (getattr(ctx, "babel_locale", None), self, translations)
        return translations


def _kept_translations(domain):
    """The catalogue ``domain`` found earlier in this request for its locale, or None."""
    # flask_babel keeps the request's locale in ``g._flask_babel``; read through the app context
    # itself, not three proxy lookups of ``g`` (a page asks 30 to 500 times).
    app_ctx = _cv_app.get(None)
    ctx = getattr(app_ctx.g, "_flask_babel", None) if app_ctx is not None else None
    if ctx is not None:
        locale = getattr(ctx, "babel_locale", None)
        kept = getattr(ctx, "karya_translations", None)
        if kept is not None and locale is not None and kept[0] is locale and kept[1] is domain:
            return kept[2]
    return None


def gettext(string: str, **variables) -> str:
    """flask_babel's ``gettext`` (the message in the request's language, ``%(name)s`` filled in),
    without looking the domain up again on every call: the code's messages use this one.

    flask_babel's own ``gettext`` finds the domain through three lookups of ``g`` before the
    catalogue, about 3.5 microseconds a call against 0.9 here; the officer's caseload asks about
    500 times (each learner's reasons).
    """
    if _cv_app.get(None) is None:  # no app, no language: the source text, as flask_babel gives it
        return string % variables if variables else string
    domain = babel.domain_instance
    translations = _kept_translations(domain)
    if translations is None:
        return domain.gettext(string, **variables)
    text = translations.ugettext(string)
    return text % variables if variables else text


class KaryaBabel(Babel):
    """Babel with :class:`RequestDomain` as its default domain."""

    @cached_property
    def domain_instance(self):
        return RequestDomain(domain=self.domain)


babel = KaryaBabel()
migrate = Migrate()


# A pooled connection is checked (one "SELECT 1" round trip) before use only when it has been idle
# this long. Pinging on every checkout (SQLAlchemy's pool_pre_ping) is one round trip in ten of a
# learner's page; a worker under load takes its connection back within milliseconds, and one that
# sat idle, the kind a restarted or restarting database leaves dead, is still checked. The
# window is the usual one of connection pools that skip recently used connections.
PING_AFTER_IDLE_SECONDS = 2.0


def ping(dbapi_connection) -> None:
    """One "SELECT 1" with the driver, outside any transaction (psycopg would otherwise open one)."""
    switch = getattr(dbapi_connection, "autocommit", None) is False and not type(dbapi_connection).__module__.startswith("sqlite3")
    if switch:
        dbapi_connection.autocommit = True
    cursor = dbapi_connection.cursor()
    try:
        cursor.execute("SELECT 1")
        cursor.fetchall()
    finally:
        cursor.close()
        if switch and not getattr(dbapi_connection, "closed", False):
            dbapi_connection.autocommit = False


@event.listens_for(Pool, "checkout")
def _ping_after_idle(dbapi_connection, record, _proxy) -> None:
    """Before a connection idle for PING_AFTER_IDLE_SECONDS (or never used) is handed out: ping it;
    a dead one is dropped and the pool hands out a fresh one instead (DisconnectionError)."""
    used = record.info.get("checked_in_at")
    if used is not None and time.monotonic() - used < PING_AFTER_IDLE_SECONDS:
        return
    try:
        ping(dbapi_connection)
    except Exception as error:  # any failure: the connection can't be trusted
        raise exc.DisconnectionError(f"database connection lost: {error}") from error


@event.listens_for(Pool, "checkin")
def _note_checkin(_dbapi_connection, record) -> None:
    if record is not None:
        record.info["checked_in_at"] = time.monotonic()


def one_of(column, values):
    """``column IN values``, for the ids a batch reads (fifty learners of a caseload page, their lessons).

    On PostgreSQL the values go as one array parameter (``column = ANY(...)``), so the statement's
    text is the same whatever their number: SQLAlchemy and the driver reuse its compiled and parsed
    form. With ``IN``, every number of values makes a new text, and the driver parses a text over
    4 KB again on every execution (2-3 ms of CPU for a statement with fifty ids). SQLite has no
    arrays, and keeps ``IN``.
    """
    values = list(values)
    if db.engine.dialect.name != "postgresql":
        return column.in_(values)
    return column == any_(bindparam(None, values, type_=ARRAY(column.type)))
