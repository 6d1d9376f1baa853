"""Command-line tasks, registered on the app: ``flask --app training.app <command>``."""
from __future__ import annotations

import sqlite3
import sys
from datetime import datetime
from pathlib import Path

import click
from flask import current_app
from flask.cli import with_appcontext

from training.extensions import db


def register_cli(app) -> None:
    """Attach every command to the app."""
    from training.courses.cli import import_courses_command
    from training.showroom.cli import calibrate_command

    for command in (create_db, create_admin, load_demo_command, import_learners_command, backup_db,
                    import_courses_command, calibrate_command):
        app.cli.add_command(command)


@click.command("create-db")
@with_appcontext
def create_db():
    """Create the database, or bring it up to date, by applying every migration."""
    from flask_migrate import upgrade

    upgrade()
    click.echo(f"Database ready: {_safe_url()}")


def _safe_url() -> str:
    return db.engine.url.render_as_string(hide_password=True)


@click.command("create-admin")
@click.option("--username", prompt="Username")
@click.option("--name", "full_name", prompt="Full name")
@click.password_option("--password", help="Leave out to be asked; the password must be changed at first sign-in.")
@with_appcontext
def create_admin(username, full_name, password):
    """Create a national admin account."""
    from training.access import NATIONAL_ADMIN
    from training.accounts.passwords import password_problems
    from training.accounts.services import AccountError, create_staff

    problems = password_problems(password, login_name=username, full_name=full_name)
    if problems:
        raise click.ClickException(" ".join(problems))
    try:
        user, _ = create_staff(None, role=NATIONAL_ADMIN, username=username, full_name=full_name, password=password)
    except AccountError as error:
        raise click.ClickException(str(error)) from error
    user.must_change_password = False
    db.session.commit()
    click.echo(f"National admin {user.username} created.")


@click.command("load-demo")
@click.option("--if-needed", is_flag=True, help="Do nothing (and succeed) when the demo is loaded or real users exist.")
@with_appcontext
def load_demo_command(if_needed):
    """Load a demo facility with staff, 30 learners and two classes, then print the sign-ins."""
    from training.demo import DEMO_PASSWORD, DemoRefused, load_demo

    try:
        logins = load_demo()
    except DemoRefused as refusal:
        if if_needed:
            click.echo(f"Demo not loaded: {refusal}")
            return
        raise click.ClickException(str(refusal)) from refusal
    db.session.commit()
    click.echo("")
    click.echo("Demo sign-ins (password for every demo account: %s)" % DEMO_PASSWORD)
    for role, login, name in logins:
        click.echo(f"  {role:<28} {login:<16} {name}")
    click.echo("")


@click.command("import-learners")
@click.argument("csv_file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--facility", "facility_code", required=True, help="The facility code, e.g. LPS-TNG.")
@click.option("--class", "class_name", default=None, help="Put every learner in this class.")
@with_appcontext
def import_learners_command(csv_file: Path, facility_code: str, class_name: str | None):
    """Import learners from a CSV file; prints temporary passwords, or every problem by line."""
    from training import audit
    from training.accounts.csv_import import import_learners
    from training.accounts.models import Facility, TrainingClass

    facility = db.session.scalar(db.select(Facility).where(Facility.code == facility_code.upper()))
    if facility is None:
        raise click.ClickException(f"No facility with code {facility_code}.")
    default_class = None
    if class_name:
        default_class = db.session.scalar(
            db.select(TrainingClass).where(TrainingClass.facility_id == facility.id, TrainingClass.name == class_name)
        )
        if default_class is None:
            raise click.ClickException(f"No class named {class_name} in {facility.code}.")
    report = import_learners(csv_file.read_bytes(), facility, default_class)
    if not report.ok:
        db.session.rollback()
        for line, message in report.problems:
            click.echo(f"{csv_file}:{line}: {message}", err=True)
        click.echo(f"Nothing imported: {len(report.problems)} problem(s).", err=True)
        sys.exit(1)
    audit.record("account.imported", facility_id=facility.id, count=len(report.created), filename=csv_file.name)
    db.session.commit()
    click.echo("reg_number,full_name,temporary_password")
    for user, temp in report.created:
        click.echo(f"{user.reg_number},{user.full_name},{temp}")


@click.command("backup-db")
@click.option("--to", "target_dir", type=click.Path(file_okay=False, path_type=Path), default=None)
@with_appcontext
def backup_db(target_dir: Path | None):
    """Copy the SQLite database to a timestamped file, safely while the app runs."""
    url = db.engine.url
    if url.get_backend_name() != "sqlite":
        raise click.ClickException("For PostgreSQL use pg_dump; this command backs up SQLite databases.")
    source_path = Path(url.database)
    target_dir = target_dir or Path(current_app.instance_path) / "backups"
    target_dir.mkdir(parents=True, exist_ok=True)
    target = target_dir / f"karya-{datetime.now().strftime('%Y%m%d-%H%M%S')}.sqlite3"
    source = sqlite3.connect(source_path)
    dest = sqlite3.connect(target)
    try:
        with dest:
            source.backup(dest)  # SQLite's online backup API: consistent even while others write
    finally:
        dest.close()
        source.close()
    click.echo(f"Backup written: {target}")
