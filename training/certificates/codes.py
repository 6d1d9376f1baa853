"""Certificate codes: random, unguessable, and safe to read aloud and type.

A code is 14 random characters and 2 check characters from a 31-character alphabet that leaves
out 0/O, 1/I/L, so nothing on the page can be misread. 14 random characters carry
14 * log2(31) = 69.3 bits from :mod:`secrets`, so codes cannot be guessed or enumerated.

The two check characters make every code satisfy, modulo the prime 31,

    sum(v_i) == 0   and   sum(i * v_i) == 0      (i = 1..16, v_i the character's value)

which is a Reed-Solomon-like code of distance 3: every single-character error, every pair of
errors, and every transposition of two adjacent different characters breaks at least one of the
two sums, so a mistyped code is told apart from an unknown one without a database lookup.
Codes are printed in groups of four (``KM7Q-8XHT-...``); lowercase, spaces and dashes are forgiven.
"""
from __future__ import annotations

import math
import secrets

ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
MODULUS = len(ALPHABET)  # 31, a prime: every non-zero weight and difference is invertible
DATA_LENGTH = 14
CHECK_LENGTH = 2
LENGTH = DATA_LENGTH + CHECK_LENGTH
GROUP = 4
VALUES = {char: index for index, char in enumerate(ALPHABET)}
RANDOM_BITS = DATA_LENGTH * math.log2(MODULUS)

assert MODULUS == 31 and LENGTH < MODULUS  # positions 1..LENGTH must be distinct non-zero weights


def _check_pair(data: str) -> str:
    """The two check characters that make both sums vanish for ``data`` (14 characters)."""
    values = [VALUES[char] for char in data]
    plain = sum(values) % MODULUS
    weighted = sum(position * value for position, value in enumerate(values, start=1)) % MODULUS
    # Solve plain + x + y == 0 and weighted + 15x + 16y == 0 (mod 31) for x and y.
    x = (weighted - (DATA_LENGTH + 2) * plain) % MODULUS
    y = (-plain - x) % MODULUS
    return ALPHABET[x] + ALPHABET[y]


def new_code() -> str:
    """A fresh code in its stored form: 16 characters, no separators."""
    data = "".join(secrets.choice(ALPHABET) for _ in range(DATA_LENGTH))
    return data + _check_pair(data)


def normalise(raw: str | None) -> str:
    """What the person meant to type: upper case, without spaces, dashes or dots."""
    return "".join(char for char in (raw or "").upper() if char not in " \t\r\n-._")


def is_valid(code: str) -> bool:
    """True when a normalised code has the right length, alphabet and check characters."""
    if len(code) != LENGTH or any(char not in VALUES for char in code):
        return False
    values = [VALUES[char] for char in code]
    plain = sum(values) % MODULUS
    weighted = sum(position * value for position, value in enumerate(values, start=1)) % MODULUS
    return plain == 0 and weighted == 0


def parse(raw: str | None) -> str | None:
    """The stored form of a typed code, or None when it is mistyped."""
    code = normalise(raw)
    return code if is_valid(code) else None


def display(code: str) -> str:
    """A code as printed: groups of four joined by dashes."""
    return "-".join(code[i:i + GROUP] for i in range(0, len(code), GROUP))
