"""Reading Moodle GIFT banks, feature by feature, and reporting broken questions."""

from pathlib import Path

import pytest

from training.courses.gift import category_matches, normalize_category, parse_gift
from training.courses.questions import grade

EXAMPLES = Path(__file__).parent / "data" / "moodle_examples.gift"


@pytest.fixture(scope="module")
def examples():
    result = parse_gift(EXAMPLES.read_text(encoding="utf-8"), source="moodle_examples.gift")
    assert result.problems == []
    return {question["id"]: question for question in result.questions}


def only(text: str) -> dict:
    result = parse_gift(text)
    assert result.problems == [], result.problems
    assert len(result.questions) == 1
    return result.questions[0]


def problems_of(text: str) -> list:
    result = parse_gift(text)
    assert result.questions == []
    return result.problems


def test_every_documented_example_is_read(examples):
    assert len(examples) == 27


def test_multiple_choice_marks_the_equals_answer_right(examples):
    question = examples["grant-tomb"]
    assert question["type"] == "single"
    assert question["text"] == "Who's buried in Grant's tomb?"
    assert [(c["text"], c["weight"]) for c in question["choices"]] == [
        ("Grant", 0), ("Jefferson", 0), ("no one", 100)]


def test_answers_can_be_written_on_separate_lines(examples):
    assert [c["text"] for c in examples["kanji-origins"]["choices"]] == [
        "India", "China", "Korea", "Egypt"]
    assert examples["kanji-origins"]["text"] == (
        "Japanese characters originally\ncame from what country?")


@pytest.mark.parametrize(("title", "text"), [
    ("missing-word", "Grant is _____ in Grant's tomb."),
    ("thanksgiving", "The American holiday of Thanksgiving is celebrated on the _____ Thursday of "
                     "November."),
    ("two-plus-two", "Two plus _____ equals four."),
    ("hometown-mc", "Jesus Christ was from _____."),
])
def test_missing_word_puts_a_blank_where_the_braces_were(examples, title, text):
    assert examples[title]["text"] == text


def test_per_answer_feedback_follows_a_hash(examples):
    assert [c["feedback"] for c in examples["spectrum"]["choices"]] == [
        "right; good!", "wrong, it's yellow", "wrong, it's yellow"]


def test_multiple_choice_without_equals_becomes_several_answers_with_weights(examples):
    question = examples["two-people"]
    assert question["type"] == "multiple"
    assert [c["weight"] for c in question["choices"]] == [-100, 50, 50, -100]
    assert grade(question, ["1", "2"]).score == 1.0
    assert grade(question, ["0", "1", "2"]).score == 0.0


def test_partial_credit_weights_in_multiple_choice(examples):
    question = examples["hometown-mc"]
    assert question["type"] == "single"
    assert [c["weight"] for c in question["choices"]] == [0, 25, 50, 100]
    assert grade(question, "2").score == 0.5


def test_short_answer_takes_all_equals_answers(examples):
    question = examples["short-grant"]
    assert question["type"] == "short"
    assert [a["text"] for a in question["answers"]] == ["no one", "nobody"]
    assert grade(question, "Nobody").correct is True


def test_short_answer_weights_and_feedback(examples):
    answers = examples["short-weights"]["answers"]
    assert [(a["text"], a["weight"]) for a in answers] == [
        ("Nazareth", 100), ("Nazereth", 75), ("Bethlehem", 25)]
    assert answers[1]["feedback"] == "Right, but misspelled."


@pytest.mark.parametrize(("title", "answer"), [
    ("true-grant", True), ("false-sun", False), ("true-long", True), ("false-short", False),
])
def test_true_false_in_all_four_spellings(examples, title, answer):
    assert examples[title]["type"] == "truefalse"
    assert examples[title]["answer"] is answer


def test_true_false_first_feedback_is_for_a_wrong_answer_second_for_a_right_one(examples):
    question = examples["false-feedback"]  # {FALSE#42 is the Ultimate Answer.#You gave ...}
    assert grade(question, "true").feedback == "42 is the Ultimate Answer."
    assert grade(question, "false").feedback == "You gave the right answer."


def test_true_feedback_order_for_a_true_statement():
    question = only("::t::Roti dibuat dari tepung.{T#Coba lagi.#Bagus!}")
    assert (question["feedback_true"], question["feedback_false"]) == ("Bagus!", "Coba lagi.")


