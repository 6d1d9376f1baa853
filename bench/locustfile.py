"""The lab scenario for Locust: a class at work during a lesson hour, and the staff around it.

Learners open the home page, their course and a lesson, then do the lesson's quiz as a person
does: answer a question, read the feedback, go to the next question, ..., and after the last answer
(which closes the attempt) open the result; a few stop early with "Selesaikan kuis". Now and then
they play a week of a practice season in the shop, and start a new season when one ends. As the
issue asks, a learner spends 5-15 s (``THINK_S``) on every page before the next click, and as long
between tasks; until 3 December the home, course, lesson and quiz pages followed each other with
no pause, so each learner who had just signed in sent five pages at once.
Instructors open a session on the attendance sheet and save it with a learner marked, grade a
handed-in task from the grading queue, and read their class's gradebook; officers read their
caseload and a learner's profile.

Every request is checked: a page that lands somewhere else than the step expects, or lacks what the
next step needs (a form, a link), is a Locust failure, so a broken scenario shows in the table
instead of silently doing less. Requests are named by step (bench/lab_steps.py); the pages are
read by bench/lab_pages.py.

Sign-ins come from ``$KARYA_LAB_WORLD`` (the JSON that bench/lab_world.py writes); the user counts
from ``$KARYA_LAB_LEARNERS`` and ``$KARYA_LAB_STAFF``. bench/bench_lab.py runs it and prints the table.
"""
from __future__ import annotations

import itertools
import json
import os
import random
import re
import sys
import urllib.parse
from collections.abc import Callable
from pathlib import Path
from typing import Any

import gevent
from locust import between, task
from locust.contrib.fasthttp import FastHttpUser

sys.path.insert(0, str(Path(__file__).resolve().parent))

from lab_pages import (  # noqa: E402
    NO_WAY_ON,
    answered,
    form,
    grade_outcome,
    link,
    links,
    own_gradebook,
    path_of,
    quiz_page,
    saved_answer,
)
from lab_steps import STEPS  # noqa: E402

WORLD = json.loads(Path(os.environ["KARYA_LAB_WORLD"]).read_text())
LEARNERS = int(os.environ.get("KARYA_LAB_LEARNERS", "40"))
STAFF = int(os.environ.get("KARYA_LAB_STAFF", "10"))
THINK_S = (5.0, 15.0)  # reading a page (a question, its feedback, a lesson) before the next click
MAX_QUESTIONS = 60  # a quiz longer than this is taken for a scenario that goes round in circles
STOP_EARLY_SHARE = 0.15  # quizzes left early with "Selesaikan kuis" instead of answered to the end
GRADE_SPREAD = 5  # instructors grading at once each take one of the oldest few, not all the same one
_learner_logins = itertools.cycle(WORLD["learners"])
_instructor_logins = itertools.cycle(WORLD["instructors"])
_officer_logins = itertools.cycle(WORLD["officers"])


def _kind(message: str) -> str:
    """A failure message without ids, so Locust counts the same failure on every page as one."""
    return re.sub(r"[0-9]+", "N", message)


class _SignedIn(FastHttpUser):
    """A person with an account: signs in once, then does their role's tasks step by checked step.

    FastHttpUser (geventhttpclient) rather than HttpUser (requests): it costs the load generator a
    fraction of the CPU per request, and the load generator shares the machine it measures. Its
    response's ``url`` is the page a redirect ended on, as with requests.
    """

    abstract = True
    wait_time = between(5, 15)
    home = "/"

    def step(self, key: str, url: str, *, lands: str, data: dict | None = None,
             find: Callable[[Any], Any] | None = None, missing: str | None = None):
        """Make step ``key``'s request (method and name from lab_steps.STEPS) and check where it landed.

        The request is a failure when the final page's path does not match ``lands`` or when
        ``find`` (what the next step needs, read from the response) finds nothing and ``missing``
        says why that is wrong; with ``missing`` None, finding nothing is allowed. Returns
        (response, found), with response None when the step failed.
        """
        method, name = STEPS[key]
        body, headers = None, None
        if data is not None:  # a form as a browser sends it; a list is a field given several times
            body = urllib.parse.urlencode(data, doseq=True).encode()
            headers = {"Content-Type": "application/x-www-form-urlencoded"}
        with self.client.request(method, url, name=name, data=body, headers=headers,
                                 catch_response=True) as response:
            if response.status_code == 0 or response.status_code >= 400:
                return None, None  # Locust counts these as failures on its own
            where = path_of(response.url)
            if not re.fullmatch(lands, where):
                response.failure(_kind(f"landed on {where}, not {lands}"))
                return None, None
            found = find(response) if find else None
            if not found and find and missing:
                response.failure(_kind(f"{where}: {missing}"))
                return None, None
        return response, found

    def sign_in(self, login: str) -> None:
        """Sign in through the form; landing anywhere but the role's home is a failure."""
        page, sign_in = self.step("sign_in_page", "/masuk", lands="/masuk", find=form(r"/masuk$"),
                                  missing="no sign-in form")
        if page is not None:
            self.step("sign_in", sign_in["action"], lands=re.escape(self.home),
                      data=dict(sign_in["fields"], login=login, password=WORLD["password"]))


