"""Issue 22, items 8 and 12: the check-in asks about new nerve signs, the gentle routine fits
the reason, the player shows care, and a person without a check is led to it."""

import datetime
import json

import pytest
import time_machine
from django.urls import reverse

from exercises.loader import read_catalogue
from exercises.models import Exercise
from exercises.safety import CLEAR, CheckIn
from routines.generator import Candidate
from routines.gentle import allows_gentle, gentle_routine
from routines.models import Routine
from tests.factories import RoutineFactory, RoutineItemFactory, take_check

CANDIDATES = [Candidate.from_row(row) for row in read_catalogue()]
BY_SLUG = {c.slug: c for c in CANDIDATES}
ANSWERS = {"unwell": "no", "new_pain": "no", "weak": "no", "nerves": "no", "pain_before": "3"}


def plan_of(response):
    html = response.content.decode()
    start = html.index(">", html.index('id="player-plan"')) + 1
    return json.loads(html[start : html.index("</script>", start)])


def play(routine):
    return reverse("routines:play", args=[routine.pk])


# Item 8: the check-in and the bad day ------------------------------------------------------


def test_new_nerve_signs_are_not_a_reason_to_rest_but_to_get_help():
    assert CheckIn(unwell=False, new_pain=False, weak=False, nerves=True).stops_session
    assert not allows_gentle(CheckIn(unwell=False, new_pain=False, weak=False, nerves=True))


@pytest.mark.django_db
def test_the_check_in_sends_new_numbness_to_the_urgent_advice(client_logged_in, user):
    routine = RoutineFactory(owner=user)
    RoutineItemFactory(routine=routine, exercise=Exercise.objects.get(slug="cat-cow"))

    assert "numbness around your buttocks" in client_logged_in.get(play(routine)).content.decode()
    response = client_logged_in.post(play(routine), {**ANSWERS, "nerves": "yes"})
    html = response.content.decode()

    assert "Please get medical care now" in html
    assert "999" in html
    assert reverse("routines:gentle") not in html  # no gentle routine instead
    # The gentle routine refuses it too, and sends the person to the advice.
    refused = client_logged_in.post(reverse("routines:gentle"), {**ANSWERS, "nerves": "yes"})
    assert refused["Location"] == reverse("safety:result")
    assert not Routine.objects.filter(owner=user, gentle=True).exists()


def test_weak_or_dizzy_gets_a_seated_or_lying_routine_without_holds_or_head_down():
    routine = gentle_routine(CANDIDATES, CLEAR, weak=True)

    assert routine
    for item in routine:
        exercise = BY_SLUG[item.slug]
        assert exercise.position in ("sitting", "lying-back", "side-lying"), item.slug
        assert not exercise.tags & {"breath-hold", "head-down", "inversion"}, item.slug


def test_the_rest_is_the_pillow_supported_one_not_childs_pose():
    routine = gentle_routine(CANDIDATES, CLEAR)
    relaxation = [item.slug for item in routine if BY_SLUG[item.slug].category == "relaxation"]
    assert relaxation == ["pillow-supported-rest"]
    assert "childs-pose" not in relaxation
    assert "childs-pose" not in [i.slug for i in gentle_routine(CANDIDATES, CLEAR, weak=True)]


@pytest.mark.django_db
def test_weak_at_the_check_in_builds_the_weak_gentle_routine(client_logged_in, user):
    response = client_logged_in.post(reverse("routines:gentle"), {**ANSWERS, "weak": "yes"})

    gentle = Routine.objects.get(owner=user, gentle=True)
    assert response["Location"] == play(gentle)
    positions = {item.exercise.position for item in gentle.items.select_related("exercise")}
    assert positions <= {"sitting", "lying-back", "side-lying"}
    assert 'id="player-plan"' in client_logged_in.get(play(gentle)).content.decode()


# Item 12: the player shows care -------------------------------------------------------------


@pytest.fixture
def care_routine(user):
    """For a person with osteoporosis the sphinx needs care; arm-raise breathing is fine."""
    routine = RoutineFactory(owner=user, name="Care")
    for slug in ("arm-raise-breathing", "sphinx-pose"):
        RoutineItemFactory(routine=routine, exercise=Exercise.objects.get(slug=slug))
    return routine


