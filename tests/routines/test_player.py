"""The player page: blocked by a stop outcome, the check-in, and the plan it embeds."""

import json

import pytest
from django.urls import reverse

from exercises.models import Exercise
from routines.plan import total_seconds
from tests.factories import RoutineFactory, RoutineItemFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def routine(user):
    routine = RoutineFactory(owner=user, name="Evening back")
    for exercise in Exercise.objects.filter(mode="hold", per_side=True)[:2]:
        RoutineItemFactory(routine=routine, exercise=exercise)
    return routine


def play_url(routine):
    return reverse("routines:play", args=[routine.pk])


def check_in(client, routine, **answers):
    data = {"unwell": "no", "new_pain": "no", "weak": "no", "pain_before": 4}
    data.update(answers)
    return client.post(play_url(routine), data)


def embedded_plan(response):
    html = response.content.decode()
    start = html.index('id="player-plan"')
    start = html.index(">", start) + 1
    return json.loads(html[start : html.index("</script>", start)])


def screen(client, *conditions):
    client.post(reverse("safety:check"), {"age": 40, **dict.fromkeys(conditions, "on")})


def test_check_in_comes_first(client_logged_in, routine):
    response = client_logged_in.get(play_url(routine))

    assert "Before you start" in response.content.decode()
    assert "player-plan" not in response.content.decode()


@pytest.mark.parametrize("answer", ["unwell", "new_pain", "weak"])
def test_any_yes_stops_todays_session_with_advice(client_logged_in, routine, answer):
    response = check_in(client_logged_in, routine, **{answer: "yes"})

    assert "Better to rest today" in response.content.decode()
    assert "player-plan" not in client_logged_in.get(play_url(routine)).content.decode()


def test_check_in_without_answers_shows_errors(client_logged_in, routine):
    response = client_logged_in.post(play_url(routine), {})

    assert "invalid-feedback" in response.content.decode()


def test_player_embeds_the_timed_plan_with_the_users_preferences(client_logged_in, routine, user):
    user.get_ready_seconds, user.default_rest_seconds = 8, 20
    user.save()
    check_in(client_logged_in, routine)

    plan = embedded_plan(client_logged_in.get(play_url(routine)))

    assert plan["plannedSeconds"] == total_seconds(
        routine.plan_items(), get_ready_seconds=8, rest_between_seconds=20
    )
    assert plan["painBefore"] == 4
    assert plan["checkIn"] == {"unwell": False, "new_pain": False, "weak": False}
    assert [s["kind"] for s in plan["steps"]][:4] == ["get-ready", "work", "switch", "work"]
    assert plan["saveUrl"] == reverse("routines:save_session", args=[routine.pk])
    assert [i["slug"] for i in plan["items"]] == [i.exercise.slug for i in routine.items.all()]


def test_items_not_for_you_are_flagged_before_playing(client_logged_in, routine):
    twist = Exercise.objects.filter(tags__has="twist").first()
    RoutineItemFactory(routine=routine, exercise=twist)
    screen(client_logged_in, "herniated-disc")
    check_in(client_logged_in, routine)

    plan = embedded_plan(client_logged_in.get(play_url(routine)))

    flagged = [i for i in plan["items"] if i["notForYou"]]
    assert twist.slug in [i["slug"] for i in flagged]
    assert "Herniated disc" in flagged[0]["reason"]


def test_stop_outcome_blocks_playing_until_a_new_screening(client_logged_in, routine):
    screen(client_logged_in, "recent-surgery")

    blocked = client_logged_in.get(play_url(routine))
    assert blocked.status_code == 403
    assert "Playing routines is paused" in blocked.content.decode()
    assert check_in(client_logged_in, routine).status_code == 403

    screen(client_logged_in)  # a new screening without the stop condition

    assert client_logged_in.get(play_url(routine)).status_code == 200


def test_stop_outcome_blocks_playing_until_a_doctors_clearance(client_logged_in, routine):
    screen(client_logged_in, "bladder-bowel-control")
    assert client_logged_in.get(play_url(routine)).status_code == 403

    client_logged_in.post(reverse("safety:clearance"), {"confirm": "on"})

    assert client_logged_in.get(play_url(routine)).status_code == 200


def test_empty_routine_goes_back_to_the_builder(client_logged_in, user):
    empty = RoutineFactory(owner=user)

    assert client_logged_in.get(play_url(empty))["Location"] == empty.get_absolute_url()


def test_stranger_gets_404_for_player(client, other_user, routine):
    client.force_login(other_user, backend="django.contrib.auth.backends.ModelBackend")

    assert client.get(play_url(routine)).status_code == 404
    assert check_in(client, routine).status_code == 404


def test_player_page_runs_few_queries(client_logged_in, routine, django_assert_max_num_queries):
    check_in(client_logged_in, routine)

    with django_assert_max_num_queries(8):
        client_logged_in.get(play_url(routine))


def test_player_embeds_each_figure_once_and_the_mirrored_one_for_a_left_side(
    client_logged_in, user
):
    per_side = Exercise.objects.filter(mode="hold", per_side=True).order_by("slug").first()
    both_ways = Exercise.objects.filter(per_side=False).exclude(figure={}).order_by("slug").first()
    routine = RoutineFactory(owner=user)
    for position, exercise in enumerate([per_side, both_ways, per_side]):
        RoutineItemFactory(routine=routine, exercise=exercise, position=position)
    check_in(client_logged_in, routine)

    html = client_logged_in.get(play_url(routine)).content.decode()

    assert html.count('<template class="player-figure-source"') == 3
    assert html.count(f'data-slug="{per_side.slug}" data-side=""') == 1
    assert html.count(f'data-slug="{per_side.slug}" data-side="left"') == 1
    assert html.count(f'data-slug="{both_ways.slug}" data-side="left"') == 0
    assert html.count("matrix(-1 0 0 1") == 1  # only the left side's drawing is mirrored
    assert "js/player-figure" in html
