"""While the database cannot be reached, pages answer a friendly 503 with Retry-After, the
player's save answers 503 JSON (so the browser keeps the session queued), and connections
recover by themselves after a PostgreSQL restart."""

import runpy
import time
from pathlib import Path
from unittest import mock

import pytest
from django.conf import settings
from django.core.cache import cache
from django.db import InterfaceError, OperationalError
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.utils import ConnectionHandler
from django.test import Client
from django.urls import reverse

from bench.servers import PostgresServer, postgres_bin
from routines.models import Session, SessionItem
from tests.factories import database_gone, payload, person_version, post_json

pytestmark = [pytest.mark.django_db, pytest.mark.routine(exercises={}, count=1)]
SETTINGS = Path(__file__).resolve().parent.parent / "backcare" / "settings.py"


@pytest.fixture
def client(client):
    client.raise_request_exception = False
    return client


@pytest.mark.parametrize("error", [OperationalError("refused"), InterfaceError("closed")])
@pytest.mark.parametrize("logged_in", [False, True])
def test_pages_answer_a_friendly_503(client, user, error, logged_in):
    if logged_in:
        client.force_login(user, backend="accounts.backends.UserBackend")
    with database_gone(error):
        response = client.get(reverse("exercises:catalogue"))

    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assert response["Content-Type"].startswith("text/html")
    text = response.content.decode()
    assert "Back in a moment" in text and "keep its page open" in text
    assert "Traceback" not in text and "OperationalError" not in text
    assert "unsafe-inline" not in response["Content-Security-Policy"]


def menu_links(html):
    """Which of the account links the page's menu offers."""
    return {
        name
        for name in ("accounts:login", "accounts:signup", "accounts:account")
        if f'href="{reverse(name)}"' in html
    }


@pytest.mark.parametrize("page", ["exercises:catalogue", "home", "routines:history"])
def test_a_signed_in_request_waits_for_the_database_once_and_keeps_its_headers(
    client, user, caplog, page
):
    """A hung database costs a signed-in request one wait (the connect timeout), not two:
    nothing asks again who the user is; the 503 keeps the headers every page has, and the
    log has one traceback."""
    client.force_login(user, backend="accounts.backends.UserBackend")
    with database_gone() as attempts:
        response = client.get(reverse(page))

    assert response.status_code == 503
    assert attempts.call_count == 1
    assert response["X-Frame-Options"] == "DENY"
    assert "camera=()" in response["Permissions-Policy"]
    assert "Cookie" in response["Vary"]
    assert {"private", "no-store"} <= {
        part.strip() for part in response["Cache-Control"].split(",")
    }
    tracebacks = [record for record in caplog.records if record.exc_info]
    assert len(tracebacks) == 1, [record.getMessage() for record in caplog.records]


def test_the_database_lost_midway_through_a_signed_in_page_is_a_503_not_a_500(client, user):
    """The person and the cache versions were read, then the database went (a restart): the
    page's next query fails, and the 503 page asks the database nothing more (not the safety
    check for its banner, which would fail again and make it a 500)."""
    client.force_login(user, backend="accounts.backends.UserBackend")
    cache.clear()  # the safety check is read from the database, after the person
    real_cursor = BaseDatabaseWrapper._cursor
    attempts = []

    def cursor(self, *args, **kwargs):
        attempts.append(1)
        if len(attempts) > 2:  # the session, then the person with the versions
            raise OperationalError("terminating connection due to administrator command")
        return real_cursor(self, *args, **kwargs)

    with mock.patch.object(BaseDatabaseWrapper, "_cursor", cursor):
        response = client.get(reverse("routines:history"))

    assert response.status_code == 503
    assert len(attempts) == 3


def test_with_a_session_the_503_offers_no_log_in_and_says_they_stay_signed_in(client, user):
    """The database cannot say who is signed in, but the session cookie says someone may
    be: "Log in" would only fail too, and would suggest they had been logged out."""
    client.force_login(user, backend="accounts.backends.UserBackend")
    with database_gone():
        html = client.get(reverse("exercises:catalogue")).content.decode()

    assert menu_links(html) == set()
    assert "If you were signed in, you still are" in html
    assert "your saved sessions are safe" in html


def test_without_a_session_the_503_menu_is_a_visitors(client):
    with database_gone():
        html = client.get(reverse("exercises:catalogue")).content.decode()

    assert menu_links(html) == {"accounts:login", "accounts:signup"}
    assert "If you were signed in" not in html
    assert "Nothing you saved before is lost" in html


def test_the_503_menu_does_not_leak_into_the_pages_after_the_outage(client, user):
    """The menu is cached per page and person (base.html's site-nav fragment): the outage's
    menu without "Log in" must not be served to a visitor once the database is back."""
    client.cookies[settings.SESSION_COOKIE_NAME] = "a-session-the-database-cannot-check"
    with database_gone():
        assert client.get(reverse("exercises:catalogue")).status_code == 503
        assert client.get("/no-such-page/").status_code == 503

    visitor = Client()
    for url in (reverse("exercises:catalogue"), "/no-such-page/"):
        html = visitor.get(url).content.decode()
        assert menu_links(html) == {"accounts:login", "accounts:signup"}, url


