"""PostgreSQL runs on Django's own backend (with a health check that needs no round trip
while a connection is quiet: backcare/postgresql/base.py), with psycopg's automatic
preparation and Django's connection pool as options read from the environment
(backcare/settings.py)."""

import json
import os
import subprocess
import sys
import time
from pathlib import Path
from unittest import mock

import pytest
from django.db import connection, connections
from django.db.backends.postgresql import base as stock
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
    assert plain["ENGINE"] == "backcare.postgresql"
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


@on_postgresql
@pytest.mark.django_db(transaction=True)
def test_a_quiet_connection_is_usable_without_a_query_and_an_ended_one_is_not():
    """Django asks is_usable() before each request's first query (CONN_HEALTH_CHECKS); the
    stock answer is a SELECT 1 round trip every time. A quiet socket needs none; a
    connection the server ended is found unusable (so Django opens a new one)."""
    kept = connections.create_connection("default")
    kept.connect()
    try:
        with mock.patch.object(
            stock.DatabaseWrapper, "is_usable", side_effect=AssertionError("a round trip")
        ):
            assert kept.is_usable()

        pid = kept.connection.info.backend_pid
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_terminate_backend(%s)", [pid])
        deadline = time.monotonic() + 5
        while kept.is_usable() and time.monotonic() < deadline:
            time.sleep(0.05)  # the server's goodbye reaches the socket
        assert not kept.is_usable()
    finally:
        kept.close()
