"""The routine builder: create, add, adjust, reorder, remove, duplicate, delete; ownership."""

import re

import pytest
from django.urls import reverse

from exercises.models import Exercise
from routines.models import Routine, RoutineItem
from routines.services import routine_move_item
from routines.timeline import total_seconds
from tests.factories import (
    RoutineFactory,
    RoutineItemFactory,
    SessionFactory,
    csrf_token_of,
    signed_in_browser,
    take_check,
)

pytestmark = [pytest.mark.django_db, pytest.mark.routine(count=3)]


def order(routine):
    return list(routine.items.values_list("pk", flat=True))


def test_create_routine(client_logged_in, user):
    response = client_logged_in.post(
        reverse("routines:create"), {"name": "Morning", "notes": "Before work"}
    )

    routine = Routine.objects.get(owner=user)
    assert response["Location"] == routine.get_absolute_url()
    assert (routine.name, routine.notes) == ("Morning", "Before work")


def test_routine_name_has_a_maximum_length_in_the_form_and_the_model(client_logged_in):
    limit = Routine._meta.get_field("name").max_length
    html = client_logged_in.get(reverse("routines:create")).content.decode()
    assert f'maxlength="{limit}"' in html and limit <= 100

    response = client_logged_in.post(reverse("routines:create"), {"name": "x" * (limit + 1)})

    assert "has at most" in response.content.decode()
    assert not Routine.objects.filter(owner__isnull=False).exists()


def test_create_without_a_name_shows_error_and_creates_nothing(client_logged_in):
    response = client_logged_in.post(reverse("routines:create"), {"name": ""})

    assert response.status_code == 200
    assert "invalid-feedback" in response.content.decode()
    assert not Routine.objects.filter(owner__isnull=False).exists()


def test_detail_shows_items_times_and_total_from_the_timed_plan(client_logged_in, routine, user):
    response = client_logged_in.get(routine.get_absolute_url())

    expected = total_seconds(
        routine.plan_items(),
        get_ready_seconds=user.get_ready_seconds,
        rest_between_seconds=user.default_rest_seconds,
    )
    assert response.context["total"] == expected
    for item in routine.items.all():
        assert item.exercise.name in response.content.decode()


def test_add_an_exercise_at_the_end(client_logged_in, routine):
    exercise = Exercise.objects.exclude(pk__in=routine.items.values("exercise")).first()

    client_logged_in.post(
        reverse("routines:item_add", args=[routine.pk]), {"exercise": exercise.slug}
    )

    assert routine.items.last().exercise == exercise
    assert routine.items.count() == 4


def test_add_unknown_exercise_changes_nothing(client_logged_in, routine):
    response = client_logged_in.post(
        reverse("routines:item_add", args=[routine.pk]), {"exercise": "no-such-thing"}, follow=True
    )

    assert "does not exist" in response.content.decode()
    assert routine.items.count() == 3


def test_not_for_you_exercise_needs_confirmation_naming_the_reason(client_logged_in, routine):
    take_check(client_logged_in, "herniated-disc")
    twist = Exercise.objects.filter(tags__has="twist").first()
    url = reverse("routines:item_add", args=[routine.pk])

    response = client_logged_in.post(url, {"exercise": twist.slug})

    assert response.status_code == 200
    assert "Herniated disc" in response.content.decode()
    assert routine.items.count() == 3

    client_logged_in.post(url, {"exercise": twist.slug, "confirm": "on"})
    assert routine.items.last().exercise == twist


def test_items_that_became_not_for_you_are_flagged(client_logged_in, routine):
    twist = Exercise.objects.filter(tags__has="twist").first()
    RoutineItemFactory(routine=routine, exercise=twist)
    take_check(client_logged_in, "herniated-disc")

    response = client_logged_in.get(routine.get_absolute_url())

    assert twist in [item.exercise for item in response.context["unsafe_items"]]
    assert "Not for you under your current safety check" in response.content.decode()


