"""The generator's pages: what is shown is what is saved, for visitors and users."""

import pytest
from django.urls import reverse

from routines.models import Routine

pytestmark = pytest.mark.django_db

ASK = {"goal": "stretch", "minutes": "20", "level": "1", "seed": "7"}


# The second asks for so little time that the generator shortens some dosages: the saved
# routine must keep them as overrides.
SHORTENED = {"goal": "strengthen", "minutes": "5", "level": "3", "seed": "5"}


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
