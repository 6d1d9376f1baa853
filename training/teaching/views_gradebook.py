"""The gradebook page of a class and its CSV export (the same cells, audited)."""
from __future__ import annotations

from flask import Blueprint, Response, abort, render_template, request
from flask_login import current_user

from training import audit
from training.access import INSTRUCTOR, class_or_404, restrict_blueprint
from training.teaching import gradebook
from training.teaching.assignments import local_today
from training.extensions import db

bp = Blueprint("gradebook", __name__, url_prefix="/pengajar")
restrict_blueprint(bp, INSTRUCTOR)


def _book(class_id: int):
    training_class = class_or_404(class_id)
    courses = gradebook.class_courses(training_class)
    slug = request.args.get("kursus")
    course = next((c for c in courses if c.slug == slug), None) if slug else (courses[0] if courses else None)
    if slug and course is None:
        abort(404)
    return gradebook.build(training_class, course), courses


@bp.route("/kelas/<int:class_id>/nilai")
def page(class_id: int):
    """Learners by lessons of one course: scores, completion, late marks, task points, attendance."""
    book, courses = _book(class_id)
    return render_template("teaching/gradebook.html", book=book, courses=courses)


@bp.route("/kelas/<int:class_id>/nilai.csv")
def export(class_id: int):
    """The gradebook as CSV for a spreadsheet in an Indonesian locale; the export is audited."""
    book, _courses = _book(class_id)
    audit.record("gradebook.exported", book.training_class, actor=current_user,
                 course=book.course.slug if book.course else None, rows=len(book.rows))
    db.session.commit()
    slug = book.course.slug if book.course else "kosong"
    filename = f"nilai-{book.training_class.id}-{slug}-{local_today():%Y%m%d}.csv"
    # content_type as given: a mimetype with a charset would get a second "; charset=utf-8"
    return Response(book.as_csv(), content_type="text/csv; charset=utf-8",
                    headers={"Content-Disposition": f'attachment; filename="{filename}"'})
