"""The application factory: configuration, extensions, blueprints, error pages and CLI commands."""
from __future__ import annotations

import os

from flask import Flask, render_template, request, session
from flask_login import current_user
from sqlalchemy import event
from sqlalchemy.engine import Engine
from werkzeug.middleware.proxy_fix import ProxyFix
from werkzeug.routing import IntegerConverter

from training.config import load_config
from training.extensions import babel, csrf, db, login_manager, migrate


class RecordIdConverter(IntegerConverter):
    """``<int:...>`` in every route: a whole number that fits a database id (up to 2**31 - 1).

    Werkzeug's own converter has no upper bound, so a 25-digit id reached the database and
    overflowed it; a larger number now simply matches no route (404), like any unknown id.
    """

    def __init__(self, map, *args, **kwargs):
        kwargs.setdefault("max", 2**31 - 1)
        super().__init__(map, *args, **kwargs)


def create_app(overrides: dict | None = None, instance_path: str | None = None) -> Flask:
    """Build a configured app. ``overrides`` replace settings; ``instance_path`` moves instance/.

    The instance folder defaults to ``instance/`` beside the ``training`` package (the project
    root in a checkout); ``KARYA_INSTANCE_PATH`` moves it too.
    """
    instance_path = instance_path or os.environ.get("KARYA_INSTANCE_PATH") or os.path.join(
        os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "instance"
    )
    app = Flask(__name__, instance_path=instance_path, instance_relative_config=True)
    app.url_map.converters["int"] = RecordIdConverter  # before any blueprint adds a rule
    os.makedirs(app.instance_path, exist_ok=True)
    load_config(app, overrides)

    if app.config["PROXY_COUNT"]:
        count = app.config["PROXY_COUNT"]
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=count, x_proto=count, x_host=count)

    from training import security

    app.session_interface = security.SessionInterface()
    db.init_app(app)
    migrate.init_app(app, db, directory=os.path.join(os.path.dirname(app.root_path), "migrations"))
    csrf.init_app(app)
    login_manager.init_app(app)
    login_manager.login_view = "auth.login"
    login_manager.login_message = None
    login_manager.session_protection = None  # the per-account session token does this job
    babel.init_app(app, locale_selector=select_locale)
    # Templates ask the one message domain for the request's catalogue directly; flask_babel's own
    # callables first look the domain up in the request context on every call (a page has 60+).
    with app.app_context():
        domain = babel.domain_instance
    app.jinja_env.install_gettext_callables(
        gettext=lambda s: domain.get_translations().ugettext(s),
        ngettext=lambda s, p, n: domain.get_translations().ungettext(s, p, n),
        newstyle=True,
        pgettext=lambda c, s: domain.get_translations().upgettext(c, s),
        npgettext=lambda c, s, p, n: domain.get_translations().unpgettext(c, s, p, n),
    )

    _register_models()
    _connect_features()
    _register_blueprints(app)
    _register_errors(app)
    _register_template_helpers(app)

    from training import page_cache

    app.before_request(security.reject_nul_bytes)
    app.before_request(page_cache.serve_kept_page)
    app.before_request(security.check_session)
    app.after_request(security.add_security_headers)

    from training.cli import register_cli

    register_cli(app)
    return app


def warm_up(app: Flask) -> None:
    """Do once, before gunicorn forks its workers, what each worker would otherwise do on its first
    requests: compile every template and read every translation catalogue. After a restart the
    first class to sign in then waits for nobody's compiling (gunicorn.conf.py calls this)."""
    from flask_babel import force_locale, gettext
    from sqlalchemy.orm import configure_mappers

    configure_mappers()
    with app.app_context():  # compiling a first statement of each kind loads SQLAlchemy's compilers
        from training.accounts.models import User

        dialect = db.engine.dialect
        for statement in (db.select(User).where(User.id == 1), db.update(User).values(active=True),
                          db.insert(User), db.delete(User)):
            statement.compile(dialect=dialect)
    for name in app.jinja_env.list_templates(extensions=["html", "txt"]):
        app.jinja_env.get_template(name)
    with app.test_request_context("/"):
        for language in app.config["LANGUAGES"]:
            with force_locale(language):
                gettext("Keluar")


