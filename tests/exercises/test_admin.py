"""Staff edit exercises and conditions in the admin, with search and filters."""

import json

import pytest
from django.urls import reverse

from exercises.models import Condition, Exercise

pytestmark = pytest.mark.django_db


def test_exercise_list_searches_and_filters(admin_client):
    # The page echoes the query in its search box: assert on the listed rows, not the HTML.
    exercise = Exercise.objects.filter(regions__has="neck").exclude(regions__has="lower-back")[0]
    url = reverse("admin:exercises_exercise_changelist")

    found = admin_client.get(url, {"q": exercise.name, "region": "neck"}).context["cl"]
    other_region = admin_client.get(url, {"q": exercise.name, "region": "lower-back"})
    nonsense = admin_client.get(url, {"q": "zzqx-no-such-exercise"}).context["cl"]

    assert exercise in found.result_list
    assert all("neck" in listed.regions for listed in found.result_list)
    assert found.result_count < Exercise.objects.count()
    assert exercise not in other_region.context["cl"].result_list
    assert nonsense.result_count == 0


def change_form_data(client, url):
    """The admin change form's current values, as the browser would post them back."""
    form = client.get(url).context["adminform"].form
    data = {name: form[name].value() for name in form.fields}
    return {
        k: ("\n".join(v) if k in ("aliases", "steps", "cautions") and isinstance(v, list) else v)
        for k, v in data.items()
        if v is not None
    }


def test_edit_an_exercise_keeps_lists_and_recomputes_time(admin_client):
    exercise = Exercise.objects.filter(mode="hold", per_side=False, sets=1).first()
    url = reverse("admin:exercises_exercise_change", args=[exercise.pk])
    data = change_form_data(admin_client, url)
    data.update(
        {"seconds": 50, "seconds_min": "", "seconds_max": "", "steps": "One.\nTwo.\nThree."}
    )

    response = admin_client.post(url, data)

    assert response.status_code == 302, response.context["adminform"].form.errors
    exercise.refresh_from_db()
    assert exercise.steps == ["One.", "Two.", "Three."]
    # Every hold, with a 10 s release between two holds of 50 s.
    assert exercise.duration_seconds == 50 * exercise.reps + 10 * (exercise.reps - 1)


def test_condition_list_filters_by_outcome(admin_client):
    response = admin_client.get(
        reverse("admin:exercises_condition_changelist"), {"outcome__exact": "urgent"}
    )

    labels = [c.label for c in response.context["cl"].result_list]
    assert labels
    assert set(labels) == set(
        Condition.objects.filter(outcome="urgent").values_list("label", flat=True)
    )


def test_admin_refuses_a_repetition_exercise_without_tempo_or_with_an_upside_down_range(
    admin_client,
):
    # Regression: the admin saved a reps exercise with 0 s per repetition and a range of
    # 50 to 2, so it lasted 0 s everywhere. The rule is Exercise.clean(), as for the loader.
    exercise = Exercise.objects.filter(mode="reps").first()
    before = Exercise.objects.filter(pk=exercise.pk).values().get()
    url = reverse("admin:exercises_exercise_change", args=[exercise.pk])
    data = change_form_data(admin_client, url)
    data.update({"seconds_per_rep": 0, "reps": 10, "reps_min": 50, "reps_max": 2})

    response = admin_client.post(url, data)

    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert "seconds_per_rep" in errors and "reps_min" in errors
    assert Exercise.objects.filter(pk=exercise.pk).values().get() == before


def test_admin_refuses_steps_fewer_than_three(admin_client):
    exercise = Exercise.objects.first()
    url = reverse("admin:exercises_exercise_change", args=[exercise.pk])
    data = change_form_data(admin_client, url)
    data["steps"] = "One.\nTwo."

    response = admin_client.post(url, data)

    assert response.status_code == 200
    assert "Give at least 3 lines." in response.context["adminform"].form.errors["steps"]


def test_an_admin_edit_to_a_condition_reaches_the_safety_rules_at_once(admin_client):
    """The rules are cached for every page; saving a condition in the admin drops them."""
    condition = Condition.objects.filter(outcome="restrict").exclude(avoid_tags__has="jump").first()
    assert "jump" not in Condition.objects.rules()[condition.slug].avoid_tags  # now cached
    url = reverse("admin:exercises_condition_change", args=[condition.pk])
    form = admin_client.get(url).context["adminform"].form
    data = {name: form[name].value() for name in form.fields if form[name].value() is not None}
    data["avoid_tags"] = [*condition.avoid_tags, "jump"]
    data["sources"] = json.dumps(condition.sources)

    response = admin_client.post(url, data)

    assert response.status_code == 302, response.context["adminform"].form.errors
    assert "jump" in Condition.objects.rules()[condition.slug].avoid_tags
