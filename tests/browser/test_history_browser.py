"""After two logged sessions, the history shows the streak and the chart's data table."""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from exercises.models import Exercise
from tests.factories import PASSWORD, RoutineFactory, RoutineItemFactory, UserFactory

pytestmark = pytest.mark.django_db(transaction=True)


def test_history_reads_streak_and_chart_table(page, live_server):
    user = UserFactory(email="logger@example.com", weekly_goal=2)
    routine = RoutineFactory(owner=user, name="Lunch stretch")
    RoutineItemFactory(routine=routine, exercise=Exercise.objects.first())
    page.goto(live_server.url + "/accounts/login/")
    page.get_by_label("E-mail address").fill(user.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()

    # Last week's Monday and Tuesday: complete days in the past whatever today is.
    today = timezone.localdate()
    monday = today - datetime.timedelta(days=today.weekday() + 7)
    for day in (monday, monday + datetime.timedelta(days=1)):
        page.goto(live_server.url + "/routines/history/new/")
        page.get_by_label("Routine").select_option(label="Lunch stretch")
        page.get_by_label("Day").fill(day.isoformat())
        page.get_by_label("Started at").fill("00:05")
        page.get_by_label("Minutes").fill("15")
        page.get_by_label("Pain before").select_option("5")
        page.get_by_label("Pain after").select_option("3")
        page.get_by_role("button", name="Log session").click()
        expect(page.get_by_text("Session logged")).to_be_visible()

    page.get_by_role("navigation", name="Main").get_by_role("link", name="History").click()
    expect(page.locator("#current-streak")).to_have_text("1 week")
    expect(page.get_by_role("img", name="Sessions per week against your goal")).to_be_visible()
    page.get_by_text("Show the numbers").first.click()
    table = page.locator("#sessions-chart-table")
    expect(table).to_be_visible()
    last_week = table.locator("tbody tr").nth(-2)
    expect(last_week.locator("th")).to_have_text(monday.strftime("%d %b"))
    expect(last_week.locator("td")).to_have_text("2")
    expect(page.get_by_role("link", name="Lunch stretch")).to_have_count(2)
