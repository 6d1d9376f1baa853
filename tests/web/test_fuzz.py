"""Hostile values sent to every page, query parameter and form the route table knows: no 500.

For each role, every page the access table (tests/web/test_routes_by_role.py) lets that role
open is fetched; its query parameters (those of its GET forms, and every name a view reads from
the URL) and every form on it (fields found by parsing the HTML, CSRF token kept) are sent once
per hostile value with every field set to it, then field by field with the likeliest breakers
and the other fields filled in plausibly. Any server error (with the test app's TESTING setting
an exception reaches the test) is a failure naming role, route, field, value and error line.
"""
from __future__ import annotations

import traceback
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import urlsplit

import pytest

from tests.conftest import TEST_PASSWORD, sign_in
from tests.web.test_routes_by_role import ANON, LEARNER, NATIONAL, RULES, _url, app_routes

HOSTILE = [
    "9" * 30,  # huge
    "2147483648",  # one past a 32-bit integer column
    "-99999999999",  # negative
    "1e20",
    "NaN",
    "²",  # a digit to str.isdigit, not to int()
    "١٢٣",  # Arabic-Indic digits: int() reads them
    "\x00",  # NUL
    "a\r\nb",  # CR/LF
    "0001-01-01",
    "9999-12-31",
    "31-02-2027",
    "x" * 100_000,  # 100 KB of text
    "%_%\\",  # LIKE wildcards and the escape character
    " ",
]
# The values most likely to pass a form's checks and break what comes after (a number column,
# int()); each is also tried in one field at a time, the others filled in plausibly.
PER_FIELD = ["9" * 30, "²"]
# A page without a search form gets these in its query; a page with one gets every value.
QUERY_SAMPLE = ["9" * 30, "²", "a\r\nb", "x" * 100_000]
# Names views read from the URL besides their GET forms (grep request.args).
QUERY_NAMES = ["halaman", "q", "cari", "tampil", "next", "kursus", "warga", "harga", "kode"]
# Every role once (the second learner and admin of the route table see the same pages in another
# facility), in an order where what one role's posts change (an admin deactivating a learner)
# can't stop an earlier role from signing in.
ORDER = [ANON, LEARNER, "instructor", "officer", "admin", NATIONAL]
SKIP_ACTIONS = {"/keluar"}  # signing out would end the walk, and it reads no fields



@dataclass
class Form:
    """A form as a browser would send it."""

    action: str
    method: str
    fields: dict[str, str] = field(default_factory=dict)
    files: list[str] = field(default_factory=list)


class FormParser(HTMLParser):
    """Collect every form of a page with its named fields and their current values."""

    def __init__(self, page_url: str):
        super().__init__(convert_charrefs=True)
        self.page_url = page_url
        self.forms: list[Form] = []
        self._form: Form | None = None
        self._select: str | None = None
        self._textarea: str | None = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self._form = Form(attrs.get("action") or self.page_url, (attrs.get("method") or "get").lower())
            self.forms.append(self._form)
            return
        form, name = self._form, attrs.get("name")
        if form is None:
            return
        if tag == "input" and name:
            kind = (attrs.get("type") or "text").lower()
            if kind == "file":
                form.files.append(name)
            elif kind in ("checkbox", "radio"):
                if "checked" in attrs or name not in form.fields:
                    form.fields[name] = attrs.get("value") or "y"
            elif kind not in ("submit", "button", "reset", "image"):
                form.fields[name] = attrs.get("value") or ""
        elif tag == "select" and name:
            self._select = name
            form.fields.setdefault(name, "")
        elif tag == "option" and self._select and ("selected" in attrs or not form.fields[self._select]):
            form.fields[self._select] = attrs.get("value", "")
        elif tag == "button" and name and (attrs.get("type") or "submit") == "submit":
            form.fields.setdefault(name, attrs.get("value") or "")
        elif tag == "textarea" and name:
            self._textarea = name
            form.fields[name] = ""

    def handle_endtag(self, tag):
        if tag == "form":
            self._form = None
        elif tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None

    def handle_data(self, data):
        if self._form is not None and self._textarea:
            self._form.fields[self._textarea] += data


