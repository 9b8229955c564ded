"""The routine player in a real browser, with Playwright's fake clock driving Date, timers and
performance.now(): it plays the timed plan at the right moments, never drifts, and saves the
session with one record per exercise."""

import datetime
import json
import re

import pytest
from playwright.sync_api import expect

from exercises.models import Exercise
from routines.models import Session
from tests.browser.harness import (
    START,
    clock_text,
    expect_screen,
    expect_step,
    expected_at,
    hold_exercise,
    log_in,
    make_routine,
    open_player,
    page_tolerating_failed_requests,
    pending_sessions,
    per_side_hold_exercise,
    phase_of,
    play_through,
    player_user,
    reps_exercise,
    safe,
    save_and_wait,
    save_until_kept,
    set_visibility,
    signed_in_player,
    start,
    three_exercise_routine,
    wait_for_status,
)
from tests.factories import screening_of

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    """The player as the only sender of its sessions: with a service worker, its background
    sync may send a kept session first (when the browser is online, which Playwright's
    route.abort does not change), and which of the two tells the person becomes a race. The
    worker's sending has its own tests: test_offline_browser.py."""
    return {**browser_context_args, "service_workers": "block"}


# ---- Playing ---------------------------------------------------------------------------


def test_plays_a_routine_to_the_end_and_saves_it(page, live_server):
    user, routine, plan = signed_in_player(page, live_server)
    hold, reps = plan["items"]
    pace = plan["steps"][-1]["seconds_per_rep"]

    expect(page.locator("#player-name")).to_have_text(hold["name"])
    expect_screen(page, "Get ready", "00:05")
    start(page)

    page.clock.run_for(500)
    expect_screen(page, "Get ready", "00:05")
    expect(page.locator("#player-next")).to_contain_text("left side, set 1 of 2")
    page.clock.run_for(5000)  # 5.5 s: the first hold
    expect_screen(page, "Left side, set 1 of 2", "00:10")
    page.clock.run_for(3000)
    expect(page.locator("#player-countdown")).to_have_text("00:07")
    page.clock.run_for(7000)  # 15.5 s
    expect_screen(page, "Switch sides", "00:05")
    expect(page.locator("#player-next")).to_contain_text("right side, set 1 of 2")
    page.clock.run_for(5000)  # 20.5 s
    expect_screen(page, "Right side, set 1 of 2", "00:10")
    page.clock.run_for(10000)  # 30.5 s: rest between the sets
    expect_screen(page, "Rest", "00:05")
    expect(page.locator("#player-next")).to_have_text(re.compile("set 2 of 2"))
    page.clock.run_for(5000)  # 35.5 s
    expect_screen(page, "Left side, set 2 of 2", "00:10")
    page.clock.run_for(25000)  # 60.5 s: rest between the exercises
    expect_screen(page, "Rest", "00:10")
    # The coming exercise's name shows once, as the heading; "Next" says what it asks for.
    expect(page.locator("#player-name")).to_have_text(reps["name"])
    expect(page.locator("#player-next")).to_have_text("Next: 4 repetitions")
    page.clock.run_for(10000)  # 70.5 s
    expect_screen(page, "Get ready", "00:05")
    expect(page.locator("#player-name")).to_have_text(reps["name"])
    page.clock.run_for(5000)  # 75.5 s: the repetitions
    expect(page.locator("#player-reps")).to_have_text("Repetition 1 of 4")
    expect(page.locator("#player-countdown")).to_have_text(clock_text(4 * pace))
    page.clock.run_for(pace * 1000)
    expect(page.locator("#player-reps")).to_have_text("Repetition 2 of 4")
    page.clock.run_for(2 * pace * 1000)
    expect(page.locator("#player-reps")).to_have_text("Repetition 4 of 4")

    page.clock.run_for(pace * 1000)  # past the end
    expect(page.get_by_role("heading", name="Well done — routine finished")).to_be_visible()
    expect(page.locator("#player-main")).to_be_hidden()
    save_and_wait(page, pain_after="1")

    session = Session.objects.get(user=user)
    assert session.routine == routine
    assert session.pain_before == 3
    assert session.pain_after == 1
    assert session.planned_seconds == plan["plannedSeconds"]
    assert session.actual_seconds == plan["plannedSeconds"]
    # The fake clock stood still at START + 1 h when Start was pressed.
    assert session.started_at == START + datetime.timedelta(hours=1)
    assert (session.finished_at - session.started_at).total_seconds() == plan["plannedSeconds"]
    assert session.check_in == {"unwell": False, "new_pain": False, "weak": False, "nerves": False}
    assert [(i.exercise.slug, i.status, i.seconds) for i in session.items.all()] == [
        (hold["slug"], "done", 40),
        (reps["slug"], "done", 4 * pace),
    ]
    expect(page.get_by_role("heading", name="Morning back")).to_be_visible()


