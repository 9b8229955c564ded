"""What an anonymous request can store: trial saves and safety checks are limited per client
and in total, with a friendly 429; an account is not limited."""

import datetime
import json

import pytest
from django.test import Client
from django.urls import reverse

from exercises.safety.models import Screening
from routines.models import Routine, Session, TrialSession
from tests.factories import check_answers, payload, take_check

pytestmark = pytest.mark.django_db


@pytest.fixture
def limits(settings, time_machine):
    # One counting window for the whole test, whatever the hour.
    time_machine.move_to(datetime.datetime(2026, 12, 3, 12, 0, 10, tzinfo=datetime.UTC), tick=False)
    settings.BACKCARE_ANONYMOUS_LIMITS = {
        "trial_save": {"per_client": 3, "in_total": 5, "window": 60},
        "safety_check": {"per_client": 2, "in_total": 3, "window": 60},
    }


@pytest.fixture
def programme():
    return Routine.objects.programmes().order_by("slug").first()


def save_trial(client, programme):
    return client.post(
        reverse("routines:try_save", args=[programme.slug]),
        json.dumps(payload(programme)),
        content_type="application/json",
    )


def from_address(address):
    return Client(REMOTE_ADDR=address)


def test_trial_saves_are_limited_per_client_with_a_json_429(limits, programme):
    client = from_address("10.0.0.1")
    statuses = [save_trial(client, programme).status_code for _ in range(4)]

    assert statuses == [201, 201, 201, 429]
    refused = save_trial(client, programme)
    assert refused["Retry-After"].isdigit()
    assert "wait a minute" in refused.json()["errors"]["rate"][0]
    assert TrialSession.objects.count() == 3
    # Another client still may.
    assert save_trial(from_address("10.0.0.2"), programme).status_code == 201


def test_trial_saves_are_limited_in_total_from_fresh_clients(limits, programme):
    statuses = [save_trial(from_address(f"10.0.1.{n}"), programme).status_code for n in range(7)]

    assert statuses == [201] * 5 + [429] * 2
    assert TrialSession.objects.count() == 5


def test_anonymous_checks_are_limited_with_a_friendly_page(limits):
    client = from_address("10.0.2.1")
    statuses = [take_check(client).status_code for _ in range(2)]
    refused = take_check(client)

    assert statuses == [302, 302]
    assert refused.status_code == 429
    html = refused.content.decode()
    assert "Too many at once" in html and "Nothing you did before is lost" in html
    assert refused["Retry-After"].isdigit()
    assert Screening.objects.count() == 2
    # The answers are not lost: "Try again" opens the check filled in.
    refused = take_check(client, age=63)
    assert refused.status_code == 429
    again = client.get(reverse("safety:check"))
    assert again.context["form"].initial["age"] == 63
    # Another client still may.
    first, _follow = check_answers()
    assert from_address("10.0.2.2").post(reverse("safety:check"), first).status_code == 302


def test_a_signed_in_person_is_not_limited(limits, client_logged_in, user, programme):
    for _ in range(5):
        take_check(client_logged_in)
        assert save_trial(client_logged_in, programme).status_code == 201

    assert user.screenings.count() == 5
    assert Session.objects.filter(user=user).count() == 5


def test_behind_a_proxy_clients_are_told_apart_by_the_header_it_sets(limits, settings, programme):
    settings.BACKCARE_CLIENT_IP_HEADER = "HTTP_X_FORWARDED_FOR"
    proxy = from_address("10.9.9.9")  # every request comes from the proxy

    def save_as(address):
        return proxy.post(
            reverse("routines:try_save", args=[programme.slug]),
            json.dumps(payload(programme)),
            content_type="application/json",
            headers={"X-Forwarded-For": f"203.0.113.50, {address}"},
        ).status_code

    assert [save_as("198.51.100.1") for _ in range(4)] == [201, 201, 201, 429]
    assert save_as("198.51.100.2") == 201
