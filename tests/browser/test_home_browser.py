"""The home page in a real browser: today's planned routine one tap from the player, the
gentle option after a "rest today" check-in, and the offer to resume a routine left
part-way through (read from the player's state in localStorage)."""

import json
import re
import time

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from exercises.models import Exercise
from routines.models import Session
from tests.browser.harness import STATE_KEY, answer_check_in, log_in
from tests.factories import RoutineFactory, RoutineItemFactory, UserFactory

pytestmark = pytest.mark.django_db(transaction=True)


def person_with_routine(email):
    user = UserFactory(email=email, time_zone=timezone.get_current_timezone_name())
    routine = RoutineFactory(owner=user, name="Back warm-up")
    for position, exercise in enumerate(Exercise.objects.filter(category="warm-up")[:2]):
        RoutineItemFactory(routine=routine, exercise=exercise, position=position)
    return user, routine


def test_planned_routine_is_on_the_home_page_and_plays_in_one_tap(page, live_server):
    user, routine = person_with_routine("planner@example.com")
    log_in(page, live_server, user.email)

    # Plan today's weekday in the plan page.
    page.goto(live_server.url + "/routines/plan/")
    weekday = timezone.localdate().strftime("%A")
    page.get_by_label(weekday, exact=True).select_option(label="Back warm-up")
    page.get_by_label(f"Time on {weekday}").fill("07:30")
    page.get_by_role("button", name="Save the plan").click()
    expect(page.get_by_text("Your weekly plan is saved.")).to_be_visible()

    page.goto(live_server.url + "/")
    expect(page.locator("#today-routine")).to_have_text("Back warm-up")
    expect(page.get_by_text("Planned for today at 07:30")).to_be_visible()

    page.get_by_role("link", name="Play Back warm-up").click()  # the one tap
    expect(page).to_have_url(re.compile(rf"/routines/{routine.pk}/play/$"))
    answer_check_in(page)
    expect(page.locator("#player-plan")).to_be_attached()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Back warm-up")


def test_rest_today_leads_to_the_gentle_routine_which_plays_at_once(page, live_server):
    user, routine = person_with_routine("tired@example.com")
    log_in(page, live_server, user.email)

    page.goto(f"{live_server.url}/routines/{routine.pk}/play/")
    answer_check_in(page, rest=True)
    expect(page.get_by_role("heading", name="Better to rest today")).to_be_visible()
    page.get_by_role("button", name="Breathe and relax for a few minutes").click()

    expect(page.locator("#player-plan")).to_be_attached()
    plan = json.loads(page.locator("#player-plan").text_content())
    categories = set(
        Exercise.objects.filter(slug__in=[i["slug"] for i in plan["items"]]).values_list(
            "category", flat=True
        )
    )
    assert categories <= {"breathing", "relaxation"}
    assert not Session.objects.filter(user=user).exists()


def test_home_offers_to_resume_a_routine_left_part_way(page, live_server):
    user, routine = person_with_routine("resumer@example.com")
    log_in(page, live_server, user.email)
    play_url = f"/routines/{routine.pk}/play/"
    state = {
        "version": 1,
        "routineId": routine.pk,
        "routineName": "Back warm-up",
        "playUrl": play_url,
        "savedAt": int(time.time() * 1000) - 60_000,
    }

    page.goto(live_server.url + "/")
    expect(page.locator("#resume-offer")).to_be_hidden()  # nothing saved

    page.evaluate(
        "([key, value]) => localStorage.setItem(key, value)", [STATE_KEY, json.dumps(state)]
    )
    page.reload()
    offer = page.locator("#resume-offer")
    expect(offer).to_be_visible()
    expect(offer).to_contain_text("Back warm-up")
    expect(offer.get_by_role("link", name="Resume")).to_have_attribute("href", play_url)

    # A state older than six hours, or pointing off the site, is dropped.
    for stale in (
        {**state, "savedAt": state["savedAt"] - 7 * 60 * 60 * 1000},
        {**state, "playUrl": "https://elsewhere.example/"},
        {**state, "playUrl": "javascript:alert(1)"},
    ):
        page.evaluate(
            "([key, value]) => localStorage.setItem(key, value)", [STATE_KEY, json.dumps(stale)]
        )
        page.reload()
        expect(page.locator("#resume-offer")).to_be_hidden()
        assert page.evaluate("(key) => localStorage.getItem(key)", STATE_KEY) is None
