"""The exercise figure in the player, under Playwright's fake clock: its animation time is
set from the player's clock (it follows the step's elapsed time, stops when paused), the
left side shows the mirrored drawing, a hold shows its held pose, the rest shows the next
exercise, and under reduced motion the key pose stands still."""

import pytest
from playwright.sync_api import expect

from tests.browser.harness import (
    PHONE,
    hold_exercise,
    log_in,
    make_routine,
    open_player,
    player_user,
    reps_exercise,
    signed_in_player,
    start,
)

pytestmark = pytest.mark.django_db(transaction=True)

GET_READY_MS = 5000  # player_user's get-ready seconds
SWITCH_MS = 5000  # exercises.dosage.SWITCH_SIDES_SECONDS


def figure_time(page):
    return page.evaluate("document.querySelector('#player-figure svg').getCurrentTime()")


def shows(page):
    return page.locator("#player-figure").get_attribute("data-shows")


def times_of(page, slug, side=""):
    """(seconds of one cycle or of the way into a hold, time of the key pose)."""
    template = page.locator(f'template[data-slug="{slug}"][data-side="{side}"]')
    return float(template.get_attribute("data-cycle")), float(template.get_attribute("data-key"))


def paused(page):
    return page.evaluate("document.querySelector('#player-figure svg').animationsPaused()")


def six_repetitions(page, live_server):
    """The player of a routine of one reps exercise done 6 times, open for a player_user
    signed in on ``page``: (the exercise, the plan)."""
    exercise = reps_exercise()
    options = {"reps": 6, "sets": 1, "per_side": False}
    _, _, plan = signed_in_player(
        page, live_server, lambda user: make_routine(user, (exercise, options))
    )
    return exercise, plan


def test_the_figure_follows_the_clock_and_stops_when_paused(page, live_server):
    exercise, plan = six_repetitions(page, live_server)
    per_rep = plan["steps"][1]["seconds_per_rep"]
    cycle, _ = times_of(page, exercise.slug)
    figure = page.locator("#player-figure svg")
    expect(figure).to_be_visible()
    expect(figure).to_have_attribute("role", "img")
    assert exercise.name in figure.get_attribute("aria-label")
    assert shows(page) == f"{exercise.slug}|"

    start(page)
    page.clock.run_for(GET_READY_MS)
    assert figure_time(page) == pytest.approx(0, abs=0.05)  # the starting pose, still
    assert paused(page)  # SMIL never runs by itself: the player's clock moves it

    # 1.5 repetitions in: one and a half cycles of the figure.
    page.clock.run_for(int(per_rep * 1500))
    assert figure_time(page) == pytest.approx(1.5 * cycle, abs=0.1)

    page.get_by_role("button", name="Pause", exact=True).click()
    held = figure_time(page)
    page.clock.run_for(4100)  # past refreshes and animation frames alike
    assert figure_time(page) == pytest.approx(held, abs=0.001)

    page.get_by_role("button", name="Resume", exact=True).click()
    page.clock.run_for(int(per_rep * 1000))
    assert figure_time(page) == pytest.approx(held + cycle, abs=0.1)


def test_left_side_is_mirrored_holds_show_the_held_pose_and_rest_shows_the_next(page, live_server):
    user = player_user()
    hold, reps = hold_exercise(), reps_exercise()
    routine = make_routine(
        user,
        (hold, {"seconds": 12, "reps": 1, "sets": 1, "per_side": True}),
        (reps, {"reps": 4, "sets": 1, "per_side": False}),
    )
    log_in(page, live_server, user.email)
    open_player(page, live_server, routine)
    cycle, key = times_of(page, hold.slug, "left")
    figure = page.locator("#player-figure svg")

    start(page)  # get ready for the left side: the mirrored drawing
    assert shows(page) == f"{hold.slug}|left"
    assert "matrix(-1 0 0 1" in figure.inner_html()
    assert "left side" in figure.get_attribute("aria-label")

    page.clock.run_for(GET_READY_MS + 10_000)  # well into the hold: the held pose
    assert shows(page) == f"{hold.slug}|left"
    assert figure_time(page) == pytest.approx(cycle, abs=0.05)
    assert key == pytest.approx(cycle)  # the key pose of a hold is the held pose

    page.clock.run_for(2000 + SWITCH_MS)  # the right side: the drawing as it is
    assert shows(page) == f"{hold.slug}|"
    assert "matrix(-1 0 0 1" not in figure.inner_html()
    assert "left side" not in figure.get_attribute("aria-label")

    page.clock.run_for(12_000 + 1000)  # the rest between the two: the next exercise
    expect(page.locator("#player-phase")).to_have_text("Rest")
    assert shows(page) == f"{reps.slug}|"
    assert figure_time(page) == pytest.approx(0, abs=0.05)


STRIP_TIMES = """() => [...document.querySelectorAll('#player-figure li svg')].map(
    (svg) => [svg.animationsPaused(), svg.getCurrentTime()])"""


def test_reduced_motion_shows_the_named_keyframes_side_by_side_and_still(page, live_server):
    page.emulate_media(reduced_motion="reduce")
    page.set_viewport_size(PHONE)
    exercise, _ = six_repetitions(page, live_server)
    labels = [k.get("label") for k in exercise.figure["keyframes"]]
    cycle, key = times_of(page, exercise.slug)
    strip = page.locator("#player-figure .player-figure-keyframes")
    expect(strip).to_be_visible()
    expect(page.locator("#player-figure > svg")).to_be_hidden()  # no animation
    expect(strip.locator("li")).to_have_text(
        [f"{n}. {label}" for n, label in enumerate(labels, start=1)]
    )
    expect(page.locator("#player-figure-phase")).to_be_hidden()  # the strip names them all
    start(page)
    page.clock.run_for(GET_READY_MS + 1000)
    first = page.evaluate(STRIP_TIMES)
    assert all(paused for paused, _ in first)
    times = [t for _, t in first]
    assert times[0] == pytest.approx(0, abs=0.001) and times == sorted(times)
    assert times[-1] < cycle  # each keyframe once: not the return to the start
    page.clock.run_for(2500)
    assert page.evaluate(STRIP_TIMES) == first  # nothing moves
    assert figure_time(page) == pytest.approx(key, abs=0.001)
    page.screenshot(path="/work/helper/shots/figures2/player-reduced-motion-390.png")

    page.emulate_media(reduced_motion="no-preference")  # changed back: the animation again
    expect(strip).to_have_count(0)
    expect(page.locator("#player-figure > svg")).to_be_visible()


def test_the_player_names_the_phase_as_the_figure_moves(page, live_server):
    page.set_viewport_size(PHONE)
    exercise, plan = six_repetitions(page, live_server)
    labels = [k.get("label") for k in exercise.figure["keyframes"]]
    per_rep = plan["steps"][1]["seconds_per_rep"]
    phase = page.locator("#player-figure-phase")

    start(page)
    page.clock.run_for(GET_READY_MS + int(per_rep * 100))  # just into the first repetition
    expect(phase).to_be_visible()
    expect(phase).to_have_text(labels[1])  # heading for the second keyframe
    page.clock.run_for(int(per_rep * 1000 * (len(labels) - 1) / len(labels)))
    expect(phase).to_have_text(labels[0])  # on the way back to the start
    page.screenshot(path="/work/helper/shots/figures/player-phase-390.png")
