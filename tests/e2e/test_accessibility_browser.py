"""axe-core finds no WCAG 2.1 A/AA violation on the main pages of each role.

axe-core is pinned in tests/e2e/axe/package-lock.json and installed by `make install` (npm ci).
The browser context bypasses the page's CSP only so that axe's script can be injected; the
pages themselves are served exactly as users get them.
"""
from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.e2e.conftest import sign_in
from tests.web.test_routes_by_role import _url

pytestmark = pytest.mark.browser

AXE = Path(__file__).parent / "axe" / "node_modules" / "axe-core" / "axe.min.js"
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
# Who signs in, and the endpoints of their main pages (record ids as in the route table).
PAGES = {
    None: ["auth.login", "verify.form", "verify.check", "catalogue.index"],
    "learner": ["learn.home", "learn.course", "learn.lesson", "learn.task", "quiz.start", "shop.index",
                "shop.product", "shop.product_edit", "practice.season", "my_certificates.mine", "readiness.my_plan",
                "realsales.mine", "auth.change_password"],
    "instructor": ["home.instructor", "home.instructor_class", "course_staff.instructor_courses", "grading.queue",
                   "attendance.index", "attendance.sheet", "classmarket.index", "classmarket.market",
                   "certificates.index", "readiness.assessments", "gradebook.page", "teach.assignments"],
    "officer": ["readiness.caseload", "readiness.profile"],
    "admin": ["admin.index", "admin.learners", "admin.learner_new", "admin.learner_import", "admin.learner",
              "admin.classes", "admin.staff", "shopsettings.edit", "course_staff.facility_courses", "showroom.rates"],
    "etalase": ["showroom.sell", "showroom.sales", "showroom.sale", "showroom.products", "showroom.product_new",
                "showroom.product_edit", "showroom.stock", "showroom.promote", "showroom.report"],
    "national": ["national.facilities", "national.admins", "national.audit_trail", "readiness.settings",
                 "course_staff.national_courses"],
}


def _rule(app, endpoint: str):
    return next(r for r in app.url_map.iter_rules() if r.endpoint == endpoint and "GET" in r.methods)


@pytest.mark.parametrize("who", list(PAGES), ids=[w or "anonymous" for w in PAGES])
def test_main_pages_have_no_accessibility_violations(app, live_server, world, _browser, who):
    if not AXE.exists():
        if os.environ.get("CI"):
            pytest.fail("axe-core is not installed; make install runs npm ci in tests/e2e/axe")
        pytest.skip("axe-core is not installed (needs npm)")
    context = _browser.new_context(viewport={"width": 1366, "height": 768}, locale="id-ID", bypass_csp=True)
    page = context.new_page()
    try:
        if who:
            login = getattr(world, who)
            sign_in(page, live_server, login.reg_number if who == "learner" else login.username)
        found = []
        for endpoint in PAGES[who]:
            url = _url(app, _rule(app, endpoint), world)
            response = page.goto(f"{live_server}{url}")
            assert response.status == 200, (endpoint, response.status)
            page.add_script_tag(path=str(AXE))
            result = page.evaluate("tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", TAGS)
            assert len(result["passes"]) > 10, "axe did not run its checks"
            for violation in result["violations"]:
                targets = [", ".join(node["target"]) for node in violation["nodes"][:3]]
                found.append(f"{url}: {violation['id']} ({violation['impact']}) {violation['help']} at {targets}")
        assert not found, "\n".join(found)
    finally:
        context.close()
