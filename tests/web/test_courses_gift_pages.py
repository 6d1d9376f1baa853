"""A GIFT bank as Moodle users write it, taken as a quiz: descriptions, format markers, two pairs."""
from __future__ import annotations

import shutil

import pytest

from tests.conftest import post_form, sign_in
from training.courses.models import QuizAttempt
from training.extensions import db

BANK = r"""::cerita::[markdown]Bacalah dulu: **Bu Sari** menjual roti di C:\\Pasar.

::pilih::[html]Mana yang <b>biaya</b>? {
  =[html]<em>Tepung</em><script>alert(1)</script>#[markdown]**Betul**, tepung dibeli.
  ~[plain]<b>Laba</b>#Laba bukan biaya.
}

::jodoh::Pasangkan. {
  =[html]<b>HPP</b> -> [plain]biaya satu <barang>
  =Laba -> untung
}
"""
LESSON = """\
---
title: Kuis GIFT
minutes: 10
summary: Bank dari Moodle.
quiz:
  bank: bank-moodle.gift
---
Isi pelajaran.
"""
URL = "/belajar/kursus/uji-gift/gift/kuis"


@pytest.fixture
def learner(app, world, client, tmp_path):
    from training.accounts.models import Facility
    from training.courses import importer, services
    from training.courses.models import Course

    folder = tmp_path / "uji-gift"
    shutil.copytree("tests/data/courses/uji-coba", folder)
    (folder / "01-uang.md").write_text((folder / "01-uang.md").read_text().replace("id: tugas-uji", "id: tugas-gift"))
    (folder / "04-gift.md").write_text(LESSON)
    (folder / "bank-moodle.gift").write_text(BANK)
    with app.app_context():
        courses, problems = importer.check(folder)
        assert problems == []
        importer.import_courses(courses)
        course = db.session.scalar(db.select(Course).where(Course.slug == "uji-gift"))
        services.set_enabled(db.session.get(Facility, world.lapas.id), course, True)
        db.session.commit()
    response = sign_in(client, world.learner.reg_number)
    assert response.status_code == 302 and "/masuk" not in response.headers["Location"]
    return client


def test_a_moodle_bank_is_taken_as_a_quiz_with_each_part_in_its_format(app, learner):
    base = post_form(learner, URL, page=URL).headers["Location"].rsplit("/soal/", 1)[0]
    description = learner.get(f"{base}/soal/1").get_data(as_text=True)
    assert "<strong>Bu Sari</strong> menjual roti di C:\\Pasar." in description
    assert 'name="jawaban-1"' not in description  # nothing to answer
    choice = learner.get(f"{base}/soal/2").get_data(as_text=True)
    assert "<em>Tepung</em>" in choice and "<script>alert(1)" not in choice
    assert "&lt;b&gt;Laba&lt;/b&gt;" in choice  # [plain] shows the tags as written
    post_form(learner, f"{base}/soal/2", {"jawaban-2": "0"})
    feedback = learner.get(f"{base}/soal/2").get_data(as_text=True)
    assert "<strong>Betul</strong>, tepung dibeli." in feedback
    matching = learner.get(f"{base}/soal/3").get_data(as_text=True)
    assert "<b>HPP</b></label>" in matching
    assert '<option value="[plain]biaya satu &lt;barang&gt;">biaya satu &lt;barang&gt;</option>' in matching
    response = post_form(learner, f"{base}/soal/3", {"jawaban-3-0": "[plain]biaya satu <barang>", "jawaban-3-1": "untung"})
    assert response.status_code == 302
    attempt_id = int(base.rsplit("/", 1)[1])
    with app.app_context():
        attempt = db.session.get(QuizAttempt, attempt_id)
        assert attempt.is_finished and attempt.score == 100.0  # the description neither counts nor blocks
    result = learner.get(f"{base}/hasil").get_data(as_text=True)
    assert "Yang perlu dipelajari lagi" not in result