def test_every_step_changes_at_the_exact_second(page, live_server):
    """Three exercises (one per side, one with repetitions, one in two sets) from Start to
    the history page: each step change is checked 0.3 s before and 0.3 s after the moment
    the plan gives it, through a 10-minute pause, and a skip and Back (which goes back to the
    exercise before, not to the get-ready of the one it left: that looked like nothing)."""
    user, routine, plan = signed_in_player(page, live_server, three_exercise_routine)
    steps = plan["steps"]
    per_side, reps, two_sets = plan["items"]
    pace = steps[6]["seconds_per_rep"]
    assert [phase_of(step) for step in steps] == [
        "Get ready", "Left side", "Switch sides", "Right side", "Rest",
        "Get ready", "Repetitions", "Rest",
        "Get ready", "Set 1 of 2", "Rest", "Set 2 of 2",
    ]  # fmt: skip
    assert [step["seconds"] for step in steps] == [5, 10, 5, 10, 10, 5, 3 * pace, 10, 5, 8, 5, 8]
    total = sum(step["seconds"] for step in steps)
    assert plan["plannedSeconds"] == total
    pause_in = 3  # pause 0.3 s into the right side
    skip_in = 8  # skip the get-ready of the two sets, then go back to the repetitions

    expect_step(page, plan, 0, 0)
    start(page)
    now = 0  # ms of clock time since Start, pauses left out

    def run_to(ms):
        nonlocal now
        page.clock.run_for(ms - now)
        now = ms

    step_began = 0
    for index, step in enumerate(steps):
        boundary = step_began + step["seconds"] * 1000
        run_to(boundary - 300)
        expect_step(page, plan, index, step["seconds"] * 1000 - 300)
        expect(page.locator("#player-countdown")).to_have_text("00:01")
        run_to(boundary + 300)
        if index == len(steps) - 1:
            break
        expect_step(page, plan, index + 1, 300)
        step_began = boundary

        if index + 1 == pause_in:
            routine_time = page.locator("#player-routine-time").text_content()
            page.get_by_role("button", name="Pause", exact=True).click()
            expect(page.locator("#player-paused")).to_have_text("Paused")
            page.clock.run_for(10 * 60_000)  # ten minutes: nothing moves
            expect_step(page, plan, pause_in, 300)
            expect(page.locator("#player-routine-time")).to_have_text(routine_time)
            page.get_by_role("button", name="Resume", exact=True).click()
            expect(page.locator("#player-paused")).to_be_hidden()
            expect_step(page, plan, pause_in, 300)  # not a millisecond lost
        if index + 1 == skip_in:
            page.get_by_role("button", name="Skip", exact=True).click()
            expect_step(page, plan, skip_in + 1, 0)
            expect(page.locator("#player-phase")).to_have_text("Set 1 of 2")
            page.get_by_role("button", name="Back", exact=True).click()
            expect_step(page, plan, 6, 0)  # the exercise before, not the sets' get-ready
            replayed = (steps[6]["seconds"] + steps[7]["seconds"]) * 1000
            step_began = now + replayed  # the repetitions and the rest play again first

    # 0.3 s before the end the last set was still on; 0.3 s after it the routine is done.
    expect(page.get_by_role("heading", name="Well done — routine finished")).to_be_visible()
    practised = total + replayed // 1000
    expect(page.locator("#finish-summary")).to_have_text(
        f"You practised for {clock_text(practised)}: 3 exercises done."
    )
    save_and_wait(page, pain_after="2")

    session = Session.objects.get(user=user)
    assert session.routine == routine
    assert session.planned_seconds == total
    # Back played the repetitions and the rest again; the 0.3 s of the sets' get-ready
    # before the skip were played again too.
    assert session.actual_seconds == practised
    assert (session.finished_at - session.started_at).total_seconds() == pytest.approx(
        practised + 600.3, abs=0.01
    )  # the pause counts on the wall clock, not in the time practised
    assert [(i.exercise.slug, i.status, i.seconds) for i in session.items.all()] == [
        (per_side["slug"], "done", 20),
        (reps["slug"], "done", 2 * 3 * pace),  # played twice: once more after Back
        (two_sets["slug"], "done", 16),
    ]

    page.goto(live_server.url + "/routines/history/")
    sessions = page.get_by_role("region", name="Sessions")
    expect(sessions.get_by_role("listitem")).to_have_count(1)
    sessions.get_by_role("link", name="Morning back").click()
    expect(page).to_have_url(re.compile(rf"/routines/history/{session.pk}/$"))
    expect(page.get_by_role("heading", name="Morning back", level=1)).to_be_visible()
    exercises = page.get_by_role("listitem").filter(has=page.get_by_role("link"))
    for name, time in (
        (per_side["name"], "20 s"),
        (reps["name"], f"{2 * 3 * pace} s"),
        (two_sets["name"], "16 s"),
    ):
        expect(exercises.filter(has_text=name)).to_contain_text(f"Done · {time}")


