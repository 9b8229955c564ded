"""The fixed cast of every test: a user, another user (the stranger), a logged-in client,
and the user's routine.

Also the hypothesis profiles: ``dev`` (the default) draws few examples so the suite stays
quick while working; ``ci`` (chosen by ``CI=true``, or ``HYPOTHESIS_PROFILE=ci``) draws the
full counts. Property tests set no example count of their own; they scale the profile's.
"""

import os
from pathlib import Path

import pytest
from django.core.cache import caches
from django.utils import timezone, translation
from hypothesis import settings as hypothesis_settings

from tests.factories import PASSWORD, UserFactory, routine_for

hypothesis_settings.register_profile("ci", max_examples=200, deadline=None, print_blob=True)
hypothesis_settings.register_profile("dev", max_examples=20, deadline=None)
hypothesis_settings.load_profile(
    os.environ.get("HYPOTHESIS_PROFILE")
    or ("ci" if os.environ.get("CI", "").lower() == "true" else "dev")
)


def pytest_configure(config):
    config.addinivalue_line(
        "markers",
        "routine(name=..., exercises=..., count=...): the `routine` fixture a test, a class or "
        "a module uses (tests/factories.py routine_for)",
    )


def pytest_sessionstart(session):
    """Compile the interface catalogues when a .po is newer than its .mo (`make test` has
    done it already; a bare `pytest` after editing a translation would test the old one)."""
    from django.conf import settings  # noqa: PLC0415 - configured by pytest-django by now
    from django.core.management import call_command  # noqa: PLC0415

    for po in Path(settings.BASE_DIR, "locale").glob("*/LC_MESSAGES/*.po"):
        mo = po.with_suffix(".mo")
        if not mo.exists() or mo.stat().st_mtime < po.stat().st_mtime:
            call_command(
                "compilemessages",
                locale=[po.parts[-3]],
                ignore_patterns=[".venv", "node_modules", "staticfiles"],
                verbosity=0,
            )


def pytest_collection_modifyitems(items):
    """Property tests and browser tests are ``slow`` without saying so themselves:
    ``pytest -m "not slow"`` is the quickest loop while working."""
    for item in items:
        test = getattr(item, "obj", None)
        if getattr(test, "is_hypothesis_test", False) or item.get_closest_marker("browser"):
            item.add_marker(pytest.mark.slow)


@pytest.fixture(autouse=True)
def _empty_cache():
    """Each test starts with empty caches: cached pages belong to one test's data."""
    for alias in caches:
        caches[alias].clear()


@pytest.fixture(autouse=True)
def _no_time_zone_left_active():
    """Each test starts and ends in the default time zone: a zone a request or a test
    activated must not decide what the next test calls "today"."""

    timezone.deactivate()
    yield
    timezone.deactivate()


@pytest.fixture(autouse=True)
def _no_language_left_active():
    """Each test starts and ends in the default language: a request in Russian leaves Russian
    active in the thread, and exercise.name would answer in it in the next test."""
    translation.deactivate()
    yield
    translation.deactivate()


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def password():
    return PASSWORD


@pytest.fixture
def user(db):
    return UserFactory(email="owner@example.com")


@pytest.fixture
def other_user(db):
    return UserFactory(email="stranger@example.com")


@pytest.fixture
def client_logged_in(client, user):
    client.force_login(user, backend="accounts.backends.UserBackend")
    return client


@pytest.fixture
def admin_client(client):
    """A client logged in as a superuser (pytest-django's own asks for a username)."""
    admin = UserFactory(email="admin@example.com", is_staff=True, is_superuser=True)
    client.force_login(admin, backend="accounts.backends.UserBackend")
    return client


@pytest.fixture
def routine(request, user):
    """``user``'s routine "Evening back" of the catalogue's first two hold exercises. A test,
    a class or a module asks for another with ``@pytest.mark.routine(name=..., exercises=...,
    count=...)`` (the arguments of tests/factories.py ``routine_for``), a single test also by
    indirect parametrisation: ``@pytest.mark.parametrize("routine", [{...}], indirect=True)``."""
    marker = request.node.get_closest_marker("routine")
    spec = {**(marker.kwargs if marker else {}), **getattr(request, "param", {})}
    return routine_for(user, **spec)
