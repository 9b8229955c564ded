"""Both save endpoints (a signed-in person's and a trial's) behave alike on hostile or odd
input: a JSON 400, never a 500 or a stored surprise; a resent id with other content is 409;
concurrent saves of one id keep one row; nothing is saved where playing is refused; and a
trial keeps only the cleaned values, within a size cap."""

import datetime
import json
import threading

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from exercises.safety.models import Screening
from routines.models import Routine, Session, TrialSession
from tests.factories import RoutineFactory, payload, take_check

pytestmark = pytest.mark.django_db


@pytest.fixture
def programme():
    return Routine.objects.programmes().order_by("slug").first()


@pytest.fixture(params=["signed_in", "trial"])
def endpoint(request, client, user, programme):
    """(client, save URL, routine): the same tests run against both endpoints."""
    if request.param == "signed_in":
        client.force_login(user, backend="accounts.backends.UserBackend")
        routine = RoutineFactory(owner=user)
        return client, reverse("routines:save_session", args=[routine.pk]), routine
    return client, reverse("routines:try_save", args=[programme.slug]), programme


def send(client, url, body):
    text = body if isinstance(body, str | bytes) else json.dumps(body)
    return client.post(url, text, content_type="application/json")


def stored_count():
    return Session.objects.count() + TrialSession.objects.count()


@pytest.mark.parametrize("depth", [20, 450, 900, 5000])
def test_deep_nesting_is_a_json_400(endpoint, depth):
    client, url, routine = endpoint
    body = json.dumps(payload(routine))[:-1] + ', "notes": ' + "[" * depth + "]" * depth + "}"

    response = send(client, url, body)

    assert response.status_code == 400
    assert response.json()["errors"]
    assert stored_count() == 0


@pytest.mark.parametrize(
    ("name", "value"),
    [("notes", "NaN"), ("pain_after", "Infinity"), ("effort", "-Infinity"), ("check_in", "NaN")],
)
def test_nan_and_infinity_are_a_json_400(endpoint, name, value):
    client, url, routine = endpoint
    body = json.dumps({k: v for k, v in payload(routine).items() if k != name})
    body = body[:-1] + f', "{name}": {value}}}'

    response = send(client, url, body)

    assert response.status_code == 400
    assert "finite" in json.dumps(response.json())
    assert stored_count() == 0


def test_a_check_in_answer_must_be_true_or_false(endpoint):
    client, url, routine = endpoint
    body = payload(routine, check_in={"unwell": False, "new_pain": -1, "weak": False})

    assert send(client, url, body).status_code == 400
    assert stored_count() == 0


def test_a_resent_id_with_other_content_is_409_and_the_same_content_200(endpoint):
    client, url, routine = endpoint
    body = payload(routine)
    assert send(client, url, body).status_code == 201

    assert send(client, url, body).status_code == 200
    assert send(client, url, {**body, "notes": "Something else"}).status_code == 409
    assert stored_count() == 1


@pytest.mark.slow
@pytest.mark.django_db(transaction=True)
def test_concurrent_trial_saves_of_one_id_keep_one_row(programme):
    if connection.vendor == "sqlite" and connection.settings_dict["NAME"].startswith("file:"):
        pytest.skip("an in-memory SQLite database is not shared between threads")
    body = json.dumps(payload(programme))
    url = reverse("routines:try_save", args=[programme.slug])
    client = Client()
    client.get(reverse("home"))  # one browser: its cookie is shared by every request
    statuses, start = [], threading.Barrier(8)

    def save():
        start.wait()
        statuses.append(client.post(url, body, content_type="application/json").status_code)
        connection.close()

    threads = [threading.Thread(target=save) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert TrialSession.objects.count() == 1
    assert sorted(statuses).count(201) == 1 and set(statuses) <= {200, 201}


def test_a_trial_keeps_only_the_cleaned_values(client, programme):
    body = payload(programme)
    body["items"][0]["padding"] = "x" * 30_000  # an unknown key in an item
    body["unknown"] = "y" * 20_000

    response = send(client, reverse("routines:try_save", args=[programme.slug]), body)

    assert response.status_code == 201
    kept = TrialSession.objects.get().payload
    assert "unknown" not in kept and "padding" not in kept["items"][0]
    assert len(json.dumps(kept)) < 5_000


def test_a_body_over_the_size_cap_is_refused(endpoint):
    client, url, routine = endpoint
    body = payload(routine, check_in={"unwell": False}, notes="")
    body["filler"] = "z" * 70_000

    response = send(client, url, body)

    assert response.status_code == 400
    assert "too large" in json.dumps(response.json())
    assert stored_count() == 0


def test_no_save_where_playing_is_refused(endpoint):
    """An urgent check taken before the session started: the player answers 403, so does
    the save."""
    client, url, routine = endpoint
    take_check(client, "saddle-numbness")
    Screening.objects.update(created_at=timezone.now() - datetime.timedelta(hours=1))

    response = send(client, url, payload(routine))

    assert response.status_code == 403
    assert "safety" in response.json()["errors"]
    assert stored_count() == 0


def test_a_session_played_before_the_blocking_check_is_still_kept(endpoint):
    """The player's queue may send a session late: played while playing was allowed, it is
    kept even though a later check now blocks playing."""
    client, url, routine = endpoint
    started = timezone.now() - datetime.timedelta(hours=3)
    body = payload(
        routine,
        started_at=started.isoformat(),
        finished_at=(started + datetime.timedelta(minutes=10)).isoformat(),
    )
    take_check(client, "saddle-numbness")

    assert send(client, url, body).status_code == 201


@pytest.mark.parametrize(
    ("started", "finished"),
    [
        # More than 24 hours.
        ("2026-12-01T08:00:00+00:00", "2026-12-02T08:00:01+00:00"),
        # A date without a time.
        ("2026-12-01", "2026-12-01T08:10:00+00:00"),
        # A time without an offset: it could be in any zone.
        ("2026-12-01T08:00:00", "2026-12-01T08:10:00"),
    ],
)
def test_odd_session_times_are_refused_on_both_endpoints(endpoint, started, finished, time_machine):
    time_machine.move_to(datetime.datetime(2026, 12, 3, 12, tzinfo=datetime.UTC))
    client, url, routine = endpoint
    body = payload(routine, started_at=started, finished_at=finished)

    response = send(client, url, body)

    assert response.status_code == 400
    assert stored_count() == 0


def test_a_time_with_z_or_an_offset_is_read_as_that_moment(endpoint, time_machine):
    time_machine.move_to(datetime.datetime(2026, 12, 3, 12, tzinfo=datetime.UTC))
    client, url, routine = endpoint
    body = payload(
        routine, started_at="2026-12-03T09:00:00Z", finished_at="2026-12-03T10:10:00+01:00"
    )

    assert send(client, url, body).status_code == 201
    session = Session.objects.first()
    if session is not None:
        assert session.started_at == datetime.datetime(2026, 12, 3, 9, tzinfo=datetime.UTC)
        assert session.finished_at == datetime.datetime(2026, 12, 3, 9, 10, tzinfo=datetime.UTC)
    else:
        assert TrialSession.objects.get().payload["started_at"] == "2026-12-03T09:00:00+00:00"
