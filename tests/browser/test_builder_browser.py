"""Build a routine of four exercises from the catalogue, reorder it with the keyboard,
change one hold time, save, reload and find it unchanged."""

import pytest
from playwright.sync_api import expect

from exercises.models import Exercise
from routines.models import Routine
from tests.browser.harness import log_in
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db(transaction=True)


def test_build_reorder_adjust_and_reload(page, live_server):
    user = UserFactory(email="builder@example.com")
    chosen = list(Exercise.objects.filter(mode="hold", category="stretch").order_by("name")[:4])
    log_in(page, live_server, user.email)

    for index, exercise in enumerate(chosen):
        page.goto(live_server.url + "/exercises/?q=" + exercise.name.replace(" ", "+"))
        card = page.locator("article").filter(
            has=page.get_by_role("link", name=exercise.name, exact=True)
        )
        card.get_by_role("link", name="Add to routine").click()
        if index == 0:
            page.get_by_label("Name").fill("My four")
            page.get_by_role("button", name="Create routine and add").click()
        else:
            page.get_by_role("button", name="Add here My four").click()
        expect(page.get_by_text(f"{exercise.name} added to My four")).to_be_visible()

    names = page.locator(".routine-item").evaluate_all("els => els.map(e => e.dataset.name)")
    assert names == [e.name for e in chosen]

    # Keyboard: focus "move down" on the first exercise and press Enter twice.
    first = chosen[0].name
    page.get_by_role("button", name=f"Move {first} down").focus()
    page.keyboard.press("Enter")
    expect(page.locator("#order-status")).to_have_text(f"{first}: position 2 of 4.")
    expect(page.get_by_role("button", name=f"Move {first} down")).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.locator("#order-status")).to_have_text(f"{first}: position 3 of 4.")

    expected = [chosen[1].name, chosen[2].name, first, chosen[3].name]
    # Change the hold time of the last exercise.
    last = page.locator(".routine-item").nth(3)
    last.get_by_text("Adjust").click()
    last.get_by_label("Hold (seconds)").fill("42")
    last.get_by_role("button", name="Save changes").click()
    expect(page.get_by_text(f"{chosen[3].name} updated")).to_be_visible()

    page.reload()
    names = page.locator(".routine-item").evaluate_all("els => els.map(e => e.dataset.name)")
    assert names == expected
    page.locator(".routine-item").nth(3).get_by_text("Adjust").click()
    expect(page.locator(".routine-item").nth(3).get_by_label("Hold (seconds)")).to_have_value("42")
    routine = Routine.objects.get(owner=user)
    assert [i.exercise.name for i in routine.items.all()] == expected
    assert routine.items.all()[3].seconds == 42
