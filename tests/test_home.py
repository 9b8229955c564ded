"""The home page: the introduction for visitors, today for a signed-in person."""

import datetime

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accounts.models import Screening
from exercises.models import Exercise
from routines.models import PlannedSession, Session
from tests.factories import RoutineFactory, RoutineItemFactory, SessionFactory, take_check
from tests.routines.test_history import bulk_sessions

pytestmark = pytest.mark.django_db

HOME = reverse("home")


@pytest.fixture
def routine(user):
    routine = RoutineFactory(owner=user, name="Back warm-up")
    for exercise in Exercise.objects.filter(mode="hold")[:2]:
        RoutineItemFactory(routine=routine, exercise=exercise)
    return routine


def plan_today(user, routine, time=datetime.time(7, 30)):
    return PlannedSession.objects.create(
        user=user, routine=routine, weekday=timezone.localdate().weekday(), time=time
    )


def screening(user, outcome="clear", answers=None, **fields):
    return Screening.objects.create(
        user=user, version=1, answers=answers or {}, age=40, outcome=outcome, **fields
    )


def test_visitors_keep_the_introduction(client):
    html = client.get(HOME).content.decode()

    assert "Look after your back at home" in html
    assert "Today's session" not in html


def test_new_user_is_shown_where_to_start(client_logged_in):
    response = client_logged_in.get(HOME)
    html = response.content.decode()

    assert response.context["today_routine"] is None
    assert "Nothing planned yet" in html
    assert "0 of 3 sessions" in html
    assert "No sessions yet" in html
    assert 'data-state="none"' in html


def test_todays_planned_routine_is_one_tap_from_the_player(client_logged_in, user, routine):
    other = RoutineFactory(owner=user, name="Played last")
    SessionFactory(user=user, routine=other, routine_name=other.name)
    plan_today(user, routine)

    response = client_logged_in.get(HOME)
    html = response.content.decode()

    assert response.context["today_routine"] == routine
    assert "Planned for today at 07:30" in html
    assert f'id="play-today" href="{reverse("routines:play", args=[routine.pk])}"' in html


def test_without_a_plan_today_the_routine_played_last_is_offered(client_logged_in, user, routine):
    older = RoutineFactory(owner=user, name="Older")
    SessionFactory(user=user, routine=older, started_at=timezone.now() - datetime.timedelta(days=3))
    SessionFactory(user=user, routine=routine)
    tomorrow = (timezone.localdate().weekday() + 1) % 7
    PlannedSession.objects.create(
        user=user, routine=older, weekday=tomorrow, time=datetime.time(8, 0)
    )

    response = client_logged_in.get(HOME)

    assert response.context["today_routine"] == routine
    assert "The routine you played most recently" in response.content.decode()


def test_a_gentle_session_does_not_become_todays_routine(client_logged_in, user, routine):
    gentle = RoutineFactory(owner=user, name="Gentle day", gentle=True)
    SessionFactory(
        user=user, routine=routine, started_at=timezone.now() - datetime.timedelta(days=1)
    )
    SessionFactory(user=user, routine=gentle, gentle=True)

    response = client_logged_in.get(HOME)

    assert response.context["today_routine"] == routine
    assert response.context["last_session"].gentle


def test_week_against_the_goal_and_the_streak(client_logged_in, user):
    user.weekly_goal = 2
    user.save(update_fields=["weekly_goal"])
    today = timezone.localdate()
    for weeks_ago in (1, 2):
        day = today - datetime.timedelta(weeks=weeks_ago)
        for _ in range(2):
            SessionFactory(user=user, local_date=day, started_at=timezone.now())
    SessionFactory(user=user, local_date=today)

    response = client_logged_in.get(HOME)
    html = response.content.decode()

    assert response.context["this_week"].sessions == 1
    assert response.context["current_streak"] == 2
    assert "1 of 2 sessions" in html
    assert "Streak: 2 weeks in a row" in html