def forms_of(html: str, page_url: str) -> list[Form]:
    parser = FormParser(page_url)
    parser.feed(html)
    return parser.forms


class Walker:
    """One role's client: signs in again when a post ended its session, records every failure."""

    def __init__(self, app, role: str, login: str | None):
        self.app, self.role, self.login = app, role, login
        self.client = app.test_client()
        self.failures: list[str] = []
        self.adapter = app.url_map.bind("localhost")
        self.sign_in()

    def sign_in(self) -> None:
        if self.login:
            sign_in(self.client, self.login, TEST_PASSWORD)

    def endpoint(self, path: str, method: str) -> str:
        try:
            return self.adapter.match(urlsplit(path).path, method=method.upper())[0]
        except Exception:  # a 404 or 405 address: reported under the address itself
            return path

    def send(self, method: str, url: str, what: str, **kwargs):
        try:
            response = self.client.open(url, method=method, **kwargs)
        except Exception as error:  # TESTING propagates the view's exception: that is the 500
            frame = traceback.extract_tb(error.__traceback__)[-1]
            self.failures.append(
                f"{self.role} {method} {urlsplit(url).path} [{self.endpoint(url, method)}] {what}: "
                f"{type(error).__name__}: {str(error)[:120]} at {frame.filename.split('/training/')[-1]}:{frame.lineno}"
            )
            return None
        response.close()
        if response.status_code >= 500:
            path = urlsplit(url).path
            self.failures.append(f"{self.role} {method} {path} [{self.endpoint(url, method)}] {what}: {response.status_code}")
        if response.status_code == 302 and "/masuk" in response.headers.get("Location", "") and self.login:
            self.sign_in()  # a post changed the account (e.g. its session token): carry on signed in
        return response


def pages_for(app, role: str):
    """(endpoint, rule) of every GET page the table lets ``role`` open."""
    for endpoint, method, rule in app_routes(app):
        if method != "GET" or endpoint == "static" or RULES[(endpoint, method)][role] != 200:
            continue
        yield endpoint, rule


def walk(app, world, role: str) -> list[str]:
    """Fuzz every page and form ``role`` reaches; the failures, one line each."""
    logins = {
        LEARNER: world.learner.reg_number, "instructor": world.instructor.username,
        "officer": world.officer.username, "admin": world.admin.username, NATIONAL: world.national.username,
    }
    walker = Walker(app, role, logins.get(role))
    seen_forms: set[tuple] = set()
    for _endpoint, rule in list(pages_for(app, role)):
        url = _url(app, rule, world)
        page = walker.send("GET", url, "page")
        if page is None or page.status_code != 200 or "html" not in page.content_type:
            continue
        html = page.get_data(as_text=True)
        forms = forms_of(html, url)
        names = set(QUERY_NAMES)
        for form in forms:
            if form.method == "get":
                names |= set(form.fields)
        values = HOSTILE if any(form.method == "get" for form in forms) else QUERY_SAMPLE
        for value in values:
            walker.send("GET", url, f"query={value[:12]!r}", query_string={n: value for n in names})
        for form in forms:
            action = urlsplit(form.action).path or urlsplit(url).path
            key = (action, form.method, tuple(sorted(form.fields)))
            if form.method != "post" or action in SKIP_ACTIONS or key in seen_forms:
                continue
            seen_forms.add(key)
            for value in HOSTILE:
                data = {n: (v if n == "csrf_token" else value) for n, v in form.fields.items()}
                walker.send("POST", action, f"fields={value[:12]!r}", data=data)
            plausible = {n: (v or "1") for n, v in form.fields.items()}
            for name in plausible.keys() - {"csrf_token"}:
                for value in PER_FIELD:
                    walker.send("POST", action, f"{name}={value[:12]!r}", data={**plausible, name: value})
    return walker.failures


@pytest.mark.parametrize("role", ORDER)
def test_no_hostile_value_gives_a_server_error(app, world, role):
    failures = walk(app, world, role)
    assert not failures, f"{len(failures)} server errors:\n" + "\n".join(sorted(set(failures))[:40])
