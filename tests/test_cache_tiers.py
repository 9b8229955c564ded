"""The two cache aliases: pages keyed by language and copied into the process in front of
Redis; sessions and counters shared and never copied (backcare/caching/tiered.py)."""

import pytest
from django.core.cache import caches
from django.template import engines
from django.test import RequestFactory, TestCase
from django.urls import reverse
from django.utils import translation

from backcare.caching.config import cache_settings
from backcare.caching.redis import ResilientRedisCache, forget_health
from backcare.caching.tiered import PagesCache
from bench.servers import RedisServer
from tests.factories import RoutineFactory

MISSING = "(missing)"
QUICK = {"socket_connect_timeout": 0.1, "socket_timeout": 0.1}


@pytest.fixture
def redis_caches(settings):
    if not RedisServer.available():
        pytest.skip("redis-server is not installed")
    forget_health()
    with RedisServer() as server:
        settings.CACHES = cache_settings(server.url, "tiers", QUICK)
        yield server
    forget_health()


def test_a_fragment_cached_in_one_language_is_not_served_in_another():
    """A ``{% cache %}`` tag that names no language still keeps the languages apart."""
    template = engines["django"].from_string(
        "{% load cache i18n %}{% cache 60 greeting %}{% translate 'Yes' %}{% endcache %}"
    )
    request = RequestFactory().get("/")
    with translation.override("en"):
        assert template.render({}, request) == "Yes"
    with translation.override("ru"):
        assert template.render({}, request) == "Да"
    with translation.override("en"):
        assert template.render({}, request) == "Yes"


def test_shared_values_do_not_depend_on_the_language():
    with translation.override("en"):
        caches["shared"].set("counter", 3)
    with translation.override("ru"):
        assert caches["shared"].get("counter") == 3


def test_with_redis_pages_are_copied_into_the_process_and_counters_are_not(redis_caches):
    pages, shared = caches["default"], caches["shared"]
    assert isinstance(pages, PagesCache) and isinstance(shared, ResilientRedisCache)

    pages.set("fragment", "<p>hello</p>", 600)
    shared.add("counter", 0)
    shared.incr("counter")
    assert pages.shared.get("fragment") == "<p>hello</p>"  # in Redis for every worker

    redis_caches.stop()
    # The page's fragment is still served from the process; the counter is not kept there.
    assert pages.get("fragment") == "<p>hello</p>"
    assert shared.get("counter") is None


def test_a_value_another_worker_stored_is_read_from_redis_once(redis_caches):
    pages = caches["default"]
    pages.shared.set("fragment", "from another worker", 600)

    assert pages.get("fragment") == "from another worker"
    redis_caches.stop()
    assert pages.get("fragment") == "from another worker"  # copied on the first read
    assert pages.get("never-stored") is None


def test_sessions_live_in_the_shared_cache(settings):
    assert settings.SESSION_CACHE_ALIAS == "shared"


def listed_values(user_id) -> list:
    shared = caches["shared"]
    count = shared.get(f"person-values:{user_id}") or 0
    return list(
        shared.get_many([f"person-values:{user_id}:{n}" for n in range(1, count + 1)]).values()
    )


def visit_own_pages(client, user):
    RoutineFactory(owner=user)
    for name in (
        "home",
        "routines:history",
        "routines:progress",
        "exercises:catalogue",
        "accounts:account",
    ):
        assert client.get(reverse(name)).status_code == 200, name


def values_of(listed) -> list:
    """What the pages cache holds under each listed key (a value may be None, so the
    missing ones are ``MISSING``)."""
    pages, found = caches["default"], []
    for language, key, version in listed:
        with translation.override(language):
            found.append(pages.get(key, MISSING, version=version))
    return found


@pytest.mark.django_db
@pytest.mark.parametrize("with_redis", [False, True], ids=["in-process", "redis"])
def test_a_deleted_accounts_cached_pages_go_with_it(request, client, user, password, with_redis):
    if with_redis:
        request.getfixturevalue("redis_caches")
    client.force_login(user)
    visit_own_pages(client, user)
    listed = listed_values(user.pk)
    assert len(listed) >= 5 and MISSING not in values_of(listed)
    email_shown = [value for value in values_of(listed) if user.email in str(value)]
    assert email_shown  # the menu names the person

    with TestCase.captureOnCommitCallbacks(execute=True):
        user.delete()

    assert values_of(listed) == [MISSING] * len(listed)
    assert listed_values(user.pk) == []


@pytest.mark.django_db
def test_a_visitors_pages_are_listed_under_nobody(client):
    assert client.get(reverse("exercises:catalogue")).status_code == 200
    assert caches["shared"].get("person-values:None") is None
