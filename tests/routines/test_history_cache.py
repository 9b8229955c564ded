"""The history and progress pages are served from the cache: each input of their content is
in the key, so every edit shows on the next request, and a hit runs one query of its own
whatever the size of the log."""

import datetime
import re
from unittest import mock

import pytest
from django.db import connection
from django.template.loader import render_to_string
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from exercises.models import Exercise
from routines.models import PlannedSession, Session, SessionItem
from routines.views import history
from tests.factories import (
    RoutineFactory,
    RoutineItemFactory,
    SessionFactory,
    UserFactory,
    bulk_sessions,
)

pytestmark = pytest.mark.django_db

HISTORY = reverse("routines:history")
PROGRESS = reverse("routines:progress")
PAGES = (HISTORY, PROGRESS)


def html_of(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def shown_today(html):
    """The weekday the plan marks as today ("Mon"...)."""
    day = re.search(r'aria-current="date">\s*<span class="plan-day-name">(\w+)<', html)
    return day.group(1)


def plan(user, weekday=0, name="Warm-up"):
    routine = RoutineFactory(owner=user, name=name)
    PlannedSession.objects.create(user=user, routine=routine, weekday=weekday, time="07:30")
    return routine


@pytest.fixture
def clock(monkeypatch):
    """Sets the time every ``timezone.now()`` reads, so the day can turn between requests."""

    def set_to(moment):
        monkeypatch.setattr(timezone, "now", lambda: moment)

    return set_to


def queries_of(client, url):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


@pytest.mark.slow
@pytest.mark.parametrize("url", PAGES)
def test_a_hit_runs_the_same_few_queries_for_10_and_10000_sessions(client, user, other_user, url):
    bulk_sessions(user, 10)
    bulk_sessions(other_user, 10_000)
    plan(user)
    plan(other_user)
    counts = {}
    for who in (user, other_user):
        client.force_login(who, backend="accounts.backends.UserBackend")
        counts[who.pk, "miss"] = queries_of(client, url)
        counts[who.pk, "hit"] = queries_of(client, url)
    # A hit: the session, then the person with the cache versions in one query.
    assert counts[user.pk, "hit"] == counts[other_user.pk, "hit"] == 2, counts
    # A miss adds the safety check, the statistics (weeks, days, stopped, pain windows), the
    # plan and the history's list: as many for 10 sessions as for 10,000.
    assert counts[user.pk, "miss"] == counts[other_user.pk, "miss"] <= 10, counts


@pytest.mark.parametrize("url", PAGES)
def test_a_hit_serves_the_same_page_as_the_miss_before_it(client_logged_in, user, url):
    SessionFactory(user=user, routine_name="Evening stretch", pain_before=5, pain_after=2)
    plan(user)

    def page():  # the logout form's token is masked afresh on every request
        html = html_of(client_logged_in, url)
        return re.sub(r'name="csrfmiddlewaretoken" value="\w+"', "", html)

    assert page() == page()


@pytest.mark.parametrize("url", PAGES)
def test_a_new_session_shows_at_once(client_logged_in, user, url):
    today = timezone.localdate()
    plan(user, weekday=today.weekday())
    assert "0 of 1 planned day done" in html_of(client_logged_in, url)

    SessionFactory(user=user, routine_name="Fresh stretch", local_date=today)

    html = html_of(client_logged_in, url)
    assert "1 of 1 planned day done" in html
    assert url == PROGRESS or "Fresh stretch" in html


@pytest.mark.parametrize("url", PAGES)
def test_a_deleted_session_goes_at_once(client_logged_in, user, url):
    today = timezone.localdate()
    plan(user, weekday=today.weekday())
    session = SessionFactory(user=user, routine_name="Gone soon", local_date=today)
    assert "1 of 1 planned day done" in html_of(client_logged_in, url)

    client_logged_in.post(reverse("routines:session_delete", args=[session.pk]))

    html = html_of(client_logged_in, url)
    assert "0 of 1 planned day done" in html
    assert "Gone soon" not in html


def test_an_edited_session_shows_at_once(client_logged_in, user):
    session = SessionFactory(user=user, pain_before=5, pain_after=4)
    assert "Pain 5 → 4" in html_of(client_logged_in, HISTORY)

    client_logged_in.post(
        reverse("routines:session_edit", args=[session.pk]), {"pain_before": 9, "pain_after": 1}
    )

    assert "Pain 9 → 1" in html_of(client_logged_in, HISTORY)
    summary = html_of(client_logged_in, PROGRESS)
    assert re.search(r"fw-semibold mb-0\">-8.0<", summary)


@pytest.mark.parametrize("url", PAGES)
def test_a_new_weekly_goal_shows_at_once(client_logged_in, user, url):
    SessionFactory(user=user)
    user.weekly_goal = 2
    user.save()
    assert "1 / 2" in html_of(client_logged_in, url)

    user.weekly_goal = 5
    user.save()

    html = html_of(client_logged_in, url)
    assert "1 / 5" in html
    assert "your goal of 5 sessions" in html


def test_a_new_time_zone_shows_at_once_in_the_times_of_the_list(client_logged_in, user, clock):
    # Noon in UTC is 17:30 the same day in Kolkata (UTC+5:30): the day stays, the times move.
    noon = timezone.now().astimezone(datetime.timezone.utc).replace(hour=12, minute=0)
    clock(noon)
    SessionFactory(user=user, started_at=noon - datetime.timedelta(hours=1))
    user.time_zone = "UTC"
    user.save()
    assert "11:00" in html_of(client_logged_in, HISTORY)

    user.time_zone = "Asia/Kolkata"
    user.save()

    html = html_of(client_logged_in, HISTORY)
    assert "16:30" in html and "11:00" not in html


@pytest.mark.parametrize("url", PAGES)
def test_a_new_time_zone_shows_at_once_in_the_day(client_logged_in, user, clock, url):
    # 23:30 in UTC is 08:30 the next morning in Tokyo (UTC+9, no summer time).
    moment = timezone.now().astimezone(datetime.timezone.utc).replace(hour=23, minute=30)
    clock(moment)
    plan(user)
    user.time_zone = "UTC"
    user.save()
    assert shown_today(html_of(client_logged_in, url)) == f"{moment:%a}"

    user.time_zone = "Asia/Tokyo"
    user.save()

    assert shown_today(html_of(client_logged_in, url)) == f"{moment + datetime.timedelta(1):%a}"


@pytest.mark.parametrize("url", PAGES)
def test_a_new_day_shows_at_once(client_logged_in, user, clock, url):
    user.time_zone = "UTC"
    user.save()
    evening = timezone.now().astimezone(datetime.timezone.utc).replace(hour=23, minute=50)
    plan(user)
    clock(evening)
    assert shown_today(html_of(client_logged_in, url)) == f"{evening:%a}"

    clock(evening + datetime.timedelta(minutes=20))

    assert shown_today(html_of(client_logged_in, url)) == f"{evening + datetime.timedelta(1):%a}"


@pytest.mark.parametrize("url", PAGES)
def test_a_new_plan_and_a_renamed_routine_show_at_once(client_logged_in, user, url):
    assert "planned day" not in html_of(client_logged_in, url)

    routine = plan(user, name="Morning mobility")
    assert "Morning mobility" in html_of(client_logged_in, url)

    routine.name = "Morning mobility, longer"
    routine.save()
    assert "Morning mobility, longer" in html_of(client_logged_in, url)

    PlannedSession.objects.filter(user=user).update(time="18:15")
    assert "18:15" in html_of(client_logged_in, url)

    PlannedSession.objects.filter(user=user).delete()
    assert "planned day" not in html_of(client_logged_in, url)


@pytest.fixture
def stopped_twice(user):
    """An exercise stopped for pain in two sessions, and a routine of the user's that holds
    it: the advice links to the item in the routine."""
    exercise = Exercise.objects.first()
    routine = RoutineFactory(owner=user, name="Lunch stretch")
    item = RoutineItemFactory(routine=routine, exercise=exercise)
    for _ in range(2):
        session = SessionFactory(user=user)
        SessionItem.objects.create(session=session, exercise=exercise, status="stopped")
    return item


@pytest.mark.parametrize("url", PAGES)
def test_the_advice_follows_the_routines_it_links_to_at_once(
    client_logged_in, user, stopped_twice, url
):
    item = stopped_twice
    html = html_of(client_logged_in, url)
    assert f"#item-{item.pk}" in html
    assert "Remove it from “Lunch stretch”" in html

    item.routine.name = "Lunch stretch, shorter"
    item.routine.save()
    assert "Remove it from “Lunch stretch, shorter”" in html_of(client_logged_in, url)

    other = RoutineItemFactory(routine=RoutineFactory(owner=user), exercise=item.exercise)
    assert f"#item-{other.pk}" in html_of(client_logged_in, url)

    item.delete()
    other.delete()
    html = html_of(client_logged_in, url)
    assert "#item-" not in html
    assert "for pain 2 times" in html  # the advice itself stays: it is about the log


@pytest.mark.parametrize("url", PAGES)
def test_a_renamed_exercise_shows_at_once_where_it_was_stopped(
    client_logged_in, stopped_twice, url
):
    exercise = stopped_twice.exercise
    assert f"<strong>{exercise.name}</strong>" in html_of(client_logged_in, url)

    exercise.name = "Renamed stretch"
    exercise.save()

    assert "<strong>Renamed stretch</strong>" in html_of(client_logged_in, url)


def test_advice_links_cost_no_query_on_a_hit(client_logged_in, user, stopped_twice):
    # The links name the person's routines, which their cache version covers.
    client_logged_in.get(HISTORY)
    with_links = queries_of(client_logged_in, HISTORY)
    SessionItem.objects.filter(status="stopped").delete()
    client_logged_in.get(HISTORY)

    assert queries_of(client_logged_in, HISTORY) == with_links


def test_nobody_sees_another_persons_cached_page(client, user):
    stranger = UserFactory()
    # The same log version, plan, goal, day and time zone: only the person differs.
    SessionFactory(user=user, routine_name="Mine only")
    SessionFactory(user=stranger, routine_name="Theirs only")
    client.force_login(user, backend="accounts.backends.UserBackend")
    assert "Mine only" in html_of(client, HISTORY)
    client.force_login(stranger, backend="accounts.backends.UserBackend")

    html = html_of(client, HISTORY)
    assert "Theirs only" in html and "Mine only" not in html


class TestPages:
    """45 sessions: three pages of 20, newest first. ``?page=`` behaves as Django's
    ``Paginator.get_page``: not a number is the first page, out of range the last."""

    @pytest.fixture(autouse=True)
    def sessions(self, user):
        now = timezone.now()
        for n in range(45):
            SessionFactory(
                user=user,
                routine_name=f"Session {n:02}",
                started_at=now - datetime.timedelta(hours=n + 1),
            )

    @staticmethod
    def names(html):
        return re.findall(r">Session (\d\d)</a>", html)

    def test_each_page_shows_its_own_sessions(self, client_logged_in):
        first = html_of(client_logged_in, HISTORY)
        second = html_of(client_logged_in, HISTORY + "?page=2")
        third = html_of(client_logged_in, HISTORY + "?page=3")

        assert self.names(first) == [f"{n:02}" for n in range(20)]
        assert self.names(second) == [f"{n:02}" for n in range(20, 40)]
        assert self.names(third) == [f"{n:02}" for n in range(40, 45)]
        assert "2 / 3" in second
        assert 'href="?page=1"' in second and 'href="?page=3"' in second

    @pytest.mark.parametrize(
        ("page", "shown"),
        [("abc", "1"), ("2.5", "1"), ("", "1"), ("0", "3"), ("-1", "3"), ("999", "3")],
    )
    def test_a_page_that_is_not_there_is_the_first_or_the_last(self, client_logged_in, page, shown):
        for _ in range(2):  # a miss, then a hit
            html = html_of(client_logged_in, f"{HISTORY}?page={page}")
            assert f"{shown} / 3" in html

    def test_pages_out_of_range_are_served_the_last_pages_entry(self, client_logged_in):
        html_of(client_logged_in, HISTORY + "?page=3")

        with mock.patch.object(history, "render_to_string", wraps=render_to_string) as render:
            for page in range(4, 30):
                assert "3 / 3" in html_of(client_logged_in, f"{HISTORY}?page={page}")

        assert render.call_count == 0  # so nothing new was stored either

    def test_a_new_session_moves_the_pages_at_once(self, client_logged_in, user):
        assert self.names(html_of(client_logged_in, HISTORY + "?page=2"))[0] == "20"

        SessionFactory(user=user, routine_name="Session 99")

        assert self.names(html_of(client_logged_in, HISTORY + "?page=2"))[0] == "19"
        assert "3 / 3" in html_of(client_logged_in, HISTORY + "?page=3")

    def test_the_query_string_is_not_echoed(self, client_logged_in):
        html = html_of(client_logged_in, HISTORY + "?page=2&utm=%3Cscript%3E")

        assert "utm" not in html
        assert "<script>" not in html


def test_a_bulk_update_of_the_log_shows_at_once(client_logged_in, user):
    """Writes outside the views (a shell, a script, the admin's bulk actions) bump the log's
    version too."""
    session = SessionFactory(user=user, routine_name="Before")
    assert "Before" in html_of(client_logged_in, HISTORY)

    Session.objects.filter(pk=session.pk).update(routine_name="After")

    html = html_of(client_logged_in, HISTORY)
    assert "After" in html and "Before" not in html