@pytest.mark.django_db
def test_the_player_shows_why_an_exercise_needs_care_and_what_to_watch_for(
    client_logged_in, care_routine
):
    take_check(client_logged_in, "osteoporosis")
    client_logged_in.post(play(care_routine), ANSWERS)

    response = client_logged_in.get(play(care_routine))
    items = {item["slug"]: item for item in plan_of(response)["items"]}

    sphinx = Exercise.objects.get(slug="sphinx-pose")
    assert items["sphinx-pose"]["takeCare"] is True
    assert "Osteoporosis" in items["sphinx-pose"]["reason"]
    assert items["sphinx-pose"]["watch"] == list(sphinx.cautions)
    assert items["arm-raise-breathing"]["takeCare"] is False
    html = response.content.decode()
    assert 'id="player-care"' in html
    assert "What to watch for:" in html  # also in the list shown without JavaScript


@pytest.mark.django_db
def test_the_player_offers_to_leave_take_care_exercises_out(client_logged_in, care_routine):
    take_check(client_logged_in, "osteoporosis")
    prestart = client_logged_in.get(play(care_routine)).content.decode()
    assert "Some exercises need care for you" in prestart
    assert "Leave out the exercises that need care this time: Sphinx pose" in prestart

    client_logged_in.post(play(care_routine), {**ANSWERS, "leave": "on"})
    response = client_logged_in.get(play(care_routine))

    assert [item["slug"] for item in plan_of(response)["items"]] == ["arm-raise-breathing"]
    assert "Left out this session, as you asked" in response.content.decode()


@pytest.mark.django_db
def test_leaving_out_every_exercise_is_refused(client_logged_in, user):
    routine = RoutineFactory(owner=user)
    RoutineItemFactory(routine=routine, exercise=Exercise.objects.get(slug="sphinx-pose"))
    take_check(client_logged_in, "osteoporosis")

    response = client_logged_in.post(play(routine), {**ANSWERS, "leave": "on"})

    assert response.status_code == 200
    assert "Nothing would be left to play" in response.content.decode()


@pytest.mark.django_db
def test_kept_take_care_exercises_play(client_logged_in, care_routine):
    take_check(client_logged_in, "osteoporosis")
    client_logged_in.post(play(care_routine), ANSWERS)

    slugs = [item["slug"] for item in plan_of(client_logged_in.get(play(care_routine)))["items"]]

    assert slugs == ["arm-raise-breathing", "sphinx-pose"]


@pytest.mark.django_db
def test_without_a_check_the_generator_and_player_lead_to_it(client_logged_in, user):
    routine = RoutineFactory(owner=user)
    RoutineItemFactory(routine=routine, exercise=Exercise.objects.get(slug="cat-cow"))
    check = reverse("safety:check")

    generator = client_logged_in.get(reverse("routines:generator")).content.decode()
    prestart = client_logged_in.get(play(routine)).content.decode()
    assert "Take the safety check first" in generator
    assert "Take the safety check first" in prestart
    assert f'href="{check}"' in prestart
    # A prompt, not a wall: the check-in form is still there.
    assert 'name="unwell"' in prestart

    take_check(client_logged_in)
    assert "Take the safety check first" not in (
        client_logged_in.get(reverse("routines:generator")).content.decode()
    )
    assert "Take the safety check first" not in client_logged_in.get(play(routine)).content.decode()


@pytest.mark.django_db
def test_the_signed_in_home_puts_the_check_first(client_logged_in):
    html = client_logged_in.get(reverse("home")).content.decode()

    assert "Start with the safety check" in html
    assert html.index("Start with the safety check") < html.index('id="today-heading"')

    take_check(client_logged_in)
    assert (
        "Start with the safety check" not in client_logged_in.get(reverse("home")).content.decode()
    )


@pytest.mark.django_db
def test_the_home_asks_for_stale_answers_first(client_logged_in):
    start = datetime.datetime(2026, 3, 2, 9, 0, tzinfo=datetime.timezone.utc)
    with time_machine.travel(start, tick=False) as clock:
        take_check(client_logged_in, "new-back-pain")
        assert 'data-state="valid"' in client_logged_in.get(reverse("home")).content.decode()

        clock.shift(datetime.timedelta(days=28))
        html = client_logged_in.get(reverse("home")).content.decode()

    assert 'data-state="stale"' in html
    assert html.index("Answer your safety check again") < html.index('id="today-heading"')
