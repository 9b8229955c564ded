"""The player loses no session: a routine left in the middle (Back, a reload, the phone
closing the tab) is offered again at the same step, and a save answered with a server error
stays queued on the device until the server answers again, then is stored once."""

import json
import re

import pytest
from playwright.sync_api import expect

from routines.models import Session
from tests.browser.harness import (
    STATE_KEY,
    accept_dialogs,
    expect_player_ready,
    expect_screen,
    page_tolerating_failed_requests,
    pending_sessions,
    play_through,
    save_and_wait,
    save_until_kept,
    signed_in_player,
    start,
    stored_state,
)

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_reload_mid_routine_asks_first_and_resumes_at_the_same_step(page, live_server):
    user, routine, plan = signed_in_player(page, live_server)
    dialogs = accept_dialogs(page)
    start(page)
    page.clock.run_for(8000)  # 3 s into the first hold (left side, set 1 of 2)
    page.get_by_role("button", name="Skip", exact=True).click()
    page.clock.run_for(2000)
    expect_screen(page, "Switch sides", "00:03")

    state = stored_state(page)
    assert state["version"] == 1
    assert state["routineId"] == routine.pk
    assert state["routineName"] == "Morning back"
    assert state["playUrl"] == f"/routines/{routine.pk}/play/"
    assert isinstance(state["savedAt"], int)
    client_id = state["clientId"]

    page.reload()
    assert dialogs == ["beforeunload"]  # leaving mid-routine asked first
    offer = page.locator("#player-resume")
    expect(offer).to_be_visible()
    expect(page.locator("#player-resume-heading")).to_be_focused()
    expect(offer).to_contain_text(plan["items"][0]["name"])
    expect(offer).to_contain_text("Switch sides")
    offer.get_by_role("button", name="Resume where you left off").click()
    expect(offer).to_be_hidden()
    expect_screen(page, "Switch sides", "00:03")
    expect(page.locator("#player-paused")).to_be_visible()  # it waits for the user
    toggle = page.locator("#player-toggle")
    expect(toggle).to_have_text("Resume")
    expect(toggle).to_be_focused()

    toggle.click()
    page.clock.run_for(3000)
    expect_screen(page, "Right side, set 1 of 2", "00:10")
    page.clock.run_for(200_000)
    expect(page.get_by_role("heading", name="Well done — routine finished")).to_be_visible()
    save_and_wait(page, pain_after="2")
    assert stored_state(page) is None  # saved: nothing left to resume

    session = Session.objects.get(user=user)
    assert str(session.client_id) == client_id
    assert session.pain_before == 3  # from the check-in before the reload
    assert session.check_in == {"unwell": False, "new_pain": False, "weak": False, "nerves": False}
    # The left side of set 1 was left after 3 s; everything after it was played.
    assert [(i.status, i.seconds) for i in session.items.all()] == [
        ("done", 33),
        ("done", 4 * plan["steps"][-1]["seconds_per_rep"]),
    ]


def test_start_again_discards_and_an_old_state_is_not_offered(page, live_server):
    _, routine, _ = signed_in_player(page, live_server)
    accept_dialogs(page)
    start(page)
    page.clock.run_for(8000)
    page.reload()
    offer = page.locator("#player-resume")
    offer.get_by_role("button", name="Start again").click()
    expect(offer).to_be_hidden()
    assert stored_state(page) is None
    expect(page.locator("#player-toggle")).to_have_text("Start")
    expect(page.locator("#player-toggle")).to_be_focused()
    expect_screen(page, "Get ready", "00:05")

    # A routine left more than six hours ago is not offered, and its state is removed.
    start(page)
    page.clock.run_for(8000)
    page.goto(live_server.url + "/")
    page.evaluate(
        f"""() => {{
            const state = JSON.parse(localStorage.getItem("{STATE_KEY}"));
            state.savedAt = Date.now() - 6 * 3600 * 1000 - 60 * 1000;
            localStorage.setItem("{STATE_KEY}", JSON.stringify(state));
        }}"""
    )
    page.goto(f"{live_server.url}/routines/{routine.pk}/play/")
    expect_player_ready(page)
    expect(offer).to_be_hidden()
    assert stored_state(page) is None


