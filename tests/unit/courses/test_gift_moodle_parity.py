"""GIFT as Moodle reads it: escaped backslashes, format markers per part, descriptions, two pairs."""

import pytest

from training.courses.gift import parse_gift
from training.courses.questions import grade


def only(text: str) -> dict:
    result = parse_gift(text, require_title=True)
    assert result.problems == []
    [question] = result.questions
    return question


@pytest.mark.parametrize("gift, text", [
    ("::a::Simpan di C:\\\\Arsip? {T}", "Simpan di C:\\Arsip?"),
    ("::a::Dua garis \\\\\\\\ di sini? {T}", "Dua garis \\\\ di sini?"),
    ("::a::Harga\\\\{=a ~b}", "Harga\\"),
    ("::a::Kurung \\\\\\{ tetap? {T}", "Kurung \\{ tetap?"),
])
def test_a_doubled_backslash_is_one_backslash(gift, text):
    assert only(gift)["text"] == text


def test_format_markers_are_kept_on_each_part():
    question = only("::f::[html]Pilih <b>satu</b> {=[plain]<b>ya</b>#[html]<i>betul</i> "
                    "~[markdown]**tidak**#[moodle]coba *lagi* ####[html]<p>Penjelasan</p>}")
    assert question["text_format"] == "html" and question["text"] == "Pilih <b>satu</b>"
    assert question["choices"][0]["text"] == "[plain]<b>ya</b>"
    assert question["choices"][0]["feedback"] == "[html]<i>betul</i>"
    assert question["choices"][1]["text"] == "[markdown]**tidak**"
    assert question["choices"][1]["feedback"] == "[moodle]coba *lagi*"
    assert question["explanation"] == "[html]<p>Penjelasan</p>"
    assert grade(question, "0").correct is True


def test_matching_sides_keep_their_markers_and_grade_by_the_stored_side():
    question = only("::m::Pasangkan {=[html]<b>HPP</b> -> [plain]biaya satu barang =Laba -> untung}")
    assert question["pairs"] == [{"left": "[html]<b>HPP</b>", "right": "[plain]biaya satu barang"},
                                 {"left": "Laba", "right": "untung"}]
    answer = {"[html]<b>HPP</b>": "[plain]biaya satu barang", "Laba": "untung"}
    assert grade(question, answer).correct is True


def test_a_short_answer_marker_is_dropped_because_answers_are_typed_text():
    question = only("::s::Ibu kota? {=[plain]Jakarta}")
    assert question["answers"][0]["text"] == "Jakarta"


def test_a_description_is_imported_as_ungraded_text_between_questions():
    result = parse_gift("::q1::Roti? {T}\n\n[markdown]Bacalah **cerita** ini dulu.\n\n::q2::Kue? {F}\n",
                        require_title=True)
    assert result.problems == []
    assert [q["type"] for q in result.questions] == ["truefalse", "description", "truefalse"]
    note = result.questions[1]
    assert note["id"] == "keterangan-baris-3" and note["points"] == 0
    assert note["text"] == "Bacalah **cerita** ini dulu." and note["text_format"] == "markdown"
    assert grade(note, "apa saja").correct is None


def test_matching_with_only_two_pairs_is_accepted():
    question = only("::m::Pasangkan {=HPP -> biaya =Laba -> untung}")
    assert [p["left"] for p in question["pairs"]] == ["HPP", "Laba"]