def test_adjust_an_item_within_bounds(client_logged_in, routine):
    item = routine.items.first()
    prefix = f"item-{item.pk}"

    client_logged_in.post(
        reverse("routines:item_update", args=[routine.pk, item.pk]),
        {
            f"{prefix}-seconds": 45,
            f"{prefix}-sets": 2,
            f"{prefix}-per_side": "yes",
            f"{prefix}-rest_seconds": 10,
        },
    )

    item.refresh_from_db()
    assert (item.seconds, item.sets, item.per_side, item.rest_seconds) == (45, 2, True, 10)
    assert item.dosage.seconds == 45 and item.dosage.per_side is True


def test_adjust_summary_shows_the_persons_values_and_when_they_exceed_the_range(
    client_logged_in, user
):
    exercise = Exercise.objects.filter(
        mode="hold", seconds_max__isnull=False, sets_max__isnull=True
    ).first()
    routine = RoutineFactory(owner=user)
    item = RoutineItemFactory(routine=routine, exercise=exercise)

    def summary():
        html = client_logged_in.get(routine.get_absolute_url()).content.decode()
        return html[html.index("<summary>Adjust") : html.index("</summary>")]

    # The form says the recommended range next to the field.
    html = client_logged_in.get(routine.get_absolute_url()).content.decode()
    assert f"Recommended: {exercise.seconds_min}–{exercise.seconds_max}" in html
    # Untouched: the catalogue's dosage, with its range.
    assert f"hold {exercise.seconds_min}–{exercise.seconds_max} s" in summary()
    assert "More than recommended" not in summary()
    # Within the range: the person's value, no warning.
    item.seconds, item.sets = exercise.seconds_max, 1
    item.save()
    assert f"hold {exercise.seconds_max} s" in summary()
    assert "More than recommended" not in summary()
    # Beyond it: said, with the recommended range.
    longer = exercise.seconds_max + 20
    item.seconds, item.sets = longer, exercise.sets + 2
    item.save()
    text = summary()
    assert f"hold {longer} s" in text and f"{exercise.sets + 2} sets" in text
    assert "More than recommended:" in text
    assert f"{longer} s (recommended: {exercise.seconds_min}–{exercise.seconds_max} s)" in text
    assert f"{exercise.sets + 2} sets (recommended: {exercise.sets})" in text


@pytest.mark.parametrize(
    "bad",
    [
        {"seconds": 0},
        {"seconds": 5000},
        {"sets": 11},
        {"sets": -1},
        {"rest_seconds": 999},
        {"seconds": "long"},
    ],
)
def test_bad_override_shows_error_next_to_the_field_and_changes_nothing(
    client_logged_in, routine, bad
):
    item = routine.items.first()
    prefix = f"item-{item.pk}"
    data = {f"{prefix}-{key}": value for key, value in bad.items()}

    response = client_logged_in.post(
        reverse("routines:item_update", args=[routine.pk, item.pk]), data
    )

    assert response.status_code == 400
    assert "invalid-feedback" in response.content.decode()
    item.refresh_from_db()
    assert (item.seconds, item.sets, item.rest_seconds) == (None, None, None)


def test_a_short_hold_the_catalogue_allows_is_accepted(client_logged_in, user):
    # Regression: holds got the timed bounds (5 s and up), so the builder refused the 3 s
    # the glute bridge's own range starts at.
    bridge = Exercise.objects.get(slug="glute-bridge")
    assert (bridge.mode, bridge.seconds_min) == ("hold", 3)
    routine = RoutineFactory(owner=user)
    item = RoutineItemFactory(routine=routine, exercise=bridge)

    response = client_logged_in.post(
        reverse("routines:item_update", args=[routine.pk, item.pk]), {f"item-{item.pk}-seconds": 3}
    )

    assert response.status_code == 302
    item.refresh_from_db()
    assert item.seconds == 3
    # Each 3 s hold, with a 5 s release between two.
    assert item.total_seconds == 3 * bridge.reps + 5 * (bridge.reps - 1)