def test_a_30_minute_routine_ends_exactly_on_time(page, live_server):
    user = player_user()
    paced = safe(Exercise.objects.filter(mode="reps", seconds_per_rep=5))
    routine = make_routine(
        user,
        (
            per_side_hold_exercise(),
            {"seconds": 120, "reps": 1, "sets": 2, "per_side": True, "rest_seconds": 30},
        ),  # 5 + 120 + 5 + 120 + 30 + 120 + 5 + 120 = 525, then a 10 s rest
        (
            hold_exercise(),
            {"seconds": 300, "reps": 1, "sets": 3, "per_side": False, "rest_seconds": 30},
        ),  # 5 + 3 × 300 + 2 × 30 = 965, then a 10 s rest
        (paced, {"reps": 57, "sets": 1, "per_side": False}),  # 5 + 57 × 5 = 290
    )
    log_in(page, live_server, user.email)
    plan = open_player(page, live_server, routine)
    total = sum(step["seconds"] for step in plan["steps"])
    assert total == plan["plannedSeconds"] == 30 * 60
    start(page)

    # Played through, a minute at a time: every timer of the half hour fires.
    played = 0
    while played + 60_000 < total * 1000 - 300:
        page.clock.run_for(60_000)
        played += 60_000
    page.clock.run_for(total * 1000 - 300 - played)
    expect_step(page, plan, len(plan["steps"]) - 1, plan["steps"][-1]["seconds"] * 1000 - 300)
    expect(page.locator("#player-routine-time")).to_have_text("29:59 done · 00:01 left")
    expect(page.locator("#player-finish")).to_be_hidden()

    page.clock.run_for(600)  # 0.3 s past the half hour
    expect(page.get_by_role("heading", name="Well done — routine finished")).to_be_visible()
    expect(page.locator("#finish-summary")).to_have_text(
        "You practised for 30:00: 3 exercises done."
    )
    page.clock.run_for(5 * 60_000)  # the user takes their time before saving
    save_and_wait(page)
    session = Session.objects.get(user=user)
    assert session.planned_seconds == total
    assert abs(session.actual_seconds - total) <= 1
    assert (session.finished_at - session.started_at).total_seconds() == pytest.approx(total, abs=1)


def test_a_long_sleep_lands_where_the_routine_really_is(page, live_server):
    _, _, plan = signed_in_player(page, live_server)
    start(page)

    # The phone sleeps: no timer runs for 47.3 s, then the page wakes up once.
    page.clock.fast_forward(42_300)
    step, left = expected_at(plan, 42_300)
    expect_screen(page, phase_of(step), clock_text(left))
    assert (phase_of(step), left) == ("Left side, set 2 of 2", 3)

    page.clock.fast_forward(20_000)  # 62.3 s: the rest between the exercises
    step, left = expected_at(plan, 62_300)
    expect_screen(page, phase_of(step), clock_text(left))
    assert step["kind"] == "rest"


def test_a_hidden_page_shown_again_lands_on_the_planned_step(page, live_server):
    user, _, plan = signed_in_player(page, live_server, three_exercise_routine)
    steps = plan["steps"]
    total = plan["plannedSeconds"]
    status = page.locator("#player-status")
    start(page)
    page.clock.run_for(2_000)
    expect_step(page, plan, 0, 2_000)

    # Another tab, or the phone locked: hidden while the clock jumps 47.3 s in one go.
    set_visibility(page, False)
    assert page.evaluate("document.hidden") is True
    page.clock.fast_forward(47_300)
    set_visibility(page, True)
    # The plan: 5 + 10 + 5 + 10 + 10 + 5 = 45 s, then the repetitions: 4.3 s into them.
    index = 6
    step = steps[index]
    assert expected_at(plan, 49_300)[0] is step
    assert (step["kind"], step["mode"]) == ("work", "reps")
    elapsed = 49_300 - sum(s["seconds"] for s in steps[:index]) * 1000
    assert elapsed == 4_300
    expect_step(page, plan, index, elapsed)
    expect(status).to_have_text(f"{step['name']}: {step['reps']} repetitions.")
    # And it carries on from there on time.
    page.clock.run_for(step["seconds"] * 1000 - elapsed - 300)
    expect_step(page, plan, index, step["seconds"] * 1000 - 300)
    page.clock.run_for(600)
    expect_step(page, plan, index + 1, 300)

    # Hidden again until long after the end: shown, it is finished, on the plan's time.
    set_visibility(page, False)
    page.clock.fast_forward(10 * 60_000)
    set_visibility(page, True)
    expect(page.get_by_role("heading", name="Well done — routine finished")).to_be_visible()
    expect(page.locator("#finish-summary")).to_have_text(
        f"You practised for {clock_text(total)}: 3 exercises done."
    )
    save_and_wait(page)
    assert Session.objects.get(user=user).actual_seconds == total


def test_pausing_shifts_every_deadline(page, live_server):
    signed_in_player(page, live_server)
    start(page)

    page.clock.run_for(6500)  # 1.5 s into the first 10 s hold
    expect_screen(page, "Left side, set 1 of 2", "00:09")
    routine_left = page.locator("#player-routine-time").text_content()
    page.get_by_role("button", name="Pause", exact=True).click()
    expect(page.locator("#player-paused")).to_be_visible()

    page.clock.run_for(60_000)
    expect_screen(page, "Left side, set 1 of 2", "00:09")
    expect(page.locator("#player-routine-time")).to_have_text(routine_left)

    page.get_by_role("button", name="Resume", exact=True).click()
    expect(page.locator("#player-paused")).to_be_hidden()
    page.clock.run_for(1000)
    expect_screen(page, "Left side, set 1 of 2", "00:08")
    page.clock.run_for(8000)  # the hold ends 10 s after it began, not counting the pause
    expect_screen(page, "Switch sides", "00:05")


