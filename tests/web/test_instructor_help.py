"""Learner help: an instructor resets a password (shown once, must be changed) or unlocks an
account, for learners of their own facility only, and it is audited."""
from __future__ import annotations

from datetime import timedelta

import pytest

from tests.conftest import csrf_token, sign_in
from training.accounts.models import User
from training.audit import AuditEvent
from training.clock import now_utc
from training.extensions import db


def _post(client, page, url):
    token = csrf_token(client.get(page).get_data(as_text=True))
    return client.post(url, data={"csrf_token": token})


def test_instructor_resets_a_learner_password_shown_once_and_forced_to_change(app, world):
    client = app.test_client()
    sign_in(client, world.instructor.username)
    page = f"/pengajar/warga-binaan/{world.learner.id}"
    response = _post(client, page, f"{page}/reset-kata-sandi")
    assert response.status_code == 200
    temp = response.get_data(as_text=True).split("Kata sandi sementara:")[1].split("</strong>")[0].split(">")[-1]
    with app.app_context():
        learner = db.session.get(User, world.learner.id)
        assert learner.must_change_password
        event = db.session.scalar(db.select(AuditEvent).where(AuditEvent.action == "account.password_reset"))
        assert event.actor_id == world.instructor.id and event.target_id == learner.id
        assert temp not in str(event.details)
    learner_client = app.test_client()
    assert sign_in(learner_client, world.learner.reg_number, temp).status_code == 302
    assert "/kata-sandi" in learner_client.get("/belajar").headers.get("Location", "")


def test_instructor_unlocks_a_locked_learner(app, world):
    with app.app_context():
        learner = db.session.get(User, world.learner.id)
        learner.locked_until_dt = now_utc() + timedelta(minutes=15)
        db.session.commit()
    client = app.test_client()
    sign_in(client, world.instructor.username)
    page = f"/pengajar/warga-binaan/{world.learner.id}"
    assert "Akun terkunci" in client.get(page).get_data(as_text=True)
    assert _post(client, page, f"{page}/buka-kunci").status_code == 302
    with app.app_context():
        assert not db.session.get(User, world.learner.id).is_locked()
        assert db.session.scalar(db.select(AuditEvent).where(AuditEvent.action == "account.unlocked")).actor_id \
            == world.instructor.id


@pytest.mark.parametrize("action", ["reset-kata-sandi", "buka-kunci"])
@pytest.mark.parametrize("target", ["other_learner", "admin", "other_instructor"])
def test_instructor_cannot_help_accounts_outside_their_facility_or_staff(app, world, action, target):
    client = app.test_client()
    sign_in(client, world.instructor.username)
    user = getattr(world, target)
    response = _post(client, f"/pengajar/warga-binaan/{world.learner.id}", f"/pengajar/warga-binaan/{user.id}/{action}")
    assert response.status_code == 404