@pytest.mark.parametrize(("mode", "seconds"), [("hold", 601), ("timed", 3)])
def test_seconds_outside_the_bounds_of_the_mode_are_refused(client_logged_in, user, mode, seconds):
    exercise = Exercise.objects.filter(mode=mode).first()
    routine = RoutineFactory(owner=user)
    item = RoutineItemFactory(routine=routine, exercise=exercise)

    response = client_logged_in.post(
        reverse("routines:item_update", args=[routine.pk, item.pk]),
        {f"item-{item.pk}-seconds": seconds},
    )

    assert response.status_code == 400
    item.refresh_from_db()
    assert item.seconds is None


@pytest.mark.parametrize(("mode", "limit"), [("hold", "1 and 600"), ("timed", "5 and 1800")])
def test_a_value_far_too_big_shows_one_limit_next_to_the_field_which_has_the_focus(
    client_logged_in, user, mode, limit
):
    """9999 s showed two limits that disagreed (1800, the widest of any mode, and 600)."""
    routine = RoutineFactory(owner=user)
    item = RoutineItemFactory(routine=routine, exercise=Exercise.objects.filter(mode=mode).first())
    name = f"item-{item.pk}-seconds"

    response = client_logged_in.post(
        reverse("routines:item_update", args=[routine.pk, item.pk]), {name: 9999}
    )

    html = response.content.decode()
    assert response.status_code == 400
    field = re.search(rf'<input[^>]*name="{name}"[^>]*>', html).group(0)
    assert "autofocus" in field and 'aria-invalid="true"' in field
    errors = re.findall(r'<p id="error_\d+_[^"]*"><strong>([^<]*)</strong>', html)
    assert errors == [f"Must be between {limit}."]


def test_remove_asks_first_and_keeps_the_item_until_confirmed(client_logged_in, routine):
    item = routine.items.first()
    url = reverse("routines:item_remove", args=[routine.pk, item.pk])
    builder = client_logged_in.get(routine.get_absolute_url()).content.decode()
    assert f'href="{url}"' in builder  # Remove opens the question, it does not remove

    question = client_logged_in.get(url)

    assert question.status_code == 200
    assert f"Remove {item.exercise.name}?" in question.content.decode()
    assert RoutineItem.objects.filter(pk=item.pk).exists()
    client_logged_in.post(url)
    assert not RoutineItem.objects.filter(pk=item.pk).exists()


def test_a_stranger_cannot_see_the_removal_question(client, other_user, routine):
    client.force_login(other_user, backend="accounts.backends.UserBackend")
    item = routine.items.first()

    response = client.get(reverse("routines:item_remove", args=[routine.pk, item.pk]))

    assert response.status_code == 404


def test_move_up_and_down_without_javascript(client_logged_in, routine):
    first, second, third = order(routine)
    url = reverse("routines:item_move", args=[routine.pk, second])

    client_logged_in.post(url, {"direction": "up"})
    assert order(routine) == [second, first, third]

    client_logged_in.post(url, {"direction": "down"})
    client_logged_in.post(url, {"direction": "down"})
    assert order(routine) == [first, third, second]
    # Already last: nothing moves.
    client_logged_in.post(url, {"direction": "down"})
    assert order(routine) == [first, third, second]


def test_moving_an_item_removed_at_the_same_moment_is_a_clean_no_op(routine):
    # The move's request found the item, then the remove's request deleted it before the
    # move locked the routine's rows: nothing moves, nothing fails.
    first, second, third = order(routine)
    item = RoutineItem.objects.get(pk=second)
    RoutineItem.objects.filter(pk=second).delete()

    assert routine_move_item(routine=routine, item=item, offset=-1) is False
    assert order(routine) == [first, third]


def test_reorder_with_the_whole_order(client_logged_in, routine):
    first, second, third = order(routine)

    response = client_logged_in.post(
        reverse("routines:item_order", args=[routine.pk]), {"order": f"{third},{first},{second}"}
    )

    assert response.status_code == 200
    assert order(routine) == [third, first, second]


