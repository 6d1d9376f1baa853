"""CSV for Indonesian spreadsheets, written one way by every export (the gradebook, the showroom's
monthly report): UTF-8, ``;`` between fields, CRLF, and text a spreadsheet will not run.

A cell that starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return is read by
spreadsheet programs as a formula (or a formula after the whitespace is dropped), so a product or
a learner named ``=HYPERLINK(...)`` would run when the file is opened. Such text gets a leading
apostrophe, which the spreadsheet shows as plain text. Numbers are written as they are.
"""
from __future__ import annotations

import csv
import io
from collections.abc import Iterable

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_text(text: str) -> str:
    """Text that a spreadsheet will not run as a formula."""
    return "'" + text if text[:1] in FORMULA_STARTS else text


def csv_text(rows: Iterable[Iterable[object]]) -> str:
    """The rows as CSV (``;``, CRLF), every text cell made safe; a number stays a number."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    for row in rows:
        writer.writerow([safe_text(value) if isinstance(value, str) else value for value in row])
    return out.getvalue()
