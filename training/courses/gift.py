"""Read Moodle GIFT quiz banks into canonical question dicts (see questions.py).

Written from Moodle's GIFT documentation.  What it reads, and how it maps to our types:

* ``{=right ~wrong}``: ``single`` (radio buttons).  ``=`` is weight 100, ``~`` is 0 and a
  ``%n%`` after either marker sets the weight (``~%50%half``).  Without any ``=`` the
  question is ``multiple`` (check boxes), as Moodle does; then the positive weights must add up
  to 100.
* ``{T}``, ``{TRUE}``, ``{F}``, ``{FALSE}``: ``truefalse``.  ``{T#a#b}``: Moodle shows ``a``
  when the learner answers wrongly and ``b`` when rightly, so for ``T`` ``a`` becomes
  ``feedback_false`` and ``b`` ``feedback_true`` (the other way round for ``F``).
* ``{=a =%50%b}`` (only ``=``, no ``->``): ``short``.  A single answer may be written without
  ``=`` when it cannot be confused with true/false, as the documentation allows.
* ``{#12500:0}``, ``{#1..5}``, ``{#=12500:0 =%50%12000:500}``: ``numeric``.  Numbers here are
  written as Moodle reads them: a dot is the decimal point and there are no thousands
  separators (``{#12500}``, ``{#0.25}``); a comma is reported as a problem.  A ``~#text``
  after the answers is the feedback for any other answer (``wrong_feedback``).
* ``{=left -> right ...}``: ``matching``; at least two pairs, as Moodle's importer accepts
  (its documentation asks for three); ``= -> extra`` adds a wrong right-hand item.  Weights and feedback are not
  supported there (Moodle ignores them), so they are reported.
* ``{}``: ``essay``.  Text after the closing brace makes a missing-word question: the
  braces become ``_____`` in the text.
* A block without braces is a Moodle "description": ``description``, text shown between the
  questions and never graded (its ``points`` are 0).  Without a ``::title::`` its id is
  ``keterangan-baris-N`` after its line.
* ``::title::`` becomes ``title`` and ``id``; ``####text`` the ``explanation``; ``#text`` after
  an answer its feedback; ``[markdown]``, ``[html]``, ``[plain]``, ``[moodle]`` before the
  question text its ``text_format`` (Moodle's default ``moodle`` when absent).  The same
  marker before a choice, a feedback, the general feedback or a matching side is kept in front
  of that part's text and decides how the page renders it (html sanitised like lesson text);
  an unmarked part is shown as plain text, a marker on a short answer is dropped; ``$CATEGORY:
  a/b`` on its own block sets ``category`` for the following questions (Moodle's ``$course$``
  and ``top`` prefixes are dropped; ``//`` in a category name is a literal ``/``).
* Escapes ``\\~ \\= \\# \\{ \\} \\: \\\\`` give the character itself and ``\\n`` a new line; ``//``
  at the start of a line is a comment; blank lines separate questions.

Unlike Moodle, percent weights are not snapped to Moodle's list of grades: any value from
-100 to 100 is kept as written.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from training.courses.questions import validate_question

__all__ = ["ParseResult", "Problem", "category_matches", "normalize_category", "parse_gift"]

_ESCAPES = {"~": "\ue001", "=": "\ue002", "#": "\ue003", "{": "\ue004", "}": "\ue005",
            ":": "\ue006", "n": "\ue007", "\\": "\ue008"}
_UNESCAPE = {placeholder: ("\n" if char == "n" else char) for char, placeholder in _ESCAPES.items()}
_FORMAT_TAG = re.compile(r"^\s*\[(markdown|html|plain|moodle)\]", re.IGNORECASE)
_WEIGHT = re.compile(r"^\s*%([^%]*)%")
_TRUE_FALSE = {"T": True, "TRUE": True, "F": False, "FALSE": False}
_MOODLE_NUMBER = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$")


@dataclass(frozen=True)
class Problem:
    """Something wrong in a GIFT file, at a line (1-based), told in Bahasa Indonesia."""

    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.line}: {self.message}"


@dataclass
class ParseResult:
    """The questions that could be read, and a problem for each block that could not."""

    questions: list = field(default_factory=list)
    problems: list = field(default_factory=list)


class _BadQuestion(Exception):
    """Raised inside the parser for one block; becomes a Problem and the block is skipped."""


def _escape(text: str) -> str:
    return re.sub(r"\\([~=#{}:n\\])", lambda m: _ESCAPES[m.group(1)], text)


def _unescape(text: str) -> str:
    for placeholder, char in _UNESCAPE.items():
        text = text.replace(placeholder, char)
    return text


def _clean(text: str | None) -> str | None:
    """Final form of a piece of text: format tag dropped, escapes restored, trimmed."""
    if text is None:
        return None
    text = _unescape(_FORMAT_TAG.sub("", text, count=1)).strip()
    return text or None


def _part(text: str | None) -> str | None:
    """An answer, feedback or matching side: escapes restored, trimmed, and its format marker
    kept in front (``[html]<b>ya</b>``) so the page renders each part as its author wrote it
    (``display.part_html``)."""
    if text is None:
        return None
    tag = _FORMAT_TAG.match(text)
    body = _clean(text)
    if body is None or not tag:
        return body
    return f"[{tag.group(1).lower()}]{body}"


def normalize_category(raw: str) -> str:
    """``$course$/top/HPP/roti`` -> ``HPP/roti``; ``//`` stays a literal slash."""
    parts = [part.strip().replace("\ue000", "/")
             for part in raw.replace("//", "\ue000").split("/")]
    parts = [part for part in parts if part]
    while parts and parts[0].startswith("$") and parts[0].endswith("$"):
        parts.pop(0)
    if parts and parts[0].lower() == "top":
        parts.pop(0)
    return "/".join(parts)


