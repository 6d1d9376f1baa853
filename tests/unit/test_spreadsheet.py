"""Every CSV export writes text a spreadsheet will not run (training/spreadsheet.py)."""
from __future__ import annotations

import csv
import io

import pytest

from training.spreadsheet import csv_text, safe_text


@pytest.mark.parametrize("start", ["=", "+", "-", "@", "\t", "\r"])
def test_text_a_spreadsheet_would_run_gets_an_apostrophe(start):
    assert safe_text(f"{start}1+1") == f"'{start}1+1"


@pytest.mark.parametrize("text", ["Budi Santoso", "A.1/2025", "85,5", "–", "", "'=already quoted"])
def test_plain_text_stays_as_it_is(text):
    assert safe_text(text) == text


def test_csv_uses_semicolons_and_crlf_and_keeps_numbers_as_numbers():
    text = csv_text([["Nama", "Laba"], ["=cmd", -5000], ["Sari; Wulan", 12000]])
    assert text == "Nama;Laba\r\n'=cmd;-5000\r\n\"Sari; Wulan\";12000\r\n"
    assert list(csv.reader(io.StringIO(text), delimiter=";")) == [["Nama", "Laba"], ["'=cmd", "-5000"],
                                                                  ["Sari; Wulan", "12000"]]
