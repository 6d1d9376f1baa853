"""Every route, requested as every kind of user, answers as the access policy says.

The table below is the policy written out. A route added to the app without a row here fails
``test_every_route_has_an_access_rule``, so no page can ship without someone deciding who sees it.
"""
from __future__ import annotations

import pytest

from tests.conftest import TEST_PASSWORD, sign_in

ANON, LEARNER, OTHER_LEARNER, INSTRUCTOR, OFFICER = "anon", "learner", "other_learner", "instructor", "officer"
ADMIN, OTHER_ADMIN, NATIONAL = "admin", "other_admin", "national"
ETALASE, OTHER_ETALASE = "etalase", "other_etalase"  # showroom staff of the first and the second facility
ROLES = (ANON, LEARNER, OTHER_LEARNER, INSTRUCTOR, OFFICER, ADMIN, OTHER_ADMIN, NATIONAL, ETALASE, OTHER_ETALASE)
SIGNED_IN = ROLES[1:]
LOGIN = "login"  # a redirect to the sign-in page


def only(allowed: dict, default=403) -> dict:
    """Anonymous users are sent to sign in; ``allowed`` roles get their code; the rest ``default``."""
    table = {role: default for role in SIGNED_IN}
    table[ANON] = LOGIN
    table.update(allowed)
    return table


def everyone(code) -> dict:
    return {role: code for role in ROLES}


def signed_in(code, anon=LOGIN) -> dict:
    table = {role: code for role in SIGNED_IN}
    table[ANON] = anon
    return table


FA = {ADMIN: 200, OTHER_ADMIN: 200}
FA_RECORD = {ADMIN: 200, OTHER_ADMIN: 404}  # a record of the admin's facility, not the other's
FA_RECORD_POST = {ADMIN: 302, OTHER_ADMIN: 404}
# A course offered in the first facility (and the first learner's own attempt at its quiz).
LEARNER_RECORD = {LEARNER: 200, OTHER_LEARNER: 404}
LEARNER_RECORD_POST = {LEARNER: 302, OTHER_LEARNER: 404}
SHOWROOM = {ETALASE: 200, OTHER_ETALASE: 200}
SHOWROOM_RECORD = {ETALASE: 200, OTHER_ETALASE: 404}