def test_matching_reads_pairs(examples):
    question = examples["capitals"]
    assert question["type"] == "matching"
    assert question["pairs"][3] == {"left": "India", "right": "New Delhi"}


def test_matching_with_an_extra_wrong_right_item():
    question = only("::m::Pasangkan. {=Tepung -> Bahan =Upah -> Tenaga =Plastik -> Kemasan "
                    "= -> Laba}")
    assert question["pairs"][-1] == {"left": "", "right": "Laba"}


@pytest.mark.parametrize(("title", "answers"), [
    ("grant-born", [{"value": 1822, "tolerance": 5, "weight": 100, "feedback": None}]),
    ("pi-tolerance", [{"value": 3.14159, "tolerance": 0.0005, "weight": 100, "feedback": None}]),
    ("pi-range", [{"min": 3.141, "max": 3.142, "weight": 100, "feedback": None}]),
    ("grant-born-partial", [
        {"value": 1822, "tolerance": 0, "weight": 100, "feedback": "Correct! Full credit."},
        {"value": 1822, "tolerance": 2, "weight": 50,
         "feedback": "He was born in 1822. Half credit for being close."}]),
])
def test_numerical_answers_tolerances_ranges_and_weights(examples, title, answers):
    assert examples[title]["type"] == "numeric"
    assert examples[title]["answers"] == answers


def test_numerical_range_edges_like_moodle_documents(examples):
    question = examples["pi-tolerance"]
    assert grade(question, "3,141").correct is False
    assert grade(question, "3,142").correct is True


@pytest.mark.parametrize(("gift", "answer", "score"), [
    ("::n::HPP?{#12500:0}", "Rp12.500", 1.0),
    ("::n::HPP?{#12500:0}", "12.600", 0.0),
    ("::n::Angka 1 sampai 5?{#1..5}", "4,5", 1.0),
    ("::n::HPP?{#=12500:0 =%50%12000:500}", "12.400", 0.5),
    ("::n::HPP?{#=12500:0 =%50%12000:500}", "12.500", 1.0),
])
def test_numerical_questions_grade_indonesian_answers(gift, answer, score):
    assert grade(only(gift), answer).score == score


def test_numerical_feedback_for_any_other_answer():
    question = only("::n::HPP?{#=12500#Tepat. ~#Hitung lagi biaya kemasan.}")
    assert grade(question, "10.000").feedback == "Hitung lagi biaya kemasan."


def test_essay_has_empty_braces(examples):
    assert examples["hammarskjold"]["type"] == "essay"


def test_general_feedback_after_four_hashes(examples):
    assert examples["general-feedback"]["explanation"] == "Simple arithmetic."
    assert examples["general-feedback"]["answer"] is True


def test_text_format_tag_is_kept_and_removed_from_the_text(examples):
    assert examples["formatted"]["text_format"] == "markdown"
    assert examples["formatted"]["text"].startswith("The *American holiday")
    assert examples["grant-tomb"]["text_format"] == "moodle"


@pytest.mark.parametrize("tag", ["html", "plain", "moodle", "markdown"])
def test_each_text_format_tag(tag):
    assert only(f"::f::[{tag}]Roti?{{T}}")["text_format"] == tag


def test_escaped_control_characters_are_literal(examples):
    assert [c["text"] for c in examples["escapes"]["choices"]] == ["= 2 + 2", "= 2 + 3", "= 2 + 4"]
    choices = examples["control-characters"]["choices"]
    assert [c["text"] for c in choices] == ["~", "=", "#", "{", "}", "\\"]
    assert choices[5]["weight"] == 100


def test_escaped_colon_and_newline():
    question = only("::e::Jam buka 08\\:00\\nsampai 16\\:00?{T}")
    assert question["text"] == "Jam buka 08:00\nsampai 16:00?"


def test_titles_become_ids_and_untitled_questions_keep_none():
    result = parse_gift("::hpp-1::Soal satu?{T}\n\nSoal dua?{F}")
    assert [(q["id"], q["title"]) for q in result.questions] == [("hpp-1", "hpp-1"), (None, None)]


def test_a_title_is_required_when_asked_for():
    result = parse_gift("Soal tanpa judul?{T}", require_title=True)
    assert result.questions == [] and "id" in result.problems[0].message


