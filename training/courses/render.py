"""Turn lesson Markdown into safe HTML, with images served locally and glossary terms explained.

``render_markdown`` runs Markdown (tables, fenced code, lists), then sanitises the HTML with nh3
(an allow-list: no scripts, event handlers, style attributes, iframes, forms, or
``javascript:``/``data:``/``vbscript:`` URLs).  Relative image sources go through the
``image_url(relative_path)`` callback; absolute ``http(s)`` images are dropped, because the
facility network has no internet.

Glossary terms are marked by walking the sanitised HTML's text nodes (never by a regex over
tags).  The first occurrence of each term or alias, case-insensitive and as a whole word,
outside links, code and headings, becomes::

    <dfn class="term" title="definition" id="istilah-hpp"><a href="#arti-hpp">HPP</a></dfn>

and a list at the end explains every marked term::

    <section class="glossary-notes" aria-label="Arti kata"><h2>Arti kata</h2>
      <dl><dt id="arti-hpp">HPP</dt><dd>definition <a href="#istilah-hpp">kembali</a></dd></dl>
    </section>

This works without JavaScript (an in-page link), reads in order for screen readers, and the
``title`` gives a mouse tooltip.  An inline ``<details>`` would break the paragraph, since
browsers close a ``<p>`` before it.
"""

from __future__ import annotations

import html
import posixpath
import re
from html.parser import HTMLParser
from typing import Any, Callable, Iterable

import markdown
import nh3

__all__ = ["ALLOWED_TAGS", "part_text", "render_markdown", "render_part", "render_text", "sanitize_html",
           "split_part"]

ALLOWED_TAGS = frozenset({
    "p", "br", "hr", "h1", "h2", "h3", "h4", "h5", "h6", "strong", "em", "b", "i", "u", "s",
    "del", "ins", "mark", "sub", "sup", "small", "blockquote", "ul", "ol", "li", "dl", "dt",
    "dd", "pre", "code", "kbd", "samp", "table", "thead", "tbody", "tfoot", "tr", "th", "td",
    "caption", "a", "img", "figure", "figcaption", "abbr", "dfn", "section", "span",
})
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "img": {"src", "alt", "title", "width", "height"},
    "th": {"align", "colspan", "rowspan"},
    "td": {"align", "colspan", "rowspan"},
    "ol": {"start"},
    "abbr": {"title"},
}
URL_SCHEMES = frozenset({"http", "https", "mailto"})
_GLOSSARY_ATTRIBUTES = {
    **ALLOWED_ATTRIBUTES,
    "a": {"href", "title", "aria-label"},
    "dfn": {"title", "id"},
    "dt": {"id"},
    "section": {"aria-label"},
}
_GLOSSARY_CLASSES = {"dfn": {"term"}, "section": {"glossary-notes"}}
_SKIP_TAGS = frozenset({"a", "code", "pre", "kbd", "samp", "h1", "h2", "h3", "h4", "h5", "h6",
                        "dfn", "abbr", "script", "style"})
_VOID_TAGS = frozenset({"br", "hr", "img", "input", "meta", "link", "wbr", "col", "area",
                        "source", "base", "embed", "param", "track"})
_SCHEME = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:")


def _image_filter(image_url: Callable[[str], str] | None):
    """An nh3 attribute filter that sends relative image paths through ``image_url``."""

    def attribute_filter(element: str, attribute: str, value: str) -> str | None:
        if element != "img" or attribute != "src":
            return value
        src = value.strip()
        if not src or _SCHEME.match(src) or src.startswith(("/", "\\")) or image_url is None:
            return None
        relative = posixpath.normpath(src)
        if relative.startswith("..") or relative == ".":
            return None
        return image_url(relative)

    return attribute_filter


def sanitize_html(fragment: str, *, image_url: Callable[[str], str] | None = None) -> str:
    """Clean an HTML fragment with the allow-list; images as in ``render_markdown``."""
    return nh3.clean(
        fragment,
        tags=set(ALLOWED_TAGS),
        clean_content_tags={"script", "style", "iframe", "object", "embed", "form", "svg",
                            "math", "template", "noscript", "textarea", "select"},
        attributes={tag: set(attrs) for tag, attrs in ALLOWED_ATTRIBUTES.items()},
        attribute_filter=_image_filter(image_url),
        url_schemes=set(URL_SCHEMES),
        strip_comments=True,
        link_rel="noopener noreferrer",
    )


