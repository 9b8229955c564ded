"""manage.py purge_anonymous: anonymous safety checks nobody claimed within 30 days go."""

import datetime
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from accounts.models import UserSession
from exercises.safety.models import Screening

pytestmark = pytest.mark.django_db


def screening(user=None, days_ago=0):
    return Screening.objects.create(
        user=user,
        version=1,
        answers={},
        age=40,
        outcome="clear",
        created_at=timezone.now() - datetime.timedelta(days=days_ago),
    )


def purge(*args):
    out = StringIO()
    call_command("purge_anonymous", *args, stdout=out)
    return out.getvalue()


def test_unclaimed_anonymous_screenings_older_than_30_days_are_deleted(user):
    old_anonymous = screening(days_ago=31)
    recent_anonymous = screening(days_ago=29)
    old_claimed = screening(user=user, days_ago=400)

    output = purge()

    assert "Deleted 1 " in output
    assert not Screening.objects.filter(pk=old_anonymous.pk).exists()
    assert set(Screening.objects.values_list("pk", flat=True)) == {
        recent_anonymous.pk,
        old_claimed.pk,
    }


def test_dry_run_counts_and_deletes_nothing():
    screening(days_ago=45)

    assert "Would delete 1 " in purge("--dry-run")
    assert Screening.objects.count() == 1


def test_running_twice_is_harmless():
    screening(days_ago=45)
    purge()

    assert "Deleted 0 " in purge()


def test_expired_browser_sessions_go_too(client):
    client.session.save()  # a visitor's session...
    UserSession.objects.update(expire_date=timezone.now() - datetime.timedelta(seconds=1))
    fresh = type(client)()
    fresh.session.save()  # ...and one still valid

    assert "Would delete 1 expired browser session" in purge("--dry-run")
    output = purge()

    assert "Deleted 1 expired browser session" in output
    assert list(UserSession.objects.values_list("session_key", flat=True)) == [
        fresh.session.session_key
    ]
