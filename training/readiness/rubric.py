"""The readiness rubric: a pure function of an evidence dict and the national settings.

It gives advice to the parole officer, never a verdict: a level (*Siap*, *Hampir siap*, *Belum
siap*) with the reasons in plain words ("belum menyelesaikan Pemasaran", "kehadiran 62%, di bawah
batas 75%") and the evidence that is still missing. The weighted percent behind the level is kept
for tests and never shown on its own.

The evidence dict is the one :func:`training.readiness.evidence.gather` builds; a key that is
``None`` (or absent) means that evidence does not exist yet. No Flask, no database here.
"""
from __future__ import annotations

import math
from dataclasses import asdict, dataclass, field, fields

from training.extensions import gettext as _

LEVEL_READY = "siap"
LEVEL_ALMOST = "hampir"
LEVEL_NOT_YET = "belum"
LEVELS = (LEVEL_READY, LEVEL_ALMOST, LEVEL_NOT_YET)
PLAN_FIELDS = ("goals", "business", "obstacles", "support")
# The instructor's short attitude rubric, each criterion scored 1..4 (labels: criterion_label).
ASSESSMENT_CRITERIA = ("attendance", "initiative", "teamwork", "numeracy", "quality")


@dataclass(frozen=True)
class RubricSettings:
    """Weights (relative, 0 switches a part off) and thresholds a national admin sets."""

    weight_courses: int = 20
    weight_quizzes: int = 10
    weight_practical: int = 15
    weight_attendance: int = 15
    weight_storefront: int = 15
    weight_assessment: int = 15
    weight_plan: int = 10
    min_quiz_percent: int = 70
    min_practical_percent: int = 70
    min_attendance_percent: int = 75
    min_pricing_percent: int = 60
    min_seasons: int = 1
    min_assessment: float = 3.0
    ready_percent: int = 85
    almost_percent: int = 60

    @classmethod
    def from_row(cls, row) -> "RubricSettings":
        """Settings from a ReadinessSettings row (or the defaults when there is none)."""
        if row is None:
            return cls()
        return cls(**{f.name: getattr(row, f.name) for f in fields(cls)})

    def as_dict(self) -> dict:
        """The settings as a plain dict (for forms and the audit trail)."""
        return asdict(self)


@dataclass
class Part:
    """One part of the rubric for one learner: how much of its weight it earned and why."""

    key: str
    weight: int
    credit: float | None  # 0..1; None when the evidence is missing
    met: bool
    strengths: list[str] = field(default_factory=list)
    gaps: list[str] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)


@dataclass
class RubricResult:
    """The advice: a level, the reasons for it and what is missing."""

    level: str
    percent: float  # for tests and ordering; never shown without the reasons
    strengths: list[str]
    gaps: list[str]
    missing: list[str]
    parts: list[Part]

    @property
    def label(self) -> str:
        """The level in words."""
        return level_label(self.level)


def level_label(level: str | None) -> str:
    """*Siap*, *Hampir siap* or *Belum siap*. (Only the one asked for is translated: a caseload
    asks for every learner's.)"""
    if level == LEVEL_READY:
        return _("Siap")
    if level == LEVEL_ALMOST:
        return _("Hampir siap")
    if level == LEVEL_NOT_YET:
        return _("Belum siap")
    return _("Belum dinilai")


def percent_text(value: float) -> str:
    """A percent as people write it: ``62%``. Rounded down, so 74.9 never reads as "75%, under
    the 75% threshold"."""
    return f"{math.floor(value + 1e-9)}%"


def decimal_text(value: float) -> str:
    """One decimal with a comma: ``3,2``."""
    return f"{value:.1f}".replace(".", ",")


def rupiah_text(amount: int) -> str:
    """Whole rupiah with dots: ``Rp1.250.000`` (a loss keeps its minus sign)."""
    sign = "-" if amount < 0 else ""
    return f"{sign}Rp{abs(int(amount)):,}".replace(",", ".")


def criterion_label(key: str) -> str:
    """The name of a criterion of the instructor's assessment."""
    return {
        "attendance": _("kehadiran dan ketepatan waktu"),
        "initiative": _("inisiatif"),
        "teamwork": _("kerja sama"),
        "numeracy": _("kemampuan berhitung"),
        "quality": _("kepedulian pada mutu"),
    }.get(key, key)


