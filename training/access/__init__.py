"""The one access policy: who may see or change what, one module per kind of record.

Every view asks this module. Every blueprint declares the roles it serves with
:func:`restrict_blueprint`, and a view that serves other roles (or anyone, :data:`ANYONE`) says so
with :func:`allow`: one way for public and role-only routes. Views that load a record call one of
the ``*_or_404`` helpers (record checks); lists select through the ``*_filter`` beside each check,
so a list never shows a record its check would refuse. A request for a
record outside the user's reach answers 404, never 403, so ids cannot be probed.

Who sees whom:
- a learner sees only their own records;
- an instructor and a facility admin see the learners of their own facility;
- a parole officer sees only the learners on their caseload, in any facility;
- a national admin manages facilities, facility admins and settings, and reads the audit trail,
  but does not browse learners' records;
- showroom staff sell their own facility's products (at the national centre, every facility's).

``core`` holds the roles, the route declarations and the checks on learners, accounts and classes;
one module beside it for each kind of record (courses, storefront, certificates, teaching,
showroom). Everything is re-exported here, so callers ask ``training.access`` alone.
"""

from training.access.core import (  # noqa: F401  (re-exported: every view asks training.access)
    ANYONE,
    ETALASE,
    FACILITY_ADMIN,
    FACILITY_STAFF_ROLES,
    INSTRUCTOR,
    LEARNER,
    NATIONAL_ADMIN,
    OFFICER,
    ROLES,
    ROLE_LABELS,
    account_filter,
    allow,
    can_manage_account,
    can_manage_class,
    can_view_class,
    can_view_learner,
    class_filter,
    class_or_404,
    learner_filter,
    learner_or_404,
    managed_account_or_404,
    restrict_blueprint,
    role_choices,
    visible_learners_query,
)
from training.access.courses import (  # noqa: F401
    attempt_or_404,
    can_view_course,
    course_or_404,
    lesson_or_404,
)
from training.access.storefront import (  # noqa: F401
    can_view_class_market,
    class_market_filter,
    class_market_or_404,
    own_records_filter,
    owns,
    product_or_404,
    season_or_404,
)
from training.access.certificates import (  # noqa: F401
    can_revoke_certificate,
    can_view_certificate,
    certificate_filter,
    certificate_or_404,
)
from training.access.teaching import (  # noqa: F401
    assignment_filter,
    assignment_or_404,
    attendance_session_or_404,
    can_grade_submission,
    can_help_learner,
    can_view_assignment,
    essay_answer_or_404,
    helped_learner_or_404,
    submission_filter,
    submission_or_404,
)
from training.access.showroom import (  # noqa: F401
    can_download_portfolio,
    can_manage_catalogue_product,
    can_view_showroom_report,
    catalogue_product_or_404,
    catalogue_products_filter,
    sale_or_404,
    sells_for_every_facility,
)
