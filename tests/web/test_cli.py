"""The command-line tasks an installer runs."""
from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from tests.conftest import sign_in
from training.accounts.models import User
from training.extensions import db


def test_demo_loads_once_and_prints_sign_ins(app):
    runner = app.test_cli_runner()
    first = runner.invoke(args=["load-demo"])
    assert first.exit_code == 0, first.output
    assert "BI.101/2025" in first.output and "pk.ratih" in first.output
    second = runner.invoke(args=["load-demo", "--if-needed"])
    assert second.exit_code == 0 and "BI.101/2025" in second.output
    with app.app_context():
        learners = db.session.scalars(db.select(User).where(User.role == "learner")).all()
        assert len(learners) == 30 and all(u.is_demo for u in learners)
        assert len({u.full_name for u in learners}) == 30
    password = first.output.split("demo account: ")[1].split(")")[0]
    assert sign_in(app.test_client(), "pk.ratih", password).status_code == 302


def test_demo_refuses_a_database_with_real_users(app, world):
    result = app.test_cli_runner().invoke(args=["load-demo"])
    assert result.exit_code != 0 and "real user accounts" in result.output
    quiet = app.test_cli_runner().invoke(args=["load-demo", "--if-needed"])
    assert quiet.exit_code == 0 and "Demo not loaded" in quiet.output
    with app.app_context():
        assert db.session.scalar(db.select(User).where(User.is_demo.is_(True))) is None


def test_create_admin_makes_a_national_admin(app):
    result = app.test_cli_runner().invoke(
        args=["create-admin", "--username", "kepala", "--name", "Kepala Data", "--password", "teh-manis-hangat"]
    )
    assert result.exit_code == 0, result.output
    assert sign_in(app.test_client(), "kepala", "teh-manis-hangat").status_code == 302


def test_create_admin_refuses_a_weak_password(app):
    result = app.test_cli_runner().invoke(args=["create-admin", "--username", "kepala", "--name", "Kepala", "--password", "password"])
    assert result.exit_code != 0 and "terlalu umum" in result.output


def test_import_learners_reports_file_and_line_and_imports_nothing(app, world, tmp_path):
    csv_file = tmp_path / "kelas.csv"
    csv_file.write_text("nomor_registrasi,nama_lengkap\nC.1/2026,Andi\nC.2/2026,\n", encoding="utf-8")
    result = app.test_cli_runner().invoke(args=["import-learners", str(csv_file), "--facility", "lps-a"])
    assert result.exit_code == 1
    assert f"{csv_file}:3: nama kosong" in result.output
    with app.app_context():
        assert db.session.scalar(db.select(User).where(User.reg_number == "C.1/2026")) is None


def test_import_learners_prints_temporary_passwords(app, world, tmp_path):
    csv_file = tmp_path / "kelas.csv"
    csv_file.write_text("nomor_registrasi,nama_lengkap\nC.1/2026,Andi Saputra\n", encoding="utf-8")
    result = app.test_cli_runner().invoke(args=["import-learners", str(csv_file), "--facility", "LPS-A", "--class", "Kelas A"])
    assert result.exit_code == 0, result.output
    line = result.output.strip().splitlines()[-1]
    reg, name, temp = line.split(",")
    assert (reg, name) == ("C.1/2026", "Andi Saputra")
    assert sign_in(app.test_client(), reg, temp).status_code == 302


def test_backup_copies_the_sqlite_database_while_it_is_in_use(app, world, tmp_path):
    if not app.config["SQLALCHEMY_DATABASE_URI"].startswith("sqlite"):
        result = app.test_cli_runner().invoke(args=["backup-db", "--to", str(tmp_path)])
        assert result.exit_code != 0 and "pg_dump" in result.output
        return
    client = app.test_client()
    sign_in(client, "A.1/2025")  # a live session holds the database open
    result = app.test_cli_runner().invoke(args=["backup-db", "--to", str(tmp_path)])
    assert result.exit_code == 0, result.output
    [backup] = list(Path(tmp_path).glob("karya-*.sqlite3"))
    with sqlite3.connect(backup) as conn:
        names = {row[0] for row in conn.execute("SELECT reg_number FROM user_account WHERE reg_number IS NOT NULL")}
    assert names == {"A.1/2025", "A.2/2025", "B.1/2025"}


def test_secret_key_is_generated_once_and_private(tmp_path, monkeypatch):
    from training.config import instance_secret_key

    key = instance_secret_key(tmp_path)
    assert len(key) == 64 and instance_secret_key(tmp_path) == key
    assert oct((tmp_path / "secret_key").stat().st_mode & 0o777) == "0o600"


def test_there_is_no_default_secret_key_in_the_code():
    from training.config import Defaults

    assert not getattr(Defaults, "SECRET_KEY", None)


@pytest.mark.parametrize("pragma, expected", [("journal_mode", "wal"), ("foreign_keys", 1), ("busy_timeout", 5000)])
def test_sqlite_runs_with_wal_foreign_keys_and_busy_timeout(app, pragma, expected):
    if not app.config["SQLALCHEMY_DATABASE_URI"].startswith("sqlite"):
        pytest.skip("SQLite settings")
    with app.app_context():
        value = db.session.execute(db.text(f"PRAGMA {pragma}")).scalar()
    assert value == expected