def test_end_session_can_be_taken_back(page, live_server):
    signed_in_player(page, live_server)
    start(page)
    page.clock.run_for(6500)
    page.get_by_role("button", name="End session").click()
    expect(page.get_by_role("heading", name="Session ended")).to_be_visible()
    expect(page.locator("#player-fallback")).to_be_hidden()
    page.clock.run_for(20_000)
    page.get_by_role("button", name="Back to the routine").click()
    expect_screen(page, "Left side, set 1 of 2", "00:09")
    expect(page.get_by_role("button", name="Pause", exact=True)).to_be_focused()
    page.clock.run_for(9000)
    expect_screen(page, "Switch sides", "00:05")


def test_keyboard_pauses_skips_goes_back_and_restarts(page, live_server):
    user = player_user()
    routine = make_routine(
        user,
        (hold_exercise(), {"seconds": 10, "reps": 1, "sets": 1, "per_side": False}),
        (reps_exercise(), {"reps": 2, "sets": 1, "per_side": False}),
    )
    log_in(page, live_server, user.email)
    plan = open_player(page, live_server, routine)
    expect(page.get_by_text("Space", exact=True)).to_be_visible()  # the shortcuts are listed
    start(page)
    page.evaluate("document.activeElement.blur()")  # shortcuts, not the focused button

    page.keyboard.press("Space")
    expect(page.get_by_role("button", name="Resume", exact=True)).to_be_visible()
    page.clock.run_for(30_000)
    expect_screen(page, "Get ready", "00:05")
    page.keyboard.press("Space")
    expect(page.get_by_role("button", name="Pause", exact=True)).to_be_visible()

    page.keyboard.press("ArrowRight")  # skip the get-ready countdown
    expect_screen(page, "Hold the position", "00:10")
    page.clock.run_for(4500)
    expect(page.locator("#player-countdown")).to_have_text("00:06")
    page.keyboard.press("r")  # restart the hold
    expect(page.locator("#player-countdown")).to_have_text("00:10")
    page.keyboard.press("ArrowRight")  # skip the hold itself: the exercise is skipped
    expect_screen(page, "Rest", "00:10")
    page.keyboard.press("ArrowLeft")
    expect_screen(page, "Hold the position", "00:10")
    page.keyboard.press("ArrowRight")
    expect_screen(page, "Rest", "00:10")
    # Skipping the rest between exercises means "ready": straight to the next exercise,
    # without its get-ready countdown.
    page.keyboard.press("ArrowRight")
    pace = plan["steps"][-1]["seconds_per_rep"]
    expect_screen(page, "Repetitions", clock_text(2 * pace))
    expect(page.locator("#player-name")).to_have_text(plan["items"][1]["name"])

    # Typing in a form field is not a shortcut (the fallback form is in a closed <details>).
    page.locator("#log-by-hand > summary").click()
    page.locator("#log-by-hand").get_by_label("Notes").press("ArrowRight")
    expect_screen(page, "Repetitions", clock_text(2 * pace))

    page.clock.run_for(60_000)
    expect(page.get_by_role("heading", name="Well done — routine finished")).to_be_visible()
    save_and_wait(page)
    session = Session.objects.get(user=user)
    assert [(i.status, i.seconds) for i in session.items.all()] == [
        ("skipped", 5),
        ("done", 2 * pace),
    ]


def test_this_hurts_marks_the_exercise_stopped(page, live_server):
    user, _, plan = signed_in_player(page, live_server)
    start(page)
    page.clock.run_for(8000)  # 3 s into the first hold

    page.get_by_role("button", name="Stop — this hurts").click()
    stopped = page.locator("#player-stop-panel")
    expect(stopped).to_be_visible()
    expect(page.locator("#player-alert")).to_have_text(
        f"Stopped. {plan['items'][0]['name']} is marked as stopped because it hurts."
    )
    expect(page.locator("#player-stop-heading")).to_be_focused()
    page.clock.run_for(30_000)  # nothing moves while the user decides
    expect(page.locator("#player-countdown")).to_have_text("00:07")

    stopped.get_by_role("button", name="Skip to the next exercise").click()
    expect(stopped).to_be_hidden()
    expect_screen(page, "Get ready", "00:05")
    expect(page.locator("#player-name")).to_have_text(plan["items"][1]["name"])
    page.clock.run_for(2000)

    page.get_by_role("button", name="End session").click()
    expect(page.get_by_role("heading", name="Session ended")).to_be_visible()
    save_and_wait(page, pain_after="4")

    session = Session.objects.get(user=user)
    assert session.pain_after == 4
    assert session.actual_seconds == 10
    assert [(i.status, i.seconds) for i in session.items.all()] == [
        ("stopped", 3),
        ("skipped", 0),
    ]


def test_this_hurts_then_end_the_session_from_the_stop_panel(page, live_server):
    user, _, _ = signed_in_player(page, live_server)
    start(page)
    page.clock.run_for(70_500)  # the get-ready of the second exercise
    page.get_by_role("button", name="Stop — this hurts").click()
    page.get_by_role("button", name="End the session").click()
    expect(page.get_by_role("heading", name="Session ended")).to_be_visible()
    save_and_wait(page)
    session = Session.objects.get(user=user)
    # The countdown of the second exercise had begun, not the exercise: the one that hurt
    # is the one just done, and the second was never started.
    assert [i.status for i in session.items.all()] == ["stopped", "skipped"]


