"""The instructor-workspace part of the demo: pengajar.dian's "Kelas Usaha Pagi" has Manajemen
Usaha assigned with a due date, one attendance session taken, and BI.101/2025's practical task
graded with feedback (two more tasks wait in the grading queue). Safe to run again: each part is
skipped when it is already there, or when the course or its task was not imported."""
from __future__ import annotations

from datetime import time, timedelta

from training.accounts.models import TrainingClass, User
from training.extensions import db

DEMO_COURSE = "manajemen-usaha"


def load_demo_teaching() -> None:
    """Create the demo's assignment, attendance session and graded task (see the module docstring)."""
    from training.courses import services
    from training.teaching import assignments, attendance, grading
    from training.courses.models import Course, Task, TaskSubmission
    from training.teaching.models import Assignment, AttendanceSession

    teacher = db.session.scalar(db.select(User).where(User.username == "pengajar.dian", User.is_demo.is_(True)))
    klass = db.session.scalar(db.select(TrainingClass).where(TrainingClass.name == "Kelas Usaha Pagi"))
    course = db.session.scalar(db.select(Course).where(Course.slug == DEMO_COURSE))
    if teacher is None or klass is None or course is None or not services.is_enabled(course, klass.facility_id):
        return
    today = assignments.local_today()
    if db.session.scalar(db.select(Assignment.id).where(Assignment.class_id == klass.id).limit(1)) is None:
        assignments.create_assignment(teacher, course, training_class=klass, opens_on=today - timedelta(days=7),
                                      due_on=today + timedelta(days=21))

    learners = attendance.class_learners(klass)
    if db.session.scalar(db.select(AttendanceSession.id).where(AttendanceSession.class_id == klass.id).limit(1)) is None:
        session, _created = attendance.open_session(teacher, klass, held_on=today - timedelta(days=1),
                                                    starts_at=time(8, 0), planned_minutes=120)
        marks = {learners[2].id: ("absent", ""), learners[5].id: ("late", "95"), learners[9].id: ("excused", "")}
        attendance.save_sheet(teacher, session, marks)

    task = db.session.scalar(db.select(Task).where(Task.course_id == course.id, Task.is_active.is_(True)))
    learner = db.session.scalar(db.select(User).where(User.reg_number == "BI.101/2025", User.is_demo.is_(True)))
    if task is None or learner is None:
        return
    if db.session.scalar(db.select(TaskSubmission.id).where(TaskSubmission.task_id == task.id).limit(1)) is not None:
        return
    submission = _hand_in(learner, task, DEMO_PLAN)
    chosen = [min(2, len(c["levels"]) - 1) for c in task.rubric]  # "Baik" in every criterion
    chosen[0] = len(task.rubric[0]["levels"]) - 1
    grading.grade_submission(teacher, submission, chosen, status="graded", loaded_version=0, feedback=(
        "Rencana Anda rapi dan hitungan HPP lengkap, termasuk tenaga sendiri. Bagus! "
        "Untuk titik impas, tulis juga berapa kursi yang sanggup Anda buat sebulan, "
        "supaya kelihatan apakah target itu masuk akal."))
    for other, text in zip(learners[1:3], ("Rencana usaha keripik singkong ...", "Rencana usaha lele ...")):
        if other.id != learner.id:
            _hand_in(other, task, text)
    db.session.flush()


def _hand_in(learner, task, text: str):
    """A submission as the learner would hand it in; written directly, so the demo's lesson
    progress (which other demo checks count) stays as the course demo made it."""
    from training.courses.models import TaskSubmission

    submission = TaskSubmission(learner_id=learner.id, task_id=task.id, text=text, status="submitted")
    db.session.add(submission)
    db.session.flush()
    return submission


DEMO_PLAN = """Produk: kursi teras rotan, anyaman rapat, kuat dipakai di luar.
Pembeli: rumah tangga dan warung kopi di kota; dijual di showroom lapas dan bazar.
Pesaing: toko mebel menjual kursi sejenis Rp650.000-Rp750.000.
HPP: rotan Rp180.000, paku dan lem Rp20.000, tenaga 10 jam x Rp15.000 = Rp150.000,
pelitur Rp30.000, overhead Rp20.000. HPP = Rp400.000 per kursi.
Harga jual: Rp600.000, margin Rp200.000 per kursi, lebih murah dari toko tetapi anyaman lebih rapat.
Titik impas: biaya tetap Rp1.200.000 sebulan, margin kontribusi Rp200.000, BEP = 6 kursi
atau Rp3.600.000 sebulan.
Modal: alat Rp1.500.000, modal kerja untuk 4 kursi Rp1.600.000.
Kas bulan 1-3: saldo awal Rp3.100.000; masuk Rp3.600.000, Rp4.200.000, Rp4.800.000;
keluar Rp3.600.000, Rp3.900.000, Rp4.200.000; saldo akhir Rp3.100.000, Rp3.400.000, Rp4.000.000.
Izin: NIB lewat OSS. Langkah pertama: pesan rotan, buat 2 contoh, tawarkan ke 3 warung kopi."""
