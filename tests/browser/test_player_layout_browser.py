"""How the player looks: no keyboard shortcuts on a touch screen, the width of a desktop used,
buttons whose colour tells the truth, and no focus box on headings the script focuses while
keyboard focus on controls stays visible."""

import pytest
from playwright.sync_api import expect

from tests.browser.test_player_browser import (
    log_in,
    open_player,
    player_user,
    start,
    two_exercise_routine,
)

BRAND = "rgb(11, 92, 99)"
BOOTSTRAP_BLUE = "rgb(13, 110, 253)"
FOCUS_YELLOW = "rgb(240, 180, 41)"


# The media queries (each alone enough) under which app.css hides the shortcuts box.
HIDING_CONDITIONS = """() => [...document.styleSheets].flatMap((sheet) => {
    try { return [...sheet.cssRules]; } catch { return []; }
}).filter((rule) => rule.media && [...rule.cssRules].some(
    (inner) => inner.selectorText === ".player-keys" && inner.style.display === "none"
)).flatMap((rule) => [...rule.media])"""


def style(locator, prop):
    return locator.evaluate(f"(el) => getComputedStyle(el).{prop}")


@pytest.mark.django_db(transaction=True)
def test_a_touch_screen_gets_no_keyboard_shortcuts(browser, live_server):
    user = player_user()
    routine = two_exercise_routine(user)
    context = browser.new_context(
        viewport={"width": 390, "height": 844}, has_touch=True, is_mobile=True
    )
    page = context.new_page()
    page.set_default_timeout(10_000)
    log_in(page, live_server, user.email)
    open_player(page, live_server, routine)
    assert page.evaluate("matchMedia('(hover: none) and (pointer: coarse)').matches")
    expect(page.locator(".player-keys")).to_be_hidden()
    # A touch screen whose browser also says it can hover (many Android phones): a finger as
    # the main pointer is enough to hide them. Chromium cannot emulate that pair, so the
    # rule's conditions are read from the style sheet.
    hiding = page.evaluate(HIDING_CONDITIONS)
    assert "(pointer: coarse)" in hiding
    expect(page.locator("#player-how-heading")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth <= innerWidth")
    context.close()


@pytest.mark.django_db(transaction=True)
def test_a_desktop_shows_shortcuts_and_uses_its_width(page, live_server):
    page.set_viewport_size({"width": 1280, "height": 900})
    user = player_user()
    routine = two_exercise_routine(user)
    log_in(page, live_server, user.email)
    open_player(page, live_server, routine)
    expect(page.locator(".player-keys")).to_be_visible()
    play = page.locator(".player-play").bounding_box()
    side = page.locator(".player-side").bounding_box()
    player = page.locator("#player").bounding_box()
    # Timer and controls on the left, how to do it beside them, not under them.
    assert side["x"] >= play["x"] + play["width"]
    assert side["y"] < play["y"] + play["height"] / 2
    assert player["width"] > 1000  # the container's width, not a phone's column


@pytest.mark.django_db(transaction=True)
def test_buttons_keep_honest_colours_and_headings_get_no_focus_box(page, live_server):
    user = player_user()
    routine = two_exercise_routine(user)
    log_in(page, live_server, user.email)
    open_player(page, live_server, routine)
    back = page.locator("#player-back")
    skip = page.locator("#player-skip")
    end = page.locator("#player-end")

    # Disabled Back and Skip stay in the brand's colour (dimmed), never Bootstrap's blue.
    expect(skip).to_be_disabled()
    for button in (back, skip):
        assert style(button, "color") == BRAND
        assert style(button, "borderTopColor") == BRAND
        assert BOOTSTRAP_BLUE not in (style(button, "color"), style(button, "borderTopColor"))

    start(page)
    expect(end).to_be_enabled()
    # A working "End session" looks like a working button: full opacity, a dark colour.
    assert style(end, "opacity") == "1"
    assert style(end, "color") == "rgb(33, 37, 41)"
    expect(back).to_be_disabled()  # the first step: nothing to go back to
    assert style(back, "color") == BRAND

    # Keyboard focus on a control is a visible yellow outline.
    page.locator("#player-toggle").focus()
    page.keyboard.press("Tab")
    expect(page.locator("#player-restart")).to_be_focused()
    assert style(page.locator("#player-restart"), "outlineStyle") == "solid"
    assert style(page.locator("#player-restart"), "outlineColor") == FOCUS_YELLOW

    # Headings the script moves the focus to: no box.
    page.get_by_role("button", name="Stop — this hurts").click()
    expect(page.locator("#player-stop-heading")).to_be_focused()
    assert style(page.locator("#player-stop-heading"), "outlineStyle") == "none"
    page.get_by_role("button", name="End the session").click()
    expect(page.locator("#finish-heading")).to_be_focused()
    assert style(page.locator("#finish-heading"), "outlineStyle") == "none"


@pytest.mark.django_db(transaction=True)
def test_other_scripts_can_follow_the_player_through_its_events(page, live_server):
    """The hook an exercise figure will use: "player:step" at each step change and
    "player:position" at each refresh, with the step and the time elapsed in it."""
    user = player_user()
    routine = two_exercise_routine(user)
    log_in(page, live_server, user.email)
    plan = open_player(page, live_server, routine)
    page.evaluate(
        """() => {
            window.seen = {steps: [], last: null};
            const player = document.getElementById("player");
            player.addEventListener("player:step", (e) => window.seen.steps.push(
                [e.detail.index, e.detail.step.kind, e.detail.item, e.detail.stepElapsedMs]));
            player.addEventListener("player:position", (e) => { window.seen.last = e.detail; });
        }"""
    )
    start(page)
    page.clock.run_for(8000)  # 3 s into the first hold
    expect(page.locator("#player-countdown")).to_have_text("00:07")
    seen = page.evaluate("window.seen")
    assert seen["steps"] == [[0, "get-ready", 0, 0], [1, "work", 0, 0]]
    last = seen["last"]
    assert (last["index"], last["item"], last["paused"], last["started"]) == (1, 0, False, True)
    assert last["stepElapsedMs"] == 3000
    assert last["stepMs"] == plan["steps"][1]["seconds"] * 1000
    assert last["routineElapsedMs"] == 8000
    assert last["step"]["side"] == "left"