def test_sending_the_same_session_twice_stores_it_once(page, live_server):
    user, _, plan = signed_in_player(page, live_server)
    sent = []

    def remember(route, request):
        sent.append((request.post_data, request.headers["x-csrftoken"]))
        route.continue_()

    page.route(f"**{plan['saveUrl']}", remember)
    play_through(page)
    save_and_wait(page)
    first_url = page.url

    body, token = sent[0]
    assert json.loads(body)["client_id"]
    status, answer = page.evaluate(
        """async ([url, body, token]) => {
            const response = await fetch(url, {method: "POST", body, headers: {
                "Content-Type": "application/json", "X-CSRFToken": token}});
            return [response.status, await response.json()];
        }""",
        [plan["saveUrl"], body, token],
    )
    assert status == 200
    assert answer["created"] is False
    assert first_url.endswith(answer["url"])
    assert Session.objects.filter(user=user).count() == 1
    assert Session.objects.get(user=user).items.count() == 2


def test_an_unreachable_server_keeps_the_session_for_later(context, live_server):
    """Its own page: failed requests are logged by Chromium as console errors, which the
    shared `page` fixture would count against the test."""
    page, problems = page_tolerating_failed_requests(context)
    user, _, plan = signed_in_player(page, live_server)
    attempts = []

    def fail(route):
        attempts.append(json.loads(route.request.post_data)["client_id"])
        route.abort("internetdisconnected")

    page.route(f"**{plan['saveUrl']}", fail)
    play_through(page)
    page.get_by_role("button", name="Save session").click()
    expect(page.locator("#finish-status")).to_have_text("Saving…")
    # The retries wait 2 s and 5 s; each waits for the failed request before the next delay.
    status = wait_for_status(page, shown="kept on this device")
    expect(status).to_contain_text("kept on this device")
    assert len(attempts) == 3 and len(set(attempts)) == 1
    pending = pending_sessions(page)
    assert [entry["body"]["client_id"] for entry in pending] == attempts[:1]
    assert not Session.objects.exists()

    # Back online: opening the player again sends it.
    page.unroute(f"**{plan['saveUrl']}")
    page.reload()
    expect(page.locator("#player-pending")).to_contain_text("has now been saved")
    assert pending_sessions(page) == []
    session = Session.objects.get(user=user)
    assert str(session.client_id) == attempts[0]
    assert problems == []


def test_a_save_made_offline_is_sent_when_the_network_returns(context, live_server):
    page, problems = page_tolerating_failed_requests(context)
    user, _, _ = signed_in_player(page, live_server)
    play_through(page)

    context.set_offline(True)
    assert page.evaluate("navigator.onLine") is False
    page.get_by_role("button", name="Save session").click()
    status = page.locator("#finish-status")
    expect(status).to_contain_text("Waiting to save: you are offline.")
    expect(status).to_contain_text("saved as soon as the network returns")
    expect(status).to_be_visible()
    expect(page.get_by_role("button", name="Save session")).to_be_enabled()
    pending = pending_sessions(page)
    assert len(pending) == 1
    client_id = pending[0]["body"]["client_id"]
    page.clock.run_for(60_000)  # no timer sends it while the network is away
    assert not Session.objects.exists()

    # Remember what the status says across the page change that follows the save.
    page.evaluate(
        """() => {
            const status = document.getElementById("finish-status");
            new MutationObserver(() => {
                const seen = JSON.parse(sessionStorage.getItem("statuses") || "[]");
                sessionStorage.setItem("statuses", JSON.stringify([...seen, status.textContent]));
            }).observe(status, {childList: true, characterData: true, subtree: true});
        }"""
    )
    context.set_offline(False)  # the window's "online" event sends it, nothing else
    page.wait_for_url(re.compile(r"/routines/history/\d+/$"))
    assert page.evaluate("JSON.parse(sessionStorage.getItem('statuses'))")[-1] == "Saved."
    session = Session.objects.get(user=user)
    assert str(session.client_id) == client_id
    assert session.items.count() == 2
    assert pending_sessions(page) == []
    assert problems == []


