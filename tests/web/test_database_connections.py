"""Pooled database connections are checked before use after they sat idle, not on every checkout
(training/extensions.py): a worker under load reuses its connection without a round trip, and a
connection the database dropped is replaced before a page uses it."""
from __future__ import annotations

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.pool import NullPool

from training import extensions
from training.extensions import db


@pytest.fixture
def pings(monkeypatch):
    """Every ping the pool sends, counted."""
    sent = []
    real = extensions.ping

    def counted(dbapi_connection):
        sent.append(dbapi_connection)
        real(dbapi_connection)

    monkeypatch.setattr(extensions, "ping", counted)
    return sent


def test_a_connection_used_a_moment_ago_is_not_pinged_and_an_idle_one_is(world, client_as, pings, monkeypatch):
    learner = client_as("learner")
    assert learner.get("/belajar").status_code == 200
    pings.clear()
    page = learner.get("/belajar")
    assert page.status_code == 200 and "Tugas saya" in page.get_data(as_text=True)
    assert pings == []  # taken back within the window: no round trip before the page
    monkeypatch.setattr(extensions, "PING_AFTER_IDLE_SECONDS", 0.0)  # as if it had sat idle
    assert learner.get("/belajar").status_code == 200
    assert pings, "an idle connection was used without a check"


def test_a_connection_the_database_dropped_is_replaced_before_a_page_uses_it(app, world, client_as, monkeypatch):
    if not app.config["SQLALCHEMY_DATABASE_URI"].startswith("postgresql"):
        pytest.skip("only a database server can drop a connection")
    learner = client_as("learner")
    assert learner.get("/belajar").status_code == 200
    with app.app_context():
        url = db.engine.url
    outside = create_engine(url, poolclass=NullPool)
    with outside.connect() as connection:  # the server ends every other session (as a restart does)
        ended = connection.execute(text(
            "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
            "WHERE datname = current_database() AND pid <> pg_backend_pid()")).scalar_one()
    outside.dispose()
    assert ended >= 1
    monkeypatch.setattr(extensions, "PING_AFTER_IDLE_SECONDS", 0.0)  # the connections have sat idle
    page = learner.get("/belajar")
    assert page.status_code == 200 and "Tugas saya" in page.get_data(as_text=True)