def category_matches(category: str | None, wanted: str) -> bool:
    """True when ``category`` is ``wanted`` or below it (case and spaces ignored)."""
    if category is None:
        return False
    have = [part.strip().casefold() for part in normalize_category(category).split("/")]
    want = [part.strip().casefold() for part in normalize_category(wanted).split("/")]
    return have[: len(want)] == want


def _blocks(text: str):
    """Yield (first line number, list of (line number, line)) for each blank-line block."""
    block: list = []
    for number, line in enumerate(text.split("\n"), start=1):
        if not line.strip():
            if block:
                yield block[0][0], block
                block = []
        elif line.lstrip().startswith("//"):
            continue
        else:
            block.append((number, line))
    if block:
        yield block[0][0], block


def parse_gift(text: str, *, source: str | None = None, require_title: bool = False) -> ParseResult:
    """Parse a whole GIFT file; every broken block is a Problem and the rest still import.

    With ``require_title`` a question without ``::title::`` is a problem, because our course
    format uses the title as the question's stable id.
    """
    text = text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    result = ParseResult()
    category = None
    for line, block in _blocks(text):
        first = block[0][1].strip()
        if first.startswith("$CATEGORY:"):
            category = normalize_category(first[len("$CATEGORY:"):]) or None
            block = block[1:]
            if not block:
                continue
            line = block[0][0]
        body = "\n".join(part for _, part in block)
        try:
            question = _parse_question(_escape(body))
        except _BadQuestion as error:
            result.problems.append(Problem(line, str(error)))
            continue
        question["category"] = category
        question["source"] = {"path": source, "line": line}
        if question["type"] == "description" and not question["id"]:
            question["id"] = f"keterangan-baris-{line}"  # ungraded: no answers to keep apart
        messages = [m for m in validate_question(question)
                    if require_title or getattr(m, "path", ())[:1] != ("id",)]
        if messages:
            name = f" '{question['title']}'" if question.get("title") else ""
            result.problems.extend(Problem(line, f"Soal{name}: {m}") for m in messages)
            continue
        result.questions.append(question)
    return result


