"""The Flask extensions, created unbound so that every module can import them."""
from functools import cached_property

import flask_babel
from flask_babel import Babel
from flask_login import LoginManager
from flask_migrate import Migrate
from flask_sqlalchemy import SQLAlchemy
from flask_wtf.csrf import CSRFProtect
from sqlalchemy import MetaData

# Named constraints, so that migrations can alter them on SQLite and PostgreSQL alike.
NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

db = SQLAlchemy(metadata=MetaData(naming_convention=NAMING))
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
        ctx = flask_babel._get_current_context()
        if ctx is not None:
            locale = getattr(ctx, "babel_locale", None)
            kept = getattr(ctx, "karya_translations", None)
            if kept is not None and locale is not None and kept[0] is locale and kept[1] is self:
                return kept[2]
        translations = super().get_translations()
        if ctx is not None:
            ctx.karya_translations = (getattr(ctx, "babel_locale", None), self, translations)
        return translations


class KaryaBabel(Babel):
    """Babel with :class:`RequestDomain` as its default domain."""

    @cached_property
    def domain_instance(self):
        return RequestDomain(domain=self.domain)


babel = KaryaBabel()
migrate = Migrate()