def test_categories_apply_to_the_following_questions(examples):
    assert examples["in-harry"]["category"] == "tom/dick/harry"
    assert examples["in-mycategory"]["category"] == "mycategory"
    assert examples["grant-tomb"]["category"] is None


@pytest.mark.parametrize(("raw", "expected"), [
    ("$course$/top/HPP/roti", "HPP/roti"), ("top/Kas", "Kas"), (" a / b ", "a/b"),
    ("Untung//Rugi", "Untung/Rugi"),
])
def test_category_paths_drop_moodle_prefixes(raw, expected):
    assert normalize_category(raw) == expected


@pytest.mark.parametrize(("category", "wanted", "matches"), [
    ("HPP", "HPP", True), ("HPP/roti", "HPP", True), ("hpp/Roti", "HPP/roti", True),
    ("HPPX", "HPP", False), ("Kas", "HPP", False), (None, "HPP", False),
])
def test_category_filter_takes_the_category_and_below(category, wanted, matches):
    assert category_matches(category, wanted) is matches


def test_comments_are_skipped_and_line_numbers_are_kept(examples):
    assert examples["grant-tomb"]["source"] == {"path": "moodle_examples.gift", "line": 5}
    assert examples["control-characters"]["source"]["line"] == 105


def test_windows_line_endings_and_a_byte_order_mark_are_fine():
    result = parse_gift("\ufeff::a::Satu?{T}\r\n\r\n::b::Dua?{F}\r\n")
    assert [q["id"] for q in result.questions] == ["a", "b"]
    assert result.questions[1]["source"]["line"] == 3


@pytest.mark.parametrize(("gift", "fragment"), [
    ("::a::Roti dibuat dari {=tepung ~pasir", "tidak ditutup"),
    ("::a::Roti dibuat dari {~tepung ~pasir}", "Tidak ada jawaban yang benar"),
    ("::a::Roti? {~%abc%tepung =gula}", "bukan angka persen"),
    ("::a::Roti? {~%150%tepung =gula}", "di luar batas"),
    ("::a::Pasangkan {=a -> 1}", "paling sedikit 2 pasangan"),
    ("::a::Pasangkan {=a -> 1 = -> 3}", "paling sedikit 2 pasangan"),
    ("::a::Pasangkan {=a -> 1 =b -> 2 =c 3}", "tidak punya tanda '->'"),
    ("::a::Pasangkan {=a -> 1#bagus =b -> 2 =c -> 3}", "tidak mendukung"),
    ("::a::HPP? {#12.500,5}", "memakai koma"),
    ("::a::HPP? {#dua}", "bukan angka"),
    ("::a::HPP? {#5..1}", "lebih besar"),
    ("::a::HPP? {#=%50%12500}", "berbobot 100%"),
    ("::a::Benar? {T#a#b#c}", "dua umpan balik"),
    ("::a Roti? {T}", "Judul soal tidak ditutup"),
    ("::a::Roti {T} dan {F}", "satu bagian jawaban"),
    ("::a::Isi {teks ~a =b}", "tidak diawali"),
    ("::a::Roti? {~a =}", "kosong"),
])
def test_broken_questions_are_reported_with_their_line(gift, fragment):
    problems = problems_of("// komentar\n\n" + gift)
    assert len(problems) == 1
    assert problems[0].line == 3
    assert fragment in problems[0].message


def test_one_broken_question_does_not_stop_the_others():
    text = "::a::Satu?{T}\n\n::b::Dua {=x ~y\n\n::c::Tiga?{F}\n"
    result = parse_gift(text)
    assert [q["id"] for q in result.questions] == ["a", "c"]
    assert [(p.line, "tidak ditutup" in p.message) for p in result.problems] == [(3, True)]


def test_a_single_short_answer_may_be_written_without_equals():
    question = only("::s::Bahan utama roti?{tepung}")
    assert question["type"] == "short"
    assert question["answers"][0]["text"] == "tepung"


def test_questions_are_valid_canonical_dicts_with_one_point():
    question = only("::hpp::HPP?{=biaya ~harga}")
    assert question["points"] == 1
    assert question["choices"][1] == {"text": "harga", "weight": 0, "feedback": None}
