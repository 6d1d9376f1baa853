"""The demo offers the shipped courses and shows a learner with some progress, loaded twice or not."""
from __future__ import annotations

from pathlib import Path

from training.accounts.models import User
from training.courses import importer
from training.courses.models import FacilityCourse, LessonProgress, QuizAttempt
from training.extensions import db

SHIPPED = Path(__file__).resolve().parents[2] / "content" / "courses"


def _count(model) -> int:
    return db.session.scalar(db.select(db.func.count()).select_from(model))


def test_demo_offers_imported_courses_and_gives_the_first_learner_progress_once(app_ctx):
    from training.demo import load_demo

    importer.import_courses(importer.check(SHIPPED)[0])
    load_demo()
    db.session.commit()
    counts = (_count(FacilityCourse), _count(QuizAttempt), _count(LessonProgress))
    assert counts[0] == len([p for p in SHIPPED.iterdir() if (p / "course.md").is_file()]) == 4
    learner = db.session.scalar(db.select(User).where(User.reg_number == "BI.101/2025"))
    attempts = db.session.scalars(db.select(QuizAttempt).where(QuizAttempt.learner_id == learner.id)).all()
    assert [(a.number, a.passed, a.score) for a in attempts][:1] == [(1, True, 100.0)]
    load_demo()
    db.session.commit()
    assert (_count(FacilityCourse), _count(QuizAttempt), _count(LessonProgress)) == counts