def test_last_session_shows_its_pain_change(client_logged_in, user):
    SessionFactory(
        user=user,
        routine_name="Older",
        pain_before=2,
        pain_after=2,
        started_at=timezone.now() - datetime.timedelta(days=2),
    )
    SessionFactory(user=user, routine_name="Morning stretch", pain_before=6, pain_after=3)

    response = client_logged_in.get(HOME)
    html = response.content.decode()

    assert response.context["last_pain_change"] == -3
    assert "Morning stretch" in html
    assert "Pain 6 → 3" in html
    assert "-3, better" in html


def test_a_worse_last_session_suggests_seeing_a_doctor(client_logged_in, user):
    SessionFactory(user=user, pain_before=2, pain_after=5)

    html = client_logged_in.get(HOME).content.decode()

    assert "+3, worse" in html
    assert "see a doctor" in html


def test_safety_check_valid_until(client_logged_in, user):
    taken = screening(user)

    response = client_logged_in.get(HOME)
    html = response.content.decode()

    assert response.context["safety"].state == "valid"
    assert f"Valid until {taken.valid_until:%-d %B %Y}" in html


def test_safety_check_expired_after_12_months_or_a_change_in_health(client_logged_in, user):
    screening(user, created_at=timezone.now() - datetime.timedelta(days=400))
    assert client_logged_in.get(HOME).context["safety"].state == "expired"

    Screening.objects.all().delete()
    screening(user, ended_at=timezone.now())
    response = client_logged_in.get(HOME)
    assert response.context["safety"].state == "expired"
    assert "Take it again" in response.content.decode()


def test_blocked_safety_check_says_what_to_do_and_hides_play(client_logged_in, user, routine):
    plan_today(user, routine)
    take_check(client_logged_in, "spinal-surgery-recent")

    response = client_logged_in.get(HOME)
    html = response.content.decode()

    assert response.context["safety"].state == "blocked"
    assert "see a doctor before you exercise" in html
    assert 'id="play-today"' not in html
    assert reverse("routines:gentle") not in html


def test_gentle_option_is_offered_at_any_time(client_logged_in):
    html = client_logged_in.get(HOME).content.decode()

    assert f'action="{reverse("routines:gentle")}"' in html


def test_home_shows_the_week_planned_against_done(client_logged_in, user, routine):
    plan_today(user, routine)
    SessionFactory(user=user, routine=routine, local_date=timezone.localdate())

    response = client_logged_in.get(HOME)

    assert response.context["plan_week"].planned_done == 1
    assert "1 of 1 planned days done" in response.content.decode()


def test_the_resume_offer_is_hidden_until_the_script_finds_a_state(client_logged_in):
    html = client_logged_in.get(HOME).content.decode()

    assert '<div id="resume-offer" hidden>' in html
    assert "js/home-resume.js" in html


def home_queries(client, user) -> int:
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    with CaptureQueriesContext(connection) as queries:
        assert client.get(HOME).status_code == 200
    return len(queries)


def test_home_runs_the_same_queries_for_0_10_and_10000_sessions(
    client, django_user_model, django_assert_max_num_queries
):
    counts = {}
    for sessions in (0, 10, 10_000):
        person = django_user_model.objects.create_user(f"s{sessions}@example.com", "pw-12345678")
        routine = RoutineFactory(owner=person, name="Warm-up")
        plan_today(person, routine)
        screening(person)
        bulk_sessions(person, sessions)
        Session.objects.filter(user=person).update(routine=routine)
        cache.clear()  # a cold cache each time: the rules and the statistics are read
        counts[sessions] = home_queries(client, person)
        # A second visit reads the cached statistics.
        counts[f"{sessions} again"] = home_queries(client, person)

    assert counts[0] == counts[10] == counts[10_000], counts
    assert counts["0 again"] == counts["10 again"] == counts["10000 again"], counts
    assert counts[0] <= 12 and counts["0 again"] <= 7, counts
