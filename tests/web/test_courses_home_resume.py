"""The learner's home page offers "Mulai" before any lesson was opened, "Lanjutkan" after."""
from __future__ import annotations

from tests.conftest import sign_in
from training.extensions import db


def test_a_learner_who_opened_no_lesson_is_invited_to_start(app, world, client):
    from training.accounts.models import Facility
    from training.courses import services
    from training.courses.models import Course

    with app.app_context():  # the other facility's learner has opened nothing yet
        services.set_enabled(db.session.get(Facility, world.rutan.id), db.session.get(Course, world.course.id), True)
        db.session.commit()
    response = sign_in(client, world.other_learner.reg_number)
    assert response.status_code == 302 and "/masuk" not in response.headers["Location"]
    html = client.get("/belajar").get_data(as_text=True)
    assert "Pelajaran pertama Anda:" in html and "Mulai →" in html
    assert "Terakhir Anda belajar" not in html and "Lanjutkan →" not in html
    assert client.get("/belajar/kursus/uji-coba/uang").status_code == 200
    html = client.get("/belajar").get_data(as_text=True)
    assert "Terakhir Anda belajar:" in html and "Lanjutkan →" in html
