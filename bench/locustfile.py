"""The lab scenario for Locust: a class at work during a lesson hour, and the staff around it.

Learners (think time 5-15 s) open the home page, a lesson, answer the lesson's quiz one question at a
time, and play a week of a practice season in the shop. Staff do what they do during that hour:
instructors open the attendance sheet and save it, look at the grading queue and the gradebook;
officers read their caseload and a profile. Requests are named by page kind so the table groups them.

Sign-ins come from ``$KARYA_LAB_WORLD`` (the JSON that bench/lab_world.py writes); the user counts
from ``$KARYA_LAB_LEARNERS`` and ``$KARYA_LAB_STAFF``. bench/bench_lab.py runs it and prints the table.
"""
from __future__ import annotations

import itertools
import json
import os
import random
import re
from html.parser import HTMLParser

from locust import HttpUser, between, task

WORLD = json.loads(open(os.environ["KARYA_LAB_WORLD"]).read())
LEARNERS = int(os.environ.get("KARYA_LAB_LEARNERS", "40"))
STAFF = int(os.environ.get("KARYA_LAB_STAFF", "10"))
_learner_logins = itertools.cycle(WORLD["learners"])
_instructor_logins = itertools.cycle(WORLD["instructors"])
_officer_logins = itertools.cycle(WORLD["officers"])


class _Forms(HTMLParser):
    """Collect each form's action and the values a person would submit without changing anything."""

    def __init__(self):
        super().__init__()
        self.forms: list[dict] = []
        self._select: str | None = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form":
            self.forms.append({"action": a.get("action") or "", "method": (a.get("method") or "get").lower(),
                               "fields": {}})
        elif not self.forms:
            return
        elif tag == "input" and a.get("name"):
            kind = a.get("type", "text")
            if kind in ("checkbox", "radio"):
                if "checked" in a:
                    self.forms[-1]["fields"].setdefault(a["name"], []).append(a.get("value", "on"))
                elif kind == "radio":
                    self.forms[-1]["fields"].setdefault("__radio_" + a["name"], a.get("value", "on"))
            elif kind not in ("submit", "button", "file"):
                self.forms[-1]["fields"][a["name"]] = a.get("value", "")
        elif tag == "select":
            self._select = a.get("name")
        elif tag == "option" and self._select:
            fields = self.forms[-1]["fields"]
            if "selected" in a or self._select not in fields:
                fields[self._select] = a.get("value", "")
        elif tag == "textarea" and a.get("name"):
            self.forms[-1]["fields"][a["name"]] = ""

    def handle_endtag(self, tag):
        if tag == "select":
            self._select = None


def forms_of(html: str) -> list[dict]:
    """Every form on the page, with radio groups left unanswered filled with their first choice."""
    parser = _Forms()
    parser.feed(html)
    for form in parser.forms:
        fields = form["fields"]
        for key in [k for k in fields if k.startswith("__radio_")]:
            name = key.removeprefix("__radio_")
            value = fields.pop(key)
            fields.setdefault(name, [value])
    return parser.forms


def form_with_action(html: str, pattern: str, page_url: str = "") -> dict | None:
    """The first form whose action (a form without one posts to its own page) matches ``pattern``."""
    path = "/" + page_url.split("://", 1)[-1].split("/", 1)[-1] if page_url else ""
    for form in forms_of(html):
        form["action"] = form["action"] or path.split("?")[0]
        if re.search(pattern, form["action"]):
            return form
    return None


class _SignedIn(HttpUser):
    abstract = True
    wait_time = between(5, 15)
    home = "/"

    def sign_in(self, login: str) -> None:
        page = self.client.get("/masuk", name="/masuk")
        form = form_with_action(page.text, r"/masuk", page.url) or {"fields": {}}
        fields = dict(form["fields"], login=login, password=WORLD["password"])
        with self.client.post("/masuk", data=fields, name="/masuk [POST]", catch_response=True) as response:
            if not response.url.rstrip("/").endswith(self.home.rstrip("/")):
                response.failure(f"sign-in as {login} landed on {response.url}")

    def submit(self, response, pattern: str, name: str, **changes):
        """Submit the form of the page in ``response`` whose action matches ``pattern``, with ``changes``."""
        form = form_with_action(response.text, pattern, response.url)
        if form is None:
            return None
        return self.client.post(form["action"], data=dict(form["fields"], **changes), name=name)


