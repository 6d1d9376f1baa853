"""The lab scenario's steps, each with the method and name its requests are reported under.

bench/locustfile.py names every request from this table, and bench/bench_lab.py reads it to list
every step in the printed table, in the scenario's order, with the steps that never ran marked. It
imports nothing, so bench_lab.py can read it without loading Locust.
"""
from __future__ import annotations

STEPS: dict[str, tuple[str, str]] = {
    # everyone
    "sign_in_page": ("GET", "/masuk"),
    "sign_in": ("POST", "/masuk [POST]"),
    # learners: a lesson and its quiz, answered to the end
    "learner_home": ("GET", "/belajar"),
    "course": ("GET", "/belajar/kursus/[kursus]"),
    "lesson": ("GET", "/belajar/kursus/[kursus]/[pelajaran]"),
    "quiz_start_page": ("GET", "/belajar/kursus/[kursus]/[pelajaran]/kuis"),
    "quiz_start": ("POST", "/belajar/kursus/[kursus]/[pelajaran]/kuis [POST]"),
    "quiz_answer": ("POST", "/belajar/kuis/[id]/soal/[n] [POST]"),
    "quiz_next": ("GET", "/belajar/kuis/[id]/soal/[n]"),
    "quiz_result": ("GET", "/belajar/kuis/[id]/hasil"),
    "quiz_finish": ("POST", "/belajar/kuis/[id]/selesai [POST]"),
    # learners: a week of a practice season in the shop
    "season_new_page": ("GET", "/toko/latihan/baru"),
    "season_new": ("POST", "/toko/latihan/baru [POST]"),
    "season": ("GET", "/toko/latihan/[musim]"),
    "season_week": ("POST", "/toko/latihan/[musim]/minggu [POST]"),
    # instructors
    "attendance": ("GET", "/pengajar/kehadiran"),
    "attendance_open": ("POST", "/pengajar/kelas/[kelas]/kehadiran [POST]"),
    "attendance_save": ("POST", "/pengajar/kehadiran/[sesi] [POST]"),
    "grading_queue": ("GET", "/pengajar/penilaian"),
    "grade_page": ("GET", "/pengajar/penilaian/[jenis]/[id]"),
    "grade": ("POST", "/pengajar/penilaian/[jenis]/[id] [POST]"),
    "instructor_home": ("GET", "/pengajar"),
    "gradebook": ("GET", "/pengajar/kelas/[kelas]/nilai"),
    # officers
    "caseload": ("GET", "/pk"),
    "profile": ("GET", "/kesiapan/[warga]"),
}