# (endpoint, method) -> expected answer per role. Record ids point at the first facility's records.
RULES = {
    ("static", "GET"): everyone(200),
    ("home.health", "GET"): everyone(200),
    ("home.index", "GET"): everyone(302),
    ("auth.login", "GET"): {**signed_in(302), ANON: 200},
    ("auth.login", "POST"): {**signed_in(302), ANON: 400},
    ("auth.logout", "POST"): signed_in(302),
    ("auth.set_language", "POST"): everyone(400),  # no language chosen
    ("auth.change_password", "GET"): signed_in(200),
    ("auth.change_password", "POST"): signed_in(200),
    ("learn.home", "GET"): only({LEARNER: 200, OTHER_LEARNER: 200}),
    ("home.instructor", "GET"): only({INSTRUCTOR: 200}),
    ("home.instructor_class", "GET"): only({INSTRUCTOR: 200}),
    ("readiness.caseload", "GET"): only({OFFICER: 200}),
    ("admin.index", "GET"): only(FA),
    ("admin.learners", "GET"): only(FA),
    ("admin.learner_new", "GET"): only(FA),
    ("admin.learner_new", "POST"): only(FA),
    ("admin.learner_import", "GET"): only(FA),
    ("admin.learner_import", "POST"): only(FA),
    ("admin.learner", "GET"): only(FA_RECORD),
    ("admin.learner", "POST"): only(FA_RECORD_POST),  # an empty post keeps the stored values
    ("admin.learner_transfer", "POST"): only(FA_RECORD_POST),
    ("admin.learner_officer", "POST"): only(FA_RECORD_POST),
    ("admin.staff", "GET"): only(FA),
    ("admin.staff_role", "POST"): only(FA_RECORD_POST),
    ("admin.staff_nip", "POST"): only(FA_RECORD_POST),  # empty: a message, nothing changed
    ("admin.staff_new", "GET"): only(FA),
    ("admin.staff_new", "POST"): only(FA),
    ("admin.classes", "GET"): only(FA),
    ("admin.classes", "POST"): only(FA),
    ("admin.class_members", "GET"): only(FA_RECORD),
    ("admin.class_members", "POST"): only(FA_RECORD_POST),
    ("accounts.reset_password", "POST"): only({ADMIN: 200, OTHER_ADMIN: 404, NATIONAL: 404}),
    ("accounts.unlock", "POST"): only({**FA_RECORD_POST, NATIONAL: 404}),
    ("accounts.deactivate", "POST"): only({**FA_RECORD_POST, NATIONAL: 404}),
    ("accounts.reactivate", "POST"): only({**FA_RECORD_POST, NATIONAL: 404}),
    ("national.index", "GET"): only({NATIONAL: 302}),
    ("national.facilities", "GET"): only({NATIONAL: 200}),
    ("national.facility_new", "GET"): only({NATIONAL: 200}),
    ("national.facility_new", "POST"): only({NATIONAL: 200}),
    ("national.facility_edit", "GET"): only({NATIONAL: 200}),
    ("national.facility_edit", "POST"): only({NATIONAL: 302}),  # an empty post keeps the stored values
    ("national.admins", "GET"): only({NATIONAL: 200}),
    ("national.admin_new", "GET"): only({NATIONAL: 200}),
    ("national.admin_new", "POST"): only({NATIONAL: 200}),
    ("national.audit_trail", "GET"): only({NATIONAL: 200}),
    ("learn.course", "GET"): only(LEARNER_RECORD),
    ("learn.lesson", "GET"): only(LEARNER_RECORD),
    ("learn.lesson_audio", "GET"): only(LEARNER_RECORD),  # the lesson read by espeak-ng
    ("learn.lesson_done", "POST"): only(LEARNER_RECORD_POST),  # a quiz lesson: sent to its quiz
    ("learn.task", "GET"): only(LEARNER_RECORD),
    ("learn.task", "POST"): only(LEARNER_RECORD),  # an empty post shows the form again
    ("learn.task_draft", "POST"): only(LEARNER_RECORD_POST),  # an empty draft is saved: back to the task
    ("quiz.start", "GET"): only(LEARNER_RECORD),
    ("quiz.start", "POST"): only(LEARNER_RECORD_POST),
    ("quiz.question", "GET"): only(LEARNER_RECORD),
    ("quiz.question", "POST"): only(LEARNER_RECORD_POST),  # no answer: back to the question
    ("quiz.all_questions", "GET"): only(LEARNER_RECORD),
    ("quiz.finish", "POST"): only(LEARNER_RECORD_POST),
    ("quiz.result", "GET"): only(LEARNER_RECORD),
    ("course_files.image", "GET"): only({**LEARNER_RECORD, INSTRUCTOR: 200}),
    ("course_staff.national_courses", "GET"): only({NATIONAL: 200}),
    ("course_staff.facility_courses", "GET"): only(FA),
    ("course_staff.facility_course_toggle", "POST"): only({ADMIN: 302, OTHER_ADMIN: 302}),  # empty: no change
    ("course_staff.instructor_courses", "GET"): only({INSTRUCTOR: 200}),
    ("course_staff.instructor_course", "GET"): only({INSTRUCTOR: 200}),
    ("course_staff.preview", "GET"): only({INSTRUCTOR: 200}),
    # Certificates: world.certificate is world.learner's, earned in the first facility.
    ("my_certificates.mine", "GET"): only({LEARNER: 200, OTHER_LEARNER: 200}),
    ("my_certificates.check_again", "POST"): only({LEARNER: 302, OTHER_LEARNER: 302}),
    ("my_certificates.download", "GET"): only(LEARNER_RECORD),
    ("certificates.index", "GET"): only({INSTRUCTOR: 200, **FA}),
    ("certificates.settings", "POST"): only({ADMIN: 302, OTHER_ADMIN: 302}),  # each admin's own facility
    ("certificates.class_page", "GET"): only({INSTRUCTOR: 200, **FA_RECORD}),
    ("certificates.class_pdf", "GET"): only({INSTRUCTOR: 200, **FA_RECORD}),
    ("certificates.detail", "GET"): only({INSTRUCTOR: 200, **FA_RECORD}),
    ("certificates.staff_download", "GET"): only({INSTRUCTOR: 200, **FA_RECORD}),
    ("certificates.approve", "POST"): only({INSTRUCTOR: 302}),  # already issued: a message, no change
    ("certificates.revoke", "POST"): only({ADMIN: 200, OTHER_ADMIN: 404}),  # no reason: the form again
    ("certificates.reject", "POST"): only({INSTRUCTOR: 200}),  # no reason: the record again
    ("certificates.issue", "GET"): only({INSTRUCTOR: 200}),
    ("certificates.issue", "POST"): only({INSTRUCTOR: 200}),  # no reason: the form again
    ("verify.form", "GET"): everyone(200),
    ("verify.check", "GET"): everyone(200),
    # Readiness review: officers reach only their caseload (world.learner is on it); a facility
    # admin reads the profiles of their own facility; instructors assess, learners write their plan.
    ("readiness.profile", "GET"): only({OFFICER: 200, ADMIN: 200, OTHER_ADMIN: 404}),
    ("readiness.add_note", "POST"): only({OFFICER: 302}),  # an empty note is refused with a message
    ("readiness.conclude", "POST"): only({OFFICER: 302}),  # an empty conclusion is refused with a message
    ("readiness.report_pdf", "GET"): only({OFFICER: 200}),
    ("readiness.assessments", "GET"): only({INSTRUCTOR: 200}),
    ("readiness.assess", "GET"): only({INSTRUCTOR: 200}),
    ("readiness.assess", "POST"): only({INSTRUCTOR: 200}),  # an empty post shows the form again
    ("readiness.my_plan", "GET"): only({LEARNER: 200, OTHER_LEARNER: 200}),
    ("readiness.my_plan", "POST"): only({LEARNER: 302, OTHER_LEARNER: 302}),  # every answer is optional
    ("readiness.settings", "GET"): only({NATIONAL: 200}),
    ("readiness.settings", "POST"): only({NATIONAL: 200}),  # an empty post shows the errors
    # Storefront: a learner reaches only their own products and seasons (other_learner gets 404);
    # class markets: instructors of the facility and learners of the class. Empty posts show the
    # form again (200) or redirect with a message (302).
    ("shop.index", "GET"): only({LEARNER: 200, OTHER_LEARNER: 200}),
    ("shop.product_new", "GET"): only({LEARNER: 200, OTHER_LEARNER: 200}),
    ("shop.product_new", "POST"): only({LEARNER: 200, OTHER_LEARNER: 200}),
    ("shop.product", "GET"): only({LEARNER: 200, OTHER_LEARNER: 404}),
    ("shop.product_edit", "GET"): only({LEARNER: 200, OTHER_LEARNER: 404}),
    ("shop.product_edit", "POST"): only({LEARNER: 200, OTHER_LEARNER: 404}),
    ("shop.product_photo", "GET"): only({LEARNER: 200, OTHER_LEARNER: 404}),
    ("shop.product_photo_upload", "POST"): only({LEARNER: 302, OTHER_LEARNER: 404}),  # no file: a message
    ("practice.new", "GET"): only({LEARNER: 200, OTHER_LEARNER: 200}),
    ("practice.new", "POST"): only({LEARNER: 200, OTHER_LEARNER: 200}),
    ("practice.season", "GET"): only({LEARNER: 200, OTHER_LEARNER: 404}),
    ("practice.play", "POST"): only({LEARNER: 302, OTHER_LEARNER: 404}),  # no week given: back to the season
    ("practice.week", "GET"): only({LEARNER: 200, OTHER_LEARNER: 404}),
    ("practice.report", "GET"): only({LEARNER: 200, OTHER_LEARNER: 404}),
    ("practice.replay", "GET"): only({LEARNER: 200, OTHER_LEARNER: 404}),
    ("classmarket.index", "GET"): only({LEARNER: 200, OTHER_LEARNER: 200, INSTRUCTOR: 200}),
    ("classmarket.new", "GET"): only({INSTRUCTOR: 200}),
    ("classmarket.new", "POST"): only({INSTRUCTOR: 200}),
    ("classmarket.market", "GET"): only({LEARNER: 200, OTHER_LEARNER: 404, INSTRUCTOR: 200}),
    ("classmarket.submit", "POST"): only({LEARNER: 302, OTHER_LEARNER: 404}),  # no round given: a message
    ("classmarket.confirm_advance", "GET"): only({INSTRUCTOR: 200}),
    ("classmarket.advance", "POST"): only({INSTRUCTOR: 302}),
    ("classmarket.options", "POST"): only({INSTRUCTOR: 302}),
    ("classmarket.report", "GET"): only({LEARNER: 200, OTHER_LEARNER: 404, INSTRUCTOR: 200}),
    ("shopsettings.edit", "GET"): only(FA),
    ("shopsettings.edit", "POST"): only(FA),  # an empty post shows the errors
    # Instructor workspace (issue 4): records of the first facility (tests/teach_world.py).
    ("teach.overview_page", "GET"): only({INSTRUCTOR: 200}),
    ("teach.assignments", "GET"): only({INSTRUCTOR: 200}),
    ("teach.assignments", "POST"): only({INSTRUCTOR: 200}),  # empty: the form again with errors
    ("teach.extend", "GET"): only({INSTRUCTOR: 200}),
    ("teach.extend", "POST"): only({INSTRUCTOR: 200}),  # empty: the form again with errors
    ("teach.assignment_delete", "POST"): only({INSTRUCTOR: 302}),  # not confirmed: nothing deleted
    ("teach.learner_page", "GET"): only({INSTRUCTOR: 200}),
    ("teach.help_reset", "POST"): only({INSTRUCTOR: 200}),  # the slip with learner2's temporary password
    ("teach.help_unlock", "POST"): only({INSTRUCTOR: 302}),
    ("attendance.index", "GET"): only({INSTRUCTOR: 200}),
    ("attendance.open_session", "POST"): only({INSTRUCTOR: 200}),  # empty: the form again with messages
    ("attendance.sheet", "GET"): only({INSTRUCTOR: 200}),
    ("attendance.sheet", "POST"): only({INSTRUCTOR: 200}),  # empty: not saved, the sheet again
    ("grading.queue", "GET"): only({INSTRUCTOR: 200}),
    ("grading.grade_task", "GET"): only({INSTRUCTOR: 200}),
    ("grading.grade_task", "POST"): only({INSTRUCTOR: 200}),  # no levels picked: the form again
    ("grading.grade_essay", "GET"): only({INSTRUCTOR: 200}),
    ("grading.grade_essay", "POST"): only({INSTRUCTOR: 200}),
    ("gradebook.page", "GET"): only({INSTRUCTOR: 200}),
    ("gradebook.export", "GET"): only({INSTRUCTOR: 200}),
    ("my_grades.task_grade", "GET"): only(LEARNER_RECORD),
    # Showroom (issue 14): world.catalogue_product and world.sale belong to the first facility's
    # showroom (etalase); other_etalase works in the second. Empty posts show the form again.
    ("showroom.sell", "GET"): only(SHOWROOM),
    ("showroom.sell", "POST"): only(SHOWROOM),  # nothing chosen: a message, nothing sold
    ("showroom.sales", "GET"): only(SHOWROOM),
    ("showroom.sale", "GET"): only(SHOWROOM_RECORD),
    ("showroom.receipt", "GET"): only(SHOWROOM_RECORD),
    ("showroom.void", "POST"): only(SHOWROOM_RECORD),  # no reason: the sale page again, not voided
    ("showroom.products", "GET"): only(SHOWROOM),
    ("showroom.product_new", "GET"): only(SHOWROOM),
    ("showroom.product_new", "POST"): only(SHOWROOM),
    ("showroom.product_edit", "GET"): only(SHOWROOM_RECORD),
    ("showroom.product_edit", "POST"): only(SHOWROOM_RECORD),
    ("showroom.stock", "GET"): only(SHOWROOM_RECORD),
    ("showroom.stock", "POST"): only(SHOWROOM_RECORD),
    ("showroom.product_photo", "POST"): only({ETALASE: 302, OTHER_ETALASE: 404}),
    ("showroom.promote", "GET"): only(SHOWROOM),
    ("showroom.promote", "POST"): only(SHOWROOM),  # nothing chosen: the list again
    ("showroom.report", "GET"): only({**SHOWROOM, **FA}),  # each one's own facility
    ("showroom.report_csv_download", "GET"): only({**SHOWROOM, **FA}),
    ("showroom.report_pdf_download", "GET"): only({**SHOWROOM, **FA}),
    ("showroom.rates", "GET"): only(FA),
    ("showroom.rates", "POST"): only(FA),  # an empty post shows the errors
    ("catalogue.index", "GET"): everyone(200),
    ("catalogue.photo", "GET"): everyone(200),
    ("realsales.mine", "GET"): only({LEARNER: 200, OTHER_LEARNER: 200}),
    # world.learner's portfolio: the learner, their officer, their facility's staff.
    ("realsales.portfolio", "GET"): only({**LEARNER_RECORD, INSTRUCTOR: 200, OFFICER: 200, **FA_RECORD}),
}


