"""Signing in and out, changing one's own password, and choosing the language."""
from __future__ import annotations

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, session, url_for
from flask_login import current_user

from training.access import ANYONE, ROLES, allow, restrict_blueprint
from training import audit
from training.accounts import services
from training.accounts.forms import ChangePasswordForm, EmptyForm, SignInForm
from training.accounts.views_home import home_url
from training.accounts.passwords import password_problems, verify_password
from training.audit import client_address
from training.extensions import commit_and_keep_loaded, db, gettext as _
from training.inputs import safe_next
from training.security import end_session, start_session

bp = Blueprint("auth", __name__)
restrict_blueprint(bp, ANYONE)


@bp.route("/masuk", methods=["GET", "POST"])
def login():
    """The sign-in page: registration number (learners) or username (staff), and password."""
    if current_user.is_authenticated:
        return redirect(home_url(current_user))
    form = SignInForm()
    if request.method == "GET":
        form.next.data = safe_next(request.args.get("next"))
    status = 200
    if form.validate_on_submit():
        result = services.attempt_sign_in(form.login.data, form.password.data, client_address())
        if result.outcome == "ok":
            commit_and_keep_loaded()  # the account stays loaded for the session and the redirect
            start_session(result.user)
            return redirect(safe_next(form.next.data) or home_url(result.user))
        db.session.commit()  # the failure count and the audit event must stick
        if result.outcome == "throttled":
            minutes = max(1, round(result.wait_seconds / 60))
            flash(
                _("Terlalu banyak percobaan masuk dari komputer ini. Tunggu %(n)d detik lalu coba lagi.", n=result.wait_seconds)
                if result.wait_seconds < 120
                else _("Terlalu banyak percobaan masuk dari komputer ini. Tunggu %(n)d menit lalu coba lagi.", n=minutes),
                "error",
            )
            status = 429
        elif result.outcome == "locked":
            flash(
                _(
                    "Akun ini dikunci sementara karena kata sandi salah beberapa kali. "
                    "Coba lagi setelah %(n)d menit, atau minta petugas membukanya.",
                    n=current_app.config["LOCKOUT_MINUTES"],
                ),
                "error",
            )
        else:
            flash(_("Nomor registrasi/nama pengguna atau kata sandi salah."), "error")
        form.password.data = ""
    elif request.method == "POST":
        status = 400
    return render_template("auth/login.html", form=form), status


@bp.route("/keluar", methods=["POST"])
@allow(*ROLES)
def logout():
    """Sign out, ending this account's sessions everywhere."""
    form = EmptyForm()
    if not form.validate_on_submit():
        abort(400)
    from training.courses.time_on_task import commit_noted, note_time

    user = current_user._get_current_object()
    note_time(None)  # the time on the lesson still open, added up in the session: written now
    user.end_all_sessions()
    audit.record("logout", user)
    commit_noted()
    end_session()
    flash(_("Anda sudah keluar. Sampai jumpa!"), "info")
    return redirect(url_for("auth.login"))


@bp.route("/akun/kata-sandi", methods=["GET", "POST"])
@allow(*ROLES)
def change_password():
    """Change one's own password; required after a temporary password."""
    form = ChangePasswordForm()
    user = current_user._get_current_object()
    if form.validate_on_submit():
        current_ok = verify_password(user.password_hash, form.current_password.data)
        if not current_ok:
            form.current_password.errors = [_("Kata sandi sekarang salah.")]
        problems = []
        if current_ok and form.new_password.data == form.current_password.data:
            problems.append(_("Kata sandi baru harus berbeda dari yang sekarang."))
        problems += password_problems(form.new_password.data, login_name=user.login_name or "", full_name=user.full_name)
        if problems:
            form.new_password.errors = list(form.new_password.errors) + problems
        if current_ok and not problems:
            services.change_password(user, form.new_password.data)
            db.session.commit()
            start_session(user)  # this session goes on with the new token; all others ended
            flash(_("Kata sandi sudah diganti."), "success")
            return redirect(home_url(user))
    _clear_boxes_in_error(form)
    return render_template("auth/change_password.html", form=form, forced=user.must_change_password)


def _clear_boxes_in_error(form: ChangePasswordForm) -> None:
    """Keep what was typed in every box except those that must be typed again.

    A wrong current password is cleared; a new password that is refused is cleared with its
    repetition (both must change); when only the repetition differs, both new boxes stay, so
    "tampilkan kata sandi" shows which one was mistyped.
    """
    if form.current_password.errors:
        form.current_password.data = ""
    if form.new_password.errors:
        form.new_password.data = form.confirm.data = ""


@bp.route("/bahasa", methods=["POST"])
def set_language():
    """Switch the interface language; remembered for the account when signed in."""
    form = EmptyForm()
    lang = request.form.get("lang", "")
    if not form.validate_on_submit() or lang not in current_app.config["LANGUAGES"]:
        abort(400)
    session["lang"] = lang
    if current_user.is_authenticated:
        current_user.locale = lang
        db.session.commit()
    return redirect(safe_next(request.form.get("next")) or url_for("home.index"))
