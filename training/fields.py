"""Form fields every form shares: dates as people in Indonesia write them (31-12-2027), and a
list of checkboxes.

The browser's own date widget shows mm/dd/yyyy on many lab PCs and lets any year through, so
these are plain text boxes: they accept 31-12-2027 (also with / or .) and ISO 2027-12-31, show
the date back as 31-12-2027, say plainly when a date does not exist ("31-02-2027 tidak ada"),
and refuse years outside a sensible range, so no later date arithmetic can overflow.
"""
from __future__ import annotations

import re
from datetime import date, datetime, time

from training.extensions import gettext as _
from flask_babel import lazy_gettext as _l
from wtforms import SelectMultipleField, StringField
from wtforms.widgets import CheckboxInput, ListWidget

MIN_YEAR = 2000
MAX_YEAR = 2099
DAY_FORMAT = "%d-%m-%Y"
# re.ASCII: only 0-9 count as digits, so "٣١-١٢-٢٠٢٧" is unreadable rather than a surprise.
_DAY_FIRST = re.compile(r"(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})", re.ASCII)
_ISO = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})", re.ASCII)
_TIME = re.compile(r"(\d{1,2})[:.](\d{2})", re.ASCII)


class DayError(ValueError):
    """A date that can't be used, with the sentence to show the user."""


def parse_day(raw: str, min_year: int = MIN_YEAR, max_year: int = MAX_YEAR) -> date:
    """Read 31-12-2027, 31/12/2027, 31.12.2027 or 2027-12-31; raise DayError with the reason.

    Only ASCII digits count. A date with the right shape that is not in the calendar says so
    ("31-02-2027 tidak ada"), which helps more than "unreadable".
    """
    text = (raw or "").strip()
    if match := _DAY_FIRST.fullmatch(text):
        day, month, year = (int(part) for part in match.groups())
    elif match := _ISO.fullmatch(text):
        year, month, day = (int(part) for part in match.groups())
    else:
        raise DayError(_("Tanggal %(value)s tidak bisa dibaca. Tulis seperti 31-12-2027.", value=text[:40]))
    try:
        value = date(year, month, day)
    except ValueError:
        raise DayError(_("Tanggal %(value)s tidak ada.", value=text)) from None
    if not min_year <= year <= max_year:
        raise DayError(_("Tahun harus antara %(low)d dan %(high)d.", low=min_year, high=max_year))
    return value


class DayField(StringField):
    """A date typed as dd-mm-yyyy in a text box; ``data`` is a ``date`` or None when left empty.

    Use ``Optional()`` or ``InputRequired()`` (``DataRequired`` would replace the reason a typed
    date can't be used with "fill it in"); a value that can't be used keeps the text typed and
    shows why.
    """

    def __init__(self, label=None, validators=None, min_year: int = MIN_YEAR, max_year: int = MAX_YEAR, **kwargs):
        render_kw = {"inputmode": "numeric", "placeholder": _l("hh-bb-tttt"), "autocomplete": "off", "maxlength": 10}
        render_kw.update(kwargs.pop("render_kw", None) or {})
        super().__init__(label, validators, render_kw=render_kw, **kwargs)
        self.min_year, self.max_year = min_year, max_year
        self.raw_text = ""

    def process_formdata(self, valuelist) -> None:
        """Keep what was typed; turn it into a date when it reads as one."""
        self.raw_text = (valuelist[0] if valuelist else "") or ""
        self.data = None
        text = self.raw_text.strip()
        if not text:
            return
        try:
            self.data = parse_day(text, self.min_year, self.max_year)
        except DayError as error:
            raise ValueError(str(error)) from None

    def _value(self) -> str:
        if self.raw_text and (self.errors or self.data is None):
            return self.raw_text
        return self.data.strftime(DAY_FORMAT) if isinstance(self.data, date) else ""


class DayTimeField(DayField):
    """A date and time typed as 31-12-2027 10:00 (or ISO 2027-12-31T10:00); ``data`` is a naive datetime."""

    def __init__(self, label=None, validators=None, **kwargs):
        kwargs.setdefault("render_kw", {})
        kwargs["render_kw"] = {"placeholder": _l("hh-bb-tttt jj:mm"), "maxlength": 16, **kwargs["render_kw"]}
        super().__init__(label, validators, **kwargs)

    def process_formdata(self, valuelist) -> None:
        """Read the date part as DayField does, then the time (00:00 when none is given)."""
        self.raw_text = (valuelist[0] if valuelist else "") or ""
        self.data = None
        text = self.raw_text.strip()
        if not text:
            return
        day_text, _sep, time_text = text.replace("T", " ").partition(" ")
        try:
            day = parse_day(day_text, self.min_year, self.max_year)
        except DayError as error:
            raise ValueError(str(error)) from None
        at = time(0, 0)
        if time_text.strip():
            match = _TIME.fullmatch(time_text.strip())
            if not match or int(match.group(1)) > 23 or int(match.group(2)) > 59:
                raise ValueError(_("Jam %(value)s tidak bisa dibaca. Tulis seperti 10:00.", value=time_text.strip()[:10]))
            at = time(int(match.group(1)), int(match.group(2)))
        self.data = datetime.combine(day, at)

    def _value(self) -> str:
        if self.raw_text and (self.errors or self.data is None):
            return self.raw_text
        return self.data.strftime(DAY_FORMAT + " %H:%M") if isinstance(self.data, datetime) else ""


class MultiCheckboxField(SelectMultipleField):
    """A list of checkboxes for a multiple choice: easier on a lab PC than a multiple select."""

    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()