def test_a_server_error_keeps_the_session_queued_until_the_server_answers(context, live_server):
    """Its own page: Chromium logs a 503 as a console error."""
    page, problems = page_tolerating_failed_requests(context)
    user, _, plan = signed_in_player(page, live_server)
    attempts = []

    def unavailable(route):
        attempts.append(json.loads(route.request.post_data)["client_id"])
        if len(attempts) == 1:
            # The worst case: the server stored it, then the answer became an error.
            route.fetch()
        # What BackCare answers while its database is away (backcare/views.py).
        route.fulfill(
            status=503,
            content_type="application/json",
            headers={"Retry-After": "30"},
            body=json.dumps({"error": "unavailable"}),
        )

    page.route(f"**{plan['saveUrl']}", unavailable)
    play_through(page)
    status = save_until_kept(page)
    expect(status).to_contain_text("BackCare is not answering right now")
    expect(status).to_contain_text("kept on this device")
    assert len(attempts) == 3 and len(set(attempts)) == 1
    pending = pending_sessions(page)
    assert [entry["body"]["client_id"] for entry in pending] == attempts[:1]
    assert stored_state(page) is None  # the queue owns it now: no resume offer for it
    assert Session.objects.count() == 1  # stored by the first attempt, answered with 503

    # Still down: the page tries again by itself, and keeps it queued.
    page.clock.run_for(15_000)
    for _ in range(20):
        if len(attempts) == 4:
            break
        page.wait_for_timeout(100)
    assert len(attempts) == 4
    assert pending_sessions(page) != []

    # The server answers again: the next background attempt stores it, once.
    page.unroute(f"**{plan['saveUrl']}")
    page.clock.run_for(30_000)
    page.wait_for_url(re.compile(r"/routines/history/\d+/$"))
    assert Session.objects.count() == 1
    session = Session.objects.get(user=user)
    assert str(session.client_id) == attempts[0]
    assert session.items.count() == 2
    assert pending_sessions(page) == []
    assert problems == []


def test_a_session_ended_but_not_saved_comes_back_to_its_finish_form(page, live_server):
    user, _, _ = signed_in_player(page, live_server)
    dialogs = accept_dialogs(page)
    start(page)
    page.clock.run_for(8000)  # 3 s into the first hold
    page.get_by_role("button", name="End session").click()
    expect(page.get_by_role("heading", name="Session ended")).to_be_visible()

    page.reload()
    assert dialogs == ["beforeunload"]  # an unsaved session asks too
    offer = page.locator("#player-resume")
    expect(offer).to_contain_text("did not save it yet")
    offer.get_by_role("button", name="Resume where you left off").click()
    expect(page.get_by_role("heading", name="Session ended")).to_be_focused()
    expect(page.locator("#finish-summary")).to_contain_text("0 exercises done, 2 skipped")
    save_and_wait(page, pain_after="2")
    session = Session.objects.get(user=user)
    assert session.actual_seconds == 8
    assert [(i.status, i.seconds) for i in session.items.all()] == [("skipped", 3), ("skipped", 0)]


def test_the_home_page_leads_back_to_the_routine_left_part_way(page, live_server):
    """The contract end to end: what the player keeps is what the home page offers."""
    _, _, plan = signed_in_player(page, live_server)
    accept_dialogs(page)
    start(page)
    page.clock.run_for(8000)  # 3 s into the first hold
    page.goto(live_server.url + "/")
    home_offer = page.locator("#resume-offer")
    expect(home_offer).to_be_visible()
    expect(home_offer).to_contain_text("Morning back")
    home_offer.get_by_role("link", name="Resume").click()

    offer = page.locator("#player-resume")
    expect(offer).to_contain_text(plan["items"][0]["name"])
    offer.get_by_role("button", name="Resume where you left off").click()
    expect_screen(page, "Left side, set 1 of 2", "00:07")