class Learner(_SignedIn):
    """A learner in a lesson hour."""

    fixed_count = LEARNERS
    home = "/belajar"

    def on_start(self):
        self.season_url: str | None = None
        self.sign_in(next(_learner_logins))
        self.think()  # reads the home page the sign-in led to

    def think(self) -> None:
        """A few seconds on a page: reading it, choosing an answer or a price."""
        gevent.sleep(random.uniform(*THINK_S))

    @task(3)
    def lesson_and_quiz(self):
        """Home, the course, a lesson, and the lesson's quiz from its first question to the result."""
        page, course = self.step("learner_home", "/belajar", lands="/belajar", find=link(r"/belajar/kursus/[^/\"#?]+"),
                                 missing="no course on the home page")
        if page is None:
            return
        self.think()
        page, lessons = self.step("course", course, lands=re.escape(course),
                                  find=links(rf"{re.escape(course)}/[^/\"#?]+"), missing="no lesson on the course page")
        if page is None:
            return
        lesson = random.choice(lessons)
        self.think()
        page, quiz = self.step("lesson", lesson, lands=re.escape(lesson), find=link(rf"{re.escape(lesson)}/kuis"))
        if quiz is None:
            return  # a lesson without a quiz: read it and go on
        self.think()
        page, start = self.step("quiz_start_page", quiz, lands=re.escape(quiz), find=form(r"/kuis$"))
        if start is None:
            return  # no attempts left: the page says so, and the learner goes on
        self.think()
        page, question = self.step("quiz_start", start["action"], data=start["fields"],
                                   lands=r"/belajar/kuis/\d+/soal/\d+", find=quiz_page, missing=NO_WAY_ON)
        if page is None:
            return
        # a few stop early and press "Selesaikan kuis", as some do when the hour is nearly over
        stop_after = random.randint(1, 5) if random.random() < STOP_EARLY_SHARE else None
        for done in itertools.count():
            if done >= MAX_QUESTIONS:
                return
            if question.question is not None:
                if stop_after is not None and done >= stop_after and question.finish is not None:
                    self.step("quiz_finish", question.finish["action"], data=question.finish["fields"],
                              lands=r"/belajar/kuis/\d+/hasil")
                    return
                self.think()  # reads the question and chooses
                page, question = self.step("quiz_answer", question.question["action"],
                                           data=answered(question.question),
                                           lands=rf"/belajar/kuis/\d+/soal/{question.number}", find=saved_answer,
                                           missing="the answer was not saved (no feedback, the question still open)")
                if page is None:
                    return
            self.think()  # reads the feedback
            if question.next_url is None:
                break
            page, question = self.step("quiz_next", question.next_url, lands=re.escape(question.next_url),
                                       find=quiz_page, missing=NO_WAY_ON)
            if page is None:
                return
        if question.result_url is not None:  # the last answer closed the attempt: "Lihat hasil"
            self.step("quiz_result", question.result_url, lands=re.escape(question.result_url))
        elif question.finish is not None:  # a question is still open somewhere: finish now
            self.step("quiz_finish", question.finish["action"], data=question.finish["fields"],
                      lands=r"/belajar/kuis/\d+/hasil")

    @task(1)
    def shop_week(self):
        """A week of the practice season; a season that has ended is followed by a new one."""
        play = None
        if self.season_url is not None:
            page, play = self.step(
                "season", self.season_url, lands=rf"{re.escape(self.season_url)}(/laporan)?",
                find=lambda r: "report" if path_of(r.url).endswith("/laporan") else form(r"/minggu$")(r),
                missing="no decision form for the week")
            if page is None:
                return
            if play == "report":  # the season has ended: the report, then a new season
                self.season_url = play = None
        if play is None:
            page, start = self.step("season_new_page", "/toko/latihan/baru", lands="/toko/latihan/baru",
                                    find=form(r"/toko/latihan/baru$"), missing="no form to start a season")
            if page is None:
                return
            self.think()  # chooses the products and the weeks
            page, play = self.step("season_new", start["action"], data=start["fields"], lands=r"/toko/latihan/\d+",
                                   find=form(r"/minggu$"), missing="no decision form for the first week")
            if page is None:
                return
            self.season_url = path_of(page.url)
        self.think()  # reads the week's figures and sets prices
        self.step("season_week", play["action"], data=play["fields"],
                  lands=rf"{re.escape(self.season_url)}/minggu/\d+")


