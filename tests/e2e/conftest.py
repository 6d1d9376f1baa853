"""Browser tests: the app served on a free local port, driven by headless Chromium.

Debian's ``chromium`` is used through Playwright. Without it the browser tests skip on a
developer's machine, but fail in CI (``CI`` set), where .ci/run installs it.
"""
from __future__ import annotations

import os
import shutil
import threading

import pytest
from werkzeug.serving import make_server

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="session")
def live_server(app):
    """The test app served by a real HTTP server in a thread; yields its base URL."""
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join(timeout=5)
    server.server_close()


@pytest.fixture(scope="session")
def _browser():
    if CHROMIUM is None:
        if os.environ.get("CI"):
            pytest.fail("chromium is not installed; .ci/run installs it")
        pytest.skip("chromium is not installed")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def browser_page(_browser):
    """A fresh browser context (no cookies) at 1366x768, and its page."""
    context = _browser.new_context(viewport={"width": 1366, "height": 768}, locale="id-ID")
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()


def sign_in(page, base: str, login: str, password: str | None = None) -> None:
    """Sign in through the form as a person does, and check that it worked."""
    from tests.conftest import TEST_PASSWORD

    page.goto(f"{base}/masuk")
    page.fill("#login", login)
    page.fill("#password", password or TEST_PASSWORD)
    page.click("button.btn-primary")
    page.wait_for_load_state()
    assert not page.url.endswith("/masuk"), "sign-in failed"
