"""Issue 22, items 4 and 5: answers that go stale expire, and the branching never forces a
false answer."""

import datetime

import pytest
import time_machine
from django.urls import reverse

from exercises.safety.models import Screening
from exercises.safety.timing import in_force
from tests.factories import check_answers, take_check

pytestmark = [pytest.mark.django_db, pytest.mark.routine(exercises=["arm-raise-breathing"])]

CHECK, MORE, RESULT = (
    reverse("safety:check"),
    reverse("safety:check_more"),
    reverse("safety:result"),
)
LATER = "pregnancy-after-first-trimester"
START = datetime.datetime(2026, 3, 2, 9, 0, tzinfo=datetime.timezone.utc)


def conditions(client):
    return set(client.get(RESULT).context["outcome"].conditions)


def test_a_pregnancy_entered_at_10_weeks_gets_the_later_rules_at_13(client):
    with time_machine.travel(START, tick=False) as clock:
        take_check(client, "pregnancy", pregnancy_weeks=10)
        screening = Screening.objects.get()
        assert screening.details == {"pregnancy-due": "2026-09-28"}
        assert LATER not in conditions(client)

        clock.shift(datetime.timedelta(weeks=2))  # 12 weeks: still the first trimester
        assert LATER not in conditions(client)

        clock.shift(datetime.timedelta(weeks=1))  # 13 weeks
        assert {"pregnancy", LATER} <= conditions(client)
        # Nothing was asked again, nothing stored changed: the date moved her on.
        assert not client.get(RESULT).context["profile"].stale


def test_a_pregnancy_past_13_weeks_gets_the_later_rules_at_once(client):
    take_check(client, "pregnancy", pregnancy_weeks=20)

    assert {"pregnancy", LATER} <= conditions(client)


def test_a_due_date_works_like_the_weeks(client):
    with time_machine.travel(START, tick=False):
        first, follow_up = check_answers("pregnancy")
        client.post(CHECK, first)
        del follow_up["pregnancy_weeks"]
        follow_up["pregnancy_due"] = "2026-06-01"  # 27.4 weeks along
        assert client.post(MORE, follow_up)["Location"] == RESULT

        assert LATER in conditions(client)


def test_a_pregnancy_needs_its_weeks_or_due_date(client):
    first, follow_up = check_answers("pregnancy")
    client.post(CHECK, first)
    del follow_up["pregnancy_weeks"]

    response = client.post(MORE, follow_up)

    assert response.status_code == 200
    assert "Give how many weeks pregnant you are, or your due date." in response.content.decode()
    assert not Screening.objects.exists()


def test_a_pregnancy_past_its_due_date_is_asked_again(client_logged_in, routine):
    with time_machine.travel(START, tick=False) as clock:
        take_check(client_logged_in, "pregnancy", pregnancy_weeks=38)
        play = reverse("routines:play", args=[routine.pk])
        assert client_logged_in.get(play).status_code == 403  # pregnancy is "stop" anyway

        clock.shift(datetime.timedelta(weeks=3))
        profile = client_logged_in.get(RESULT).context["profile"]
        assert profile.stale == ("pregnancy",)
        assert (
            "Some of your answers may have changed" in client_logged_in.get(RESULT).content.decode()
        )


@pytest.mark.parametrize(
    "slug",
    [
        "recently-given-birth",
        "new-back-pain",
        "acute-back-pain",
        "spinal-surgery-recent",
        "other-surgery-recent",
        "chronic-illness-flare",
    ],
)
def test_answers_about_a_few_weeks_are_asked_again_after_four(client_logged_in, routine, slug):
    play = reverse("routines:play", args=[routine.pk])
    with time_machine.travel(START, tick=False) as clock:
        take_check(client_logged_in, slug)
        Screening.objects.update(cleared_at=START, cleared_conditions=[slug])
        assert client_logged_in.get(play).status_code == 200
        assert not client_logged_in.get(RESULT).context["profile"].stale

        clock.shift(datetime.timedelta(days=28))

        response = client_logged_in.get(RESULT)
        assert response.context["profile"].stale == (slug,)
        # Still in force (the careful side) until answered again; playing waits.
        assert slug in response.context["outcome"].conditions
        assert client_logged_in.get(play).status_code == 403
        assert "Answer the check again" in response.content.decode()
        # The re-take does not start from the stale answer.
        form = client_logged_in.get(CHECK).context["form"]
        for part in form.parts:
            if slug in part.slugs:
                assert slug not in (form.initial.get(part.key) or [])


@pytest.mark.parametrize(
    ("slug", "days"),
    [
        ("fever-cold-now", 1),
        ("infection-now", 1),
        ("general-weakness", 1),
        ("menstruation", 7),
        ("bleeding", 7),
    ],
)
def test_today_answers_do_not_hold_for_a_year(client, slug, days):
    with time_machine.travel(START, tick=False) as clock:
        take_check(client, slug)
        assert slug in conditions(client)

        clock.shift(datetime.timedelta(days=days))

        assert slug not in conditions(client)


def test_today_answers_are_not_prefilled(client_logged_in):
    take_check(client_logged_in, "menstruation", "herniated-disc")

    form = client_logged_in.get(CHECK).context["form"]

    assert "today" not in form.initial
    assert form.initial["back-neck"] == "yes"  # other answers still are
    page = client_logged_in.get(CHECK).content.decode()
    assert 'value="menstruation" class="form-check-input" id="id_today_4" checked' not in page


def test_in_force_on_the_day_of_the_check_changes_nothing():
    taken = START
    answers = {"pregnancy": True, "osteoporosis": True, "fever-cold-now": True}
    held, stale = in_force(answers, {"pregnancy-due": "2026-09-20"}, taken, taken)

    assert held == answers
    assert stale == ()


# Item 5: branching ------------------------------------------------------------------------


@pytest.mark.parametrize("slug", ["osteoporosis", "arthritis-joint-disease", "hip-replacement"])
def test_bones_and_joints_are_asked_without_back_pain_now(client, slug):
    first, _follow_up = check_answers(slug)

    assert first["back-neck"] == "no"
    assert client.post(CHECK, first)["Location"] == RESULT
    assert slug in conditions(client)


def test_the_follow_up_accepts_none_of_these_ordinary_back_pain(client):
    first, _ = check_answers()
    first["back-neck"] = "yes"
    client.post(CHECK, first)

    page = client.get(MORE).content.decode()
    assert "None of these: ordinary back or neck pain" in page

    assert client.post(MORE, {"back-neck": ["none"]})["Location"] == RESULT
    screening = Screening.objects.get()
    assert screening.outcome == "clear"
    assert screening.answers["herniated-disc"] is False


def test_none_of_these_with_a_condition_is_refused(client):
    first, _ = check_answers("herniated-disc")
    client.post(CHECK, first)

    response = client.post(MORE, {"back-neck": ["none", "herniated-disc"]})

    assert response.status_code == 200
    assert "untick one of them" in response.content.decode()
    assert not Screening.objects.exists()


def test_the_accident_question_covers_neck_pain(client):
    page = client.get(CHECK).content.decode()

    assert "Did your back or neck pain start after a serious fall" in page
