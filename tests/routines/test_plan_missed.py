"""A planned day counts as missed only if it could have been done: its moment came after the
plan was made and after sign-up, and the day has passed in the person's time zone."""

import datetime
import zoneinfo

import pytest
import time_machine
from django.urls import reverse

from routines.weekly import plan_week
from tests.factories import RoutineFactory, UserFactory

pytestmark = pytest.mark.django_db

UTC = datetime.UTC
HONOLULU = zoneinfo.ZoneInfo("Pacific/Honolulu")  # UTC-10
# Sunday 6 December 2026; its week runs from Monday 30 November.
SUNDAY = datetime.date(2026, 12, 6)
MONDAY = datetime.date(2026, 11, 30)


class Entry:
    def __init__(self, weekday, created_at=None, time=datetime.time(7, 30)):
        self.weekday, self.created_at, self.time = weekday, created_at, time
        self.routine = "Warm-up"


def missed(week):
    return [day.date.strftime("%a") for day in week.days if day.missed]


def test_a_plan_saved_on_sunday_misses_nothing_of_the_week_before():
    saved = datetime.datetime(2026, 12, 6, 10, 0, tzinfo=UTC)
    entries = [Entry(day, created_at=saved) for day in (0, 2, 4)]

    assert missed(plan_week(entries, {}, SUNDAY, zone=UTC)) == []
    # The next week's Monday and Wednesday count, once they have passed.
    next_thursday = SUNDAY + datetime.timedelta(days=4)
    assert missed(plan_week(entries, {}, next_thursday, zone=UTC)) == ["Mon", "Wed"]


def test_a_day_planned_before_sign_up_is_not_missed():
    joined = datetime.datetime(2026, 12, 2, 9, 0, tzinfo=UTC)  # Wednesday morning
    entries = [Entry(day) for day in (0, 2, 4)]

    week = plan_week(entries, {}, SUNDAY, zone=UTC, joined=joined)

    assert missed(week) == ["Fri"]  # Monday and 07:30 on Wednesday were before they joined


def test_the_planned_moment_is_read_in_the_persons_time_zone():
    # Saved at 16:00 UTC on Monday: 06:00 that Monday in Honolulu, before its 07:30 session,
    # but after 07:30 UTC.
    saved = datetime.datetime(2026, 11, 30, 16, 0, tzinfo=UTC)
    entries = [Entry(0, created_at=saved)]
    tuesday = MONDAY + datetime.timedelta(days=1)

    assert missed(plan_week(entries, {}, tuesday, zone=HONOLULU)) == ["Mon"]
    assert missed(plan_week(entries, {}, tuesday, zone=UTC)) == []


def test_a_day_is_missed_only_once_it_has_passed():
    saved = datetime.datetime(2026, 11, 29, 12, 0, tzinfo=UTC)
    entries = [Entry(day, created_at=saved) for day in (0, 2)]

    week = plan_week(entries, {}, MONDAY + datetime.timedelta(days=2), zone=UTC)

    assert missed(week) == ["Mon"]  # Wednesday is today: still to do
    assert week.days[2].today and not week.days[2].missed


# Through the pages, with the clock where the newcomer was ------------------------------


@pytest.fixture
def newcomer(client):
    """Someone who signs up on a Sunday evening in Honolulu (05:00 UTC on Monday) and saves a
    plan for Monday, Wednesday and Friday at once."""
    with time_machine.travel(datetime.datetime(2026, 12, 7, 5, 0, tzinfo=UTC), tick=False):
        user = UserFactory(time_zone="Pacific/Honolulu")
        routine = RoutineFactory(owner=user, name="Back warm-up")
        client.force_login(user, backend="accounts.backends.UserBackend")
        data = {f"routine_{day}": "" for day in range(7)} | {f"time_{d}": "" for d in range(7)}
        for day in (0, 2, 4):
            data |= {f"routine_{day}": routine.pk, f"time_{day}": "07:30"}
        assert client.post(reverse("routines:plan"), data).status_code == 302
    return client


PAGES = ("home", "routines:history", "routines:progress")


@pytest.mark.parametrize("page", PAGES)
def test_the_sunday_the_plan_was_saved_shows_no_missed_day(newcomer, page):
    with time_machine.travel(datetime.datetime(2026, 12, 7, 5, 5, tzinfo=UTC), tick=False):
        response = newcomer.get(reverse(page))

    week = response.context["plan_week"]
    assert week.days[6].today  # Sunday in Honolulu, Monday in UTC
    assert missed(week) == []
    assert "plan-day-missed" not in response.content.decode()
    if page == "home":  # a plan exists, with nothing on this day
        assert "Nothing planned for today" in response.content.decode()
        assert "Nothing planned yet" not in response.content.decode()


@pytest.mark.parametrize("page", PAGES)
def test_days_of_the_next_week_are_missed_once_past(newcomer, page):
    # Thursday 10 December, 09:00 in Honolulu.
    with time_machine.travel(datetime.datetime(2026, 12, 10, 19, 0, tzinfo=UTC), tick=False):
        response = newcomer.get(reverse(page))

    assert missed(response.context["plan_week"]) == ["Mon", "Wed"]
    assert response.content.decode().count("plan-day-missed") == 2