def test_a_lost_answer_then_a_change_says_the_session_is_saved_without_it(context, live_server):
    """The first save reaches BackCare but its answer is lost (and so are the quick retries);
    the person changes pain after and notes and presses Save again: BackCare answers 409 with
    the session it keeps. The person is told the truth, with a link to it."""
    page, problems = page_tolerating_failed_requests(context)
    user, _, plan = signed_in_player(page, live_server)
    network = {"up": False, "sent": []}

    def first_answer_lost(route):
        network["sent"].append(json.loads(route.request.post_data))
        if network["up"]:
            route.continue_()
        elif len(network["sent"]) == 1:
            route.fetch()  # reaches BackCare, which stores it...
            route.abort("connectionreset")  # ...but the answer never arrives
        else:
            route.abort("internetdisconnected")

    page.route(f"**{plan['saveUrl']}", first_answer_lost)
    play_through(page)
    pain_after = page.get_by_label("How much does your back hurt now?")
    pain_after.select_option("2")
    status = save_until_kept(page)
    expect(status).to_contain_text("kept on this device")
    stored = Session.objects.get(user=user)

    network["up"] = True
    pain_after.select_option("4")
    page.locator("#finish-notes").fill("Easier than last week.")
    page.get_by_role("button", name="Save session").click()

    expect(status).to_contain_text("Saved, but without your latest changes.")
    expect(status).to_contain_text("your later changes to pain after and notes were not applied")
    expect(status).not_to_contain_text("could not reach")
    link = status.get_by_role("link", name="Open the saved session")
    expect(link).to_have_attribute("href", stored.get_absolute_url())
    expect(link).to_be_focused()
    expect(page.get_by_role("button", name="Save session")).to_be_disabled()
    expect(pain_after).to_be_disabled()
    # The same session twice, with other content: a real 409 from BackCare.
    assert network["sent"][0]["client_id"] == network["sent"][-1]["client_id"]
    assert (network["sent"][0]["pain_after"], network["sent"][-1]["pain_after"]) == (2, 4)
    # Nothing is left to send or to resume, and leaving asks nothing.
    assert pending_sessions(page) == []
    assert page.evaluate("localStorage.getItem('backcare:player-state')") is None
    stored.refresh_from_db()
    assert (stored.pain_after, stored.notes) == (2, "")
    assert Session.objects.filter(user=user).count() == 1

    link.click()
    page.wait_for_url(f"**{stored.get_absolute_url()}")
    expect(page.get_by_role("link", name="Edit notes and scores")).to_be_visible()
    assert problems == []


def test_a_background_attempt_answered_409_leaves_focus_where_the_person_types(
    context, live_server
):
    page, problems = page_tolerating_failed_requests(context)
    _, _, plan = signed_in_player(page, live_server)
    network = {"up": False, "sent": 0}

    def first_answer_lost(route):
        network["sent"] += 1
        if network["up"]:
            route.continue_()
            return
        if network["sent"] == 1:
            route.fetch()
        route.abort("connectionreset")

    page.route(f"**{plan['saveUrl']}", first_answer_lost)
    play_through(page)
    status = save_until_kept(page)
    notes = page.locator("#finish-notes")
    notes.fill("Tight on the left.")  # still typing when the background attempt goes
    network["up"] = True
    page.clock.run_for(15_000)
    expect(status).to_contain_text("your later changes to notes were not applied")
    expect(notes).to_be_focused()
    expect(notes).to_have_js_property("readOnly", True)
    assert problems == []


def test_a_kept_session_already_saved_otherwise_leaves_the_device_on_the_next_visit(
    context, live_server
):
    """A session kept on this device whose first attempt BackCare stored, with other content
    since: the next visit to the player sends it, hears 409, tells the person and forgets it."""
    page, problems = page_tolerating_failed_requests(context)
    user, routine, plan = signed_in_player(page, live_server)
    stored = {}

    def store_then_fail(route):
        if not stored:
            stored["body"] = json.loads(route.request.post_data)
            route.fetch()
        route.abort("internetdisconnected")

    page.route(f"**{plan['saveUrl']}", store_then_fail)
    play_through(page)
    page.locator("#finish-notes").fill("Sore at first.")
    save_until_kept(page)
    page.get_by_label("How hard did it feel?").select_option("6")
    page.get_by_role("button", name="Save session").click()  # never leaves the device
    wait_for_status(page, gone="Saving")
    pending = pending_sessions(page)
    assert [entry["body"]["effort"] for entry in pending] == [6]

    page.unroute(f"**{plan['saveUrl']}")
    open_player(page, live_server, routine)
    notice = page.locator("#player-pending")
    expect(notice).to_contain_text("A session you finished earlier on this device is saved")
    expect(notice).to_contain_text("your later changes to effort were not applied")
    session = Session.objects.get(user=user)
    expect(notice.get_by_role("link", name="Open the saved session")).to_have_attribute(
        "href", session.get_absolute_url()
    )
    assert pending_sessions(page) == []
    assert (session.notes, session.effort) == ("Sore at first.", None)
    assert problems == []


# ---- Telling the user ------------------------------------------------------------------


def test_live_region_announces_each_new_step(page, live_server):
    _, _, plan = signed_in_player(page, live_server)
    name = plan["items"][0]["name"]
    status = page.locator("#player-status")
    expect(status).to_have_attribute("aria-live", "polite")

    start(page)
    expect(status).to_have_text(f"Get ready: {name}. Starts in 5 seconds.")
    page.clock.run_for(5500)
    expect(status).to_have_text(f"{name}. Left side, set 1 of 2: hold 10 seconds.")
    page.clock.run_for(3000)  # no announcement within a step
    expect(status).to_have_text(f"{name}. Left side, set 1 of 2: hold 10 seconds.")
    page.clock.run_for(7000)
    expect(status).to_contain_text("Switch sides.")


def test_not_for_you_exercises_are_listed_before_start(page, live_server):
    user = player_user()
    screening_of(user, "herniated-disc")
    twist = Exercise.objects.filter(tags__has="twist").order_by("slug").first()
    routine = make_routine(user, (hold_exercise(), {}), (twist, {}))
    log_in(page, live_server, user.email)
    # Left out by default (tests/browser/test_safety_browser.py); included for this session.
    open_player(page, live_server, routine, include=[twist.name])

    warning = page.locator("#player-warning")
    expect(warning).to_be_visible()
    expect(warning.get_by_role("listitem")).to_have_count(1)
    expect(warning.get_by_role("listitem")).to_contain_text(twist.name)
    expect(warning.get_by_role("listitem")).to_contain_text("Herniated disc")
    start(page)  # the user may still start
    expect(warning).to_be_hidden()


