"""Request-level protection: session checks, time limits and security headers.

Sessions are signed cookies holding the user id and the account's session token; the token is
checked against the database on every request, so changing it (sign-out, password change,
deactivation, transfer) ends the account's sessions on every app server at once.
"""
from __future__ import annotations

import functools
import secrets
import time
from urllib.parse import urlsplit

from flask import current_app, flash, redirect, render_template, request, session, url_for
from flask.sessions import SecureCookieSessionInterface
from flask_login import current_user, login_user, logout_user

from training.access import LEARNER
from training.extensions import db, gettext as _, login_manager
from training.inputs import has_nul

CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
        "base-uri 'none'",
        "object-src 'none'",
    ]
)

# Pages a user who must change their password may still open.
PASSWORD_CHANGE_ENDPOINTS = {"auth.change_password", "auth.logout", "auth.set_language", "static"}


class SessionInterface(SecureCookieSessionInterface):
    """The signed-cookie session, marked Secure whenever the request came over HTTPS."""

    def get_cookie_secure(self, app) -> bool:
        from flask import has_request_context

        if has_request_context() and request.is_secure:
            return True
        return super().get_cookie_secure(app)


@functools.cache
def _user_statement():
    """The signed-in user with their facility, built once with a bound id: every request runs it,
    and building a statement with its cache key cost about as much as running it."""
    from training.accounts.models import User

    return db.select(User).where(User.id == db.bindparam("user_id"))


@login_manager.user_loader
def load_user(session_id: str):
    """Find the signed-in user from "id:token"; a stale token means the session has ended."""
    user_id, _sep, token = session_id.partition(":")
    if not user_id.isdigit() or not token:
        return None
    user = db.session.execute(_user_statement(), {"user_id": int(user_id)}).scalar_one_or_none()
    if user is None or not user.active or not secrets.compare_digest(user.session_token, token):
        return None
    return user


def start_session(user) -> None:
    """Sign ``user`` in on a fresh session: nothing from the session before survives."""
    lang = session.get("lang")
    session.clear()
    if lang:
        session["lang"] = lang
    now = int(time.time())
    session["sid"] = secrets.token_urlsafe(16)
    session["started"] = now
    session["seen"] = now
    login_user(user, remember=False)


def end_session() -> None:
    """Sign out here; the caller rotates the token to end the account's other sessions too."""
    lang = session.get("lang")
    logout_user()
    session.clear()
    if lang:
        session["lang"] = lang


def _limits(user) -> tuple[int, int]:
    cfg = current_app.config
    if user.role == LEARNER:
        return cfg["LEARNER_IDLE_MINUTES"] * 60, cfg["LEARNER_ABSOLUTE_HOURS"] * 3600
    return cfg["STAFF_IDLE_MINUTES"] * 60, cfg["STAFF_ABSOLUTE_HOURS"] * 3600


def reject_nul_bytes():
    """Before each request: refuse a NUL character anywhere in the address, query or form.

    No keyboard types NUL, PostgreSQL can't store or search it, and a value silently changed
    would be worse than a clear refusal; so the request is answered with an explained 400
    before any view (even the anonymous sign-in form) sees it.
    """
    if "\x00" in request.path or has_nul(request.args) or (request.form and has_nul(request.form)):
        return render_template("error.html", code=400, nul=True), 400
    return None


def check_session():
    """Before each request: end sessions that are idle or too old; force a password change."""
    if request.endpoint == "static" or not current_user.is_authenticated:
        return None
    now = int(time.time())
    idle, absolute = _limits(current_user)
    started, seen = session.get("started", 0), session.get("seen", 0)
    if now - seen > idle or now - started > absolute:
        end_session()
        flash(_("Sesi Anda berakhir karena terlalu lama tidak dipakai. Silakan masuk lagi."), "info")
        return redirect(url_for("auth.login", next=_return_path()))
    if now - seen >= 30:  # refreshing every request would rewrite the cookie each time
        session["seen"] = now
    if current_user.must_change_password and request.endpoint not in PASSWORD_CHANGE_ENDPOINTS:
        return redirect(url_for("auth.change_password"))
    return None


def _return_path() -> str | None:
    """Where to go back to after signing in again: this page, or for a form the page it was on."""
    if request.method == "GET":
        target = request.full_path.rstrip("?")
    else:
        referrer = urlsplit(request.referrer or "")
        target = referrer.path if referrer.netloc == request.host else ""
    if not target.startswith("/") or any(ord(char) < 32 for char in target):
        return None  # no control characters (CR/LF) in a redirect target
    return target


def add_security_headers(response):
    """Headers for every response: CSP, no framing, and no caching of anything but static files."""
    response.headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
    response.headers.setdefault("X-Content-Type-Options", "nosniff")
    response.headers.setdefault("X-Frame-Options", "DENY")
    response.headers.setdefault("Referrer-Policy", "same-origin")
    if request.endpoint != "static":
        response.headers["Cache-Control"] = "no-store"
        response.headers["Pragma"] = "no-cache"
        response.vary.add("Cookie")
    return response