def _markdown_to_html(text: str) -> str:
    return markdown.markdown(
        text,
        extensions=["tables", "fenced_code", "sane_lists"],
        extension_configs={"tables": {"use_align_attribute": True}},
        output_format="html",
    )


def render_markdown(text: str, *, image_url: Callable[[str], str] | None = None,
                    glossary: Iterable[Any] | None = None) -> str:
    """Render Markdown to sanitised HTML; mark glossary terms if a glossary is given.

    ``image_url`` maps a relative image path (``gambar/roti.png``) to the URL the app serves it
    at; without it every image source is dropped.  ``glossary`` holds objects or dicts with
    ``term``, ``definition`` and optional ``aliases`` (content.GlossaryTerm fits).
    """
    return render_text(text, "markdown", image_url=image_url, glossary=glossary)


def render_text(text: str, text_format: str = "markdown", *,
                image_url: Callable[[str], str] | None = None,
                glossary: Iterable[Any] | None = None) -> str:
    """Render question or lesson text by its format: markdown, moodle, html or plain.

    ``moodle`` (Moodle's auto-format, the GIFT default) is rendered as Markdown; ``html`` is
    only sanitised; ``plain`` is escaped and keeps its line breaks.
    """
    text = text or ""
    if text_format == "plain":
        paragraphs = [p for p in re.split(r"\n\s*\n", text.strip()) if p.strip()]
        fragment = "".join(
            "<p>" + html.escape(p.strip()).replace("\n", "<br>") + "</p>" for p in paragraphs
        )
    elif text_format == "html":
        fragment = text
    else:
        fragment = _markdown_to_html(text)
    cleaned = sanitize_html(fragment, image_url=image_url)
    entries = _glossary_entries(glossary)
    if not entries:
        return _scrolling_tables(cleaned)
    marker = _GlossaryMarker(entries)
    marker.feed(cleaned)
    marker.close()
    marked = "".join(marker.out) + marker.notes()
    # The marked HTML is cleaned once more: only our own dfn/section markup gains attributes.
    return _scrolling_tables(nh3.clean(
        marked,
        tags=set(ALLOWED_TAGS),
        attributes={tag: set(attrs) for tag, attrs in _GLOSSARY_ATTRIBUTES.items()},
        allowed_classes={tag: set(names) for tag, names in _GLOSSARY_CLASSES.items()},
        url_schemes=set(URL_SCHEMES),
        strip_comments=True,
        link_rel="noopener noreferrer",
    ))


_PART_MARKER = re.compile(r"^\[(markdown|html|plain|moodle)\]")
_TAG = re.compile(r"<[^>]*>")


def split_part(text: str, default_format: str | None) -> tuple[str, str | None]:
    """(text without its format marker, the marker's format or ``default_format``)."""
    marker = _PART_MARKER.match(text or "")
    if marker:
        return text[marker.end():], marker.group(1)
    return text or "", default_format


def render_part(text: str | None, default_format: str | None = None, *,
                image_url: Callable[[str], str] | None = None) -> str:
    """A choice, feedback or matching side as safe inline HTML, in the format its GIFT marker
    (``[html]``, ``[markdown]``, ``[moodle]``, ``[plain]``) names; unmarked parts use
    ``default_format``, and with none they are plain text as before markers were kept."""
    body, text_format = split_part(text or "", default_format)
    if text_format in (None, "plain"):
        return html.escape(body).replace("\n", "<br>")
    rendered = render_text(body, text_format, image_url=image_url).strip()
    if rendered.startswith("<p>") and rendered.endswith("</p>") and rendered.count("<p>") == 1:
        rendered = rendered[3:-4]  # one paragraph: inline, so it sits inside a label or <strong>
    return rendered


def part_text(text: str | None) -> str:
    """A part as plain words (for a drop-down option or a one-line summary): marker and tags gone."""
    body, text_format = split_part(text or "", None)
    if text_format in (None, "plain"):
        return body
    return " ".join(html.unescape(_TAG.sub(" ", render_text(body, text_format))).split())


