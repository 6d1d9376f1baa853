"""The readiness rubric is a pure function of an evidence dict: levels at their thresholds, the
reasons in words, and the evidence that is missing listed by name."""
from __future__ import annotations

import copy

import pytest

from training.readiness.rubric import (
    LEVEL_ALMOST,
    LEVEL_NOT_YET,
    LEVEL_READY,
    RubricSettings,
    assess,
    rupiah_text,
)

SETTINGS = RubricSettings()


def full_evidence() -> dict:
    """A learner with every piece of evidence, all at or above the default thresholds."""
    return {
        "courses": [
            {"title": "Manajemen Usaha", "completed": True},
            {"title": "Pemasaran", "completed": True},
        ],
        "quizzes": [{"course": "Manajemen Usaha", "lesson": "Uang", "score": 90.0}],
        "tasks": [{"course": "Pemasaran", "title": "Poster", "percent": 80.0}],
        "attendance": {"percent": 90.0, "sessions": 10},
        "certificates": [{"course": "Manajemen Usaha", "revoked": False}],
        "storefront": {"seasons_finished": 2, "seasons_with_profit": 1, "total_profit": 1_250_000,
                       "pricing_skill_percent": 72},
        "assessment": {"scores": {"attendance": 4, "initiative": 3, "teamwork": 3, "numeracy": 3, "quality": 4}},
        "plan": {"goals": "Buka warung", "business": "Keripik", "obstacles": "Modal", "support": "Keluarga"},
    }


def only_weight(key: str) -> RubricSettings:
    """Settings where only one part counts, so the part's credit decides the percent."""
    weights = {f"weight_{k}": 0 for k in ("courses", "quizzes", "practical", "attendance", "storefront",
                                          "assessment", "plan")}
    weights[f"weight_{key}"] = 10
    return RubricSettings(**weights)


def test_full_evidence_is_ready_with_reasons():
    result = assess(full_evidence(), SETTINGS)
    assert result.level == LEVEL_READY
    assert result.label == "Siap"
    assert not result.missing and not result.gaps
    assert "menyelesaikan 2 dari 2 kursus" in result.strengths
    assert "kehadiran 90% (batas 75%)" in result.strengths
    assert "bersertifikat Manajemen Usaha" in result.strengths
    assert any("total laba Rp1.250.000" in s for s in result.strengths)


def test_empty_evidence_is_not_ready_and_lists_every_missing_piece():
    result = assess({}, SETTINGS)
    assert result.level == LEVEL_NOT_YET
    assert result.label == "Belum siap"
    assert result.missing == [
        "belum ada kursus yang diikuti",
        "belum ada nilai kuis",
        "belum ada tugas praktik yang dinilai",
        "belum ada data kehadiran",
        "belum menyelesaikan satu musim pasar di toko latihan",
        "pengajar belum mengisi penilaian sikap",
        "rencana setelah bebas belum ditulis",
    ]


def test_unfinished_course_is_named():
    evidence = full_evidence()
    evidence["courses"][1]["completed"] = False
    result = assess(evidence, SETTINGS)
    assert "belum menyelesaikan Pemasaran" in result.gaps
    assert "menyelesaikan 1 dari 2 kursus" in result.strengths


@pytest.mark.parametrize("value, met", [(74.9, False), (75, True)])
def test_attendance_threshold(value, met):
    evidence = full_evidence()
    evidence["attendance"]["percent"] = value
    part = next(p for p in assess(evidence, SETTINGS).parts if p.key == "attendance")
    assert part.met is met
    if not met:  # rounded down: a value under the threshold never reads as the threshold
        assert part.gaps == ["kehadiran 74%, di bawah batas 75%"]


def test_attendance_reason_reads_like_the_issue():
    evidence = full_evidence()
    evidence["attendance"]["percent"] = 62
    assert "kehadiran 62%, di bawah batas 75%" in assess(evidence, SETTINGS).gaps


