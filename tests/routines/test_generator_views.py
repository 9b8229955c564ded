"""The generator's pages: what is shown is what is saved, for visitors and users."""

import re

import pytest
from django.urls import reverse

from exercises.models import Exercise
from exercises.safety import verdict
from routines.models import Routine
from tests.factories import csrf_token_of, signed_in_browser, take_check

pytestmark = pytest.mark.django_db

ASK = {"goal": "stretch", "minutes": "20", "level": "1", "seed": "7"}


# The second asks for so little time that the generator shortens some dosages: the saved
# routine must keep them as overrides.
SHORTENED = {"goal": "strengthen", "minutes": "5", "level": "3", "seed": "3"}


@pytest.mark.parametrize("ask", [ASK, SHORTENED], ids=["defaults", "shortened"])
def test_saved_routine_has_the_exercises_dosages_and_total_that_were_shown(
    client_logged_in, user, ask
):
    if ask is ASK:  # the user's own timing preferences count in the total
        user.get_ready_seconds, user.default_rest_seconds = 10, 30
        user.save()
    shown = client_logged_in.get(reverse("routines:generator"), ask).context
    if ask is SHORTENED:
        assert any(dosage != exercise.dosage for exercise, dosage in shown["items"])

    response = client_logged_in.post(reverse("routines:generator_save"), ask)

    routine = Routine.objects.get(owner=user)
    assert response["Location"] == routine.get_absolute_url()
    items = list(routine.items.select_related("exercise"))
    assert [(item.exercise, item.dosage) for item in items] == list(shown["items"])
    assert routine.total_seconds_for(user) == shown["total"]
    assert routine.name == f"{ask['goal'].capitalize()}, {ask['minutes']} min"


def test_visitor_sees_a_routine_timed_with_the_default_options(client):
    context = client.get(reverse("routines:generator"), ASK).context

    assert context["items"] and not context["error"]
    assert 0.9 * 20 * 60 <= context["total"] <= 1.1 * 20 * 60


@pytest.mark.parametrize("minutes", ["4", "46", "lots"])
def test_minutes_outside_the_generators_limits_are_refused(client_logged_in, user, minutes):
    response = client_logged_in.get(reverse("routines:generator"), {**ASK, "minutes": minutes})
    assert "minutes" in response.context["form"].errors

    client_logged_in.post(reverse("routines:generator_save"), {**ASK, "minutes": minutes})
    assert not Routine.objects.filter(owner=user).exists()


# The form and the routine are cached by all they depend on (routines/views/builder.py).


def shown_slugs(response):
    result = response.content.decode().split('id="generator-result"')[1]
    return re.findall(r'href="/exercises/([a-z0-9-]+)/"', result)


def test_a_cached_routine_follows_the_persons_preferences_at_once(client_logged_in, user):
    url = reverse("routines:generator")
    before = client_logged_in.get(url, ASK).content.decode()

    user.default_rest_seconds = user.default_rest_seconds + 30
    user.save()

    after = client_logged_in.get(url, ASK).content.decode()
    assert after.split("Your routine:")[1][:40] != before.split("Your routine:")[1][:40]


def test_a_cached_routine_follows_a_new_safety_check_at_once(client_logged_in):
    url = reverse("routines:generator")
    client_logged_in.get(url, ASK)

    take_check(client_logged_in, "osteoporosis")

    slugs = shown_slugs(client_logged_in.get(url, ASK))
    outcome = client_logged_in.get(url, ASK).wsgi_request.safety.outcome
    assert slugs
    for exercise in Exercise.objects.filter(slug__in=slugs):
        assert not verdict(exercise.category, exercise.tags, outcome).not_for_you, exercise.slug


def test_a_cached_routine_shows_an_exercise_edit_at_once(client_logged_in):
    url = reverse("routines:generator")
    slug = shown_slugs(client_logged_in.get(url, ASK))[0]

    exercise = Exercise.objects.get(slug=slug)
    exercise.name = "Renamed for the cache test"
    exercise.save()

    assert "Renamed for the cache test" in client_logged_in.get(url, ASK).content.decode()


def test_each_browser_saves_a_cached_routine_with_its_own_token(user):
    phone, laptop = signed_in_browser(user), signed_in_browser(user)
    url = reverse("routines:generator")
    phone.get(url, ASK)

    page = laptop.get(url, ASK).content.decode()
    token = csrf_token_of(page.split('action="/routines/generate/save/"')[1])
    response = laptop.post(
        reverse("routines:generator_save"), {**ASK, "csrfmiddlewaretoken": token}
    )

    assert response.status_code == 302
    assert Routine.objects.filter(owner=user).count() == 1
