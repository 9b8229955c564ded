"""A shared computer does not mix two people: what a visitor did without an account (a
safety check, a tried programme) joins an account at sign-up, and at log-in only when the
person says so; an account's own check is never replaced silently."""

import json

import pytest
from django.urls import reverse

from exercises.safety.models import Screening
from routines.models import Routine, Session, TrialSession
from tests.factories import PASSWORD, payload, take_check

pytestmark = pytest.mark.django_db
KEEP = reverse("accounts:keep")
CATALOGUE = reverse("exercises:catalogue")


@pytest.fixture
def programme():
    return Routine.objects.programmes().order_by("slug").first()


def log_in(client, user, **extra):
    return client.post(
        reverse("accounts:login"), {"username": user.email, "password": PASSWORD, **extra}
    )


def play_trial(client, programme):
    client.post(
        reverse("routines:try", args=[programme.slug]),
        {"unwell": "no", "new_pain": "no", "weak": "no", "pain_before": 4},
    )
    body = payload(programme, pain_before=4, pain_after=2, effort=5)
    response = client.post(
        reverse("routines:try_save", args=[programme.slug]),
        json.dumps(body),
        content_type="application/json",
    )
    assert response.status_code == 201
    return body


def account_with_check(client, user, *slugs):
    client.force_login(user, backend="accounts.backends.UserBackend")
    take_check(client, *slugs)
    client.post(reverse("accounts:logout"))
    return user.screenings.get()


def test_a_visitors_all_clear_does_not_replace_the_accounts_check_at_log_in(client, user):
    own = account_with_check(client, user, "herniated-disc", "osteoporosis")
    take_check(client)  # the next person at the computer: all clear, no account

    response = log_in(client, user)

    assert response["Location"].startswith(KEEP)
    assert user.screenings.get() == own  # nothing attached before the answer
    question = client.get(response["Location"]).content.decode()
    assert "Keep the check and the session you did before logging in?" in question
    assert "Your account has its own safety check" in question
    # Meanwhile the account's own check is the one in force.
    assert "not for you after your safety check" in client.get(CATALOGUE).content.decode()


def test_leaving_it_out_keeps_the_account_as_it_was(client, user, programme):
    own = account_with_check(client, user, "herniated-disc")
    take_check(client, "saddle-numbness")  # a visitor's urgent check
    play_trial(client, programme)
    next_url = reverse("routines:history")

    log_in(client, user, next=next_url)
    answered = client.post(KEEP, {"keep": "no", "next": next_url})

    assert answered["Location"] == next_url
    assert list(user.screenings.all()) == [own]
    assert Session.objects.count() == 0 and TrialSession.objects.count() == 0
    home = client.get(reverse("home")).content.decode()
    assert "found a warning sign" not in home  # the visitor's urgent check blocks nobody
    assert client.get(KEEP)["Location"] == reverse("home")  # nothing is asked again


def test_keeping_it_attaches_the_check_and_the_session(client, user, programme):
    take_check(client, "herniated-disc")
    body = play_trial(client, programme)

    log_in(client, user)
    client.post(KEEP, {"keep": "yes"})

    assert user.screenings.get().conditions == ["herniated-disc"]
    assert [str(s.client_id) for s in Session.objects.filter(user=user)] == [body["client_id"]]


def test_nothing_to_keep_logs_in_straight_away(client, user):
    response = log_in(client, user, next=CATALOGUE)

    assert response["Location"] == CATALOGUE


def test_sign_up_attaches_without_asking(client, programme):
    take_check(client, "herniated-disc")
    play_trial(client, programme)

    response = client.post(
        reverse("accounts:signup"),
        {"email": "new@example.com", "password1": PASSWORD, "password2": PASSWORD},
    )

    assert response["Location"] == reverse("home")
    assert Screening.objects.get().user.email == "new@example.com"
    assert Session.objects.get().user.email == "new@example.com"


def test_log_in_does_not_fail_when_the_trials_id_is_already_in_the_account(client, user, programme):
    """The visitor's trial was also saved, with other content, signed in from another tab:
    keeping it leaves the account's session and answers no 500."""
    body = play_trial(client, programme)
    signed_in = type(client)()
    signed_in.force_login(user, backend="accounts.backends.UserBackend")
    changed = {**body, "notes": "Saved from the other tab"}
    saved = signed_in.post(
        reverse("routines:try_save", args=[programme.slug]),
        json.dumps(changed),
        content_type="application/json",
    )
    assert saved.status_code == 201

    log_in(client, user)
    kept = client.post(KEEP, {"keep": "yes"})

    assert kept.status_code == 302
    assert list(Session.objects.filter(user=user).values_list("notes", flat=True)) == [
        "Saved from the other tab"
    ]
