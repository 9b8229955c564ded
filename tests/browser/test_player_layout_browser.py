"""How the player looks: no keyboard shortcuts on a touch screen, the width of a desktop used,
buttons whose colour tells the truth, and no focus box on headings the script focuses while
keyboard focus on controls stays visible."""

import re

import pytest
from playwright.sync_api import expect

from tests.browser.harness import (
    DESKTOP,
    PHONE,
    answer_check_in,
    expect_player_ready,
    log_in,
    player_user,
    signed_in_player,
    start,
    two_exercise_routine,
)

pytestmark = pytest.mark.django_db(transaction=True)

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


def test_a_touch_screen_gets_no_keyboard_shortcuts(phone, live_server):
    page = phone
    signed_in_player(page, live_server)
    assert page.evaluate("matchMedia('(hover: none) and (pointer: coarse)').matches")
    expect(page.locator(".player-keys")).to_be_hidden()
    # A touch screen whose browser also says it can hover (many Android phones): a finger as
    # the main pointer is enough to hide them. Chromium cannot emulate that pair, so the
    # rule's conditions are read from the style sheet.
    hiding = page.evaluate(HIDING_CONDITIONS)
    assert "(pointer: coarse)" in hiding
    expect(page.locator("#player-how-heading")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth <= innerWidth")


def test_a_desktop_shows_shortcuts_and_uses_its_width(page, live_server):
    page.set_viewport_size(DESKTOP)
    signed_in_player(page, live_server)
    expect(page.locator(".player-keys")).to_be_visible()
    play = page.locator(".player-play").bounding_box()
    side = page.locator(".player-side").bounding_box()
    player = page.locator("#player").bounding_box()
    # Timer and controls on the left, how to do it beside them, not under them.
    assert side["x"] >= play["x"] + play["width"]
    assert side["y"] < play["y"] + play["height"] / 2
    assert player["width"] > 1000  # the container's width, not a phone's column


# The WCAG contrast ratio of two computed colours ("rgb(r, g, b)").
CONTRAST = """([a, b]) => {
  const lum = (css) => {
    const [r, g, b] = css.match(/[\\d.]+/g).slice(0, 3).map((v) => {
      const c = v / 255;
      return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
    });
    return 0.2126 * r + 0.7152 * g + 0.0722 * b;
  };
  const [x, y] = [lum(a), lum(b)].sort((p, q) => q - p);
  return (x + 0.05) / (y + 0.05);
}"""
WHITE = "rgb(255, 255, 255)"


def contrast(page, first, second):
    return page.evaluate(CONTRAST, [first, second])


def look(button):
    """What tells a button's state apart, as computed: text, fill (the white page where it
    has none), border, the tick."""
    return button.evaluate(
        """(el) => {
          const s = getComputedStyle(el);
          const fill = s.backgroundColor === "rgba(0, 0, 0, 0)" ? "rgb(255, 255, 255)"
            : s.backgroundColor;
          return {color: s.color, fill, border: s.borderTopColor,
                  borderStyle: s.borderTopStyle, opacity: s.opacity,
                  mark: getComputedStyle(el, "::before").content};
        }"""
    )


def test_enabled_disabled_on_and_off_are_told_apart_by_more_than_colour(page, live_server):
    page.emulate_media(reduced_motion="reduce")  # no colour transitions half-way
    signed_in_player(page, live_server)
    back = page.locator("#player-back")
    end = page.locator("#player-end")
    sound, voice = page.locator("#player-sound"), page.locator("#player-voice")
    start(page)
    expect(end).to_be_enabled()
    expect(back).to_be_disabled()  # the first step: nothing to go back to
    if voice.get_attribute("aria-pressed") == "true":
        voice.click()
    if sound.get_attribute("aria-pressed") == "false":
        sound.click()
    enabled, disabled, on, off = look(end), look(back), look(sound), look(voice)

    # Enabled and disabled: a solid border against a dashed one, never a paler copy.
    assert (enabled["borderStyle"], disabled["borderStyle"]) == ("solid", "dashed")
    assert enabled["opacity"] == disabled["opacity"] == "1"
    # On and off: filled with a tick against an outline without one, and nothing struck.
    assert on["mark"] != "none" and "✓" in on["mark"]
    assert off["mark"] == "none"
    assert on["fill"] != off["fill"]
    assert voice.evaluate("(el) => getComputedStyle(el).textDecorationLine") == "none"
    # Each state readable and each difference visible at 3:1 or more.
    for state in (enabled, disabled, on, off):
        assert contrast(page, state["color"], state["fill"]) >= 4.5, state
        assert contrast(page, state["border"], WHITE) >= 3, state
    assert contrast(page, on["fill"], WHITE) >= 3
    # An enabled secondary button is not the disabled grey any more.
    assert off["color"] != disabled["color"] and off["fill"] != disabled["fill"]
    assert BOOTSTRAP_BLUE not in (disabled["color"], disabled["border"])


def test_a_tapped_button_does_not_stay_dark(phone, live_server):
    """On a touch screen the browser keeps "hover" on the last button tapped: after Skip or
    "Stop — this hurts" it stayed filled and read as switched on."""
    page = phone
    page.emulate_media(reduced_motion="reduce")  # no colour transitions half-way
    signed_in_player(page, live_server)
    start(page)
    skip, restart = page.locator("#player-skip"), page.locator("#player-restart")
    hurts = page.locator("#player-hurts")
    hurts_before = look(hurts)

    skip.tap()
    # The finger has left (:active ends with the touch); what stays is hover and focus.
    page.wait_for_function("(el) => !el.matches(':active')", arg=skip.element_handle())

    assert look(skip) == look(restart)  # tapped or not, the same enabled button
    assert look(skip)["fill"] == WHITE
    hurts.tap()
    expect(page.locator("#player-stop-panel")).to_be_visible()
    after = look(hurts)
    assert after == hurts_before or after["borderStyle"] == "dashed"  # as before, or disabled


def test_buttons_keep_honest_colours_and_headings_get_no_focus_box(page, live_server):
    page.emulate_media(reduced_motion="reduce")
    signed_in_player(page, live_server)
    end = page.locator("#player-end")
    start(page)
    expect(end).to_be_enabled()
    # A working "End session" looks like a working button: full opacity, a dark colour.
    assert style(end, "opacity") == "1"
    assert style(end, "color") == "rgb(33, 37, 41)"

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


def test_other_scripts_can_follow_the_player_through_its_events(page, live_server):
    """The hook an exercise figure will use: "player:step" at each step change and
    "player:position" at each refresh, with the step and the time elapsed in it."""
    _, _, plan = signed_in_player(page, live_server)
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


# Every layout shift of the page from its start (the Layout Instability API), and where the
# player's parts are.
WATCH_SHIFTS = """window.__shifts = [];
new PerformanceObserver((list) => window.__shifts.push(...list.getEntries().map((e) => e.value)))
    .observe({type: "layout-shift", buffered: true});"""
PARTS = ("#player-name", "#player-figure", "#player-countdown", "#player-toggle", "#player-hurts")
WHERE = f"""() => {list(PARTS)}.map((selector) => {{
    const box = document.querySelector(selector).getBoundingClientRect();
    return [selector, ...[box.x, box.y, box.width, box.height].map(Math.round)];
}})"""
PLAYER_SCRIPT = re.compile(r"/js/player(\.[0-9a-f]{12})?\.js$")


@pytest.mark.parametrize("size", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_the_first_step_shows_before_the_script_and_stays_put_when_it_runs(page, live_server, size):
    """The player is drawn by the server at its first step, so a phone paints it at once (not
    an empty page until the scripts have loaded), and the script takes over without moving a
    thing: the same name, figure and countdown in the same places, no layout shift."""
    page.set_viewport_size(size)
    user = player_user()
    routine = two_exercise_routine(user)
    log_in(page, live_server, user.email)
    page.route(PLAYER_SCRIPT, lambda route: route.abort())
    page.goto(f"{live_server.url}/routines/{routine.pk}/play/")
    answer_check_in(page)

    first = routine.items.first().exercise
    expect(page.locator("#player-name")).to_have_text(first.name)
    expect(page.locator("#player-countdown")).to_have_text("00:05")
    expect(page.locator("#player-figure svg")).to_have_count(1)
    expect(page.locator("#player-toggle")).to_be_disabled()  # nothing to start it yet
    expect(page.locator("#player-fallback")).to_be_hidden()
    before = page.evaluate(WHERE)

    page.unroute(PLAYER_SCRIPT)
    page.add_init_script(WATCH_SHIFTS)
    page.reload()
    expect_player_ready(page)
    expect(page.locator("#player-toggle")).to_be_enabled()
    expect(page.locator("#player-name")).to_have_text(first.name)
    expect(page.locator("#player-countdown")).to_have_text("00:05")
    expect(page.locator("#player-figure")).not_to_have_class(re.compile("player-figure-waiting"))
    assert page.evaluate(WHERE) == before
    assert page.evaluate("window.__shifts") == []
