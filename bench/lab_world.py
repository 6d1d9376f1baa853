"""Add a lab's worth of accounts to a demo installation, for the load scenario (bench/locustfile.py).

Creates classes of 40 learners each (all with the demo password), one instructor per class, officers
with the learners on their caseloads, and assigns the first course to every class. One learner in
``HANDED_IN_EVERY`` has handed in the course's practical task, so the instructors' grading queue has
work to open and grade. Writes the sign-ins to ``<instance>/lab_world.json``. Run inside a scratch
installation only (bench/serving.py does that): the accounts are marked as demo accounts.

Run: KARYA_INSTANCE_PATH=... python bench/lab_world.py --learners 40 --staff 10
"""
from __future__ import annotations

import argparse
import json
import os
from pathlib import Path

from training.access import INSTRUCTOR, OFFICER
from training.accounts.models import Facility
from training.accounts.services import create_class, create_learner, create_staff, set_class_members, set_officer
from training.app import create_app
from training.clock import today_utc
from training.courses.models import Course, Task
from training.courses.services import submit_task
from training.demo import DEMO_PASSWORD
from training.extensions import db
from training.storefront.demo import KERIPIK
from training.storefront.services import save_product
from training.teaching.assignments import create_assignment

CLASS_SIZE = 40
HANDED_IN_EVERY = 4
BUSINESS_PLAN = ("Produk: keripik singkong pedas, 100 gram per bungkus. Pembeli: warung dan kantin sekitar. "
                 "HPP Rp6.000 per bungkus, harga jual Rp10.000. Biaya tetap Rp300.000 sebulan, jadi titik impas "
                 "75 bungkus sebulan. Modal awal Rp750.000 untuk wajan, kompor dan bahan dua minggu.")


def build(learners: int, staff: int) -> dict:
    """Create the accounts; return the sign-ins by kind."""
    lapas = db.session.scalar(db.select(Facility).where(Facility.code == "LPS-CONTOH"))
    bapas = db.session.scalar(db.select(Facility).where(Facility.code == "BPS-CONTOH"))
    course = db.session.scalar(db.select(Course).order_by(Course.title))
    classes = max(1, -(-learners // CLASS_SIZE))
    instructors_wanted = max(classes, staff - max(1, staff // 4))
    officers_wanted = max(1, staff - instructors_wanted)
    instructors = [create_staff(lapas, role=INSTRUCTOR, username=f"lab.pengajar{n}", full_name=f"Pengajar Lab {n}",
                                is_demo=True, password=DEMO_PASSWORD)[0] for n in range(1, instructors_wanted + 1)]
    officers = [create_staff(bapas, role=OFFICER, username=f"lab.pk{n}", full_name=f"PK Lab {n}",
                             is_demo=True, password=DEMO_PASSWORD)[0] for n in range(1, officers_wanted + 1)]
    people = [create_learner(lapas, reg_number=f"LAB.{n:04d}/2026", full_name=f"Peserta Lab {n}", is_demo=True,
                             password=DEMO_PASSWORD)[0] for n in range(1, learners + 1)]
    db.session.flush()
    for index in range(classes):
        members = people[index * CLASS_SIZE:(index + 1) * CLASS_SIZE]
        teachers = {t.id for t in instructors[index::classes]}
        lab_class = create_class(lapas, name=f"Kelas Lab {index + 1}")
        set_class_members(lab_class, {m.id for m in members}, teachers)
        create_assignment(None, course, opens_on=today_utc(), due_on=None, training_class=lab_class)
    for index, learner in enumerate(people):
        set_officer(learner, officers[index % len(officers)])
        save_product(learner, dict(KERIPIK))  # something to sell in the practice shop
    tasks = db.session.scalars(db.select(Task).where(Task.course_id == course.id, Task.is_active.is_(True))).all()
    for learner in people[::HANDED_IN_EVERY]:
        for course_task in tasks:
            submit_task(learner, course_task, BUSINESS_PLAN)
    db.session.flush()
    return {
        "password": DEMO_PASSWORD,
        "learners": [p.reg_number for p in people],
        "instructors": [i.username for i in instructors],
        "officers": [o.username for o in officers],
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--learners", type=int, default=40)
    parser.add_argument("--staff", type=int, default=10)
    args = parser.parse_args()
    app = create_app()
    with app.app_context():
        world = build(args.learners, args.staff)
        db.session.commit()
    Path(os.environ["KARYA_INSTANCE_PATH"], "lab_world.json").write_text(json.dumps(world))


if __name__ == "__main__":
    main()
