"""The course texts follow the cast sheet (content/cast.yml): one person, one product, one set of figures.

Every quiz question and every lesson section is scanned. A sentence belongs to the cast person named
last in that passage; each figure pattern of that person's products that matches the sentence must
find the cast figure. Shared material prices are checked wherever they appear. Every pattern must
match at least once, so a pattern that no longer finds its sentence fails instead of passing quietly.
"""
from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[3]
CONTENT = ROOT / "content"
CAST = yaml.safe_load((CONTENT / "cast.yml").read_text(encoding="utf-8"))
SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z\"(*-])|\n")
QUESTION_START = re.compile(r"^\s*- id: ", re.M)


def _clean(text: str) -> str:
    """Drop Markdown bold marks and GIFT escapes, and join the lines of each paragraph."""
    text = text.replace("**", "").replace("\\=", "=").replace("\\:", ":")
    paragraphs = re.split(r"\n\s*\n", text)
    return "\n".join(" ".join(line.strip() for line in p.splitlines()) for p in paragraphs)


def _passages(path: Path) -> list[tuple[str, str]]:
    """Split a lesson or bank into passages: each quiz question, each body section, each GIFT question."""
    raw = path.read_text(encoding="utf-8")
    if path.suffix == ".gift":
        blocks = re.split(r"\n\s*\n", raw)
        return [(f"{path.name} block {i}", _clean(b)) for i, b in enumerate(blocks)]
    _, front, body = raw.split("---", 2) if raw.startswith("---") else ("", "", raw)
    passages = []
    for i, block in enumerate(QUESTION_START.split(front)[1:]):
        passages.append((f"{path.name} question {i + 1}", _clean(block)))
    task = front.find("\ntask:")
    if task >= 0:
        passages.append((f"{path.name} task", _clean(front[task:])))
    for i, section in enumerate(re.split(r"^## ", body, flags=re.M)):
        passages.append((f"{path.name} section {i}", _clean(section)))
    return passages


@lru_cache(maxsize=1)
def all_passages() -> list[tuple[str, str, str]]:
    """Every passage of every course, as (course, where, text)."""
    found = []
    for path in sorted((CONTENT / "courses").rglob("*")):
        if path.suffix in (".md", ".gift"):
            found += [(path.parent.name, where, text) for where, text in _passages(path)]
    return found


def _sentences_by_person(text: str, names: list[str]):
    """Yield (person, sentence, previous sentence): the person is the cast name mentioned last."""
    person, previous = None, ""
    name_re = re.compile("|".join(re.escape(n) for n in names))
    for sentence in SENTENCE_END.split(text):
        mentioned = name_re.findall(sentence)
        if mentioned:
            person = mentioned[-1]
        if person:
            yield person, sentence, previous
        previous = sentence


def _number(value: str) -> int:
    return int(value.replace(".", "").rstrip(","))


PEOPLE = {p["name"]: p for p in CAST["people"]}
PERSON_CHECKS = [
    (person["name"], product, check)
    for person in CAST["people"]
    for product in person["products"]
    for check in product.get("checks", [])
]


def _person_findings(name, product, check):
    """Every (where, sentence, figure found) for one person's figure pattern."""
    pattern = re.compile(check["pattern"])
    unless = [w.lower() for w in product.get("unless", [])]
    findings = []
    for course, where, text in all_passages():
        for person, sentence, previous in _sentences_by_person(text, list(PEOPLE)):
            # A word of another product in this sentence or the one before: not about this product.
            context = (previous + " " + sentence).lower()
            if person != name or any(w in context for w in unless):
                continue
            for match in pattern.finditer(sentence):
                findings.append((f"{course}/{where}", sentence.strip(), _number(match.group("v"))))
    return findings


@pytest.mark.parametrize(
    "name, product, check", PERSON_CHECKS,
    ids=[f"{n}-{p['product']}-{c['figure']}-{i}" for i, (n, p, c) in enumerate(PERSON_CHECKS)],
)
def test_every_figure_about_a_cast_person_matches_the_cast_sheet(name, product, check):
    findings = _person_findings(name, product, check)
    assert findings, f"pattern for {name} {check['figure']} matches nothing: fix the pattern or the text"
    wrong = [f"{where}: {value} in {sentence!r}" for where, sentence, value in findings if value != check["value"]]
    assert not wrong, f"{name}, {product['product']}, {check['figure']} should be {check['value']}:\n" + "\n".join(wrong)


@pytest.mark.parametrize("material", CAST["materials"], ids=[m["material"] for m in CAST["materials"]])
def test_shared_material_prices_are_the_same_everywhere(material):
    pattern = re.compile(material["pattern"])
    found = [
        (f"{course}/{where}", _number(m.group("v")))
        for course, where, text in all_passages()
        for m in pattern.finditer(text)
    ]
    assert found, f"pattern for {material['material']} matches nothing"
    wrong = [f"{where}: {value}" for where, value in found if value != material["value"]]
    assert not wrong, f"{material['material']} should be {material['value']}: {wrong}"


def test_each_cast_person_has_one_business_and_is_named_in_a_course():
    names = [p["name"] for p in CAST["people"]]
    assert len(names) == len(set(names)), "a person appears twice in the cast sheet"
    text = "\n".join(t for _, _, t in all_passages())
    missing = [n for n in names if n not in text]
    assert not missing, f"cast people never named in any course: {missing}"


def test_the_scanner_sees_a_contradiction():
    """A sentence that gives Bu Sari's bread another HPP is reported (guards the scanner itself)."""
    name, product, check = next(
        (n, p, c) for n, p, c in PERSON_CHECKS if n == "Bu Sari" and c["figure"] == "hpp"
    )
    sentences = list(_sentences_by_person("Bu Sari membuat roti. HPP roti manis Bu Sari Rp2.000.", list(PEOPLE)))
    values = [_number(m.group("v")) for _, s, _ in sentences for m in re.finditer(check["pattern"], s)]
    assert values == [2000] and values[0] != check["value"]