def test_breathing_exercise_shows_the_pacer(page, live_server):
    user = player_user()
    breathing = Exercise.objects.get(slug="breathing-4-6-8")
    routine = make_routine(user, (breathing, {"reps": 4}))
    log_in(page, live_server, user.email)
    open_player(page, live_server, routine)
    start(page)
    page.clock.run_for(5500)  # get ready, then 0.5 s into the first breath
    breath = page.locator("#player-breath")
    expect(breath).to_have_text("Breathe in… 4")
    page.clock.run_for(4000)
    expect(breath).to_have_text("Hold… 6")
    page.clock.run_for(6000)
    expect(breath).to_have_text("Breathe out… 8")
    expect(page.locator("#player-reps")).to_have_text("Repetition 1 of 4")
    page.clock.run_for(8000)
    expect(breath).to_have_text("Breathe in… 4")
    expect(page.locator("#player-reps")).to_have_text("Repetition 2 of 4")


def test_without_the_timer_the_log_form_stays_reachable(page, live_server):
    signed_in_player(page, live_server)
    expect(page.locator("#fallback-list")).to_be_hidden()
    page.get_by_text("Log it by hand").click()
    expect(page.get_by_role("button", name="Log session")).to_be_visible()
    sound = page.get_by_role("button", name="Sound cues")
    expect(sound).to_have_attribute("aria-pressed", "true")  # from the preferences
    sound.click()
    expect(sound).to_have_attribute("aria-pressed", "false")


PLAYER_MOTION = """() => [...document.querySelectorAll("#player, #player *")].flatMap((el) =>
    [null, "::before", "::after"].map((pseudo) => {
        const style = getComputedStyle(el, pseudo);
        return {
            element: (el.id || el.tagName) + (pseudo || ""),
            moves: style.transitionDuration.split(",").some((d) => parseFloat(d) > 0)
                || style.animationName.split(",").some((name) => name.trim() !== "none"),
        };
    }))"""


def test_reduced_motion_stills_the_player(page, live_server):
    user = player_user()
    breathing = Exercise.objects.get(slug="breathing-4-6-8")
    routine = make_routine(user, (breathing, {"reps": 2}), (hold_exercise(), {}))
    log_in(page, live_server, user.email)
    page.emulate_media(reduced_motion="no-preference")
    open_player(page, live_server, routine)
    start(page)
    page.clock.run_for(5500)  # the breathing pacer and both progress bars are moving
    expect(page.locator("#player-breath")).to_be_visible()
    # As a smoother progress bar or a growing breathing circle would one day:
    page.evaluate(
        """() => {
            document.getElementById("player-step-progress").style.transition = "width 0.25s";
            document.getElementById("player-breath").style.animation = "pace 18s infinite";
        }"""
    )
    moving = {e["element"] for e in page.evaluate(PLAYER_MOTION) if e["moves"]}
    # Without the request, those two move (the player's buttons change state at once, with
    # no colour fade: static/css/app.css).
    assert {"player-step-progress", "player-breath"} <= moving
    assert "player-toggle" not in moving

    page.emulate_media(reduced_motion="reduce")
    assert page.evaluate("matchMedia('(prefers-reduced-motion: reduce)').matches")
    motion = page.evaluate(PLAYER_MOTION)
    checked = {e["element"] for e in motion}
    assert {"player-toggle", "player-step-progress", "player-routine-progress",
            "player-breath", "player-countdown", "player-sound::before"} <= checked  # fmt: skip
    assert [e["element"] for e in motion if e["moves"]] == []


