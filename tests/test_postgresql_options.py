"""PostgreSQL runs on Django's own backend, with psycopg's automatic preparation and
Django's connection pool as options read from the environment (backcare/settings.py)."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import connection
from django.urls import reverse

from exercises.models import Exercise

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parent.parent
on_postgresql = pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's options")


def database_settings(**environ) -> dict:
    """DATABASES["default"] as settings.py builds it from ``environ``."""
    env = {**os.environ, "DJANGO_SECRET_KEY": "x" * 50, "DJANGO_DB_POOL": "", **environ}
    code = (
        "import json; from backcare import settings as s; "
        "d = s.DATABASES['default']; "
        "print(json.dumps({k: d.get(k) for k in ('ENGINE', 'OPTIONS', 'CONN_MAX_AGE')}))"
    )
    result = subprocess.run(  # noqa: S603 - our own settings module
        [sys.executable, "-c", code], env=env, cwd=ROOT, capture_output=True, text=True, check=True
    )
    return json.loads(result.stdout)


def test_stock_backend_prepares_and_pools_as_configured():
    url = "postgres://u@db.example:5432/backcare"
    plain = database_settings(DATABASE_URL=url)
    assert plain["ENGINE"] == "django.db.backends.postgresql"
    assert plain["OPTIONS"]["server_side_binding"] is True
    assert plain["OPTIONS"]["prepare_threshold"] == 5
    assert "pool" not in plain["OPTIONS"]

    pooled = database_settings(DATABASE_URL=url, DJANGO_DB_POOL="8")
    assert pooled["OPTIONS"]["pool"]["max_size"] == 8
    assert pooled["CONN_MAX_AGE"] == 0  # the pool keeps the connections

    behind_pgbouncer = database_settings(DATABASE_URL=url, DJANGO_DB_PREPARE="0")
    assert behind_pgbouncer["OPTIONS"]["prepare_threshold"] is None
    assert "server_side_binding" not in behind_pgbouncer["OPTIONS"]


@on_postgresql
def test_signed_in_pages_keep_working_once_their_queries_are_prepared(client_logged_in):
    """The custom backend's own PREPAREs collided with psycopg's on a pooled connection: every
    signed-in request after the first was a 500. psycopg now prepares by itself."""
    threshold = connection.settings_dict["OPTIONS"].get("prepare_threshold")
    urls = [
        reverse("home"),
        reverse("exercises:catalogue"),
        Exercise.objects.first().get_absolute_url(),
    ]
    for _ in range((threshold or 0) + 3):
        for url in urls:
            assert client_logged_in.get(url).status_code == 200, url
    if threshold is not None:
        with connection.cursor() as cursor:
            cursor.execute("SELECT count(*) FROM pg_prepared_statements")
            assert cursor.fetchone()[0] > 0
