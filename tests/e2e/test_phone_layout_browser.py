"""The demo, walked as each of its people at 390 px: no page scrolls sideways and no table is
cut off inside its frame; lists turn into a block per row (.table-blocks) and the attendance
sheet into a block per learner. Grids that are read across (the gradebook, a class's
certificates, the audit trail) may scroll inside their frame, and are the only ones allowed to.

The demo's names, products and months are as long as real ones; the test world's are short
enough that every table fits, so the walk uses the demo."""
from __future__ import annotations

import re
from collections import deque
from pathlib import Path

import pytest

from tests.e2e.conftest import sign_in
from training.extensions import db

pytestmark = pytest.mark.browser

SHIPPED = Path(__file__).resolve().parents[2] / "content" / "courses"
GRIDS = ".gradebook, .cert-table, .audit-table"  # read across; their frame scrolls on a phone
LOGINS = ["BI.101/2025", "pengajar.dian", "pk.ratih", "admin.contoh", "admin.nasional", "etalase.contoh"]
PAGES_EACH = 30  # pages of different shapes (ids folded) walked per person
NOT_PAGES = re.compile(r"\.(pdf|csv|png|jpe?g)(\?|$)|/keluar|/foto/|/static/|/bahasa|unduh|cetak|struk")
OVERFLOWING_FRAMES = """grids => [...document.querySelectorAll('.table-wrap, table')]
  .filter(w => w.scrollWidth > w.clientWidth + 1 && !w.matches(grids) && !w.querySelector(grids))
  .map(w => w.className)"""


@pytest.fixture
def demo(app):
    from training.courses import importer
    from training.demo import DEMO_PASSWORD, load_demo

    with app.app_context():
        importer.import_courses(importer.check(SHIPPED)[0])
        load_demo()
        db.session.commit()
    return DEMO_PASSWORD


@pytest.mark.parametrize("login", LOGINS)
def test_the_demo_fits_a_phone_for_everyone(app, live_server, demo, _browser, login):
    context = _browser.new_context(viewport={"width": 390, "height": 844}, locale="id-ID")
    page = context.new_page()
    try:
        sign_in(page, live_server, login, demo)
        queue, shapes, found, walked = deque([page.url.removeprefix(live_server)]), set(), [], 0
        while queue and walked < PAGES_EACH:
            path = queue.popleft()
            shape = re.sub(r"\d+", "N", path.split("?")[0])
            if shape in shapes:
                continue
            shapes.add(shape)
            response = page.goto(live_server + path)
            if response is None or response.status != 200:
                continue  # a link to a page this person may not open is the route tests' business
            walked += 1
            width = page.evaluate("document.documentElement.scrollWidth")
            if width > 390:
                found.append(f"{path}: the page is {width} px wide")
            cut = page.evaluate(OVERFLOWING_FRAMES, GRIDS)
            if cut:
                found.append(f"{path}: cut off inside their frame: {cut}")
            for href in page.eval_on_selector_all("main a[href], nav a[href]", "as => as.map(a => a.getAttribute('href'))"):
                if href.startswith("/") and not href.startswith("//") and not NOT_PAGES.search(href):
                    queue.append(href.split("#")[0])
        assert walked >= 3, f"only {walked} pages walked: the walk proves little"
        assert not found, "\n".join(found)
    finally:
        context.close()
