"""Showing course content: Markdown with the glossary, question text, images from the course folder.

Content is rendered through :mod:`training.courses.render` (sanitised). Images are never served
from a URL in the content: a relative path becomes a URL of :func:`send_course_image`, which
only hands out image files inside the course's own folder.
"""
from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path

from flask import abort, current_app, send_file, url_for
from markupsafe import Markup

from training.courses.content import load_glossary
from training.courses.render import part_text, render_markdown, render_part, render_text, split_part

IMAGE_TYPES = {".png": "image/png", ".jpg": "image/jpeg", ".jpeg": "image/jpeg", ".webp": "image/webp"}


def content_dir() -> Path:
    """The content folder: ``CONTENT_DIR`` in the config, else ``content/`` beside the package."""
    configured = current_app.config.get("CONTENT_DIR")
    if configured:
        return Path(configured)
    return Path(current_app.root_path).parent / "content"


@lru_cache(maxsize=4)
def _glossary_at(path: str, mtime: float) -> tuple:
    terms, _problems = load_glossary(path)
    return tuple(terms)


def glossary() -> tuple:
    """The glossary terms (reloaded when the file changes; empty when there is no file)."""
    path = content_dir() / "glossary.yml"
    try:
        mtime = os.path.getmtime(path)
    except OSError:
        return ()
    return _glossary_at(str(path), mtime)


def _image_url(slug: str):
    """Turns an image path relative to a course folder into the URL of :func:`send_course_image`."""
    def image_url(relative: str) -> str:
        return url_for("course_files.image", slug=slug, image_path=relative)

    return image_url


def lesson_html(course, markdown_text: str, *, with_glossary: bool = True) -> Markup:
    """A lesson body (or course introduction, or task instructions) as safe HTML.

    Rendering and sanitising a lesson takes several milliseconds and its result depends only on
    the text, the course and the glossary, so each worker keeps the last few hundred.
    """
    terms = glossary() if with_glossary else None
    return Markup(_rendered_lesson(course.slug, markdown_text or "", terms))


@lru_cache(maxsize=256)
def _rendered_lesson(slug: str, markdown_text: str, terms: tuple | None) -> str:
    return render_markdown(markdown_text, image_url=_image_url(slug), glossary=terms)


def question_html(course, data: dict, key: str = "text") -> Markup:
    """A question's text (or explanation) in its own format, as safe HTML."""
    value = data.get(key)
    if not value:
        return Markup("")
    # A GIFT general feedback may carry its own format marker ([html]...), which wins.
    value, text_format = split_part(value, data.get("text_format", "markdown"))
    return Markup(_rendered_question(course.slug, value, text_format))


@lru_cache(maxsize=1024)
def _rendered_question(slug: str, text: str, text_format: str) -> str:
    """Question texts repeat on every page of every attempt: each worker keeps the last thousand."""
    return render_text(text, text_format, image_url=_image_url(slug))


def part_html(text: str | None) -> Markup:
    """A choice, feedback or matching side as safe inline HTML, by its own format marker."""
    return Markup(render_part(text))


def send_course_image(course, image_path: str):
    """Serve an image from the course folder; anything else, or anything outside it, is 404."""
    suffix = Path(image_path).suffix.lower()
    # The shipped content folder is part of every app server's checkout; the folder recorded
    # at import is only a fallback for courses imported from elsewhere.
    root = content_dir() / "courses" / course.slug
    if not root.is_dir():
        root = Path(course.source_dir) if course.source_dir else None
    if suffix not in IMAGE_TYPES or root is None:
        abort(404)
    root = root.resolve()
    target = (root / image_path).resolve()
    if not target.is_relative_to(root) or not target.is_file():
        abort(404)
    return send_file(target, mimetype=IMAGE_TYPES[suffix], max_age=3600, conditional=True)


def format_number(value, unit: str | None = None) -> str:
    """A number the Indonesian way: 12500 -> "12.500", 0.5 -> "0,5"; "Rp12.500" for rupiah."""
    from decimal import Decimal

    number = Decimal(str(value))
    whole, _dot, fraction = f"{abs(number):f}".partition(".")
    fraction = fraction.rstrip("0")
    grouped = f"{int(whole):,}".replace(",", ".")
    text = ("-" if number < 0 else "") + grouped + ("," + fraction if fraction else "")
    if unit and unit.lower() in ("rupiah", "rp"):
        return "Rp" + text
    return f"{text} {unit}" if unit else text


def answer_text(data: dict, raw) -> str:
    """What the learner answered, in words, for feedback and review."""
    from training.extensions import gettext as _

    kind = data["type"]
    if raw is None:
        return ""
    if kind == "single":
        index = raw[0] if isinstance(raw, list) and raw else raw
        try:
            return part_text(data["choices"][int(index)]["text"])
        except (ValueError, TypeError, IndexError):
            return ""
    if kind == "multiple":
        chosen = []
        for index in raw if isinstance(raw, list) else [raw]:
            try:
                chosen.append(part_text(data["choices"][int(index)]["text"]))
            except (ValueError, TypeError, IndexError):
                continue
        return "; ".join(chosen)
    if kind == "truefalse":
        return _("Benar") if str(raw).lower() in ("true", "benar", "1") else _("Salah")
    if kind == "matching" and isinstance(raw, dict):
        return "; ".join(f"{part_text(left)} → {part_text(right)}" for left, right in raw.items())
    return str(raw)


def correct_text(data: dict) -> str:
    """The right answer in words (empty for essays, which an instructor grades)."""
    from training.extensions import gettext as _

    kind = data["type"]
    if kind == "single":
        return next((part_text(c["text"]) for c in data["choices"] if c["weight"] >= 100), "")
    if kind == "multiple":
        return "; ".join(part_text(c["text"]) for c in data["choices"] if c["weight"] > 0)
    if kind == "truefalse":
        return _("Benar") if data["answer"] else _("Salah")
    if kind == "numeric":
        best = max(data["answers"], key=lambda a: a.get("weight", 100))
        if "value" in best:
            return format_number(best["value"], data.get("unit"))
        return f"{format_number(best['min'], data.get('unit'))} – {format_number(best['max'], data.get('unit'))}"
    if kind == "short":
        best = max(data["answers"], key=lambda a: a.get("weight", 100))
        return best["text"].replace("*", "…")
    if kind == "matching":
        return "; ".join(f"{part_text(p['left'])} → {part_text(p['right'])}"
                         for p in data["pairs"] if (p.get("left") or "").strip())
    return ""


def matching_options(data: dict) -> list[str]:
    """The right-hand items of a matching question, sorted so their order gives nothing away."""
    return sorted({p["right"] for p in data["pairs"]}, key=lambda right: part_text(right).casefold())
