"""Reading the app's pages as a person does, for the lab scenario (bench/locustfile.py): the forms
and what a person would send with them, the links, and where a quiz page leads. Imports nothing
from Locust, so it can be tried on a saved page.
"""
from __future__ import annotations

import random
import re
from collections.abc import Callable
from dataclasses import dataclass
from html.parser import HTMLParser
from typing import Any
from urllib.parse import urlsplit

WORDS = ("modal", "harga", "pembeli", "untung", "biaya", "bahan", "jual", "pasar", "kas", "catat")
NO_WAY_ON = "a question page without a next question, a result link or a finish button"


class _Forms(HTMLParser):
    """Collect each form's action, the values a person would submit without changing anything, and
    what each field is (its kind, and the values a choice field offers)."""

    def __init__(self):
        super().__init__()
        self.forms: list[dict] = []
        self._select: str | None = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form":
            self.forms.append({"action": a.get("action") or "", "method": (a.get("method") or "get").lower(),
                               "fields": {}, "kinds": {}, "choices": {}})
            return
        if not self.forms:
            return
        form = self.forms[-1]
        name = a.get("name")
        if tag == "input" and name:
            kind = a.get("type", "text")
            if kind in ("checkbox", "radio"):
                form["kinds"][name] = kind
                form["choices"].setdefault(name, []).append(a.get("value", "on"))
                if "checked" in a:
                    form["fields"].setdefault(name, []).append(a.get("value", "on"))
                elif kind == "radio":
                    form["fields"].setdefault("__radio_" + name, a.get("value", "on"))
            elif kind not in ("submit", "button", "file"):
                form["kinds"][name] = "number" if kind == "number" or a.get("inputmode") == "decimal" else kind
                form["fields"][name] = a.get("value", "")
        elif tag == "select":
            self._select = name
            if name:
                form["kinds"][name] = "select"
                form["choices"][name] = []
        elif tag == "option" and self._select:
            fields = form["fields"]
            form["choices"][self._select].append(a.get("value", ""))
            if "selected" in a or self._select not in fields:
                fields[self._select] = a.get("value", "")
        elif tag == "textarea" and name:
            form["kinds"][name] = "textarea"
            form["fields"][name] = ""

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


def path_of(url: str) -> str:
    """The path of a URL, as the app's links write it."""
    return urlsplit(url).path


def form_with_action(html: str, pattern: str, page_url: str = "") -> dict | None:
    """The first form whose action (a form without one posts to its own page) matches ``pattern``."""
    path = path_of(page_url) if page_url else ""
    for form in forms_of(html):
        form["action"] = form["action"] or path
        if re.search(pattern, form["action"]):
            return form
    return None


def answered(form: dict, **changes) -> dict:
    """The form's fields as a person fills them in: one of the offered values in every choice, a
    number, a word or a few sentences in every empty box; ``changes`` win over both."""
    fields = dict(form["fields"])
    for name, kind in form["kinds"].items():
        if name in changes or name == "csrf_token" or kind == "hidden":
            continue
        offered = [value for value in form["choices"].get(name, []) if value]
        if kind == "radio" and offered:
            fields[name] = random.choice(offered)
        elif kind == "checkbox" and offered:
            fields[name] = random.sample(offered, k=random.randint(1, min(2, len(offered))))
        elif kind == "select" and offered and not fields.get(name):
            fields[name] = random.choice(offered)
        elif kind == "number" and not fields.get(name):
            fields[name] = str(random.randint(1, 200) * 500)
        elif kind == "textarea" and not fields.get(name):
            fields[name] = " ".join(random.choices(WORDS, k=120))
        elif kind == "text" and not fields.get(name):
            fields[name] = random.choice(WORDS)
    fields.update(changes)
    return fields


def link(pattern: str) -> Callable[[Any], str | None]:
    """A finder for the first link whose address matches ``pattern`` (one group: the address)."""
    return lambda response: (found := re.search(rf'href="({pattern})"', response.text)) and found.group(1)


def links(pattern: str) -> Callable[[Any], list[str]]:
    """A finder for every link whose address matches ``pattern``, each once, in page order."""
    return lambda response: list(dict.fromkeys(re.findall(rf'href="({pattern})"', response.text)))


def form(pattern: str) -> Callable[[Any], dict | None]:
    """A finder for the page's first form whose action matches ``pattern``."""
    return lambda response: form_with_action(response.text, pattern, response.url)


@dataclass
class QuizPage:
    """A question page of an attempt: its answer form while unanswered, and the way on."""

    number: int
    question: dict | None
    feedback: bool  # the answer's feedback (or "saved, the verdict comes at the end") is shown
    next_url: str | None
    result_url: str | None  # once the last answer has closed the attempt
    finish: dict | None  # "Selesaikan kuis" (finish now), while the attempt is open


def quiz_page(response) -> QuizPage | None:
    """Read a question page; None when it offers no way on (next question, result or finish button)."""
    match = re.search(r"/belajar/kuis/\d+/soal/(\d+)$", path_of(response.url))
    if not match:
        return None
    number = int(match.group(1))
    nav = re.search(r'<nav class="prev-next".*?</nav>', response.text, re.S)
    later = [(int(n), href) for href, n in re.findall(r'href="(/belajar/kuis/\d+/soal/(\d+))"', nav.group(0) if nav else "")
             if int(n) > number]
    result = re.search(r'href="(/belajar/kuis/\d+/hasil)"', nav.group(0) if nav else "")
    page = QuizPage(number, form_with_action(response.text, rf"/soal/{number}$", response.url),
                    'class="answer-feedback"' in response.text, min(later)[1] if later else None,
                    result.group(1) if result else None, form_with_action(response.text, r"/selesai$", response.url))
    return page if page.next_url or page.result_url or page.finish else None


def saved_answer(response) -> QuizPage | None:
    """The page after an answer: the question shown with its feedback, no longer with its form."""
    page = quiz_page(response)
    return page if page is not None and page.feedback and page.question is None else None


def own_gradebook(response) -> str | None:
    """The gradebook link of a class tagged as the instructor's own, else of any class."""
    rows = re.findall(r"<tr>(.*?)</tr>", response.text, re.S)
    books = [m for row in rows if 'class="tag"' in row
             for m in re.findall(r'href="(/pengajar/kelas/\d+/nilai)"', row)]
    books = books or re.findall(r'href="(/pengajar/kelas/\d+/nilai)"', response.text)
    return random.choice(books) if books else None


def grade_outcome(response) -> bool:
    """Saved (back on the queue with the confirmation), or refused because another instructor
    saved this work a moment earlier: the page then shows their grade, as it should."""
    if path_of(response.url) == "/pengajar/penilaian":
        return 'class="flash flash-success"' in response.text
    return 'class="flash flash-error" role="alert"' in response.text
