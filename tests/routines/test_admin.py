"""Admin for support work: programmes with their items; sessions and screenings read-only."""

import pytest
from django.urls import reverse

from accounts.models import Screening
from exercises.models import Exercise
from routines.models import Programme, Routine, Session
from tests.factories import RoutineFactory, SessionFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client):
    admin = UserFactory(email="admin@example.com", is_staff=True, is_superuser=True)
    client.force_login(admin, backend="django.contrib.auth.backends.ModelBackend")
    return client


def inline_data(programme, **changes):
    """The programme's change form as posted back, with changes to its first item."""
    items = list(programme.items.all())
    data = {
        "name": programme.name,
        "slug": programme.slug,
        "level": programme.level,
        "notes": programme.notes,
        "sources": "[]",
        "items-TOTAL_FORMS": len(items),
        "items-INITIAL_FORMS": len(items),
        "items-MIN_NUM_FORMS": 0,
        "items-MAX_NUM_FORMS": 1000,
    }
    for index, item in enumerate(items):
        for name in ("seconds", "reps", "sets", "rest_seconds"):
            data[f"items-{index}-{name}"] = getattr(item, name) or ""
        data[f"items-{index}-per_side"] = {None: "unknown", True: "true", False: "false"}[
            item.per_side
        ]
        data.update(
            {
                f"items-{index}-id": item.pk,
                f"items-{index}-routine": programme.pk,
                f"items-{index}-position": item.position,
                f"items-{index}-exercise": item.exercise_id,
            }
        )
    data.update({f"items-0-{name}": value for name, value in changes.items()})
    return data


def test_programme_list_shows_only_programmes_in_few_queries(
    admin_client, user, django_assert_max_num_queries
):
    RoutineFactory(owner=user, name="My own routine")

    with django_assert_max_num_queries(8):
        response = admin_client.get(reverse("admin:routines_programme_changelist"))

    listed = list(response.context["cl"].result_list)
    assert {p.pk for p in listed} == set(Routine.objects.programmes().values_list("pk", flat=True))
    assert "My own routine" not in response.content.decode()


def test_programme_items_are_edited_inline_within_the_bounds_of_their_mode(admin_client):
    bridge = Exercise.objects.get(slug="glute-bridge")
    programme = (
        Programme.objects.filter(items__exercise=bridge).first() or Programme.objects.first()
    )
    first = programme.items.order_by("position", "pk").first()
    first.exercise = bridge
    first.save()
    url = reverse("admin:routines_programme_change", args=[programme.pk])

    refused = admin_client.post(url, inline_data(programme, seconds=601))
    assert refused.status_code == 200
    first.refresh_from_db()
    assert first.seconds is None

    accepted = admin_client.post(url, inline_data(programme, seconds=3))
    assert accepted.status_code == 302
    first.refresh_from_db()
    assert first.seconds == 3


@pytest.mark.parametrize(
    ("model", "make"),
    [
        (Session, lambda user: SessionFactory(user=user)),
        (
            Screening,
            lambda user: Screening.objects.create(
                user=user, version=1, answers={}, age=40, outcome="clear", conditions=[]
            ),
        ),
    ],
    ids=["session", "screening"],
)
def test_sessions_and_screenings_are_shown_but_never_changed(
    admin_client, user, model, make, django_assert_max_num_queries
):
    obj = make(user)
    opts = model._meta
    changelist = reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")
    change = reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk])

    with django_assert_max_num_queries(8):
        listed = admin_client.get(changelist, {"q": user.email})
    assert list(listed.context["cl"].result_list) == [obj]
    page = admin_client.get(change)
    assert page.status_code == 200
    assert page.context["has_change_permission"] is False

    assert admin_client.post(change, {}).status_code == 403
    assert admin_client.get(f"{changelist}add/").status_code == 403
    delete = reverse(f"admin:{opts.app_label}_{opts.model_name}_delete", args=[obj.pk])
    assert admin_client.post(delete, {"post": "yes"}).status_code == 403
    assert model.objects.filter(pk=obj.pk).exists()
