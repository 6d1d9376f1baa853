"""The demo facility: one lapas with an admin, two instructors, a parole officer from the bapas,
30 learners and two classes. Every demo account is marked, and the loader refuses a database that
holds real accounts, so a demo can never be mixed into a live installation.
"""
from __future__ import annotations

from datetime import timedelta

from training.access import ETALASE, FACILITY_ADMIN, INSTRUCTOR, NATIONAL_ADMIN, OFFICER
from training.accounts.models import Facility, User
from training.accounts.services import create_class, create_learner, create_staff, set_class_members, set_officer
from training.clock import today_utc
from training.extensions import db
from training.readiness.demo import load_demo_readiness
from training.showroom.demo import load_demo_showroom
from training.storefront.demo import load_demo_storefront

DEMO_PASSWORD = "coba-karya-mandiri"

LEARNER_NAMES = [
    "Ahmad Fauzi", "Budi Santoso", "Slamet Riyadi", "Agus Setiawan", "Dedi Kurniawan",
    "Eko Prasetyo", "Hendra Gunawan", "Joko Susilo", "Rudi Hartono", "Wahyu Hidayat",
    "Yusuf Maulana", "Rahmat Hidayat", "Andi Saputra", "Bambang Sugiarto", "Dimas Pratama",
    "Fajar Nugroho", "Gilang Ramadhan", "Imam Syafii", "Komang Ariawan", "Made Sudarsana",
    "Nyoman Wirawan", "Putu Adi Saputra", "Teguh Wibowo", "Rizky Firmansyah", "Arif Rahman",
    "Suryadi", "Hasanuddin", "La Ode Kaimuddin", "Yohanes Manafe", "Stefanus Lewar",
]


class DemoRefused(Exception):
    """The demo can't be loaded on this database."""


def load_demo() -> list[tuple[str, str, str]]:
    """Create the demo and return the sign-ins as (role, login, name). The caller commits."""
    if db.session.scalar(db.select(User.id).where(User.is_demo.is_(False)).limit(1)) is not None:
        raise DemoRefused("this database has real user accounts; the demo is only for an empty database")
    if db.session.scalar(db.select(User.id).where(User.is_demo.is_(True)).limit(1)) is not None:
        load_demo_courses()
        load_demo_teaching()
        load_demo_storefront()
        load_demo_certificates()
        load_demo_readiness()
        load_demo_showroom(DEMO_PASSWORD)
        return demo_logins()

    lapas = Facility(code="LPS-CONTOH", name="Lapas Kelas IIA Contoh", kind="lapas", city="Tangerang", is_demo=True)
    other = Facility(code="RTN-CONTOH", name="Rutan Kelas I Contoh", kind="rutan", city="Bandung", is_demo=True)
    bapas = Facility(code="BPS-CONTOH", name="Bapas Kelas I Contoh", kind="bapas", city="Tangerang", is_demo=True)
    db.session.add_all([lapas, other, bapas])
    db.session.flush()

    def staff(facility, role, username, name):
        user, _ = create_staff(facility, role=role, username=username, full_name=name, is_demo=True, password=DEMO_PASSWORD)
        return user

    staff(None, NATIONAL_ADMIN, "admin.nasional", "Ratna Dewi Lestari")
    staff(lapas, FACILITY_ADMIN, "admin.contoh", "Siti Nurhaliza")
    teacher_a = staff(lapas, INSTRUCTOR, "pengajar.dian", "Dian Permatasari")
    teacher_b = staff(lapas, INSTRUCTOR, "pengajar.yudi", "Yudi Hermawan")
    officer = staff(bapas, OFFICER, "pk.ratih", "Ratih Kusumawati")
    officer.nip = "198503122010122001"  # an example NIP, printed on the readiness report

    today = today_utc()
    learners = []
    for index, name in enumerate(LEARNER_NAMES):
        release = today + timedelta(days=45 + index * 23) if index % 7 != 6 else None
        user, _ = create_learner(
            lapas,
            reg_number=f"BI.{101 + index}/2025",
            full_name=name,
            expected_release_on=release,
            is_demo=True,
            password=DEMO_PASSWORD,
        )
        learners.append(user)

    morning = create_class(lapas, name="Kelas Usaha Pagi", description="Senin dan Rabu, 08.00–10.00")
    afternoon = create_class(lapas, name="Kelas Usaha Siang", description="Selasa dan Kamis, 13.00–15.00")
    set_class_members(morning, {u.id for u in learners[:15]}, {teacher_a.id})
    set_class_members(afternoon, {u.id for u in learners[15:]}, {teacher_b.id})
    for learner in learners[:10] + learners[15:20]:
        set_officer(learner, officer)
    db.session.flush()
    load_demo_courses()
    load_demo_teaching()
    load_demo_storefront()
    load_demo_certificates()
    load_demo_readiness()
    load_demo_showroom(DEMO_PASSWORD)
    return demo_logins()


