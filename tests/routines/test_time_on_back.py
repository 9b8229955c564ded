"""Pregnancy after 12 weeks: no more than about two minutes in a row on the back, in the ready
programmes, the gentle routine and the player (issue 22). The generator's part is in
test_generator.py. What counts as time on the back is read from the steps alone
(tests/routines/on_back.py)."""

from types import SimpleNamespace

import pytest
from django.urls import reverse

from exercises.loader import read_conditions
from exercises.models import Condition, Exercise
from exercises.safety import evaluate
from exercises.safety.summary import not_for_you
from routines.models import Routine
from routines.services import gentle_routine_for, routine_copy
from tests.factories import check_in, embedded_plan, play_url, take_check
from tests.routines.on_back import held_repetitions_release, longest_on_back

pytestmark = pytest.mark.django_db

RULES = {row["slug"]: Condition(**row).as_rule() for row in read_conditions()}
PREGNANT = evaluate({"pregnancy": True, "pregnancy-after-first-trimester": True}, 31, RULES)
TWO_MINUTES = 120


def on_back_slugs():
    return set(Exercise.objects.filter(position="lying-back").values_list("slug", flat=True))


def played(routine, outcome):
    """The plan the player plays for this person: "not for you" exercises left out."""
    items = list(routine.items.select_related("exercise"))
    leave = {item.pk for item, _verdict in not_for_you(items, outcome)}
    return routine.timed_plan_for(None, [i for i in items if i.pk not in leave], outcome)


def test_no_ready_programme_keeps_her_on_her_back_more_than_two_minutes():
    on_back = on_back_slugs()
    programmes = list(Routine.objects.programmes())
    assert programmes
    for programme in programmes:
        plan = played(programme, PREGNANT)
        assert longest_on_back(plan, on_back) <= TWO_MINUTES, programme.slug
        assert held_repetitions_release(plan) == [], programme.slug


def test_posture_gymnastics_would_keep_her_on_her_back_for_minutes_without_the_cap():
    posture = Routine.objects.programmes().get(slug="posture-gymnastics")
    items = list(posture.items.select_related("exercise"))
    leave = {item.pk for item, _verdict in not_for_you(items, PREGNANT)}
    kept = [i for i in items if i.pk not in leave]

    uncapped = posture.timed_plan_for(None, kept)  # no outcome: no cap
    capped = posture.timed_plan_for(None, kept, PREGNANT)

    assert longest_on_back(uncapped, on_back_slugs()) > TWO_MINUTES
    assert longest_on_back(capped, on_back_slugs()) <= TWO_MINUTES
    assert any(step.side_lying for step in capped)


def test_the_gentle_routine_keeps_her_off_her_back_and_rests_her_on_her_side(user):
    gentle = gentle_routine_for(owner=user, outcome=PREGNANT)

    slugs = list(gentle.items.values_list("exercise__slug", flat=True))
    assert "side-lying-rest" in slugs
    assert longest_on_back(played(gentle, PREGNANT), on_back_slugs()) <= TWO_MINUTES


def test_the_player_plays_a_rest_on_her_side_between_exercises_on_her_back(client_logged_in, user):
    posture = Routine.objects.programmes().get(slug="posture-gymnastics")
    mine = routine_copy(routine=posture, owner=user)
    take_check(client_logged_in, "pregnancy", "pregnancy-after-first-trimester", age=31)
    client_logged_in.post(reverse("safety:clearance"), {"confirm": "on"})

    check_in(client_logged_in, mine)
    plan = embedded_plan(client_logged_in.get(play_url(mine)))

    steps = [SimpleNamespace(**step) for step in plan["steps"]]
    side_rests = [step for step in steps if step.side_lying]
    assert side_rests and all(step.kind == "rest" for step in side_rests)
    assert longest_on_back(steps, on_back_slugs()) <= TWO_MINUTES


def test_the_generator_shows_where_she_rests_on_her_side_and_counts_it(client_logged_in, user):
    take_check(client_logged_in, "pregnancy", "pregnancy-after-first-trimester", age=31)
    client_logged_in.post(reverse("safety:clearance"), {"confirm": "on"})
    ask = {"goal": "stretch", "minutes": "20", "level": "2", "equipment": ["mat", "strap"]}
    ask["seed"] = "0"

    page = client_logged_in.get(reverse("routines:generator"), ask)

    assert "Then roll onto your side and rest" in page.content.decode()
    client_logged_in.post(reverse("routines:generator_save"), ask)
    saved = Routine.objects.get(owner=user, gentle=False)
    # What the page promised is what the player plays for her, rests on her side included.
    assert saved.total_seconds_for(user, None, PREGNANT) == page.context["total"]
    assert saved.total_seconds_for(user) < page.context["total"]