@pytest.mark.parametrize("key, path, below, at", [
    ("quizzes", ("quizzes", 0, "score"), 69.9, 70),
    ("practical", ("tasks", 0, "percent"), 69.9, 70),
    ("storefront", ("storefront", "pricing_skill_percent"), 59, 60),
])
def test_part_threshold_just_below_and_at(key, path, below, at):
    for value, met in ((below, False), (at, True)):
        evidence = full_evidence()
        target = evidence
        for step in path[:-1]:
            target = target[step]
        target[path[-1]] = value
        part = next(p for p in assess(evidence, SETTINGS).parts if p.key == key)
        assert part.met is met, (key, value)


@pytest.mark.parametrize("scores, met", [
    ({"attendance": 3, "initiative": 3, "teamwork": 3, "numeracy": 3, "quality": 2}, False),  # 2,8
    ({"attendance": 3, "initiative": 3, "teamwork": 3, "numeracy": 3, "quality": 3}, True),  # 3,0
])
def test_assessment_threshold(scores, met):
    evidence = full_evidence()
    evidence["assessment"]["scores"] = scores
    result = assess(evidence, SETTINGS)
    part = next(p for p in result.parts if p.key == "assessment")
    assert part.met is met
    if not met:
        assert "penilaian sikap dari pengajar rata-rata 2,8 dari 4, di bawah batas 3,0" in result.gaps
        assert "kepedulian pada mutu masih 2 dari 4" in result.gaps


def test_seasons_threshold():
    evidence = full_evidence()
    evidence["storefront"]["seasons_finished"] = 1
    settings = RubricSettings(min_seasons=2)
    result = assess(evidence, settings)
    assert "baru 1 musim pasar selesai, batasnya 2" in result.gaps
    evidence["storefront"]["seasons_finished"] = 2
    assert next(p for p in assess(evidence, settings).parts if p.key == "storefront").met


def test_loss_is_said_as_a_loss():
    evidence = full_evidence()
    evidence["storefront"].update(total_profit=-50_000, seasons_with_profit=0)
    assert "2 musim pasar selesai, 0 dengan laba; total rugi Rp50.000" in assess(evidence, SETTINGS).gaps


def test_plan_lists_unanswered_questions():
    evidence = full_evidence()
    evidence["plan"]["obstacles"] = "  "
    result = assess(evidence, SETTINGS)
    assert "rencana belum menjawab: hambatan" in result.gaps


@pytest.mark.parametrize("done, level", [
    # Only courses count: 17 of 20 done is 85% (the Siap threshold), 16 is 80%; 12 is 60%, 11 is 55%.
    (17, LEVEL_READY), (16, LEVEL_ALMOST), (12, LEVEL_ALMOST), (11, LEVEL_NOT_YET),
])
def test_level_thresholds_just_below_and_at(done, level):
    evidence = {"courses": [{"title": f"K{i}", "completed": i < done} for i in range(20)]}
    result = assess(evidence, only_weight("courses"))
    assert result.level == level, result.percent


def test_missing_evidence_blocks_ready_even_with_a_high_score():
    evidence = full_evidence()
    evidence["attendance"] = None
    settings = RubricSettings(weight_attendance=1)  # 1 of 91 missing: still above 85%
    result = assess(evidence, settings)
    assert result.percent >= settings.ready_percent
    assert result.level == LEVEL_ALMOST
    assert "belum ada data kehadiran" in result.missing
    assert "belum bisa Siap selama ada bukti yang belum ada" in result.gaps


def test_weight_zero_leaves_a_part_out():
    evidence = full_evidence()
    evidence["storefront"] = None
    result = assess(evidence, RubricSettings(weight_storefront=0))
    assert result.level == LEVEL_READY
    assert all(p.key != "storefront" for p in result.parts)


def test_revoked_certificate_is_not_a_strength():
    evidence = full_evidence()
    evidence["certificates"][0]["revoked"] = True
    assert "bersertifikat Manajemen Usaha" not in assess(evidence, SETTINGS).strengths


def test_reasons_never_a_bare_number():
    result = assess(copy.deepcopy(full_evidence()) | {"attendance": {"percent": 50, "sessions": 4}}, SETTINGS)
    for text in result.strengths + result.gaps + result.missing:
        assert any(ch.isalpha() for ch in text), text


def test_rupiah_text():
    assert rupiah_text(1250000) == "Rp1.250.000"
    assert rupiah_text(-5000) == "-Rp5.000"
