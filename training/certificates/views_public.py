"""The public verification page: anyone, signed in or not, checks a certificate code.

It shows exactly what an employer needs and nothing more: valid (name, course, date, issuer),
revoked (and when), or that the code is unknown or mistyped. No registration number, no facility.
"""
from __future__ import annotations

from flask import Blueprint, redirect, render_template, request, url_for

from training.access import ANYONE, restrict_blueprint
from training.audit import client_address
from training.certificates import codes, verification
from training.certificates.forms import VerifyForm
from training.extensions import db

bp = Blueprint("verify", __name__, url_prefix="/v")
restrict_blueprint(bp, ANYONE)
STATUS = {verification.VALID: 200, verification.REVOKED_OUTCOME: 200, verification.UNKNOWN: 404,
          verification.MISTYPED: 404, verification.LIMITED: 429}


@bp.route("/")
def form():
    """The code form; a submitted code goes to its own address, so the result can be shared."""
    verify_form = VerifyForm(formdata=None)
    if "kode" in request.args:
        verify_form = VerifyForm(request.args)
        if verify_form.validate():
            typed = codes.normalise(verify_form.kode.data)
            return redirect(url_for(".check", code=codes.display(typed) if typed else "-"))
    return render_template("certificates/verify.html", form=verify_form, result=None)


@bp.route("/<code>")
def check(code: str):
    """Check one code and say what it is; counted, and limited per source address."""
    result = verification.verify(code, client_address())
    db.session.commit()
    form = VerifyForm(formdata=None, kode=codes.display(result.code) if result.code else code[:40])
    return render_template("certificates/verify.html", form=form, result=result), STATUS[result.outcome]