class Instructor(_SignedIn):
    """An instructor during the lesson hour."""

    fixed_count = max(1, STAFF - max(1, STAFF // 4))
    home = "/pengajar"

    def on_start(self):
        self.sign_in(next(_instructor_logins))

    @task(2)
    def attendance(self):
        """Open today's session for the own class (listed first) and save the sheet with one learner marked."""
        page, opening = self.step("attendance", "/pengajar/kehadiran", lands="/pengajar/kehadiran",
                                  find=form(r"/pengajar/kelas/\d+/kehadiran$"), missing="no class to open a session for")
        if page is None:
            return
        page, sheet = self.step("attendance_open", opening["action"], data=opening["fields"],
                                lands=r"/pengajar/kehadiran/\d+", find=form(r"/pengajar/kehadiran/\d+$"),
                                missing="no attendance sheet")
        if page is None:
            return
        changes = {}
        rows = [name.removeprefix("status-") for name in sheet["kinds"] if name.startswith("status-")]
        if rows:
            row = random.choice(rows)
            status = random.choice(("present", "late", "absent", "excused"))
            planned = int(sheet["fields"].get("planned_minutes") or 120)
            changes = {f"status-{row}": status,
                       f"menit-{row}": str(planned - random.randint(10, 45)) if status == "late" else ""}
        self.step("attendance_save", sheet["action"], data=dict(sheet["fields"], **changes),
                  lands=re.escape(path_of(page.url)), find=lambda r: 'class="flash flash-success"' in r.text,
                  missing="the sheet was not saved")

    @task(1)
    def grading(self):
        """Open one of the oldest pieces of work in the queue and grade it with the rubric; with
        nothing waiting, change a recent grade (which asks for a reason)."""
        page, waiting = self.step("grading_queue", "/pengajar/penilaian", lands="/pengajar/penilaian",
                                  find=links(r"/pengajar/penilaian/(?:tugas|esai)/\d+"))
        if not waiting:
            return  # nothing waiting and nothing graded yet in the facility
        # the queue's "Nilai" buttons come first, then the "recently graded" table
        queue = re.findall(r'class="btn" href="(/pengajar/penilaian/(?:tugas|esai)/\d+)"', page.text)
        url = random.choice(queue[:GRADE_SPREAD] or waiting)
        page, grade = self.step("grade_page", url, lands=re.escape(url), find=form(r"/pengajar/penilaian/"),
                                missing="no rubric form")
        if page is None:
            return
        levels = {name: random.choice(values) for name, values in grade["choices"].items() if name.startswith("tingkat-")}
        fields = dict(grade["fields"], **levels, status="graded", feedback="Rencana sudah jelas; hitung lagi titik impasnya.")
        if "reason" in grade["kinds"]:
            fields["reason"] = "Dinilai ulang setelah membaca lagi."
        self.step("grade", grade["action"], data=fields, lands=rf"/pengajar/penilaian|{re.escape(url)}",
                  find=grade_outcome, missing="the grade was not saved")

    @task(1)
    def gradebook(self):
        """The gradebook of the instructor's own class, from the instructor's home."""
        page, book = self.step("instructor_home", "/pengajar", lands="/pengajar", find=own_gradebook,
                               missing="no gradebook link on the instructor's home")
        if page is not None:
            self.step("gradebook", book, lands=re.escape(book))


class Officer(_SignedIn):
    """A parole officer reading the caseload."""

    fixed_count = max(1, STAFF // 4)
    home = "/pk"

    def on_start(self):
        self.sign_in(next(_officer_logins))

    @task
    def caseload(self):
        """The caseload, then one learner's readiness profile."""
        page, profiles = self.step("caseload", "/pk", lands="/pk", find=links(r"/kesiapan/\d+"),
                                   missing="no learner on the caseload")
        if page is not None:
            profile = random.choice(profiles)
            self.step("profile", profile, lands=re.escape(profile))