def app_routes(app):
    """(endpoint, method, rule) for every route the app serves."""
    for rule in app.url_map.iter_rules():
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            yield rule.endpoint, method, rule


def test_every_route_has_an_access_rule(app):
    missing = sorted({(e, m) for e, m, _ in app_routes(app)} - set(RULES))
    assert not missing, f"routes without a rule in RULES: {missing}"
    stale = sorted(set(RULES) - {(e, m) for e, m, _ in app_routes(app)})
    assert not stale, f"rules for routes that no longer exist: {stale}"


def _url(app, rule, world) -> str:
    values = {
        "user_id": world.instructor.id if rule.endpoint in ("admin.staff_role", "admin.staff_nip") else world.learner2.id,
        "class_id": world.class_a.id,
        "facility_id": world.lapas.id,
        "filename": "css/app.css",
        "slug": world.course.slug,
        "lesson_slug": world.lesson.slug,
        "attempt_id": world.attempt.id,
        "number": 1,
        "image_path": "gambar/titik.png",
        "course_id": world.course.id,
        "assignment_id": world.assignment.id,
        "session_id": world.session.id,
        "submission_id": world.submission.id,
        "answer_id": world.essay_answer.id,
        "certificate_id": world.certificate.id,
        "code": world.certificate.display_code,
        "learner_id": world.learner.id,
        "product_id": (world.catalogue_product.id if rule.endpoint.startswith(("showroom.", "catalogue."))
                       else world.product.id),
        "sale_id": world.sale.id,
        "season_id": world.season.id,
        "week": 1,
        "market_id": world.class_market.id,
    }
    with app.test_request_context():
        from flask import url_for

        return url_for(rule.endpoint, **{arg: values[arg] for arg in rule.arguments})


