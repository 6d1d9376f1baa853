"""Task drafts: saved by a button (no JavaScript) or by the page's autosave, and back after the
session ended and the learner signed in again."""
from __future__ import annotations

import pytest

from tests.conftest import TEST_PASSWORD, csrf_token, post_form, sign_in
from training.courses.models import TaskDraft, TaskSubmission
from training.extensions import db

TASK = "/belajar/kursus/uji-coba/uang/tugas"
DRAFT = TASK + "/draf"


@pytest.fixture
def learner(client, world):
    response = sign_in(client, world.learner.reg_number)
    assert response.status_code == 302 and "/masuk" not in response.headers["Location"]
    return client


def _drafts(app):
    with app.app_context():
        return [(d.learner_id, d.text) for d in db.session.scalars(db.select(TaskDraft))]


def _submissions(app):
    with app.app_context():
        return [(s.id, s.text, s.status) for s in db.session.scalars(db.select(TaskSubmission))]


def test_the_draft_button_saves_without_handing_in(app, world, learner):
    handed_in = _submissions(app)
    html = learner.get(TASK).get_data(as_text=True)
    assert f'formaction="{DRAFT}"' in html and "Simpan draf" in html
    response = post_form(learner, DRAFT, {"text": "HPP roti: tepung Rp40.000"}, page=TASK)
    assert response.status_code == 302 and response.headers["Location"].endswith(TASK)
    assert _drafts(app) == [(world.learner.id, "HPP roti: tepung Rp40.000")]
    assert _submissions(app) == handed_in  # nothing new or changed in the grading queue
    html = learner.get(TASK).get_data(as_text=True)
    assert "HPP roti: tepung Rp40.000</textarea>" in html and "Draf terakhir tersimpan" in html


def test_the_autosave_gets_json_and_a_hand_in_removes_the_draft(app, world, learner):
    token = csrf_token(learner.get(TASK).get_data(as_text=True))
    response = learner.post(DRAFT, data={"csrf_token": token, "text": "Sebagian jawaban"},
                            headers={"X-Requested-With": "fetch"})
    assert response.status_code == 200 and response.json["saved"].startswith("Draf tersimpan otomatis pukul")
    assert _drafts(app) == [(world.learner.id, "Sebagian jawaban")]
    post_form(learner, TASK, {"text": "Jawaban lengkap"}, page=TASK)
    assert _drafts(app) == []
    assert "Jawaban lengkap</textarea>" in learner.get(TASK).get_data(as_text=True)


def test_a_too_long_draft_is_refused_and_the_text_kept(app, learner):
    text = "kata " * 5000
    response = post_form(learner, DRAFT, {"text": text}, page=TASK)
    html = response.get_data(as_text=True)
    assert response.status_code == 400 and "Jawaban terlalu panjang" in html and "kata kata kata" in html
    assert _drafts(app) == []
    token = csrf_token(learner.get(TASK).get_data(as_text=True))
    response = learner.post(DRAFT, data={"csrf_token": token, "text": text}, headers={"X-Requested-With": "fetch"})
    assert response.status_code == 400 and response.json["error"] == "Jawaban terlalu panjang."


def test_after_the_idle_limit_signing_in_again_returns_to_the_task_with_the_draft(app, world, learner):
    post_form(learner, DRAFT, {"text": "Draf sebelum istirahat"}, page=TASK)
    token = csrf_token(learner.get(TASK).get_data(as_text=True))
    with learner.session_transaction() as session:
        session["seen"] = 0  # the learner thought for longer than the idle limit, then sent the form
    response = learner.post(TASK, data={"csrf_token": token, "text": "x"}, headers={"Referer": f"http://localhost{TASK}"})
    assert response.status_code == 302
    location = response.headers["Location"]
    assert "/masuk" in location and "next=" in location
    login_page = learner.get(location).get_data(as_text=True)
    assert f'value="{TASK}"' in login_page
    response = learner.post("/masuk", data={"csrf_token": csrf_token(login_page), "login": world.learner.reg_number,
                                            "password": TEST_PASSWORD, "next": TASK})
    assert response.status_code == 302 and response.headers["Location"].endswith(TASK)
    assert "Draf sebelum istirahat</textarea>" in learner.get(TASK).get_data(as_text=True)


@pytest.mark.parametrize("path, expected_next", [
    ("/belajar/kursus/uji-coba/uang", "next=/belajar/kursus/uji-coba/uang"),
    ("/belajar/kursus/uji-coba/uang%0D%0ASet-Cookie:x", None),
])
def test_an_ended_session_remembers_only_a_clean_page_to_return_to(learner, path, expected_next):
    with learner.session_transaction() as session:
        session["seen"] = 0
    response = learner.get(path)
    assert response.status_code == 302 and "/masuk" in response.headers["Location"]
    if expected_next:
        assert expected_next in response.headers["Location"]
    else:
        assert "next=" not in response.headers["Location"]