def plan_field_label(key: str) -> str:
    """The name of a part of the learner's plan."""
    return {
        "goals": _("tujuan setelah bebas"),
        "business": _("usaha yang ingin dijalankan"),
        "obstacles": _("hambatan"),
        "support": _("dukungan yang dibutuhkan"),
    }.get(key, key)


# --- the parts ----------------------------------------------------------------------------------

def _ratio(value: float, threshold: float) -> float:
    return 1.0 if threshold <= 0 else max(0.0, min(1.0, value / threshold))


def _judge(part: Part, value: float, limit: float, strength: str, gap: str, **values) -> Part:
    """Credit ``part`` for ``value`` against ``limit`` and give the reason: ``strength`` when the
    limit is met, ``gap`` when not (both already translated templates; ``value`` and ``limit``
    are filled in as percents)."""
    part.credit = _ratio(value, limit)
    part.met = value >= limit
    text = dict(values, value=percent_text(value), limit=percent_text(limit))
    (part.strengths if part.met else part.gaps).append((strength if part.met else gap) % text)
    return part


def _courses(evidence: dict, s: RubricSettings) -> Part:
    part = Part("courses", s.weight_courses, None, False)
    courses = evidence.get("courses") or []
    if not courses:
        part.missing.append(_("belum ada kursus yang diikuti"))
        return part
    done = [c for c in courses if c.get("completed")]
    part.credit = len(done) / len(courses)
    part.met = len(done) == len(courses)
    if done:
        part.strengths.append(_("menyelesaikan %(done)d dari %(total)d kursus", done=len(done), total=len(courses)))
    for course in courses:
        if not course.get("completed"):
            part.gaps.append(_("belum menyelesaikan %(title)s", title=course["title"]))
    return part


def _quizzes(evidence: dict, s: RubricSettings) -> Part:
    part = Part("quizzes", s.weight_quizzes, None, False)
    scores = [q["score"] for q in evidence.get("quizzes") or [] if q.get("score") is not None]
    if not scores:
        part.missing.append(_("belum ada nilai kuis"))
        return part
    return _judge(part, sum(scores) / len(scores), s.min_quiz_percent,
                  _("rata-rata nilai kuis %(value)s (batas %(limit)s)"),
                  _("rata-rata nilai kuis %(value)s, di bawah batas %(limit)s"))


def _practical(evidence: dict, s: RubricSettings) -> Part:
    part = Part("practical", s.weight_practical, None, False)
    graded = [t for t in evidence.get("tasks") or [] if t.get("percent") is not None]
    if not graded:
        part.missing.append(_("belum ada tugas praktik yang dinilai"))
        return part
    return _judge(part, sum(t["percent"] for t in graded) / len(graded), s.min_practical_percent,
                  _("%(n)d tugas praktik dinilai, rata-rata %(value)s (batas %(limit)s)"),
                  _("nilai tugas praktik rata-rata %(value)s, di bawah batas %(limit)s"), n=len(graded))


def _attendance(evidence: dict, s: RubricSettings) -> Part:
    part = Part("attendance", s.weight_attendance, None, False)
    attendance = evidence.get("attendance")
    if not attendance or attendance.get("percent") is None or not attendance.get("sessions"):
        part.missing.append(_("belum ada data kehadiran"))
        return part
    return _judge(part, attendance["percent"], s.min_attendance_percent,
                  _("kehadiran %(value)s (batas %(limit)s)"),
                  _("kehadiran %(value)s, di bawah batas %(limit)s"))