def test_every_control_works_from_the_keyboard(page, live_server):
    user, _, _ = signed_in_player(page, live_server)
    toggle = page.locator("#player-toggle")
    toggle.focus()
    page.keyboard.press("Enter")
    expect(toggle).to_have_text("Pause")

    # Tab goes through every control of the player, in order ("Back" is disabled at the
    # first step, so Tab passes it by).
    reached = []
    for _ in range(6):
        page.keyboard.press("Tab")
        reached.append(page.evaluate("document.activeElement.id"))
    assert reached == [
        "player-restart", "player-skip", "player-end", "player-hurts",
        "player-sound", "player-voice",
    ]  # fmt: skip

    page.locator("#player-skip").focus()
    page.keyboard.press("Enter")
    expect_screen(page, "Left side, set 1 of 2", "00:10")
    page.locator("#player-back").focus()
    page.keyboard.press("Space")
    expect_screen(page, "Get ready", "00:05")
    page.locator("#player-restart").focus()
    page.clock.run_for(2000)
    page.keyboard.press("Enter")
    expect_screen(page, "Get ready", "00:05")
    toggle.focus()
    page.keyboard.press("Space")
    expect(toggle).to_have_text("Resume")
    expect(page.locator("#player-paused")).to_have_text("Paused")  # in words, not colour
    page.keyboard.press("Enter")
    expect(toggle).to_have_text("Pause")

    # The cue switches say on or off with a tick (and a fill), not colour alone; off is an
    # outline without a tick, not struck through.
    sound = page.locator("#player-sound")
    sound.focus()
    page.keyboard.press("Space")
    expect(sound).to_have_attribute("aria-pressed", "false")
    assert sound.evaluate("(el) => getComputedStyle(el, '::before').content") == "none"
    assert sound.evaluate("(el) => getComputedStyle(el).textDecorationLine") == "none"
    page.keyboard.press("Enter")
    expect(sound).to_have_attribute("aria-pressed", "true")
    assert "✓" in sound.evaluate("(el) => getComputedStyle(el, '::before').content")

    page.locator("#player-hurts").focus()
    page.keyboard.press("Enter")
    expect(page.locator("#player-stop-heading")).to_be_focused()
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")  # "Skip to the next exercise"
    expect_screen(page, "Get ready", "00:05")
    expect(toggle).to_be_focused()

    page.locator("#player-end").focus()
    page.keyboard.press("Enter")
    expect(page.locator("#finish-heading")).to_be_focused()
    page.locator("#finish-resume").focus()
    page.keyboard.press("Enter")  # back to the routine
    expect(toggle).to_be_focused()
    page.locator("#player-end").focus()
    page.keyboard.press("Space")
    page.get_by_label("How much does your back hurt now?").focus()
    page.keyboard.press("ArrowDown")  # a native select: the arrow keys choose
    page.locator("#finish-save").focus()
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/routines/history/\d+/$"))
    # "This hurts" came during the first countdown: no exercise had begun, none is marked.
    assert [i.status for i in Session.objects.get(user=user).items.all()] == [
        "skipped",
        "skipped",
    ]


# ---- The clock's arithmetic (player-clock.js, imported into the page) -----------------------


CLOCK_CHECKS = """async (url) => {
  const c = await import(url);
  const steps = [{seconds: 5}, {seconds: 10}, {seconds: 5}];
  const pick = (p) => [p.index, p.stepElapsedMs, p.stepRemainingMs, p.routineElapsedMs,
                       p.routineRemainingMs, p.finished];
  const out = {};
  let t = c.start(c.createTimeline(steps), 1000);
  out.running = pick(c.positionAt(t, 8000));
  t = c.pause(t, 8000);
  out.paused = pick(c.positionAt(t, 68000));
  t = c.resume(t, 68000);
  out.resumed = pick(c.positionAt(t, 69000));
  out.finishTime = c.finishTime(t);
  out.active = c.activeMs(t, 69000);
  t = c.skip(t, 69000);
  out.skipped = pick(c.positionAt(t, 69000));
  out.history = c.historyAt(t, 70000);
  out.back = pick(c.positionAt(c.back(t, 70000), 70500));
  out.restart = pick(c.positionAt(c.restartStep(t, 72000), 72000));
  out.jumped = pick(c.positionAt(t, 10 ** 9));
  const ended = c.end(t, 10 ** 9);
  out.ended = [ended.endedAt, c.activeMs(ended, 2 * 10 ** 9)];
  out.untouched = c.positionAt(c.createTimeline(steps), 5).started;
  out.reps = [[0, 4, 10], [3.9, 4, 10], [4, 4, 10], [100, 4, 10]]
    .map(([e, pace, n]) => c.repetition(e, pace, n));
  out.breath = [0, 3.5, 4, 9.5, 10, 17.9, 18].map((e) => {
    const b = c.breathingPhase(e);
    return [b.phase, b.secondsLeft, b.cycle];
  });
  out.armPattern = c.breathingPatternFor({mode: "reps", seconds_per_rep: 8});
  out.format = [c.formatClock(65), c.formatClock(0), c.formatClock(3725), c.displaySeconds(4200)];
  return out;
}"""


def test_clock_arithmetic(page, live_server):
    page.goto(live_server.url + "/")
    out = page.evaluate(CLOCK_CHECKS, live_server.url + "/static/js/player-clock.js")
    # [index, step elapsed, step remaining, routine elapsed, routine remaining, finished]
    assert out["running"] == [1, 2000, 8000, 7000, 13000, False]
    assert out["paused"] == out["running"]  # a minute of pause changes nothing
    assert out["resumed"] == [1, 3000, 7000, 8000, 12000, False]
    assert out["finishTime"] == 1000 + 60000 + 20000  # the deadline moved by the pause
    assert out["active"] == 8000
    assert out["skipped"] == [2, 0, 5000, 15000, 5000, False]
    assert out["history"] == {"spentMs": [5000, 3000, 1000], "completed": [True, False, False]}
    assert out["back"] == [1, 500, 9500, 5500, 14500, False]
    assert out["restart"] == [2, 0, 5000, 15000, 5000, False]
    assert out["jumped"] == [3, 0, 0, 20000, 0, True]
    assert out["ended"] == [74000, 13000]  # it ended when the last step did
    assert out["untouched"] is False
    assert out["reps"] == [1, 1, 2, 10]
    assert out["breath"] == [
        ["in", 4, 1],
        ["in", 1, 1],
        ["hold", 6, 1],
        ["hold", 1, 1],
        ["out", 8, 1],
        ["out", 1, 1],
        ["in", 4, 2],
    ]
    assert out["armPattern"] == {"inhale": 4, "hold": 0, "exhale": 4}
    assert out["format"] == ["01:05", "00:00", "1:02:05", 5]
