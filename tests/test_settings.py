"""backcare/settings.py read from the environment: a SQLite file named by DATABASE_URL is
configured like the default one."""

import runpy
from pathlib import Path

import pytest
from django.db.utils import ConnectionHandler

SETTINGS = Path(__file__).resolve().parent.parent / "backcare" / "settings.py"


def settings_with(monkeypatch, tmp_path, **environment):
    monkeypatch.setenv("DJANGO_DEBUG", "1")
    monkeypatch.setenv("BACKCARE_DATA_DIR", str(tmp_path / "data"))
    for name, value in environment.items():
        monkeypatch.setenv(name, value)
    if "DATABASE_URL" not in environment:
        monkeypatch.delenv("DATABASE_URL", raising=False)
    return runpy.run_path(str(SETTINGS))


def test_a_sqlite_url_gets_the_default_sqlite_settings(monkeypatch, tmp_path):
    default = settings_with(monkeypatch, tmp_path)["DATABASES"]["default"]
    url = f"sqlite:///{tmp_path / 'elsewhere.sqlite3'}"
    database = settings_with(monkeypatch, tmp_path, DATABASE_URL=url)["DATABASES"]["default"]

    assert database["ENGINE"] == "django.db.backends.sqlite3"
    assert database["NAME"] == str(tmp_path / "elsewhere.sqlite3")
    assert database["OPTIONS"] == default["OPTIONS"]
    assert database["CONN_MAX_AGE"] == default["CONN_MAX_AGE"]


def test_a_sqlite_url_answers_queries_in_wal_mode(monkeypatch, tmp_path, django_db_blocker):
    """It crashed at the first query: the PostgreSQL connect_timeout went to SQLite too."""
    url = f"sqlite:///{tmp_path / 'elsewhere.sqlite3'}"
    database = settings_with(monkeypatch, tmp_path, DATABASE_URL=url)["DATABASES"]["default"]
    connection = ConnectionHandler({"default": database})["default"]
    with django_db_blocker.unblock():
        try:
            with connection.cursor() as cursor:
                cursor.execute("PRAGMA journal_mode")
                assert cursor.fetchone()[0] == "wal"
                cursor.execute("PRAGMA foreign_keys")
                assert cursor.fetchone()[0] == 1
        finally:
            connection.close()


@pytest.mark.parametrize("scheme", ["postgres", "postgresql"])
def test_a_postgresql_url_keeps_its_timeout_and_prepared_statements(monkeypatch, tmp_path, scheme):
    url = f"{scheme}://user:secret@db.example:5432/backcare"
    database = settings_with(monkeypatch, tmp_path, DATABASE_URL=url)["DATABASES"]["default"]

    assert database["ENGINE"] == "backcare.postgresql"  # Django's, with a quieter health check
    assert database["OPTIONS"]["connect_timeout"] == 5
    assert database["OPTIONS"]["server_side_binding"] is True
    assert database["OPTIONS"]["prepare_threshold"] == 5
    assert "transaction_mode" not in database["OPTIONS"]
