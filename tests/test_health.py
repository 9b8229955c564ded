"""/healthz tells load balancers the truth: each dependency's state, 503 only when the
database does not answer."""

from unittest import mock

import pytest
from django.db import InterfaceError, OperationalError
from django.urls import reverse

from backcare.caching.config import cache_settings
from backcare.caching.redis import forget_health
from bench.servers import RedisServer, spare_port

pytestmark = pytest.mark.django_db
HEALTHZ = reverse("healthz")
QUICK = {"socket_connect_timeout": 0.1, "socket_timeout": 0.1}


@pytest.fixture
def cache_down(settings):
    forget_health()
    settings.CACHES = cache_settings(f"redis://127.0.0.1:{spare_port()}/0", "test", QUICK)
    yield
    forget_health()


def database_down(error=None):
    error = error or OperationalError("connection refused")
    return mock.patch("backcare.health.connection.cursor", side_effect=error)


def test_all_well(client):
    response = client.get(HEALTHZ)

    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok", "cache": "ok"}
    assert "no-cache" in response["Cache-Control"]


def test_cache_down_is_degraded_but_still_serving(client, cache_down):
    response = client.get(HEALTHZ)

    assert response.status_code == 200
    assert response.json() == {"status": "degraded", "database": "ok", "cache": "degraded"}


@pytest.mark.parametrize("error", [OperationalError("refused"), InterfaceError("closed")])
def test_database_down_is_503(client, error):
    with database_down(error):
        response = client.get(HEALTHZ)

    assert response.status_code == 503
    assert response.json() == {"status": "down", "database": "down", "cache": "ok"}


def test_both_down(client, cache_down):
    with database_down():
        response = client.get(HEALTHZ)

    assert response.status_code == 503
    assert response.json() == {"status": "down", "database": "down", "cache": "degraded"}


def test_redis_stopped_and_started_again(client, settings):
    if not RedisServer.available():
        pytest.skip("redis-server is not installed")
    forget_health()
    with RedisServer() as server:
        settings.CACHES = cache_settings(server.url, "test", QUICK)
        assert client.get(HEALTHZ).json()["status"] == "ok"
        server.stop()
        assert client.get(HEALTHZ).json()["cache"] == "degraded"
        server.start()
        # Asked directly, not after the pause that follows an error.
        assert client.get(HEALTHZ).json()["status"] == "ok"
    forget_health()
