"""Redis is only a cache: each kind of Redis error is a miss, logged once per interval, and
no page fails because of it."""

import logging
import socket
from unittest import mock

import pytest
import redis
from django.urls import reverse

from backcare.caching.config import cache_settings
from backcare.caching.redis import ResilientRedisCache, forget_health
from bench.servers import RedisServer, spare_port
from exercises.models import Exercise
from routines.models import Session
from tests.factories import RoutineFactory, RoutineItemFactory, payload, post_json

OPTIONS = {"socket_connect_timeout": 0.1, "socket_timeout": 0.1}


@pytest.fixture(autouse=True)
def _fresh_health():
    forget_health()
    yield
    forget_health()


def resilient(url) -> ResilientRedisCache:
    return ResilientRedisCache(url, {"OPTIONS": OPTIONS, "KEY_PREFIX": "test"})


@pytest.fixture
def dead_url():
    """A port where nothing listens: connection refused."""
    return f"redis://127.0.0.1:{spare_port()}/0"


@pytest.fixture
def hung_url():
    """A port that accepts connections and never answers: a read timeout."""
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen(16)
        yield f"redis://127.0.0.1:{listener.getsockname()[1]}/0"


@pytest.fixture(scope="module")
def redis_server():
    if not RedisServer.available():
        pytest.skip("redis-server is not installed")
    with RedisServer() as server:
        yield server


def every_operation_misses(cache):
    """Each operation of Django's cache API answers as for a missing key."""
    cache.RETRY_SECONDS = 0  # try Redis for every operation, not only the first
    assert cache.get("k") is None
    assert cache.get("k", "fallback") == "fallback"
    assert cache.get_many(["a", "b"]) == {}
    assert cache.get_or_set("k", 5) == 5
    assert cache.set("k", 1) is None
    assert cache.add("k", 1) is False
    assert cache.touch("k") is False
    assert cache.has_key("k") is False
    assert cache.delete("k") is False
    assert cache.set_many({"a": 1, "b": 2}) == ["a", "b"]
    assert cache.delete_many(["a", "b"]) is None
    assert cache.clear() is False
    with pytest.raises(ValueError):
        cache.incr("k")
    with pytest.raises(ValueError):
        cache.decr("k")
    assert cache.ping() is False


def test_connection_refused_is_a_miss(dead_url):
    every_operation_misses(resilient(dead_url))


def test_a_redis_that_never_answers_is_a_miss(hung_url):
    every_operation_misses(resilient(hung_url))


@pytest.mark.parametrize(
    "error",
    [
        redis.ConnectionError("Connection reset by peer"),
        ConnectionResetError(104, "Connection reset by peer"),
        redis.TimeoutError("Timeout reading from socket"),
        TimeoutError("timed out"),
        BrokenPipeError(32, "Broken pipe"),
        redis.ResponseError("LOADING Redis is loading the dataset in memory"),
    ],
    ids=lambda error: type(error).__name__,
)
def test_every_kind_of_redis_error_is_a_miss(redis_server, error):
    cache = resilient(redis_server.url)
    cache.RETRY_SECONDS = 0
    cache.set("k", "stored")
    with mock.patch.object(redis.Redis, "execute_command", side_effect=error):
        assert cache.get("k", "fallback") == "fallback"
        assert cache.get_many(["k"]) == {}
        assert cache.set("k", "new") is None
    assert cache.get("k") == "stored"  # and back to normal once Redis answers


def test_a_working_redis_is_used(redis_server):
    cache = resilient(redis_server.url)
    cache.set("k", {"a": 1})
    assert cache.get("k") == {"a": 1}
    assert cache.add("n", 1) is True
    assert cache.incr("n") == 2
    assert cache.ping() is True


def test_after_an_error_redis_is_left_alone_for_a_moment(dead_url):
    cache = resilient(dead_url)
    cache.get("k")

    with mock.patch.object(redis.Redis, "execute_command") as command:
        assert cache.get("k", "fallback") == "fallback"
        command.assert_not_called()

    cache.RETRY_SECONDS = 0
    forget_health()
    cache = resilient(dead_url)
    with mock.patch.object(redis.Redis, "execute_command", return_value=None) as command:
        cache.get("k")
        command.assert_called_once()


def test_the_error_is_logged_once_per_interval_and_the_recovery_once(redis_server, caplog):
    cache = resilient(redis_server.url)
    cache.RETRY_SECONDS = 0
    caplog.set_level(logging.WARNING, logger="backcare.caching.redis")
    refused = redis.ConnectionError("Connection refused")

    def fail():
        with mock.patch.object(redis.Redis, "execute_command", side_effect=refused):
            cache.get("k")

    for _ in range(5):
        fail()
    cache.get("k")
    fail()  # failing again within the interval: not logged
    cache.get("k")  # nor its recovery

    messages = [record.getMessage() for record in caplog.records]
    assert len(messages) == 2, messages
    assert "failed (ConnectionError: Connection refused)" in messages[0]
    assert "1 error(s) since the last report" in messages[0]
    assert "answers again after 4 unreported error(s)" in messages[1]

    caplog.clear()
    cache.LOG_SECONDS = 0  # the interval has passed: the quiet error is told
    cache.get("k")
    fail()
    messages = [record.getMessage() for record in caplog.records]
    assert len(messages) == 2, messages
    assert messages[0].endswith("answers again after 1 unreported error(s).")
    assert "1 error(s) since the last report" in messages[1]


def test_the_log_never_shows_the_password(caplog):
    cache = ResilientRedisCache(
        f"redis://user:s3cret@127.0.0.1:{spare_port()}/0", {"OPTIONS": OPTIONS}
    )
    caplog.set_level(logging.WARNING, logger="backcare.caching.redis")
    cache.get("k")
    assert caplog.records and "s3cret" not in caplog.text


def test_pages_log_in_and_saves_work_with_redis_down(client, user, password, settings, dead_url):

    settings.CACHES = cache_settings(dead_url, "test", OPTIONS)
    exercise = Exercise.objects.first()
    anonymous = [reverse("home"), reverse("exercises:catalogue"), exercise.get_absolute_url()]
    for url in anonymous + anonymous:  # the second time would be served from the cache
        assert client.get(url).status_code == 200, url

    # Sessions and the log-in lockout (django-axes) live in the database, not the cache.
    form = {"username": user.email, "password": "wrong"}
    assert client.post(reverse("accounts:login"), form).status_code == 200
    form["password"] = password
    assert client.post(reverse("accounts:login"), form).status_code == 302
    routine = RoutineFactory(owner=user)
    RoutineItemFactory(routine=routine, exercise=exercise)
    assert post_json(client, routine, payload(routine)).status_code == 201
    for url in [reverse("exercises:catalogue"), reverse("routines:history")]:
        assert client.get(url).status_code == 200, url
    assert Session.objects.filter(user=user).count() == 1