def _storefront(evidence: dict, s: RubricSettings) -> Part:
    part = Part("storefront", s.weight_storefront, None, False)
    shop = evidence.get("storefront")
    seasons = (shop or {}).get("seasons_finished") or 0
    if not shop or seasons <= 0:
        part.missing.append(_("belum menyelesaikan satu musim pasar di toko latihan"))
        return part
    pricing = shop.get("pricing_skill_percent")
    seasons_credit = _ratio(seasons, s.min_seasons)
    pricing_credit = _ratio(pricing or 0, s.min_pricing_percent)
    part.credit = (seasons_credit + pricing_credit) / 2
    seasons_ok = seasons >= s.min_seasons
    pricing_ok = pricing is not None and pricing >= s.min_pricing_percent
    part.met = seasons_ok and pricing_ok
    profit = shop.get("total_profit") or 0
    summary = _("%(n)d musim pasar selesai, %(won)d dengan laba; total %(what)s %(amount)s",
                n=seasons, won=shop.get("seasons_with_profit") or 0,
                what=_("laba") if profit >= 0 else _("rugi"), amount=rupiah_text(abs(profit)))
    (part.strengths if profit > 0 else part.gaps).append(summary)
    if not seasons_ok:
        part.gaps.append(_("baru %(n)d musim pasar selesai, batasnya %(limit)d", n=seasons, limit=s.min_seasons))
    limit = percent_text(s.min_pricing_percent)
    if pricing is None:
        part.gaps.append(_("ketepatan menentukan harga belum terukur"))
    elif pricing_ok:
        part.strengths.append(_("ketepatan menentukan harga %(value)s (batas %(limit)s)",
                                value=percent_text(pricing), limit=limit))
    else:
        part.gaps.append(_("ketepatan menentukan harga %(value)s, di bawah batas %(limit)s",
                           value=percent_text(pricing), limit=limit))
    return part


def _assessment(evidence: dict, s: RubricSettings) -> Part:
    part = Part("assessment", s.weight_assessment, None, False)
    scores = {k: v for k, v in ((evidence.get("assessment") or {}).get("scores") or {}).items() if v}
    if not scores:
        part.missing.append(_("pengajar belum mengisi penilaian sikap"))
        return part
    average = sum(scores.values()) / len(scores)
    part.credit = _ratio(average, s.min_assessment)
    part.met = average >= s.min_assessment
    text = dict(value=decimal_text(average), limit=decimal_text(s.min_assessment))
    if part.met:
        part.strengths.append(_("penilaian sikap dari pengajar rata-rata %(value)s dari 4 (batas %(limit)s)", **text))
    else:
        part.gaps.append(_("penilaian sikap dari pengajar rata-rata %(value)s dari 4, di bawah batas %(limit)s", **text))
    for key, value in scores.items():
        if value <= 2:
            part.gaps.append(_("%(criterion)s masih %(value)d dari 4", criterion=criterion_label(key), value=value))
    return part


def _plan(evidence: dict, s: RubricSettings) -> Part:
    part = Part("plan", s.weight_plan, None, False)
    plan = evidence.get("plan") or {}
    filled = [k for k in PLAN_FIELDS if (plan.get(k) or "").strip()]
    if not filled:
        part.missing.append(_("rencana setelah bebas belum ditulis"))
        return part
    part.credit = len(filled) / len(PLAN_FIELDS)
    part.met = len(filled) == len(PLAN_FIELDS)
    if part.met:
        part.strengths.append(_("sudah menulis rencana setelah bebas"))
    for key in PLAN_FIELDS:
        if key not in filled:
            part.gaps.append(_("rencana belum menjawab: %(what)s", what=plan_field_label(key)))
    return part


PARTS = (_courses, _quizzes, _practical, _attendance, _storefront, _assessment, _plan)


def assess(evidence: dict, settings: RubricSettings | None = None) -> RubricResult:
    """The readiness advice for one learner's evidence.

    *Siap* needs the weighted percent at ``ready_percent`` or more **and** no missing evidence;
    *Hampir siap* needs ``almost_percent`` or more; anything else is *Belum siap*. Parts with
    weight 0 are left out entirely.
    """
    settings = settings or RubricSettings()
    parts = [p for p in (make(evidence, settings) for make in PARTS) if p.weight > 0]
    total_weight = sum(p.weight for p in parts)
    earned = sum(p.weight * (p.credit or 0) for p in parts)
    percent = 100 * earned / total_weight if total_weight else 0.0
    missing = [text for p in parts for text in p.missing]
    gaps = [text for p in parts for text in p.gaps]
    if percent >= settings.ready_percent and not missing:
        level = LEVEL_READY
    elif percent >= settings.almost_percent:
        level = LEVEL_ALMOST
        if percent >= settings.ready_percent:
            gaps.insert(0, _("belum bisa Siap selama ada bukti yang belum ada"))
    else:
        level = LEVEL_NOT_YET
    strengths = [text for p in parts for text in p.strengths]
    for cert in evidence.get("certificates") or []:
        if not cert.get("revoked") and not cert.get("waived"):  # given by hand is no evidence of its criteria
            strengths.append(_("bersertifikat %(course)s", course=cert["course"]))
    return RubricResult(level, percent, strengths, gaps, missing, parts)