def test_the_players_save_answers_503_json_and_the_retry_stores_it_once(
    client_logged_in, routine, user
):
    client_logged_in.raise_request_exception = False
    body = payload(routine)
    with database_gone():
        response = post_json(client_logged_in, routine, body)

    assert response.status_code == 503
    assert response["Content-Type"] == "application/json"
    assert response["Retry-After"] == "30"
    assert response.json()["error"] == "unavailable"
    assert not Session.objects.filter(client_id=body["client_id"]).exists()

    assert post_json(client_logged_in, routine, body).status_code == 201
    assert post_json(client_logged_in, routine, body).status_code == 200
    assert Session.objects.filter(client_id=body["client_id"]).count() == 1


def test_a_save_cut_halfway_stores_nothing_and_its_retry_stores_it_once(
    client_logged_in, routine, user
):
    """The connection drops after the session row, before its items (as when a worker or
    the database dies mid-save): the transaction leaves nothing behind, the client is not
    told it was saved, and its retry stores the whole session once."""

    client_logged_in.raise_request_exception = False
    body = payload(routine)
    version = person_version(user)
    with mock.patch.object(
        SessionItem.objects, "bulk_create", side_effect=OperationalError("server closed")
    ):
        response = post_json(client_logged_in, routine, body)

    assert response.status_code == 503
    assert not Session.objects.filter(client_id=body["client_id"]).exists()
    assert person_version(user) == version

    assert post_json(client_logged_in, routine, body).status_code == 201
    session = Session.objects.get(client_id=body["client_id"])
    assert session.items.count() == len(body["items"])


def test_a_client_asking_for_json_gets_json(client):
    with database_gone():
        response = client.get(reverse("exercises:catalogue"), HTTP_ACCEPT="application/json")

    assert response.status_code == 503
    assert response.json()["error"] == "unavailable"


def test_other_crashes_are_still_500(client, settings):
    settings.ROOT_URLCONF = "tests.urls_failing"

    response = client.get("/boom/")

    assert response.status_code == 500
    assert "Retry-After" not in response
    assert "Something went wrong" in response.content.decode()


@pytest.fixture(scope="module")
def own_postgres():
    if postgres_bin() is None:
        pytest.skip("PostgreSQL server binaries are not installed")
    with PostgresServer() as server:
        yield server


def production_connection(monkeypatch, url, pool=0, **overrides):
    """A connection configured exactly as backcare/settings.py configures DATABASE_URL,
    with Django's pool of ``pool`` connections (none by default)."""
    monkeypatch.setenv("DATABASE_URL", url)
    monkeypatch.setenv("DJANGO_DB_POOL", str(pool))
    database = runpy.run_path(str(SETTINGS))["DATABASES"]["default"]
    return ConnectionHandler({"default": {**database, **overrides}})["default"]


def request(connection):
    """What Django does around each request (request_started), then one query."""
    connection.close_if_unusable_or_obsolete()
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        return cursor.fetchone()[0]


def test_connections_recover_by_themselves_after_a_postgresql_restart(own_postgres, monkeypatch):
    connection = production_connection(monkeypatch, own_postgres.url())
    assert connection.settings_dict["CONN_HEALTH_CHECKS"] is True
    assert connection.settings_dict["CONN_MAX_AGE"] > 0  # kept open between requests
    assert request(connection) == 1
    before = connection.connection

    own_postgres.stop()
    own_postgres.start()

    assert request(connection) == 1  # the first request after the restart already works
    assert connection.connection is not before
    connection.close()


def test_a_pooled_connection_recovers_by_itself_after_a_postgresql_restart(
    own_postgres, monkeypatch
):
    connection = production_connection(monkeypatch, own_postgres.url(), pool=2)
    assert "pool" in connection.settings_dict["OPTIONS"]
    assert request(connection) == 1
    connection.close()  # back to the pool, as after every request

    own_postgres.stop()
    own_postgres.start()

    try:
        assert request(connection) == 1  # the pool checked it and gave a working one
    finally:
        connection.close()
        connection.close_pool()


def test_without_health_checks_the_first_request_after_a_restart_fails(own_postgres, monkeypatch):
    """What CONN_HEALTH_CHECKS saves us from (and proof that the test above can fail)."""
    connection = production_connection(monkeypatch, own_postgres.url(), CONN_HEALTH_CHECKS=False)
    assert request(connection) == 1

    own_postgres.stop()
    own_postgres.start()

    with pytest.raises((OperationalError, InterfaceError)):
        request(connection)
    assert request(connection) == 1  # Django closes the broken one before the next request
    connection.close()


def test_a_connection_the_server_ended_is_replaced_before_the_request_uses_it(
    own_postgres, monkeypatch
):
    connection = production_connection(monkeypatch, own_postgres.url())
    assert request(connection) == 1
    kept = connection.connection
    other = production_connection(monkeypatch, own_postgres.url())
    with other.cursor() as cursor:  # as an administrator, or a server shutting down, would
        cursor.execute("SELECT pg_terminate_backend(%s)", [kept.info.backend_pid])
    other.close()
    time.sleep(0.2)  # the server's goodbye crosses the socket

    assert request(connection) == 1
    assert connection.connection is not kept
    connection.close()
