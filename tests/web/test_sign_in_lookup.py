"""A sign-in finds the account in one query, by username or registration number (issue 11: a
class signs in at once), and sends four statements in all."""
from __future__ import annotations

from tests.conftest import TEST_PASSWORD, count_queries, csrf_token
from training.extensions import db


def test_one_lookup_finds_staff_by_username_and_learners_by_registration_number(app, world):
    from training.accounts import services
    from training.accounts.models import Facility, find_user_by_login

    with app.app_context():
        assert find_user_by_login(world.instructor.username).id == world.instructor.id
        assert find_user_by_login(f"  {world.instructor.username.upper()} ").id == world.instructor.id
        assert find_user_by_login(world.learner.reg_number).id == world.learner.id
        assert find_user_by_login(world.learner.reg_number.lower().replace(".", ". ")).id == world.learner.id
        assert find_user_by_login("TIDAK.ADA/1") is None and find_user_by_login("   ") is None
        # a username that would read as somebody's registration number is refused when it is made
        lapas = db.session.get(Facility, world.lapas.id)
        services.create_learner(lapas, reg_number="GURU7", full_name="Warga Guru Tujuh", password=TEST_PASSWORD)
        try:
            services.create_staff(lapas, role="instructor", username="guru7", full_name="Pengajar Tujuh",
                                  password=TEST_PASSWORD)
        except services.AccountError:
            pass
        else:
            raise AssertionError("a username equal to a registration number was accepted")
        assert find_user_by_login("guru7").role == "learner"
        db.session.rollback()


def test_a_learners_sign_in_sends_four_statements(app, world):
    client = app.test_client()
    token = csrf_token(client.get("/masuk").get_data(as_text=True))
    statements, response = count_queries(app, lambda: client.post(
        "/masuk", data={"login": world.learner.reg_number, "password": TEST_PASSWORD, "csrf_token": token}))
    assert response.status_code == 302 and response.headers["Location"].endswith("/belajar")
    # the address's throttle, the account, the account's sign-in time and the audit event
    assert statements == 4
