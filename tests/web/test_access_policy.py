"""The access policy called directly, role by role and record kind by record kind (as Kolibri's
permission tests do), beside the route walk of test_routes_by_role.

Two promises: what each role reaches (written out for the kinds people worry about most), and
that every list filter in ``training.access`` selects exactly the records its yes/no check allows,
for every account of the world and every record of that kind.
"""
from __future__ import annotations

import pytest

from training import access
from training.accounts.models import TrainingClass, User
from training.certificates.models import Certificate
from training.courses.models import TaskSubmission
from training.extensions import db
from training.storefront.models import ClassMarket, MarketSeason, Product
from training.teaching.models import Assignment

ACCOUNTS = ("learner", "learner2", "other_learner", "instructor", "other_instructor", "officer", "admin",
            "other_admin", "national")

# kind: (model, yes/no check, list filter)
KINDS = {
    "learner": (User, access.can_view_learner, access.learner_filter),
    "account": (User, access.can_manage_account, access.account_filter),
    "class": (TrainingClass, access.can_view_class, access.class_filter),
    "class_managed": (TrainingClass, access.can_manage_class, lambda actor: access.class_filter(actor, manage=True)),
    "certificate": (Certificate, access.can_view_certificate, access.certificate_filter),
    "product": (Product, access.owns, lambda actor: access.own_records_filter(Product, actor)),
    "season": (MarketSeason, access.owns, lambda actor: access.own_records_filter(MarketSeason, actor)),
    "class_market": (ClassMarket, access.can_view_class_market, access.class_market_filter),
    "assignment": (Assignment, access.can_view_assignment, access.assignment_filter),
    "submission": (TaskSubmission, access.can_grade_submission, access.submission_filter),
}


@pytest.fixture
def accounts(app, world):
    """The world's accounts, loaded in a live session: {field name: User}."""
    with app.app_context():
        yield {name: db.session.get(User, getattr(world, name).id) for name in ACCOUNTS}
        db.session.remove()


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("who", ACCOUNTS)
def test_each_list_filter_selects_exactly_what_its_check_allows(accounts, who, kind):
    model, check, list_filter = KINDS[kind]
    actor = accounts[who]
    rows = db.session.scalars(db.select(model)).all()
    assert rows, f"the world holds no {kind}: the comparison would prove nothing"
    allowed = {row for row in rows if check(actor, row)}
    listed = set(db.session.scalars(db.select(model).where(list_filter(actor))).all())
    assert listed == allowed


def _names(accounts, users) -> set[str]:
    by_id = {user.id: name for name, user in accounts.items()}
    return {by_id[user.id] for user in users if user.id in by_id}


@pytest.mark.parametrize("who, sees", [
    ("learner", {"learner"}),
    ("learner2", {"learner2"}),
    ("instructor", {"learner", "learner2"}),
    ("admin", {"learner", "learner2"}),
    ("other_admin", {"other_learner"}),
    ("officer", {"learner"}),  # the caseload only
    ("national", set()),  # manages accounts, does not browse learners
])
def test_who_sees_which_learners(accounts, who, sees):
    listed = db.session.scalars(access.visible_learners_query(accounts[who])).all()
    assert _names(accounts, listed) == sees


@pytest.mark.parametrize("who, manages", [
    ("admin", {"learner", "learner2", "instructor"}),  # its facility's learners and staff, not itself
    ("other_admin", {"other_learner", "other_instructor"}),
    ("national", {"officer", "admin", "other_admin"}),  # officers and admins, not learners
    ("instructor", set()),
    ("officer", set()),
    ("learner", set()),
])
def test_who_manages_which_accounts(accounts, who, manages):
    listed = db.session.scalars(db.select(User).where(access.account_filter(accounts[who]))).all()
    assert _names(accounts, listed) == manages


@pytest.mark.parametrize("who, count", [
    ("learner", 1), ("learner2", 0), ("instructor", 1), ("admin", 1), ("officer", 1),
    ("other_admin", 0), ("other_instructor", 0), ("national", 0),
])
def test_who_sees_the_certificate(accounts, who, count):
    listed = db.session.scalars(db.select(Certificate).where(access.certificate_filter(accounts[who]))).all()
    assert len(listed) == count


@pytest.mark.parametrize("who, may", [
    ("admin", True), ("other_admin", False), ("instructor", False), ("national", False), ("officer", False),
])
def test_only_the_facility_admin_revokes(accounts, world, who, may):
    certificate = db.session.get(Certificate, world.certificate.id)
    assert access.can_revoke_certificate(accounts[who], certificate) is may


@pytest.mark.parametrize("who, may", [
    ("instructor", True), ("other_instructor", False), ("admin", False), ("officer", False), ("learner", False),
])
def test_only_instructors_of_the_facility_help_a_learner(accounts, who, may):
    assert access.can_help_learner(accounts[who], accounts["learner"]) is may


@pytest.mark.parametrize("who, may", [
    ("learner", True), ("instructor", True), ("admin", True), ("national", True),
    ("other_learner", False), ("other_admin", False), ("officer", False),
])
def test_who_opens_the_course(accounts, world, who, may):
    from training.courses.models import Course

    assert access.can_view_course(accounts[who], db.session.get(Course, world.course.id)) is may


def test_every_role_has_a_label():
    assert set(access.ROLE_LABELS) == set(access.ROLES)
