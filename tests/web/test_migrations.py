"""The migrations build exactly the tables the models describe, on SQLite and PostgreSQL."""


def test_migrations_build_every_model(app):
    diffs = app.extensions["karya_migration_diffs"]
    assert diffs == [], f"the models and the migrations differ; run `flask db migrate`: {diffs}"
