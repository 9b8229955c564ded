"""With Redis configured, sessions use Django's cached_db engine tied to their user
(accounts/cached_sessions.py): a log-out ends the session, and deleting the account deletes
its session rows."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.test import Client
from django.urls import reverse

from accounts.models import UserSession

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parent.parent.parent


def test_redis_chooses_the_cached_engine_and_the_database_is_the_default():
    def engine(**environ):
        env = {**os.environ, "DJANGO_SECRET_KEY": "x" * 50, "REDIS_URL": "", **environ}
        code = "from backcare import settings as s; print(s.SESSION_ENGINE)"
        return subprocess.run(  # noqa: S603 - our own settings module
            [sys.executable, "-c", code], env=env, cwd=ROOT, capture_output=True, text=True
        ).stdout.strip()

    assert engine() == "accounts.sessions"
    assert engine(REDIS_URL="redis://127.0.0.1:6379/0") == "accounts.cached_sessions"


@pytest.fixture
def cached_sessions(settings):
    settings.SESSION_ENGINE = "accounts.cached_sessions"


def test_a_cached_session_is_tied_to_its_user_and_ends_at_log_out(cached_sessions, user):
    browser = Client()
    browser.force_login(user, backend="accounts.backends.UserBackend")
    assert UserSession.objects.filter(user=user).count() == 1
    assert browser.get(reverse("routines:history")).status_code == 200

    browser.post(reverse("accounts:logout"))

    assert browser.get(reverse("routines:history")).status_code == 302  # to the log-in
    assert not UserSession.objects.filter(user=user).exists()


def test_deleting_the_account_deletes_its_cached_sessions(cached_sessions, user):
    browser = Client()
    browser.force_login(user, backend="accounts.backends.UserBackend")
    user.delete()
    assert not UserSession.objects.exists()
    assert browser.get(reverse("routines:history")).status_code == 302
