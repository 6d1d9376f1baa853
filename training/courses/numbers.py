"""Read numbers the way Indonesian learners write them.

``parse_number`` accepts the forms people actually type into a quiz answer box:
``Rp 12.500``, ``Rp12.500,-``, ``12.500,50``, ``1,5 juta``, ``2 ribu``, ``15rb``, ``1,2 M``,
``-5.000``, ``0,25`` and ``12,5%``.

Ambiguity rules (Indonesian writing, not English):

* A comma is the decimal mark: ``12,5`` is twelve and a half, and so is ``12,500``.
  ``,-`` and ``,00`` after a whole number mean "no cents" (``Rp12.500,-``).
* A dot groups thousands when every dot is followed by exactly three digits and the first
  group is 1-3 digits not starting with 0: ``12.500`` is 12500, ``1.250.000`` is 1250000.
* Any other single dot is read as a decimal point, because that is what the writer most
  likely meant: ``1.5`` is 1,5; ``0.25`` is 0,25; ``0.500`` is 0,5 (a thousands group never
  starts with 0).
* A percent sign is dropped and the number kept as written: ``12,5%`` gives 12.5, not 0.125.
* Multipliers: ``ribu``/``rb``/``k`` (1.000), ``juta``/``jt`` (1.000.000),
  ``miliar``/``milyar``/``M`` (1.000.000.000) and ``triliun``/``T``.  A lowercase ``m`` is
  refused because it is ambiguous.
* The words ``nol`` and ``gratis`` (free) mean 0.
* Several commas that each group three digits (``1,250,000``) can only be English thousands and
  are read so.  A single comma before three digits (``650,000``) stays a decimal comma here, but
  :func:`comma_thousands_reading` lets a quiz ask "did you mean 650.000?" before counting it.
* An answer longer than 40 characters is refused: no real amount needs more.
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

__all__ = ["NumberFormatError", "comma_thousands_reading", "parse_number"]

MAX_ANSWER_LENGTH = 40
_ZERO_WORDS = {"nol", "gratis"}

_MULTIPLIERS = {
    "ribu": Decimal(10) ** 3,
    "rb": Decimal(10) ** 3,
    "k": Decimal(10) ** 3,
    "juta": Decimal(10) ** 6,
    "jt": Decimal(10) ** 6,
    "miliar": Decimal(10) ** 9,
    "milyar": Decimal(10) ** 9,
    "m": Decimal(10) ** 9,  # only reached for an uppercase "M", see _split_multiplier
    "triliun": Decimal(10) ** 12,
    "t": Decimal(10) ** 12,
}

_CURRENCY = re.compile(r"^(?:rp\.?|idr)\s*", re.IGNORECASE)
_MULTIPLIER_AT_END = re.compile(r"(?<![a-z])([a-z]+)\.?$", re.IGNORECASE)
_THOUSANDS = re.compile(r"^[1-9]\d{0,2}(?:\.\d{3})+$")
_PLAIN_INTEGER = re.compile(r"^\d+$")
_DOT_DECIMAL = re.compile(r"^\d+\.\d+$")
_COMMA_THOUSANDS = re.compile(r"^[1-9]\d{0,2}(?:,\d{3}){2,}$")
_ONE_COMMA_GROUP = re.compile(r"^[1-9]\d{0,2},\d{3}$")
_COMMA_DECIMAL = re.compile(r"^(\d+|[1-9]\d{0,2}(?:\.\d{3})+),(\d+|-)$")
_MINUS_SIGNS = "-\u2212\u2013"  # hyphen-minus, minus sign, en dash (pasted from word processors)


class NumberFormatError(ValueError):
    """An answer that cannot be read as a number; ``str(error)`` is a message for the learner."""

    def __init__(self, text: str, message: str | None = None) -> None:
        self.text = text
        if message is None:
            message = (
                f"Jawaban '{text}' tidak bisa dibaca sebagai angka. "
                "Tulis angka saja, misalnya 12.500."
            )
        super().__init__(message)


def parse_number(text: str) -> Decimal:
    """Read an Indonesian-written number (see the module docstring) into an exact Decimal.

    Raises NumberFormatError with a message in Bahasa Indonesia when the text is not a number.
    """
    if not isinstance(text, str):
        if isinstance(text, bool):
            raise NumberFormatError(str(text))
        if isinstance(text, int):
            return Decimal(text)
        if isinstance(text, (float, Decimal)):
            return Decimal(str(text))
        raise NumberFormatError(str(text))
    original = text
    text = " ".join(text.replace("\u00a0", " ").split())
    if not text:
        raise NumberFormatError(
            original, "Jawaban masih kosong. Tulis angka, misalnya 12.500."
        )
    if len(text) > MAX_ANSWER_LENGTH:
        raise NumberFormatError(
            original, f"Jawaban terlalu panjang (paling banyak {MAX_ANSWER_LENGTH} tanda). "
            "Tulis angka saja, misalnya 12.500."
        )
    if text.casefold() in _ZERO_WORDS:
        return Decimal(0)

    negative = False
    if text[0] in _MINUS_SIGNS:
        negative, text = True, text[1:].lstrip()
    currency = _CURRENCY.match(text)
    if currency:
        text = text[currency.end():]
        if text and text[0] in _MINUS_SIGNS:
            if negative:
                raise NumberFormatError(original)
            negative, text = True, text[1:].lstrip()

    percent = text.endswith("%")
    if percent:
        if currency:
            raise NumberFormatError(original)
        text = text[:-1].rstrip()

    text, multiplier = _split_multiplier(text, original)
    if percent and multiplier != 1:
        raise NumberFormatError(original)

    value = _parse_digits(text, original) * multiplier
    return -value if negative else value


def _split_multiplier(text: str, original: str) -> tuple[str, Decimal]:
    """Split a trailing word such as ``juta`` or ``rb`` from the digits."""
    match = _MULTIPLIER_AT_END.search(text)
    if not match:
        return text, Decimal(1)
    word = match.group(1)
    key = word.lower()
    if key not in _MULTIPLIERS or word == "m":
        raise NumberFormatError(original)
    if key == "t" and word != "T":
        raise NumberFormatError(original)
    return text[: match.start()].rstrip(), _MULTIPLIERS[key]


def _parse_digits(text: str, original: str) -> Decimal:
    """Turn the bare digits-and-separators part into a Decimal, applying the ambiguity rules."""
    if _PLAIN_INTEGER.match(text):
        digits = text
    elif _THOUSANDS.match(text):
        digits = text.replace(".", "")
    elif _COMMA_THOUSANDS.match(text):
        digits = text.replace(",", "")
    elif _DOT_DECIMAL.match(text):
        digits = text  # "1.5" and "0.500": a single dot that does not group thousands
    else:
        match = _COMMA_DECIMAL.match(text)
        if not match:
            raise NumberFormatError(original)
        whole, fraction = match.groups()
        whole = whole.replace(".", "")
        digits = whole if fraction == "-" else f"{whole}.{fraction}"
    try:
        return Decimal(digits)
    except InvalidOperation:  # pragma: no cover - the patterns above only let digits through
        raise NumberFormatError(original) from None


def comma_thousands_reading(text: str) -> Decimal | None:
    """The amount ``text`` would be if its one comma grouped thousands, else None.

    ``Rp650,000`` gives 650000: the learner may have written English thousands, or a decimal
    comma followed by zeros.  The quiz asks which before it counts the answer.
    """
    if not isinstance(text, str) or len(text) > MAX_ANSWER_LENGTH:
        return None
    text = " ".join(text.replace("\u00a0", " ").split())
    currency = _CURRENCY.match(text)
    if currency:
        text = text[currency.end():]
    if not _ONE_COMMA_GROUP.match(text):
        return None
    return Decimal(text.replace(",", ""))
