"""Try before signing up: an anonymous visitor plays a ready programme, and signing up (or
logging in) keeps the session; nobody else can see or claim it; purge_anonymous deletes it
after 24 hours when it was not claimed."""

import datetime
import json
from io import StringIO

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from routines.models import Routine, Session, TrialSession
from tests.factories import (
    NEW_PASSWORD,
    PASSWORD,
    embedded_plan,
    play_and_save,
    sign_up,
    take_check,
    try_check_in,
    try_save_url,
    try_url,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def programme():
    return Routine.objects.programmes().order_by("slug").first()


def test_anonymous_visitor_checks_in_then_gets_the_player(client, programme):
    assert "Before you start" in client.get(try_url(programme)).content.decode()

    assert try_check_in(client, programme).status_code == 302
    plan = embedded_plan(client.get(try_url(programme)))

    assert plan["saveUrl"] == try_save_url(programme)
    assert plan["painBefore"] == 4
    assert [i["slug"] for i in plan["items"]] == [
        item.exercise.slug for item in programme.items.all()
    ]


def test_a_yes_in_the_check_in_stops_the_trial(client, programme):
    response = try_check_in(client, programme, new_pain="yes")

    assert "Better to rest today" in response.content.decode()
    # The gentle routine needs an account: no offer that would lead to a log-in page.
    assert "gentle-start" not in response.content.decode()
    assert "player-plan" not in client.get(try_url(programme)).content.decode()


@pytest.mark.parametrize("condition", ["spinal-surgery-recent", "bladder-bowel-control"])
def test_a_stop_or_urgent_anonymous_safety_check_blocks_the_trial(client, programme, condition):
    take_check(client, condition)

    assert client.get(try_url(programme)).status_code == 403
    assert try_check_in(client, programme).status_code == 403


def test_signed_in_person_is_sent_to_the_programme(client_logged_in, programme):
    response = client_logged_in.get(try_url(programme))

    assert response.url == programme.get_absolute_url()


def test_saving_keeps_the_session_in_this_browser_only(client, programme):
    response, _body = play_and_save(client, programme)

    assert response.status_code == 201
    assert response.json()["url"] == reverse("routines:try_kept", args=[programme.slug])
    assert TrialSession.objects.count() == 1
    assert Session.objects.count() == 0
    kept = client.get(response.json()["url"]).content.decode()
    assert "Create an account to keep this session" in kept
    # The trial's id is in the server-side session only, never in the page.
    assert str(TrialSession.objects.get().pk) not in response.content.decode()
    stranger = Client().get(response.json()["url"]).content.decode()
    assert "No session waiting" in stranger


def test_sending_the_same_session_again_keeps_it_once(client, programme):
    _response, body = play_and_save(client, programme)
    again = client.post(try_save_url(programme), json.dumps(body), content_type="application/json")

    assert again.status_code == 200
    assert TrialSession.objects.count() == 1


def test_a_bad_session_is_refused_and_nothing_is_kept(client, programme):
    response, _body = play_and_save(client, programme, items=[{"exercise": "nope"}])

    assert response.status_code == 400
    assert "unknown exercise" in json.dumps(response.json())
    assert TrialSession.objects.count() == 0


def test_sign_up_keeps_the_session_in_the_new_account(client, programme):
    _response, body = play_and_save(client, programme)

    sign_up(client)

    session = Session.objects.get()
    assert session.user.email == "new@example.com"
    assert str(session.client_id) == body["client_id"]
    assert session.routine == programme
    assert session.routine_name == programme.name
    assert (session.pain_before, session.pain_after, session.effort) == (4, 2, 5)
    assert session.items.count() == programme.items.count()
    assert TrialSession.objects.count() == 0
    assert "kept in your history" in client.get(reverse("home")).content.decode()


def test_signing_up_from_the_end_of_a_trial_shows_the_kept_session(client, programme):
    """ "Create an account to keep this session" comes back to the history, where the
    session now is (the page it came from would say no session is waiting)."""
    response, _body = play_and_save(client, programme)
    kept = client.get(response.json()["url"]).content.decode()
    history = reverse("routines:history")
    assert f'href="{reverse("accounts:signup")}?next={history}"' in kept
    assert f'href="{reverse("accounts:login")}?next={history}"' in kept

    signed_up = client.post(
        reverse("accounts:signup"),
        {
            "email": "new@example.com",
            "password1": NEW_PASSWORD,
            "password2": NEW_PASSWORD,
            "next": history,
        },
    )

    assert signed_up["Location"] == history
    page = client.get(history).content.decode()
    assert "kept in your history" in page and programme.name in page


def test_the_trial_players_invitation_to_sign_up_comes_back_to_the_programme(client, programme):
    try_check_in(client, programme)
    html = client.get(try_url(programme)).content.decode()

    assert f'href="{reverse("accounts:signup")}?next={programme.get_absolute_url()}"' in html


def test_log_in_asks_then_keeps_the_session_in_the_existing_account(client, programme, user):
    play_and_save(client, programme)

    logged_in = client.post(
        reverse("accounts:login"), {"username": user.email, "password": PASSWORD}
    )

    assert logged_in["Location"].startswith(reverse("accounts:keep"))
    assert Session.objects.count() == 0  # nothing joins the account before the answer
    client.post(reverse("accounts:keep"), {"keep": "yes"})
    assert list(Session.objects.values_list("user", flat=True)) == [user.pk]


def test_a_strangers_session_is_not_attached(client, programme):
    _response, visitors = play_and_save(client, programme)
    stranger = Client()
    _response, strangers = play_and_save(stranger, programme)

    sign_up(stranger, "stranger@example.com")

    assert [str(s.client_id) for s in Session.objects.all()] == [strangers["client_id"]]
    assert [str(t.client_id) for t in TrialSession.objects.all()] == [visitors["client_id"]]


def test_a_purged_session_is_not_attached_and_sign_up_still_works(client, programme):
    play_and_save(client, programme)
    TrialSession.objects.all().delete()

    assert sign_up(client).status_code == 302
    assert Session.objects.count() == 0


def purge():
    out = StringIO()
    call_command("purge_anonymous", stdout=out)
    return out.getvalue()


def test_purge_deletes_unclaimed_sessions_older_than_24_hours(client, programme):
    play_and_save(client, programme)
    play_and_save(client, programme)
    old, recent = TrialSession.objects.order_by("pk")
    TrialSession.objects.filter(pk=old.pk).update(
        created_at=timezone.now() - datetime.timedelta(hours=25)
    )

    assert "Deleted 1 unclaimed anonymous session" in purge()

    assert list(TrialSession.objects.values_list("pk", flat=True)) == [recent.pk]
    sign_up(client)
    assert Session.objects.count() == 1


def test_purge_leaves_claimed_sessions_alone(client, programme):
    play_and_save(client, programme)
    sign_up(client)
    Session.objects.update(created_at=timezone.now() - datetime.timedelta(days=3))

    purge()

    assert Session.objects.count() == 1


def test_anonymous_player_pages_run_few_queries(client, programme, django_assert_max_num_queries):
    # The catalogue's version, the programme and its items; with a Django session and a
    # safety check, those too.
    with django_assert_max_num_queries(3):
        client.get(try_url(programme))
    take_check(client, "herniated-disc")
    try_check_in(client, programme)
    with django_assert_max_num_queries(5):
        client.get(try_url(programme))
    response, _body = play_and_save(client, programme)
    # The Django session, the catalogue's version, the programme, the waiting session, and
    # the safety check that every page reads for its urgent banner.
    with django_assert_max_num_queries(5):
        client.get(response.json()["url"])
