"""Reordering a routine with a finger: the drag handle is a 44x44 px target and a real touch
drag (touch events from Chromium's input pipeline, which the page sees as pointer events)
moves the exercise and saves the order. The ↑/↓ buttons stay."""

import pytest
from playwright.sync_api import expect

from exercises.models import Exercise
from routines.models import Routine
from tests.browser.harness import log_in
from tests.factories import RoutineFactory, RoutineItemFactory, UserFactory

pytestmark = pytest.mark.django_db(transaction=True)


def touch_drag(page, start, end, steps=12):
    """Press at `start`, slide to `end` and lift, as a finger does (CSS pixels)."""
    cdp = page.context.new_cdp_session(page)

    def touch(kind, point):
        points = [] if point is None else [{"x": point[0], "y": point[1]}]
        cdp.send("Input.dispatchTouchEvent", {"type": kind, "touchPoints": points})

    touch("touchStart", start)
    for i in range(1, steps + 1):
        x = start[0] + (end[0] - start[0]) * i / steps
        y = start[1] + (end[1] - start[1]) * i / steps
        touch("touchMove", (x, y))
    touch("touchEnd", None)
    cdp.detach()


def centre(box):
    return box["x"] + box["width"] / 2, box["y"] + box["height"] / 2


def test_a_finger_drags_an_exercise_by_its_handle(browser, live_server):
    user = UserFactory(email="touch@example.com")
    routine = RoutineFactory(owner=user, name="Three")
    chosen = list(Exercise.objects.filter(mode="hold").order_by("name")[:3])
    for position, exercise in enumerate(chosen):
        RoutineItemFactory(routine=routine, exercise=exercise, position=position)
    context = browser.new_context(
        viewport={"width": 390, "height": 844}, has_touch=True, is_mobile=True
    )
    page = context.new_page()
    page.set_default_timeout(10_000)
    errors = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    log_in(page, live_server, user.email)
    page.goto(live_server.url + routine.get_absolute_url())

    rows = page.locator(".routine-item")
    handle = rows.nth(0).locator(".drag-handle")
    box = handle.bounding_box()
    assert box["width"] >= 44 and box["height"] >= 44
    # The buttons stay for keyboard and screen-reader users.
    expect(page.get_by_role("button", name=f"Move {chosen[0].name} down")).to_be_visible()

    # The three rows in sight at once (a finger drags within the screen; each row is about a
    # quarter of a phone's height with its figure and buttons).
    rows.nth(0).evaluate(
        "row => window.scrollTo({top: row.getBoundingClientRect().top + scrollY - 8,"
        " behavior: 'instant'})"
    )
    assert rows.nth(2).bounding_box()["y"] + rows.nth(2).bounding_box()["height"] <= 844
    start = centre(handle.bounding_box())
    last = rows.nth(2).bounding_box()
    end = (start[0], last["y"] + last["height"] * 0.75)  # the lower half of the last row
    order_url = f"/routines/{routine.pk}/items/order/"
    with page.expect_response(lambda r: r.url.endswith(order_url)) as answer:
        touch_drag(page, start, end)
    assert answer.value.ok

    names = rows.evaluate_all("els => els.map(e => e.dataset.name)")
    expected = [chosen[1].name, chosen[2].name, chosen[0].name]
    assert names == expected
    expect(page.locator("#order-status")).to_have_text(f"{chosen[0].name}: position 3 of 3.")
    expect(rows.nth(2).locator(".item-number")).to_have_text("3")
    assert [i.exercise.name for i in Routine.objects.get(pk=routine.pk).items.all()] == expected
    # No scrolling of the page started from the handle, and nothing is left half-dragged.
    assert rows.evaluate_all("els => els.filter(e => e.classList.contains('dragging')).length") == 0

    # A mouse drags by the same handle (pointer events too): back to the top.
    handle = rows.nth(2).locator(".drag-handle")
    start = centre(handle.bounding_box())
    first = rows.nth(0).bounding_box()
    with page.expect_response(lambda r: r.url.endswith(order_url)):
        page.mouse.move(*start)
        page.mouse.down()
        page.mouse.move(start[0], first["y"] + first["height"] * 0.25, steps=10)
        page.mouse.up()
    assert rows.evaluate_all("els => els.map(e => e.dataset.name)") == [e.name for e in chosen]
    assert errors == []
    context.close()
