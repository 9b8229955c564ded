"""Staff edit exercises and conditions in the admin, with search and filters."""

import pytest
from django.urls import reverse

from exercises.models import Condition, Exercise
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client):
    admin = UserFactory(email="admin@example.com", is_staff=True, is_superuser=True)
    client.force_login(admin, backend="django.contrib.auth.backends.ModelBackend")
    return client


def test_exercise_list_searches_and_filters(admin_client):
    exercise = Exercise.objects.filter(regions__has="neck").first()

    response = admin_client.get(
        reverse("admin:exercises_exercise_changelist"), {"q": exercise.name, "region": "neck"}
    )

    assert response.status_code == 200
    assert exercise.name in response.content.decode()


def test_edit_an_exercise_keeps_lists_and_recomputes_time(admin_client):
    exercise = Exercise.objects.filter(mode="hold", per_side=False, sets=1).first()
    url = reverse("admin:exercises_exercise_change", args=[exercise.pk])
    form = admin_client.get(url).context["adminform"].form
    data = {name: form[name].value() for name in form.fields}
    data = {
        k: ("\n".join(v) if k in ("aliases", "steps", "cautions") and isinstance(v, list) else v)
        for k, v in data.items()
        if v is not None
    }
    data.update(
        {"seconds": 50, "seconds_min": "", "seconds_max": "", "steps": "One.\nTwo.\nThree."}
    )

    response = admin_client.post(url, data)

    assert response.status_code == 302, response.context["adminform"].form.errors
    exercise.refresh_from_db()
    assert exercise.steps == ["One.", "Two.", "Three."]
    assert exercise.duration_seconds == 50 * exercise.reps


def test_condition_list_filters_by_outcome(admin_client):
    response = admin_client.get(
        reverse("admin:exercises_condition_changelist"), {"outcome__exact": "urgent"}
    )

    labels = [c.label for c in response.context["cl"].result_list]
    assert labels
    assert set(labels) == set(
        Condition.objects.filter(outcome="urgent").values_list("label", flat=True)
    )