@pytest.mark.parametrize("bad", ["1,2", "a,b,c", "", "DUP"])
def test_stale_or_bad_order_is_refused_and_changes_nothing(client_logged_in, routine, bad):
    before = order(routine)
    if bad == "DUP":
        bad = f"{before[0]},{before[0]},{before[1]}"

    response = client_logged_in.post(
        reverse("routines:item_order", args=[routine.pk]), {"order": bad}
    )

    assert response.status_code == 400
    assert order(routine) == before


def test_remove_an_item(client_logged_in, routine):
    item = routine.items.first()

    client_logged_in.post(reverse("routines:item_remove", args=[routine.pk, item.pk]))

    assert not RoutineItem.objects.filter(pk=item.pk).exists()


def test_rename_and_describe(client_logged_in, routine):
    client_logged_in.post(
        reverse("routines:edit", args=[routine.pk]), {"name": "Renamed", "notes": "New notes"}
    )

    routine.refresh_from_db()
    assert (routine.name, routine.notes) == ("Renamed", "New notes")


def test_duplicate_copies_items_and_overrides(client_logged_in, routine, user):
    routine.items.update(seconds=33)

    client_logged_in.post(reverse("routines:duplicate", args=[routine.pk]))

    copy = Routine.objects.filter(owner=user).exclude(pk=routine.pk).get()
    assert copy.name == "Evening back (copy)"
    assert [(i.exercise_id, i.seconds) for i in copy.items.all()] == [
        (i.exercise_id, i.seconds) for i in routine.items.all()
    ]


def test_delete_asks_then_deletes(client_logged_in, routine):
    assert (
        "Delete this routine?"
        in client_logged_in.get(reverse("routines:delete", args=[routine.pk])).content.decode()
    )

    client_logged_in.post(reverse("routines:delete", args=[routine.pk]))

    assert not Routine.objects.filter(pk=routine.pk).exists()


def test_add_from_the_exercise_page_into_a_new_routine(client_logged_in, user):
    exercise = Exercise.objects.first()

    client_logged_in.post(
        reverse("routines:add_to_routine", args=[exercise.slug]),
        {"exercise": exercise.slug, "name": "From the page"},
    )

    routine = Routine.objects.get(owner=user, name="From the page")
    assert [i.exercise for i in routine.items.all()] == [exercise]


def test_builder_search_lists_matching_exercises(client_logged_in, routine):
    exercise = Exercise.objects.first()

    response = client_logged_in.get(routine.get_absolute_url(), {"q": exercise.name})

    assert exercise in response.context["results"]


STRANGER_URLS = [
    ("routines:detail", "get", {}),
    ("routines:edit", "post", {"name": "x"}),
    ("routines:duplicate", "post", {}),
    ("routines:delete", "post", {}),
    ("routines:item_add", "post", {"exercise": "cat-cow"}),
    ("routines:item_order", "post", {"order": ""}),
]


@pytest.mark.parametrize(("name", "method", "data"), STRANGER_URLS)
def test_stranger_gets_404_for_routine(client, other_user, routine, name, method, data):
    client.force_login(other_user, backend="accounts.backends.UserBackend")

    response = getattr(client, method)(reverse(name, args=[routine.pk]), data)

    assert response.status_code == 404
    assert Routine.objects.get(pk=routine.pk).name == "Evening back"
    assert routine.items.count() == 3


@pytest.mark.parametrize(
    "name", ["routines:item_update", "routines:item_remove", "routines:item_move"]
)
def test_stranger_gets_404_for_routine_items(client, other_user, routine, name):
    client.force_login(other_user, backend="accounts.backends.UserBackend")
    item = routine.items.first()

    response = client.post(reverse(name, args=[routine.pk, item.pk]), {"direction": "up"})

    assert response.status_code == 404
    assert RoutineItem.objects.filter(pk=item.pk).exists()


def test_item_of_another_routine_is_404_even_for_own_routine(client_logged_in, routine, other_user):
    foreign = RoutineItemFactory(routine=RoutineFactory(owner=other_user))

    response = client_logged_in.post(reverse("routines:item_remove", args=[routine.pk, foreign.pk]))

    assert response.status_code == 404


