"""Exercise figures in a real browser: the animation plays and can be paused and replayed,
people who prefer less motion see the keyframes still, and the catalogue shows thumbnails."""

import pytest
from playwright.sync_api import expect

from exercises.models import Exercise

pytestmark = pytest.mark.django_db(transaction=True)

ANIMATED = ".exercise-figure svg.figure-animated"


def animation_time(page):
    return page.evaluate(f"document.querySelector('{ANIMATED}').getCurrentTime()")


def wait_until_playing(page, seconds=0.3):
    """Poll from the test (the page's CSP forbids wait_for_function's eval)."""
    for _ in range(100):
        if animation_time(page) > seconds:
            return
        page.wait_for_timeout(100)
    raise AssertionError("the figure's animation did not run")


def test_exercise_page_plays_the_figure_with_pause_and_replay(page, live_server):
    exercise = Exercise.objects.get(slug="cat-cow")
    page.goto(live_server.url + exercise.get_absolute_url())

    figure = page.get_by_role("img", name=f"{exercise.name}: {exercise.figure['description']}")
    expect(figure).to_be_visible()
    # The animation runs by itself (SVG animation, no script needed to play it).
    wait_until_playing(page)
    expect(page.locator(".figure-keyframes")).to_be_hidden()

    pause = page.get_by_role("button", name="Pause")
    pause.click()
    expect(pause).to_have_attribute("aria-pressed", "true")
    assert page.evaluate(f"document.querySelector('{ANIMATED}').animationsPaused()")
    stopped_at = animation_time(page)
    page.wait_for_timeout(300)
    assert animation_time(page) == stopped_at

    page.get_by_role("button", name="Replay").click()
    expect(pause).to_have_attribute("aria-pressed", "false")
    assert not page.evaluate(f"document.querySelector('{ANIMATED}').animationsPaused()")
    assert animation_time(page) < stopped_at


def test_reduced_motion_shows_the_keyframes_side_by_side_and_still(page, live_server):
    exercise = Exercise.objects.get(slug="cat-cow")
    page.emulate_media(reduced_motion="reduce")
    page.goto(live_server.url + exercise.get_absolute_url())

    expect(page.locator(ANIMATED)).to_be_hidden()
    expect(page.get_by_role("button", name="Pause")).to_be_hidden()
    stills = page.locator(".figure-keyframes svg.figure-still")
    expect(stills).to_have_count(len(exercise.figure["keyframes"]))
    for index in range(len(exercise.figure["keyframes"])):
        expect(stills.nth(index)).to_be_visible()
    expect(page.get_by_role("img", name="Cat and cow, 2 of 4: round (cat)")).to_be_visible()
    # Side by side: the first two keyframes share a row.
    first, second = stills.nth(0).bounding_box(), stills.nth(1).bounding_box()
    assert first["y"] == second["y"] and second["x"] > first["x"]
    assert page.locator(".figure-keyframes svg animateTransform").count() == 0


def test_catalogue_cards_show_still_thumbnails(page, live_server):
    page.goto(live_server.url + "/exercises/")
    cards = page.locator(".exercise-card")
    thumbs = page.locator(".exercise-card svg.figure-still")
    expect(thumbs.first).to_be_visible()
    assert thumbs.count() == cards.count() > 0
    first = Exercise.objects.order_by("name").first()
    expect(
        page.get_by_role("img", name=f"{first.name}: {first.figure['description']}")
    ).to_be_visible()