def _parse_question(body: str) -> dict:
    """Parse one block whose escapes are already replaced by placeholders."""
    title = None
    rest = body.strip()
    if rest.startswith("::"):
        end = rest.find("::", 2)
        if end < 0:
            raise _BadQuestion("Judul soal tidak ditutup: tulis ::judul:: lalu teks soal.")
        title = _clean(rest[2:end])
        rest = rest[end + 2:]

    start = rest.find("{")
    if start < 0:
        if "}" in rest:
            raise _BadQuestion("Ada '}' tanpa '{' pembuka. Tulis \\} kalau maksudnya huruf '}'.")
        return _description(title, rest)
    end = rest.find("}", start)
    if end < 0:
        raise _BadQuestion("Kurung kurawal '{' tidak ditutup dengan '}'.")
    if "{" in rest[start + 1:end] or "{" in rest[end + 1:] or "}" in rest[end + 1:]:
        raise _BadQuestion("Satu soal hanya boleh punya satu bagian jawaban {…}. Tulis \\{ atau "
                           "\\} kalau maksudnya huruf kurung kurawal.")

    before, answer_text, after = rest[:start], rest[start + 1:end], rest[end + 1:]
    text_format = "moodle"
    tag = _FORMAT_TAG.match(before)
    if tag:
        text_format = tag.group(1).lower()
        before = before[tag.end():]
    if after.strip():
        question_text = before + "_____" + after  # as Moodle: the braces become the blank
    else:
        question_text = before

    answer_text = answer_text.strip()
    explanation = None
    if "####" in answer_text:
        answer_text, explanation = answer_text.split("####", 1)
        answer_text = answer_text.strip()

    question = {
        "id": title,
        "type": None,
        "title": title,
        "text": _clean(question_text) or "",
        "text_format": text_format,
        "points": 1,
        "explanation": _part(explanation),
    }
    question.update(_parse_answers(answer_text))
    return question


def _description(title: str | None, rest: str) -> dict:
    """A block with no answer part: Moodle's "description", text shown between questions."""
    text_format = "moodle"
    tag = _FORMAT_TAG.match(rest)
    if tag:
        text_format, rest = tag.group(1).lower(), rest[tag.end():]
    return {"id": title, "type": "description", "title": title, "text": _clean(rest) or "",
            "text_format": text_format, "points": 0, "explanation": None}


def _parse_answers(answer_text: str) -> dict:
    """Decide the question type from the answer part, as Moodle does, and read the answers."""
    if not answer_text:
        return {"type": "essay", "rubric": None, "min_words": None}
    if answer_text.startswith("#"):
        return _numeric(answer_text[1:])
    if "~" in answer_text:
        return _choices(answer_text)
    if "->" in answer_text and "=" in answer_text:
        return _matching(answer_text)
    word = answer_text.split("#", 1)[0].strip().upper()
    if word in _TRUE_FALSE:
        return _true_false(answer_text)
    return _short(answer_text)


def _split_marked(answer_text: str, markers: str) -> list[tuple[str, str]]:
    """Split ``=a ~b =c`` into [(marker, text)]; text before the first marker is an error."""
    pieces = re.split(f"([{re.escape(markers)}])", answer_text)
    if pieces[0].strip():
        raise _BadQuestion(f"Teks '{_unescape(pieces[0].strip())}' di dalam {{…}} tidak diawali "
                           f"tanda {' atau '.join(markers)}.")
    return [(pieces[i], pieces[i + 1]) for i in range(1, len(pieces), 2)]


def _weight(text: str, low: float, high: float) -> tuple[float | None, str]:
    """Read a leading ``%n%``; return (weight or None, the rest)."""
    match = _WEIGHT.match(text)
    if not match:
        return None, text
    raw = match.group(1).strip()
    try:
        weight = Decimal(raw)
        if not weight.is_finite():
            raise InvalidOperation
    except InvalidOperation:
        raise _BadQuestion(
            f"Bobot '%{_unescape(raw)}%' bukan angka persen. Contoh: %50%.") from None
    if not low <= weight <= high:
        raise _BadQuestion(f"Bobot '%{raw}%' di luar batas {low:g} sampai {high:g}.")
    number = int(weight) if weight == weight.to_integral_value() else float(weight)
    return number, text[match.end():]


def _text_and_feedback(text: str) -> tuple[str | None, str | None]:
    if "#" in text:
        text, feedback = text.split("#", 1)
        return _part(text), _part(feedback)
    return _part(text), None


def _choices(answer_text: str) -> dict:
    choices, has_equals = [], False
    for marker, piece in _split_marked(answer_text, "=~"):
        weight, piece = _weight(piece, -100, 100)
        if marker == "=":
            has_equals = True
        if weight is None:
            weight = 100 if marker == "=" else 0
        text, feedback = _text_and_feedback(piece)
        if text is None:
            raise _BadQuestion("Ada pilihan jawaban yang kosong.")
        choices.append({"text": text, "weight": weight, "feedback": feedback})
    if not any(choice["weight"] > 0 for choice in choices):
        raise _BadQuestion("Tidak ada jawaban yang benar: tandai jawaban benar dengan '=' atau "
                           "beri bobot, misalnya ~%50%.")
    return {"type": "single" if has_equals else "multiple", "choices": choices}