def test_anonymous_visitor_is_sent_to_log_in(client, routine):
    assert client.get(routine.get_absolute_url()).status_code == 302


@pytest.mark.parametrize("size", [3, 30])
def test_builder_and_list_run_few_queries(
    client_logged_in, user, size, django_assert_max_num_queries
):
    routine = RoutineFactory(owner=user)
    for exercise in Exercise.objects.all()[:size]:
        RoutineItemFactory(routine=routine, exercise=exercise)
    RoutineFactory.create_batch(5, owner=user)

    with django_assert_max_num_queries(8):
        client_logged_in.get(routine.get_absolute_url(), {"q": "stretch"})
    with django_assert_max_num_queries(8):
        client_logged_in.get(reverse("routines:list"))


def test_my_routines_show_total_time_and_last_played(client_logged_in, user, routine):

    SessionFactory(user=user, routine=routine)
    never = RoutineFactory(owner=user, name="Never played")

    response = client_logged_in.get(reverse("routines:list"))

    listed = {r.pk: r for r in response.context["routines"]}
    assert listed[routine.pk].last_played is not None
    assert listed[never.pk].last_played is None
    assert listed[routine.pk].item_count == 3
    assert "not played yet" in response.content.decode()
    assert "played" in response.content.decode()


# The builder's content is cached by all it shows (routines/views/builder.py): every edit
# shows on the next request.


def builder(client, routine, **query):
    return client.get(routine.get_absolute_url(), query).content.decode()


def test_the_cached_builder_shows_an_item_written_without_save(client_logged_in, routine):
    item = routine.items.first()
    builder(client_logged_in, routine)

    RoutineItem.objects.filter(pk=item.pk).update(seconds=47)

    assert 'value="47"' in builder(client_logged_in, routine)


def test_the_cached_builder_shows_new_notes_and_an_exercise_edit(client_logged_in, routine):
    builder(client_logged_in, routine)
    Routine.objects.filter(pk=routine.pk).update(notes="Quietly written notes")
    assert "Quietly written notes" in builder(client_logged_in, routine)

    exercise = routine.items.first().exercise
    exercise.name = "Renamed in the catalogue"
    exercise.save()
    assert "Renamed in the catalogue" in builder(client_logged_in, routine)


def total_shown(page):
    return re.search(r"<strong data-total>([^<]+)</strong>", page).group(1)


def test_the_cached_builder_follows_a_new_check_and_the_timing_preferences(
    client_logged_in, routine, user
):
    twist = Exercise.objects.filter(tags__has="twist").first()
    RoutineItemFactory(routine=routine, exercise=twist)
    before = builder(client_logged_in, routine)
    assert "not for you" not in before.lower()

    take_check(client_logged_in, "herniated-disc")
    assert "not for you" in builder(client_logged_in, routine).lower()

    user.default_rest_seconds += 60
    user.save()
    assert total_shown(builder(client_logged_in, routine)) != total_shown(before)


def test_the_cached_builder_keeps_each_search(client_logged_in, routine):
    cat = builder(client_logged_in, routine, q="cat-cow")
    bridge = builder(client_logged_in, routine, q="glute bridge")

    assert 'value="cat-cow"' in cat and 'value="glute-bridge"' not in cat
    assert 'value="glute-bridge"' in bridge and 'value="cat-cow"' not in bridge


def test_each_browser_moves_an_item_with_its_own_token(user, routine):
    phone, laptop = signed_in_browser(user), signed_in_browser(user)
    phone.get(routine.get_absolute_url())
    first = order(routine)[0]

    page = laptop.get(routine.get_absolute_url()).content.decode()
    move = page.split(reverse("routines:item_move", args=[routine.pk, first]))[1]
    token = csrf_token_of(move)
    response = laptop.post(
        reverse("routines:item_move", args=[routine.pk, first]),
        {"direction": "down", "csrfmiddlewaretoken": token},
    )

    assert response.status_code == 302
    assert order(routine)[1] == first
