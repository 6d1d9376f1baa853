"""Evidence for the readiness tests: world.learner finishes the test course, attends classes,
plays a practice season, is assessed by the instructor and writes a plan."""
from __future__ import annotations

from datetime import date, time

from tests.conftest import make_world


def add_evidence(world, *, attended: int = 8, absent: int = 2) -> None:
    """Give world.learner evidence of every kind (inside an app context; commits)."""
    from training.accounts.models import User
    from training.courses import services
    from training.courses.models import Course
    from training.teaching.models import AttendanceRecord, AttendanceSession
    from training.extensions import db
    from training.readiness import services as readiness
    from training.storefront.models import SEASON_FINISHED, MarketSeason, MarketWeek

    learner = db.session.get(User, world.learner.id)
    instructor = db.session.get(User, world.instructor.id)
    course = db.session.get(Course, world.course.id)
    for lesson in course.lessons:
        services.complete_lesson(learner, lesson)
    # Exactly these sessions count: whatever attendance the shared world already holds is dropped.
    db.session.execute(db.delete(AttendanceRecord).where(AttendanceRecord.learner_id == learner.id))
    for day in range(attended + absent):
        session = AttendanceSession(class_id=world.class_a.id, held_on=date(2024, 3, 1 + day), starts_at=time(8),
                                    planned_minutes=120)
        db.session.add(session)
        db.session.flush()
        db.session.add(AttendanceRecord(session_id=session.id, learner_id=learner.id,
                                        status="present" if day < attended else "absent",
                                        minutes=120 if day < attended else 0))
    for index, profits in enumerate(([150_000, 90_000], [-20_000, 60_000])):
        season = MarketSeason(learner_id=learner.id, facility_id=world.lapas.id, weeks=2, seed=index,
                              settings={}, status=SEASON_FINISHED, weeks_played=2)
        db.session.add(season)
        db.session.flush()
        for week, profit in enumerate(profits):
            db.session.add(MarketWeek(season_id=season.id, week_index=week, decisions=[], result={},
                                      profit=profit, expected_profit=80, best_profit=100))
    readiness.save_assessment(learner, instructor, {"attendance": 4, "initiative": 3, "teamwork": 2,
                                                    "numeracy": 3, "quality": 4}, "Rajin dan teliti.")
    readiness.save_plan(learner, {"goals": "Membuka usaha keripik pisang", "business": "Keripik pisang",
                                  "obstacles": "Modal awal", "support": "Pinjaman koperasi"})
    db.session.commit()


__all__ = ["add_evidence", "make_world"]