def _true_false(answer_text: str) -> dict:
    parts = answer_text.split("#")
    if len(parts) > 3:
        raise _BadQuestion("Soal benar/salah paling banyak punya dua umpan balik: "
                           "{T#jika salah#jika benar}.")
    answer = _TRUE_FALSE[parts[0].strip().upper()]
    when_wrong = _part(parts[1]) if len(parts) > 1 else None
    when_right = _part(parts[2]) if len(parts) > 2 else None
    return {
        "type": "truefalse",
        "answer": answer,
        "feedback_true": when_right if answer else when_wrong,
        "feedback_false": when_wrong if answer else when_right,
    }


def _short(answer_text: str) -> dict:
    if not answer_text.lstrip().startswith("="):
        answer_text = "=" + answer_text  # a lone answer may be written without '='
    answers = []
    for _, piece in _split_marked(answer_text, "="):
        weight, piece = _weight(piece, 0, 100)
        text, feedback = _text_and_feedback(piece)
        text = _clean(text)  # a typed answer is matched as text: a format marker means nothing
        if text is None:
            raise _BadQuestion("Ada jawaban isian singkat yang kosong.")
        answers.append({"text": text, "weight": 100 if weight is None else weight,
                        "feedback": feedback})
    return {"type": "short", "answers": answers, "wrong_feedback": None}


def _matching(answer_text: str) -> dict:
    pairs = []
    for _, piece in _split_marked(answer_text, "="):
        if _WEIGHT.match(piece) or "#" in piece:
            raise _BadQuestion("Soal menjodohkan tidak mendukung bobot %n% atau umpan balik #.")
        if "->" not in piece:
            raise _BadQuestion(f"Pasangan '{_unescape(piece.strip())}' tidak punya tanda '->'.")
        left, right = piece.split("->", 1)
        right = _part(right)
        if right is None:
            raise _BadQuestion("Ada pasangan yang sisi kanannya kosong.")
        pairs.append({"left": _part(left) or "", "right": right})
    return {"type": "matching", "pairs": pairs}


def _number(raw: str) -> int | float:
    raw = _unescape(raw).strip()
    if "," in raw:
        raise _BadQuestion(f"Angka '{raw}' memakai koma. Di bank GIFT angka ditulis seperti di "
                           "Moodle: titik untuk desimal, tanpa pemisah ribuan (12500 atau 0.25).")
    if not _MOODLE_NUMBER.match(raw):
        raise _BadQuestion(f"'{raw}' bukan angka. Contoh soal angka: {{#12500}} atau {{#1..5}}.")
    value = Decimal(raw)
    return int(value) if value == value.to_integral_value() else float(value)


def _numeric_answer(spec: str, weight: float | None) -> dict:
    spec, feedback = (spec.split("#", 1) + [None])[:2]
    entry: dict
    if ".." in spec:
        low, high = spec.split("..", 1)
        entry = {"min": _number(low), "max": _number(high)}
    elif ":" in spec:
        value, tolerance = spec.split(":", 1)
        entry = {"value": _number(value), "tolerance": _number(tolerance)}
    else:
        entry = {"value": _number(spec), "tolerance": 0}
    entry["weight"] = 100 if weight is None else weight
    entry["feedback"] = _part(feedback)
    return entry


def _numeric(answer_text: str) -> dict:
    wrong_feedback = None
    if "~" in answer_text:
        answer_text, other = answer_text.split("~", 1)
        other = other.strip()
        if other and not other.startswith("#"):
            raise _BadQuestion("Di soal angka, '~' hanya untuk umpan balik jawaban lain: ~#teks.")
        wrong_feedback = _part(other[1:]) if other else None
    answers = []
    if "=" in answer_text:
        for _, piece in _split_marked(answer_text, "="):
            weight, piece = _weight(piece, 0, 100)
            answers.append(_numeric_answer(piece, weight))
    else:
        if not answer_text.strip():
            raise _BadQuestion("Soal angka belum punya jawaban: tulis misalnya {#12500}.")
        answers.append(_numeric_answer(answer_text, None))
    return {"type": "numeric", "answers": answers, "unit": None, "wrong_feedback": wrong_feedback}