class Learner(_SignedIn):
    """A learner in a lesson hour."""

    fixed_count = LEARNERS
    home = "/belajar"

    def on_start(self):
        self.sign_in(next(_learner_logins))
        self.season_url: str | None = None

    @task(3)
    def lesson_and_quiz(self):
        home = self.client.get("/belajar", name="/belajar").text
        lessons = re.findall(r'href="(/belajar/kursus/[^/"]+/[^/"#?]+)"', home)
        if not lessons:
            course = re.search(r'href="(/belajar/kursus/[^/"]+)"', home)
            if not course:
                return
            page = self.client.get(course.group(1), name="/belajar/kursus/[kursus]").text
            lessons = re.findall(r'href="(/belajar/kursus/[^/"]+/[^/"#?]+)"', page)
        if not lessons:
            return
        lesson = random.choice(lessons)
        self.client.get(lesson, name="/belajar/kursus/[kursus]/[pelajaran]")
        response = self.client.get(lesson + "/kuis", name="/belajar/kursus/[kursus]/[pelajaran]/kuis")
        if "/soal/" not in response.url:
            response = self.submit(response, r"/kuis$", "/belajar/kursus/[kursus]/[pelajaran]/kuis [POST]")
            if response is None:
                return
        for _ in range(12):
            if "/soal/" not in response.url:
                break
            answered = self.submit(response, r"/soal/\d+$", "/belajar/kuis/[id]/soal/[n] [POST]")
            if answered is None:
                break
            response = answered
        finish = form_with_action(response.text, r"/selesai$", response.url)
        if finish:
            self.client.post(finish["action"], data=finish["fields"], name="/belajar/kuis/[id]/selesai [POST]")

    @task(1)
    def shop_week(self):
        if self.season_url is None:
            page = self.client.get("/toko/latihan/baru", name="/toko/latihan/baru")
            response = self.submit(page, r"/toko/latihan/baru$", "/toko/latihan/baru [POST]")
            if response is None or not re.search(r"/toko/latihan/\d+$", response.url):
                return
            self.season_url = "/" + response.url.split("://", 1)[1].split("/", 1)[1]
        else:
            response = self.client.get(self.season_url, name="/toko/latihan/[musim]")
        response = self.submit(response, r"/minggu$", "/toko/latihan/[musim]/minggu [POST]")
        if response is not None and "/laporan" in response.url:
            self.season_url = None


class Instructor(_SignedIn):
    """An instructor during the lesson hour."""

    fixed_count = max(1, STAFF - max(1, STAFF // 4))
    home = "/pengajar"

    def on_start(self):
        self.sign_in(next(_instructor_logins))

    @task(2)
    def attendance(self):
        page = self.client.get("/pengajar/kehadiran", name="/pengajar/kehadiran")
        response = self.submit(page, r"/pengajar/kelas/\d+/kehadiran$", "/pengajar/kelas/[kelas]/kehadiran [POST]")
        if response is not None and "/pengajar/kehadiran/" in response.url:
            self.submit(response, r"/pengajar/kehadiran/\d+$", "/pengajar/kehadiran/[sesi] [POST]")

    @task(1)
    def grading_and_gradebook(self):
        self.client.get("/pengajar/penilaian", name="/pengajar/penilaian")
        home = self.client.get("/pengajar", name="/pengajar").text
        classes = re.findall(r'href="(/pengajar/kelas/\d+)"', home)
        if classes:
            self.client.get(random.choice(classes) + "/nilai", name="/pengajar/kelas/[kelas]/nilai")


class Officer(_SignedIn):
    """A parole officer reading the caseload."""

    fixed_count = max(1, STAFF // 4)
    home = "/pk"

    def on_start(self):
        self.sign_in(next(_officer_logins))

    @task
    def caseload(self):
        page = self.client.get("/pk", name="/pk").text
        profiles = re.findall(r'href="(/kesiapan/\d+)"', page)
        if profiles:
            self.client.get(random.choice(profiles), name="/kesiapan/[warga]")
