"""Admin for support work: programmes with their items; sessions and screenings read-only;
trial sessions shown and purged."""

import datetime
import uuid

import pytest
from django.urls import reverse, reverse_lazy
from django.utils import timezone

from exercises.models import Exercise
from exercises.safety.models import Screening
from routines.models import Programme, Routine, Session, TrialSession
from tests.factories import RoutineFactory, SessionFactory, UserFactory

pytestmark = pytest.mark.django_db


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

    with django_assert_max_num_queries(9):
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


def trial(hours_ago, **payload):
    return TrialSession.objects.create(
        programme=Routine.objects.programmes().order_by("slug").first(),
        client_id=uuid.uuid4(),
        payload={"pain_before": 6, "pain_after": 3, "items": [{}, {}], **payload},
        created_at=timezone.now() - datetime.timedelta(hours=hours_ago),
    )


TRIALS = reverse_lazy("admin:routines_trialsession_changelist")


def test_trial_sessions_are_listed_with_their_state_in_few_queries(
    admin_client, django_assert_max_num_queries
):
    fresh, old = trial(hours_ago=2), trial(hours_ago=30)
    for _ in range(5):
        trial(hours_ago=1)

    with django_assert_max_num_queries(8):
        page = admin_client.get(TRIALS)

    assert fresh in page.context["cl"].result_list and old in page.context["cl"].result_list
    html = page.content.decode()
    assert "Over 24 hours: to be purged" in html
    assert html.count("Can be kept until") == 6
    assert "6 → 3" in html
    past = admin_client.get(TRIALS, {"age": "past"})
    assert list(past.context["cl"].result_list) == [old]
    waiting = admin_client.get(TRIALS, {"age": "waiting"})
    assert old not in waiting.context["cl"].result_list


def test_a_trial_session_is_shown_but_never_added_or_changed(admin_client):
    played = trial(hours_ago=1, notes="stiff in the morning")
    change = reverse("admin:routines_trialsession_change", args=[played.pk])

    page = admin_client.get(change)

    assert page.status_code == 200
    assert page.context["has_change_permission"] is False
    assert "stiff in the morning" in page.content.decode()
    assert admin_client.post(change, {"payload": "{}"}).status_code == 403
    assert admin_client.get(reverse("admin:routines_trialsession_add")).status_code == 403
    played.refresh_from_db()
    assert played.payload["notes"] == "stiff in the morning"


def test_purging_deletes_only_the_selected_over_24_hours(admin_client):
    fresh, old, older, unselected = (trial(hours_ago=h) for h in (23, 25, 48, 72))

    response = admin_client.post(
        TRIALS,
        {"action": "purge_past_24_hours", "_selected_action": [fresh.pk, old.pk, older.pk]},
        follow=True,
    )

    assert set(TrialSession.objects.all()) == {fresh, unselected}
    html = response.content.decode()
    assert "2 trial sessions over 24 hours old were deleted." in html
    assert "1 under 24 hours was left" in html


def test_staff_can_delete_a_trial_session(admin_client):
    played = trial(hours_ago=1)
    delete = reverse("admin:routines_trialsession_delete", args=[played.pk])

    assert admin_client.post(delete, {"post": "yes"}).status_code == 302
    assert not TrialSession.objects.exists()


def test_staff_without_the_permission_cannot_see_or_purge_trial_sessions(client):
    played = trial(hours_ago=48)
    staff = UserFactory(email="helper@example.com", is_staff=True)
    client.force_login(staff, backend="accounts.backends.UserBackend")

    assert client.get(TRIALS).status_code == 403
    client.post(TRIALS, {"action": "purge_past_24_hours", "_selected_action": [played.pk]})
    assert TrialSession.objects.filter(pk=played.pk).exists()