def _scrolling_tables(cleaned: str) -> str:
    """Put every table of sanitised HTML in its own sideways-scrolling box.

    On a 390 px screen a wide table then scrolls by itself instead of the whole page. The box is
    added after sanitising (the allow-list has no ``div``), and ``tabindex`` lets a keyboard
    scroll it. Sanitised tables carry no attributes, so the plain tags are all there is to find.
    """
    return (cleaned.replace("<table>", '<div class="table-scroll" tabindex="0"><table>')
            .replace("</table>", "</table></div>"))


# --- glossary ----------------------------------------------------------------------------


def _field(item: Any, name: str, default: Any = None) -> Any:
    if isinstance(item, dict):
        return item.get(name, default)
    return getattr(item, name, default)


def _slug(text: str) -> str:
    slug = re.sub(r"[^a-z0-9]+", "-", text.casefold()).strip("-")
    return slug or "istilah"


def _glossary_entries(glossary: Iterable[Any] | None) -> list[dict]:
    entries, anchors = [], set()
    for item in glossary or ():
        term = _field(item, "term")
        definition = _field(item, "definition")
        if not term or not definition:
            continue
        names = [term, *(_field(item, "aliases") or ())]
        anchor = _slug(term)
        while anchor in anchors:
            anchor += "-2"
        anchors.add(anchor)
        patterns = sorted(
            (r"\s+".join(re.escape(word) for word in name.split())
             for name in names if name.strip()),
            key=len, reverse=True,
        )
        entries.append({"term": term, "definition": " ".join(definition.split()),
                        "anchor": anchor, "patterns": patterns})
    return entries


class _GlossaryMarker(HTMLParser):
    """Re-emits sanitised HTML, wrapping the first occurrence of each term in text nodes."""

    def __init__(self, entries: list[dict]) -> None:
        super().__init__(convert_charrefs=True)
        self.entries = entries
        self.remaining = list(entries)
        self.used: list[dict] = []
        self.out: list[str] = []
        self.skip_depth = 0

    def handle_starttag(self, tag: str, attrs) -> None:
        self.out.append(self.get_starttag_text() or "")
        if tag in _SKIP_TAGS and tag not in _VOID_TAGS:
            self.skip_depth += 1

    def handle_startendtag(self, tag: str, attrs) -> None:
        self.out.append(self.get_starttag_text() or "")

    def handle_endtag(self, tag: str) -> None:
        self.out.append(f"</{tag}>")
        if tag in _SKIP_TAGS and self.skip_depth:
            self.skip_depth -= 1

    def handle_data(self, data: str) -> None:
        if self.skip_depth or not self.remaining:
            self.out.append(html.escape(data, quote=False))
            return
        self.out.append(self._mark(data))

    def _mark(self, data: str) -> str:
        pieces, position = [], 0
        while self.remaining:
            best = None
            for entry in self.remaining:
                regex = r"(?<!\w)(?:" + "|".join(entry["patterns"]) + r")(?!\w)"
                match = re.compile(regex, re.IGNORECASE).search(data, position)
                if match and (best is None or match.start() < best[1].start()
                              or (match.start() == best[1].start()
                                  and match.end() > best[1].end())):
                    best = (entry, match)
            if best is None:
                break
            entry, match = best
            pieces.append(html.escape(data[position:match.start()], quote=False))
            pieces.append(
                f'<dfn class="term" title="{html.escape(entry["definition"])}" '
                f'id="istilah-{entry["anchor"]}"><a href="#arti-{entry["anchor"]}">'
                f"{html.escape(match.group(0), quote=False)}</a></dfn>"
            )
            position = match.end()
            self.remaining.remove(entry)
            self.used.append(entry)
        pieces.append(html.escape(data[position:], quote=False))
        return "".join(pieces)

    def notes(self) -> str:
        """The list of the marked terms' definitions, to put after the text."""
        if not self.used:
            return ""
        items = "".join(
            f'<dt id="arti-{e["anchor"]}">{html.escape(e["term"], quote=False)}</dt>'
            f'<dd>{html.escape(e["definition"], quote=False)} '
            f'<a href="#istilah-{e["anchor"]}" aria-label="Kembali ke teks">kembali</a></dd>'
            for e in self.used
        )
        return (f'<section class="glossary-notes" aria-label="Arti kata"><h2>Arti kata</h2>'
                f"<dl>{items}</dl></section>")
