"""Certificate codes: unguessable, and every single typing slip is caught by the check characters."""
from __future__ import annotations

import math
import re
import secrets

import pytest

from training.certificates import codes

SAMPLES = [codes.new_code() for _ in range(25)]


def test_codes_carry_at_least_64_random_bits_by_construction():
    assert codes.DATA_LENGTH * math.log2(len(codes.ALPHABET)) >= 64
    assert codes.RANDOM_BITS >= 64


def test_alphabet_leaves_out_characters_that_are_confused():
    for char in "01OIL":
        assert char not in codes.ALPHABET
    assert len(set(codes.ALPHABET)) == len(codes.ALPHABET) == 31


def test_new_codes_are_valid_distinct_and_printed_in_groups_of_four():
    assert len(set(SAMPLES)) == len(SAMPLES)
    for code in SAMPLES:
        assert codes.is_valid(code)
        assert re.fullmatch(r"([2-9A-HJKMNP-Z]{4}-){3}[2-9A-HJKMNP-Z]{4}", codes.display(code))


def test_new_codes_use_the_system_random_source(monkeypatch):
    drawn = []

    def choice(seq):
        drawn.append(seq)
        return seq[0]

    monkeypatch.setattr(secrets, "choice", choice)
    codes.new_code()
    assert len(drawn) == codes.DATA_LENGTH


@pytest.mark.parametrize("code", SAMPLES[:8])
def test_every_single_character_substitution_at_every_position_is_rejected(code):
    for position in range(codes.LENGTH):
        for char in codes.ALPHABET:
            if char == code[position]:
                continue
            altered = code[:position] + char + code[position + 1:]
            assert not codes.is_valid(altered), (code, position, char)
            assert codes.parse(codes.display(altered)) is None


@pytest.mark.parametrize("code", SAMPLES[:8])
def test_every_adjacent_transposition_is_rejected(code):
    for position in range(codes.LENGTH - 1):
        a, b = code[position], code[position + 1]
        if a == b:
            continue
        swapped = code[:position] + b + a + code[position + 2:]
        assert not codes.is_valid(swapped), (code, position)


@pytest.mark.parametrize("code", SAMPLES[:3])
def test_every_pair_of_substitutions_is_rejected(code):
    # Distance 3: even two wrong characters never make another valid code.
    for i in range(codes.LENGTH):
        for j in range(i + 1, codes.LENGTH):
            for a in (1, 7, 30):
                for b in (1, 12, 29):
                    chars = list(code)
                    chars[i] = codes.ALPHABET[(codes.VALUES[chars[i]] + a) % 31]
                    chars[j] = codes.ALPHABET[(codes.VALUES[chars[j]] + b) % 31]
                    assert not codes.is_valid("".join(chars))


def test_a_missing_or_extra_character_or_a_foreign_letter_is_rejected():
    code = SAMPLES[0]
    assert not codes.is_valid(code[:-1])
    assert not codes.is_valid(code + "A")
    assert codes.parse(code[:5] + "O" + code[6:]) is None
    assert codes.parse("") is None


@pytest.mark.parametrize("typed", [
    "{lower}", "{display}", "{display_lower}", " {spaced} ", "{dotted}",
])
def test_normalisation_forgives_lowercase_spaces_and_dashes(typed):
    code = SAMPLES[1]
    shown = codes.display(code)
    raw = typed.format(lower=code.lower(), display=shown, display_lower=shown.lower(),
                       spaced=shown.replace("-", " "), dotted=shown.replace("-", "."))
    assert codes.parse(raw) == code