def load_demo_teaching() -> None:
    """The instructor workspace's demo records (training/courses/demo_teaching.py)."""
    from training.teaching.demo import load_demo_teaching as load

    load()


def load_demo_courses() -> None:
    """Offer every imported course at the demo lapas and give the first demo learner some progress.

    Safe to run again: courses already offered and progress already made are left alone, so a
    course imported after the demo was loaded is picked up by running load-demo once more.
    """
    from training.courses import quiz, services
    from training.courses.models import Course, Lesson, QuizAttempt

    lapas = db.session.scalar(db.select(Facility).where(Facility.code == "LPS-CONTOH"))
    learner = db.session.scalar(db.select(User).where(User.reg_number == "BI.101/2025", User.is_demo.is_(True)))
    if lapas is None:
        return
    for course in db.session.scalars(db.select(Course).order_by(Course.title)):
        services.set_enabled(lapas, course, True)
    course = db.session.scalar(db.select(Course).where(Course.slug == "manajemen-usaha"))
    if learner is None or course is None or not course.lessons:
        return
    first = course.lessons[0]
    if db.session.scalar(db.select(QuizAttempt.id).where(QuizAttempt.learner_id == learner.id).limit(1)) is not None:
        return
    # Lesson 1: a passed attempt, every answer right. Lesson 2: read, quiz not yet taken.
    attempt = quiz.start_attempt(learner, first)
    for question in first.questions:
        quiz.answer_question(attempt, question, _right_answer(quiz.question_data(attempt, question, question.current)))
    quiz.finish_attempt(attempt)
    if len(course.lessons) > 1:
        second: Lesson = course.lessons[1]
        services.start_lesson(learner, second)
        services.add_time(learner, second.id, 240)
    services.add_time(learner, first.id, 300)
    db.session.flush()


def _right_answer(data: dict):
    """The form input a learner who knows the answer would send."""
    kind = data["type"]
    if kind == "single":
        return str(next(i for i, c in enumerate(data["choices"]) if c["weight"] >= 100))
    if kind == "multiple":
        return [str(i) for i, c in enumerate(data["choices"]) if c["weight"] > 0]
    if kind == "truefalse":
        return "true" if data["answer"] else "false"
    if kind == "numeric":
        best = max(data["answers"], key=lambda a: a.get("weight", 100))
        return str(best.get("value", best.get("min")))
    if kind == "short":
        return max(data["answers"], key=lambda a: a.get("weight", 100))["text"].replace("*", "")
    if kind == "matching":
        return {p["left"]: p["right"] for p in data["pairs"] if (p.get("left") or "").strip()}
    return "Jawaban contoh untuk demo."


def load_demo_certificates() -> None:
    """Give the first demo learner one issued certificate (Pemasaran), issued by their instructor.

    Issued by hand with a reason, as an instructor may: the demo learner's progress in that course
    is not played through. Safe to run again: a learner who has a certificate is left alone.
    """
    from training.certificates.models import Certificate
    from training.certificates.services import issue_manually
    from training.courses.models import Course

    learner = db.session.scalar(db.select(User).where(User.reg_number == "BI.101/2025", User.is_demo.is_(True)))
    teacher = db.session.scalar(db.select(User).where(User.username == "pengajar.dian", User.is_demo.is_(True)))
    course = db.session.scalar(db.select(Course).where(Course.slug == "pemasaran"))
    if learner is None or teacher is None or course is None:
        return
    if db.session.scalar(db.select(Certificate.id).where(Certificate.learner_id == learner.id).limit(1)):
        return
    issue_manually(learner, course, teacher, "Contoh sertifikat untuk demo: tugas praktik dinilai di bengkel.")
    db.session.flush()


def demo_logins() -> list[tuple[str, str, str]]:
    """The demo sign-ins worth printing: one of each role."""
    rows = []
    labels = {
        "learner": "Warga binaan (learner)",
        INSTRUCTOR: "Pengajar (instructor)",
        OFFICER: "PK (parole officer)",
        FACILITY_ADMIN: "Admin fasilitas",
        NATIONAL_ADMIN: "Admin nasional",
        ETALASE: "Petugas etalase (showroom staff)",
    }
    for role in ("learner", INSTRUCTOR, OFFICER, FACILITY_ADMIN, NATIONAL_ADMIN, ETALASE):
        user = db.session.scalar(
            db.select(User).where(User.is_demo.is_(True), User.role == role).order_by(User.id).limit(1)
        )
        if user is not None:
            rows.append((labels[role], user.login_name, user.full_name))
    return rows