def select_locale() -> str:
    """The language for this request: the user's choice, else the session's, else Indonesian."""
    from flask import current_app, has_request_context

    if not has_request_context():  # command-line tasks speak the default language
        return current_app.config["BABEL_DEFAULT_LOCALE"]
    languages = current_app.config["LANGUAGES"]
    chosen = session.get("lang")
    if chosen in languages:
        return chosen
    if current_user and current_user.is_authenticated and current_user.locale in languages:
        return current_user.locale
    return current_app.config["BABEL_DEFAULT_LOCALE"]


@event.listens_for(Engine, "connect")
def _sqlite_pragmas(dbapi_connection, _record):
    """SQLite: write-ahead log for concurrent readers, foreign keys on, wait instead of failing."""
    module = type(dbapi_connection).__module__
    if not module.startswith("sqlite3"):
        return
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=5000")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


def _register_models() -> None:
    """Import every models module so the metadata (and migrations) know all tables."""
    import training.accounts.models  # noqa: F401
    import training.audit  # noqa: F401
    import training.courses.models  # noqa: F401
    import training.teaching.models  # noqa: F401
    import training.certificates.models  # noqa: F401
    import training.storefront.models  # noqa: F401
    import training.readiness.models  # noqa: F401
    import training.showroom.models  # noqa: F401
    import training.page_cache  # noqa: F401


def _connect_features() -> None:
    """Connect features that react to each other without importing each other: certificates
    listen to a learner's progress (``training.events``); assigned work narrows the courses a
    learner sees and adds its blocks to the learner's home."""
    from training.certificates.listeners import subscribe
    from training.courses.services import add_home_block, narrow_visible_courses
    from training.teaching.assignments import learners_assigned_courses
    from training.teaching.views_grading import learner_home_blocks

    subscribe()
    narrow_visible_courses(learners_assigned_courses)
    add_home_block(learner_home_blocks)


def _register_blueprints(app: Flask) -> None:
    """Register every feature's blueprints, each listed once in its ``views.BLUEPRINTS``."""
    from training.accounts.views import BLUEPRINTS as accounts
    from training.certificates.views import BLUEPRINTS as certificates
    from training.courses.views import BLUEPRINTS as courses
    from training.readiness.views import BLUEPRINTS as readiness
    from training.showroom.views import BLUEPRINTS as showroom
    from training.storefront.views import BLUEPRINTS as storefront
    from training.teaching.views import BLUEPRINTS as teaching

    for blueprint in (*accounts, *courses, *teaching, *storefront, *certificates, *readiness, *showroom):
        app.register_blueprint(blueprint)


def _register_errors(app: Flask) -> None:
    def render_error(code: int):
        def handler(error):
            if code == 500:
                db.session.rollback()
            return render_template("error.html", code=code), code

        return handler

    for code in (400, 403, 404, 405, 413, 429, 500):
        app.register_error_handler(code, render_error(code))

    from flask_wtf.csrf import CSRFError

    @app.errorhandler(CSRFError)
    def csrf_error(error):
        return render_template("error.html", code=400, csrf=True), 400


def _register_template_helpers(app: Flask) -> None:
    from flask_babel import format_date, format_datetime, format_decimal

    @app.context_processor
    def inject():
        return {
            "languages": app.config["LANGUAGES"],
            "current_locale": select_locale(),
        }

    app.jinja_env.filters["date"] = lambda value: format_date(value, "d MMM yyyy") if value else "–"
    app.jinja_env.filters["datetime"] = (
        lambda value: format_datetime(value, "d MMM yyyy HH:mm") if value else "–"
    )
    # A score out of 100 as stored (one decimal): "66,7", "70". Never rounded up to a pass mark.
    app.jinja_env.filters["score"] = lambda value: format_decimal(value, format="#,##0.#") if value is not None else "–"
    app.jinja_env.globals["request_path"] = lambda: request.path
    from training.access import ROLE_LABELS

    app.jinja_env.globals["role_labels"] = ROLE_LABELS

    @app.teardown_request
    def _rollback_unfinished(exc):
        # One commit per request: anything a failed request left behind is dropped.
        if exc is not None:
            db.session.rollback()
