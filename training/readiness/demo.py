"""Demo data for the readiness review: the instructor's assessment and the learner's own plan for
the first demo learner (BI.101/2025, on the demo officer pk.ratih's caseload).

Safe to run again: what already exists is left alone.
"""
from __future__ import annotations

from training.accounts.models import User
from training.extensions import db
from training.readiness import services


def load_demo_readiness() -> None:
    """Add pengajar.dian's assessment of BI.101/2025 and BI.101/2025's plan, if they are missing."""
    learner = db.session.scalar(db.select(User).where(User.reg_number == "BI.101/2025", User.is_demo.is_(True)))
    teacher = db.session.scalar(db.select(User).where(User.username == "pengajar.dian", User.is_demo.is_(True)))
    if learner is None or teacher is None:
        return
    if services.assessment_of(learner, teacher) is None:
        services.save_assessment(
            learner, teacher,
            {"attendance": 4, "initiative": 3, "teamwork": 3, "numeracy": 2, "quality": 4},
            "Rajin datang dan hasil kerjanya rapi. Masih perlu latihan menghitung harga pokok sendiri.",
        )
    if services.plan_of(learner) is None:
        services.save_plan(learner, {
            "goals": "Pulang ke Tangerang, tinggal dengan keluarga dan punya penghasilan sendiri.",
            "business": "Usaha keripik singkong dan pisang, dijual ke warung dan lewat pesanan.",
            "obstacles": "Belum punya modal untuk alat penggorengan dan kemasan, belum punya izin PIRT.",
            "support": "Pinjaman modal kecil dari koperasi, bantuan mengurus NIB dan PIRT, pendampingan Bapas.",
        })
    db.session.flush()
