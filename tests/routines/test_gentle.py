"""The gentle option on bad days: the routine itself (pure, against the real catalogue and
whatever conditions the rules hold), and the way to it from the check-in and the home page."""

import pytest
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st

from exercises.loader import read_catalogue, read_conditions
from exercises.models import Condition, Exercise
from exercises.safety import AGE_OVER_70, AGE_UNDER_16, CLEAR, CheckIn, evaluate, verdict
from routines.generator import Candidate, NoRoutinePossible
from routines.gentle import BREATHING_COUNT, CATEGORIES, allows_gentle, gentle_routine
from routines.models import Routine, Session
from tests.factories import RoutineItemFactory, payload, post_json, take_check

CANDIDATES = [Candidate.from_row(row) for row in read_catalogue()]
BY_SLUG = {c.slug: c for c in CANDIDATES}
# Every condition the rules hold, however many the safety work adds.
RULES = {row["slug"]: Condition(**row).as_rule() for row in read_conditions()}
QUESTION_SLUGS = sorted(set(RULES) - {AGE_UNDER_16, AGE_OVER_70})

outcomes = st.builds(
    lambda slugs, age: evaluate(dict.fromkeys(slugs, True), age, RULES),
    st.frozensets(st.sampled_from(QUESTION_SLUGS), max_size=10),
    st.none() | st.integers(8, 95),
)


# The routine ---------------------------------------------------------------------------------


@given(outcomes)
def test_gentle_routine_never_holds_an_exercise_the_persons_rules_avoid(outcome):
    try:
        routine = gentle_routine(CANDIDATES, outcome)
    except NoRoutinePossible:
        return
    for item in routine:
        exercise = BY_SLUG[item.slug]
        assert not verdict(exercise.category, exercise.tags, outcome).not_for_you, item.slug


@given(outcomes)
def test_gentle_routine_is_short_breathing_then_relaxation_at_beginner_level(outcome):
    try:
        routine = gentle_routine(CANDIDATES, outcome)
    except NoRoutinePossible:
        return
    categories = [BY_SLUG[item.slug].category for item in routine]
    assert set(categories) <= set(CATEGORIES)
    assert categories == sorted(categories)  # breathing first, relaxation last
    assert categories.count("breathing") <= BREATHING_COUNT
    assert categories.count("relaxation") <= 1
    assert all(BY_SLUG[item.slug].difficulty == 1 for item in routine)
    assert all(BY_SLUG[item.slug].equipment <= {"chair", "pillow"} for item in routine)
    assert len({item.slug for item in routine}) == len(routine)


@given(st.sampled_from(QUESTION_SLUGS))
def test_each_condition_alone_gets_a_safe_gentle_routine_or_a_plain_no(slug):
    outcome = evaluate({slug: True}, 40, RULES)
    try:
        routine = gentle_routine(CANDIDATES, outcome)
    except NoRoutinePossible as reason:
        assert "doctor" in str(reason)
        return
    assert routine
    for item in routine:
        exercise = BY_SLUG[item.slug]
        assert not verdict(exercise.category, exercise.tags, outcome).not_for_you


def test_breath_holding_is_left_out_when_the_rules_avoid_it():
    outcome = next(
        (
            evaluate({slug: True}, 40, RULES)
            for slug, rule in RULES.items()
            if "breath-hold" in rule.avoid_tags and rule.outcome == "restrict"
        ),
        None,
    )
    if outcome is None:
        pytest.skip("no restricting condition avoids breath-holding in the current rules")
    slugs = [item.slug for item in gentle_routine(CANDIDATES, outcome)]
    assert all("breath-hold" not in BY_SLUG[slug].tags for slug in slugs)


def test_gentle_routine_without_restrictions_uses_the_shortest_doses():
    routine = gentle_routine(CANDIDATES, CLEAR)

    assert routine
    total = sum(item.dosage.total_seconds() for item in routine)
    assert total <= 10 * 60
    for item in routine:
        candidate = BY_SLUG[item.slug]
        if candidate.seconds_range:
            assert item.dosage.seconds == candidate.seconds_range[0]
        if candidate.reps_range:
            assert item.dosage.reps == candidate.reps_range[0]


def test_nothing_suitable_says_so_plainly():
    with pytest.raises(NoRoutinePossible, match="Rest today"):
        gentle_routine([c for c in CANDIDATES if c.category not in CATEGORIES], CLEAR)


class FutureCheckIn(CheckIn):
    """A check-in with a red-flag question the current check-in does not ask yet."""

    def as_dict(self):
        return {**super().as_dict(), "numb_legs": True}


def test_rest_answers_allow_the_gentle_routine_other_answers_do_not():
    assert allows_gentle(CheckIn(unwell=True, new_pain=True, weak=True))
    assert allows_gentle(CheckIn(unwell=False, new_pain=False, weak=False))
    assert not allows_gentle(FutureCheckIn(unwell=False, new_pain=False, weak=False))


# The way to it ---------------------------------------------------------------------------------

REST_TODAY = {"unwell": "no", "new_pain": "yes", "weak": "no", "nerves": "no", "pain_before": "6"}


def play(routine):
    return reverse("routines:play", args=[routine.pk])