def test_routes_answer_every_role_as_the_policy_says(app, world, monkeypatch):
    # Forms are posted empty, so CSRF is switched off for this walk (it has tests of its own).
    monkeypatch.setitem(app.config, "WTF_CSRF_ENABLED", False)
    logins = {
        LEARNER: world.learner.reg_number,
        OTHER_LEARNER: world.other_learner.reg_number,
        INSTRUCTOR: world.instructor.username,
        OFFICER: world.officer.username,
        ADMIN: world.admin.username,
        OTHER_ADMIN: world.other_admin.username,
        NATIONAL: world.national.username,
        ETALASE: world.etalase.username,
        OTHER_ETALASE: world.other_etalase.username,
    }
    failures = []
    for endpoint, method, rule in app_routes(app):
        url = _url(app, rule, world)
        for role in ROLES:
            client = app.test_client()
            if role != ANON:
                assert sign_in(client, logins[role], TEST_PASSWORD).status_code == 302
            response = client.open(url, method=method, data={})
            response.close()  # static files are streamed from an open file
            expected = RULES[(endpoint, method)][role]
            if expected == LOGIN:
                ok = response.status_code == 302 and "/masuk" in response.headers["Location"]
            else:
                ok = response.status_code == expected
            if not ok:
                where = response.headers.get("Location", "")
                failures.append(f"{method} {url} as {role}: got {response.status_code} {where}, expected {expected}")
    assert not failures, "\n".join(failures)


@pytest.mark.parametrize(
    "who, url_of",
    [
        ("other_admin", lambda w: f"/admin/warga-binaan/{w.learner.id}"),
        ("other_admin", lambda w: f"/admin/kelas/{w.class_a.id}"),
        ("other_instructor", lambda w: f"/pengajar/kelas/{w.class_a.id}"),
        ("admin", lambda w: f"/admin/warga-binaan/{w.instructor.id}"),  # staff are not learners
        ("admin", lambda w: "/admin/warga-binaan/999999"),
    ],
)
def test_records_outside_reach_answer_404_not_403(app, world, who, url_of):
    client = app.test_client()
    user = getattr(world, who)
    sign_in(client, user.username)
    assert client.get(url_of(world)).status_code == 404
