"""The instructor's sheets as a browser lays them out: rubric levels side by side on a lab screen
and stacked on a phone, attendance choices readable and whole at 390 px, selected choices with
enough contrast, and a sheet that comes back with an error opened at the row in error."""
from __future__ import annotations

import contextlib

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from tests.conftest import TEST_PASSWORD

pytestmark = pytest.mark.browser

WIDE, NARROW = {"width": 1366, "height": 768}, {"width": 390, "height": 844}
STATES = ("present", "late", "absent", "excused")

# WCAG 2.1 contrast ratio of two computed "rgb(r, g, b)" colours, worked out in the page.
CONTRAST_JS = """([fg, bg]) => {
  const lum = (css) => css.match(/\\d+(\\.\\d+)?/g).slice(0, 3).map(Number).map(v => v / 255)
    .map(c => c <= 0.03928 ? c / 12.92 : Math.pow((c + 0.055) / 1.055, 2.4))
    .reduce((sum, c, i) => sum + c * [0.2126, 0.7152, 0.0722][i], 0);
  const [a, b] = [lum(fg), lum(bg)];
  return (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
}"""


def _sign_in(page, live_server, username):
    page.goto(f"{live_server}/masuk")
    page.fill("#login", username)
    page.fill("#password", TEST_PASSWORD)
    page.click("button.btn-primary")
    page.wait_for_url(f"{live_server}/pengajar")


def _boxes(page, selector):
    return [page.locator(selector).nth(i).bounding_box() for i in range(page.locator(selector).count())]


# Four levels with descriptions as long as the real courses' (they wrapped 3 + 1 at 1366 px).
FOUR_LEVELS = [{"criterion": name, "levels": [
    {"label": label, "points": points, "description": "Biaya bahan, tenaga dan kemasan dihitung untuk satu barang."}
    for points, label in enumerate(("Belum", "Cukup", "Baik", "Sangat baik"))]} for name in ("HPP", "Harga jual")]


@pytest.mark.parametrize("viewport", [WIDE, NARROW], ids=["1366", "390"])
def test_rubric_levels_of_a_criterion_sit_in_one_row_wide_and_stack_on_a_phone(app, live_server, world, browser_page,
                                                                             viewport):
    from training.courses.models import Task
    from training.extensions import db

    with app.app_context():
        db.session.get(Task, world.submission.task_id).rubric = FOUR_LEVELS
        db.session.commit()
    page = browser_page
    page.set_viewport_size(viewport)
    _sign_in(page, live_server, world.instructor.username)
    page.goto(f"{live_server}/pengajar/penilaian/tugas/{world.submission.id}")
    criteria = page.locator("fieldset.rubric-criterion")
    assert criteria.count() == 2
    for index in range(criteria.count()):
        levels = _boxes(page, f"fieldset.rubric-criterion >> nth={index} >> .rubric-level")
        assert len(levels) >= 4
        tops = [round(box["y"]) for box in levels]
        if viewport is WIDE:
            assert len(set(tops)) == 1, tops  # one row, not 3 + 1
        else:
            assert tops == sorted(tops) and len(set(tops)) == len(tops), tops  # one under the other
            assert all(box["x"] + box["width"] <= viewport["width"] for box in levels)
    page.screenshot(path=f"/tmp/karya-e2e-rubric-{viewport['width']}.png", full_page=True)


@pytest.mark.parametrize("viewport", [WIDE, NARROW], ids=["1366", "390"])
def test_attendance_choices_are_whole_on_screen_and_selected_ones_readable(live_server, world, browser_page,
                                                                          viewport):
    page = browser_page
    page.set_viewport_size(viewport)
    _sign_in(page, live_server, world.instructor.username)
    page.goto(f"{live_server}/pengajar/kehadiran/{world.session.id}")
    learner = world.learner.id
    assert page.evaluate("document.documentElement.scrollWidth") <= viewport["width"]
    for state in STATES:
        label = page.locator(f"label[for=s-{learner}-{state}]")
        box = label.bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= viewport["width"], (state, box)
        # the words fit inside their button: nothing is cut
        assert label.evaluate("el => el.scrollWidth <= el.clientWidth"), state
        label.click()
        colours = label.evaluate("el => [getComputedStyle(el).color, getComputedStyle(el).backgroundColor]")
        assert page.evaluate(CONTRAST_JS, colours) >= 4.5, (state, colours)
    page.screenshot(path=f"/tmp/karya-e2e-attendance-{viewport['width']}.png", full_page=False)


def test_a_sheet_with_an_error_opens_at_the_row_in_error_without_javascript(live_server, world, _browser):
    context = _browser.new_context(viewport={"width": 1366, "height": 500}, java_script_enabled=False)
    page = context.new_page()
    try:
        _sign_in(page, live_server, world.instructor.username)
        page.goto(f"{live_server}/pengajar/kehadiran/{world.session.id}")
        wrong = world.learner2.id
        page.fill(f"#m-{wrong}", "999")
        page.click("text=Simpan kehadiran")
        page.wait_for_selector(".error-summary")
        # the browser moves focus to the autofocus field once the page has loaded: wait for it
        # (a loaded machine has failed a check made at once), then check it is the wrong row's
        with contextlib.suppress(PlaywrightTimeout):
            page.wait_for_function(f"document.activeElement && document.activeElement.id === 'm-{wrong}'",
                                   timeout=5000)
        assert page.evaluate("document.activeElement.id") == f"m-{wrong}"
        link = page.locator(f".error-summary a[href='#baris-{wrong}']")
        assert "Paling banyak" in link.inner_text()
        page.screenshot(path="/tmp/karya-e2e-attendance-error.png", full_page=False)
    finally:
        context.close()


def test_the_attitude_assessment_list_fits_a_phone(live_server, world, browser_page):
    """At 390 px each learner is a block with the registration number and the state beside their
    headings; the page never scrolls sideways (with the demo's learners it did, by 36 px)."""
    page = browser_page
    page.set_viewport_size(NARROW)
    _sign_in(page, live_server, world.instructor.username)
    page.goto(f"{live_server}/pengajar/penilaian-sikap")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    registration = page.locator("td[data-label]").first
    assert registration.is_visible() and registration.inner_text() == world.learner.reg_number
    page.screenshot(path="/tmp/karya-e2e-assessments-390.png", full_page=True)
