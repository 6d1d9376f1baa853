"""The demo learner BI.101/2025 has one issued certificate that the public page calls valid."""
from __future__ import annotations

from pathlib import Path

from training.certificates.models import ISSUED, Certificate
from training.courses import importer
from training.extensions import db

SHIPPED = Path(__file__).resolve().parents[2] / "content" / "courses"


def test_demo_learner_has_one_issued_certificate_loaded_twice_or_not(app, app_ctx):
    from training.demo import load_demo

    importer.import_courses(importer.check(SHIPPED)[0])
    load_demo()
    db.session.commit()
    load_demo()
    db.session.commit()
    [cert] = db.session.scalars(db.select(Certificate)).all()
    assert cert.status == ISSUED and cert.learner.reg_number == "BI.101/2025" and cert.course_title == "Pemasaran"
    html = app.test_client().get(f"/v/{cert.display_code}").get_data(as_text=True)
    assert "asli dan berlaku" in html and "Ahmad Fauzi" in html
