"""``flask import-courses PATH [--check]``: validate every course first, then import in one go."""
from __future__ import annotations

import sys
from pathlib import Path

import click
from flask.cli import with_appcontext

from training.extensions import db


@click.command("import-courses")
@click.argument("path", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option("--check", "check_only", is_flag=True, help="Only validate; change nothing.")
@with_appcontext
def import_courses_command(path: Path, check_only: bool):
    """Import a course folder or a folder of courses; every problem is printed as file:line: message."""
    from training import audit
    from training.courses.importer import check, import_courses

    courses, problems = check(path)
    if problems:
        for problem in problems:
            click.echo(str(problem), err=True)
        click.echo(f"Nothing imported: {len(problems)} problem(s).", err=True)
        sys.exit(1)
    if not courses:
        click.echo(f"No course found in {path}.", err=True)
        sys.exit(1)
    if check_only:
        click.echo(f"{len(courses)} course(s) checked, no problems.")
        return
    try:
        reports = import_courses(courses)
        for report in reports:
            if report.outcome != "unchanged":
                audit.record("course.imported", facility_id=None, slug=report.slug, outcome=report.outcome,
                             new_question_versions=report.new_versions, retired_lessons=report.retired)
        db.session.commit()
    except Exception:
        db.session.rollback()
        raise
    for report in reports:
        line = f"{report.slug}: {report.outcome}"
        if report.new_versions:
            line += f", {report.new_versions} new question version(s)"
        if report.retired:
            line += f", lessons hidden: {', '.join(report.retired)}"
        click.echo(line)

