"""Try before signing up, in a real browser: an anonymous visitor plays a ready programme
(Playwright's fake clock plays it in moments) and keeps the session by signing up."""

import datetime
import re

import pytest
from django.contrib.auth.models import AnonymousUser
from playwright.sync_api import expect

from routines.models import Routine, Session, TrialSession
from tests.browser.harness import answer_check_in, expect_player_ready, sign_up, start, the_plan
from tests.factories import NEW_PASSWORD

pytestmark = pytest.mark.django_db(transaction=True)

START = (datetime.datetime.now(datetime.timezone.utc) - datetime.timedelta(hours=3)).replace(
    microsecond=0
)


def shortest_programme():
    return min(
        Routine.objects.programmes(),
        key=lambda programme: programme.total_seconds_for(AnonymousUser()),
    )


def play_to_the_end(page, live_server, programme):
    page.clock.install(time=START)
    page.goto(f"{live_server.url}{programme.get_absolute_url()}")
    page.get_by_role("link", name="Try it now").click()
    answer_check_in(page, pain_before="4")
    expect_player_ready(page)
    page.clock.pause_at(START + datetime.timedelta(minutes=5))
    plan = the_plan(page)
    start(page)
    # A minute at a time, so every timer of the programme fires, then past its end.
    for _minute in range(plan["plannedSeconds"] // 60 + 1):
        page.clock.run_for(60_000)
    expect(page.get_by_role("heading", name=re.compile("Well done"))).to_be_visible()
    expect(page.get_by_text("You are not signed in.")).to_be_visible()
    return plan


def test_an_anonymous_visitor_plays_a_programme_and_keeps_it_by_signing_up(page, live_server):
    programme = shortest_programme()
    plan = play_to_the_end(page, live_server, programme)
    page.get_by_label("How much does your back hurt now?").select_option("2")
    page.get_by_role("button", name="Save session").click()
    page.wait_for_url(re.compile(r"/try/kept/$"))
    assert TrialSession.objects.count() == 1
    assert Session.objects.count() == 0

    page.get_by_role("link", name="Create an account to keep this session").click()
    sign_up(page, "tried@example.com", NEW_PASSWORD)

    expect(page.get_by_text("The session you played is kept in your history.")).to_be_visible()
    session = Session.objects.get()
    assert session.user.email == "tried@example.com"
    assert session.routine == programme
    assert (session.pain_before, session.pain_after) == (4, 2)
    assert session.planned_seconds == plan["plannedSeconds"]
    assert session.items.count() == len(plan["items"])
    assert TrialSession.objects.count() == 0