@pytest.mark.django_db
def test_rest_today_offers_the_gentle_routine(client_logged_in, routine):
    response = client_logged_in.post(play(routine), REST_TODAY)

    html = response.content.decode()
    assert "Better to rest today" in html
    assert reverse("routines:gentle") in html
    assert 'name="new_pain" value="yes"' in html


@pytest.mark.django_db
def test_gentle_from_rest_today_plays_at_once_and_opens_nothing_else(
    client_logged_in, user, routine
):
    response = client_logged_in.post(reverse("routines:gentle"), REST_TODAY)

    gentle = Routine.objects.get(owner=user, gentle=True)
    assert response.url == play(gentle)
    player = client_logged_in.get(play(gentle))
    assert 'id="player-plan"' in player.content.decode()
    slugs = [item["slug"] for item in player.context["p"].plan["items"]]
    assert {Exercise.objects.get(slug=s).category for s in slugs} <= set(CATEGORIES)
    # "Rest today" opened the gentle routine only: the usual routine asks again.
    assert "Before you start" in client_logged_in.get(play(routine)).content.decode()


@pytest.mark.django_db
def test_gentle_from_home_asks_the_check_in_and_does_not_stop_for_rest_answers(
    client_logged_in, user
):
    response = client_logged_in.post(reverse("routines:gentle"))
    gentle = Routine.objects.get(owner=user, gentle=True)
    assert "Before you start" in client_logged_in.get(response.url).content.decode()

    answered = client_logged_in.post(play(gentle), REST_TODAY)

    assert answered.status_code == 302
    assert 'id="player-plan"' in client_logged_in.get(play(gentle)).content.decode()


@pytest.mark.django_db
def test_gentle_routine_is_one_per_person_and_rebuilt_from_the_rules(client_logged_in, user):
    take_check(client_logged_in, "herniated-disc")
    client_logged_in.post(reverse("routines:gentle"))
    first = Routine.objects.get(owner=user, gentle=True)
    tagged = next(
        item.exercise for item in first.items.select_related("exercise") if item.exercise.tags
    )

    # The person's rule is tightened (as a corrected rule would be): the next gentle routine
    # is rebuilt without what it now rules out, in the same routine.
    rule = Condition.objects.get(slug="herniated-disc")
    Condition.objects.filter(pk=rule.pk).update(avoid_tags=[*rule.avoid_tags, tagged.tags[0]])
    assert client_logged_in.post(reverse("routines:gentle")).status_code == 302

    assert Routine.objects.filter(owner=user, gentle=True).count() == 1
    again = Routine.objects.get(owner=user, gentle=True)
    assert again.pk == first.pk
    assert not again.items.filter(exercise=tagged).exists()
    assert again.items.exists()


@pytest.mark.django_db
def test_gentle_session_is_logged_as_gentle(client_logged_in, user):
    client_logged_in.post(reverse("routines:gentle"), REST_TODAY)
    gentle = Routine.objects.get(owner=user, gentle=True)

    response = post_json(client_logged_in, gentle, payload(gentle, pain_before=6, pain_after=5))

    assert response.status_code == 201
    session = Session.objects.get(user=user)
    assert session.gentle
    assert session.routine_name == gentle.name
    assert "gentle day" in client_logged_in.get(reverse("routines:history")).content.decode()


@pytest.mark.django_db
def test_stop_outcome_blocks_the_gentle_routine_too(client_logged_in, user):
    take_check(client_logged_in, "spinal-surgery-recent")

    response = client_logged_in.post(reverse("routines:gentle"), REST_TODAY)

    assert response.status_code == 403
    assert "Playing routines is paused" in response.content.decode()
    assert not Routine.objects.filter(owner=user, gentle=True).exists()


@pytest.mark.django_db
def test_gentle_needs_a_log_in_and_a_post(client, client_logged_in):
    assert client_logged_in.get(reverse("routines:gentle")).status_code == 405
    client.logout()
    assert client.post(reverse("routines:gentle")).status_code == 302


@pytest.mark.django_db
def test_an_edited_gentle_routine_no_longer_plays_on_a_rest_day(client_logged_in, user):
    client_logged_in.post(reverse("routines:gentle"))
    gentle = Routine.objects.get(owner=user, gentle=True)
    RoutineItemFactory(routine=gentle, exercise=Exercise.objects.filter(category="strengthen")[0])

    response = client_logged_in.post(play(gentle), REST_TODAY)

    assert "Better to rest today" in response.content.decode()
    assert "player-plan" not in client_logged_in.get(play(gentle)).content.decode()
    # Offered again, rebuilt from the rules.
    client_logged_in.post(reverse("routines:gentle"), REST_TODAY)
    assert not gentle.items.filter(exercise__category="strengthen").exists()
    assert 'id="player-plan"' in client_logged_in.get(play(gentle)).content.decode()


@pytest.mark.django_db
def test_a_gentle_routine_edited_after_a_rest_day_check_in_asks_again(client_logged_in, user):
    client_logged_in.post(reverse("routines:gentle"), REST_TODAY)
    gentle = Routine.objects.get(owner=user, gentle=True)
    assert 'id="player-plan"' in client_logged_in.get(play(gentle)).content.decode()

    RoutineItemFactory(routine=gentle, exercise=Exercise.objects.filter(category="strengthen")[0])

    assert "Before you start" in client_logged_in.get(play(gentle)).content.decode()
