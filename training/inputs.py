"""Reading untrusted request values the same way on every page.

Page numbers, search text and redirect targets come straight from URLs that anyone can type or
craft. Each is read here once, bounded and checked, so a hostile value (``halaman=1e20``, a ``%``
in a search, a line break in ``next``) answers with a normal page instead of a server error or a
query that means something else.
"""
from __future__ import annotations

import re
from urllib.parse import urlsplit

from flask import request

# Far past any real list (50 rows a page), and small enough for every database's OFFSET.
MAX_PAGE = 10_000
_PAGE = re.compile(r"[0-9]{1,6}")
LIKE_ESCAPE = "\\"
MAX_SEARCH = 80


def page_number(name: str = "halaman") -> int:
    """The page number in the URL argument ``name``: 1 when missing or unreadable, at most MAX_PAGE.

    Only ASCII digits count (``int`` would also read "١٢" or " 12 "), so what the page links to
    and what it reads are the same.
    """
    raw = request.args.get(name, "")
    if not _PAGE.fullmatch(raw):
        return 1
    return min(max(int(raw), 1), MAX_PAGE)


def search_text(name: str) -> str:
    """Search text from the URL argument ``name``, trimmed and cut to MAX_SEARCH characters.

    No name or registration number is that long, and an unbounded pattern is refused by
    SQLite ("LIKE or GLOB pattern too complex") and is slow everywhere.
    """
    return request.args.get(name, "").strip()[:MAX_SEARCH]


def like_escape(text: str) -> str:
    """``text`` with LIKE's wildcards (``%``, ``_``) and the escape character made literal."""
    return (
        text.replace(LIKE_ESCAPE, LIKE_ESCAPE * 2).replace("%", LIKE_ESCAPE + "%").replace("_", LIKE_ESCAPE + "_")
    )


def contains(column, text: str):
    """A condition: ``column`` contains ``text`` as typed, ignoring case (``%`` and ``_`` mean themselves)."""
    from training.extensions import db

    return db.func.lower(column).like(f"%{like_escape(text.lower())}%", escape=LIKE_ESCAPE)


def starts_with(column, text: str):
    """A condition: ``column`` starts with ``text`` as typed (``%`` and ``_`` mean themselves)."""
    return column.like(f"{like_escape(text)}%", escape=LIKE_ESCAPE)


def safe_next(target: str | None) -> str | None:
    """Accept a ``next`` address only when it stays on this site (a path with no host).

    Control characters and spaces are refused outright: a line break would end up in the
    ``Location`` header, which the server refuses to send.
    """
    if not target:
        return None
    if any(ord(char) < 0x21 or ord(char) == 0x7F for char in target):
        return None
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return None
    return target


def has_nul(values) -> bool:
    """True when any key or value of a request's multi-dict holds a NUL character."""
    return any("\x00" in key or "\x00" in value for key, value in values.items(multi=True))


def whole_number(text: str, max_digits: int = 9) -> int | None:
    """``text`` as a whole number of at most ``max_digits`` ASCII digits, else None: the one way a
    form's or an address's id, count or choice is read.

    ``str.isdigit`` alone accepts "²" and other digits ``int`` refuses, and ``int`` refuses more
    than 4,300 digits: both would be a server error instead of a message.
    """
    if not (text.isascii() and text.isdigit()):
        return None
    significant = text.lstrip("0") or "0"
    return int(significant) if len(significant) <= max_digits else None
