"""A signed-in request reads its session and its person by two plain queries
(accounts/sessions.py ``SessionStore.load``, accounts/backends.py ``UserBackend.get_user``)
with Django's meaning: an expired or unknown session is no session and gets a new key, an
inactive account is no one, a changed password signs the other sessions out, and the
person is the same model instance the ORM would give."""

import importlib
from datetime import timedelta

import pytest
from django.apps import apps
from django.contrib.auth import get_user
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accounts.backends import UserBackend
from accounts.models import User, UserSession
from accounts.sessions import SessionStore

pytestmark = pytest.mark.django_db


def test_a_session_loads_its_data_and_an_expired_one_is_no_session(user):
    store = SessionStore()
    store["_auth_user_id"] = str(user.pk)
    store["colour"] = "teal"
    store.save()
    key = store.session_key

    with CaptureQueriesContext(connection) as queries:
        assert SessionStore(key).load() == {"_auth_user_id": str(user.pk), "colour": "teal"}
    assert len(queries) == 1

    UserSession.objects.filter(session_key=key).update(
        expire_date=timezone.now() - timedelta(seconds=1)
    )
    expired = SessionStore(key)
    assert expired.load() == {}
    # Django's own path: the key is forgotten, so saving makes a new one (no fixation).
    assert expired.session_key is None
    assert SessionStore("no-such-session-key-0123456789abc").load() == {}


def test_the_person_is_what_the_orm_reads_and_an_inactive_account_is_no_one(user):
    user.last_login = timezone.now()
    user.save()
    backend = UserBackend()

    found = backend.get_user(user.pk)
    expected = User.objects.get(pk=user.pk)
    assert isinstance(found, User) and found.pk == user.pk
    for field in User._meta.concrete_fields:
        assert getattr(found, field.attname) == getattr(expected, field.attname), field.name
    assert found.last_login.tzinfo is not None and found.is_active is True
    assert backend.get_user(user.pk + 1000) is None

    User.objects.filter(pk=user.pk).update(is_active=False)
    assert backend.get_user(user.pk) is None


def test_a_password_change_signs_the_other_browsers_out(user, client):
    other = Client()
    other.force_login(user, backend="accounts.backends.UserBackend")
    assert other.get(reverse("routines:history")).status_code == 200

    user.set_password("a new long passphrase 42")
    user.save()

    assert other.get(reverse("routines:history")).status_code == 302  # to the log-in


def test_sessions_from_before_name_the_new_backend_and_stay_signed_in(user, rf):
    migration = importlib.import_module("accounts.migrations.0010_sessions_name_user_backend")
    store = SessionStore()
    store["_auth_user_id"] = str(user.pk)
    store["_auth_user_backend"] = migration.OLD
    store["_auth_user_hash"] = user.get_session_auth_hash()
    store.save()

    request = rf.get("/")
    request.session = SessionStore(store.session_key)
    assert not get_user(request).is_authenticated  # ModelBackend is no longer listed

    migration.rename_backend(apps, None)

    request.session = SessionStore(store.session_key)
    assert get_user(request) == user
