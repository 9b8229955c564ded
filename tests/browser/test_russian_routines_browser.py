"""The routines pages in Russian fit a phone: Russian words are longer than English ones, and
nothing may make the page scroll sideways at 390 px. With SCREENSHOTS_DIR set, the pages are
also saved there at phone and desktop width, to be looked at."""

import datetime
import os
import pathlib

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from tests.browser.harness import expect_player_ready, player_user, two_exercise_routine
from tests.factories import PASSWORD, SessionFactory

SCREENSHOTS = os.environ.get("SCREENSHOTS_DIR")
SIZES = {"phone": {"width": 390, "height": 844}, "desktop": {"width": 1280, "height": 900}}


def log_in(page, live_server, email):
    """By the fields' names: the labels are in the page's language."""
    page.goto(live_server.url + "/accounts/login/")
    page.locator('input[name="username"]').fill(email)
    page.locator('input[name="password"]').fill(PASSWORD)
    page.locator('form:has(input[name="password"]) button[type="submit"]').click()
    page.wait_for_url(lambda url: "/accounts/login/" not in url)


def look(page, name, size):
    assert page.evaluate("document.documentElement.lang") == "ru"
    if size == "phone":
        assert page.evaluate("document.documentElement.scrollWidth <= innerWidth"), name
    if SCREENSHOTS:
        folder = pathlib.Path(SCREENSHOTS)
        folder.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=folder / f"ru-{name}-{size}.png", full_page=True)


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("size", SIZES)
def test_routines_pages_in_russian_fit_the_screen(browser, live_server, size):
    user = player_user()
    routine = two_exercise_routine(user)
    now = timezone.now()
    for days, (before, after) in enumerate([(5, 3), (4, 4), (6, 3), (3, 2), (5, 4)]):
        SessionFactory(
            user=user,
            routine=routine,
            routine_name=routine.name,
            started_at=now - datetime.timedelta(days=days * 3, minutes=30),
            pain_before=before,
            pain_after=after,
        )
    context = browser.new_context(viewport=SIZES[size], locale="ru-RU")
    page = context.new_page()
    page.set_default_timeout(10_000)
    log_in(page, live_server, user.email)

    page.goto(f"{live_server.url}/routines/{routine.pk}/")
    expect(page.get_by_role("heading", name="Упражнения", exact=True)).to_be_visible()
    look(page, "builder", size)

    page.goto(f"{live_server.url}/routines/history/")
    expect(page.get_by_role("heading", name="История", exact=True)).to_be_visible()
    look(page, "history", size)

    page.goto(f"{live_server.url}/routines/history/progress/")
    expect(page.get_by_role("heading", name="Прогресс", exact=True)).to_be_visible()
    look(page, "progress", size)

    page.goto(f"{live_server.url}/routines/{routine.pk}/play/")
    expect(page.get_by_role("heading", name="Перед началом")).to_be_visible()
    look(page, "check-in", size)
    for question in ("unwell", "new_pain", "weak", "nerves"):
        page.locator(f'input[name="{question}"][value="no"]').check()
    page.locator('select[name="pain_before"]').select_option("3")
    page.get_by_role("button", name="Продолжить").click()
    expect_player_ready(page)
    expect(page.get_by_role("button", name="Стоп — больно")).to_be_visible()
    look(page, "player", size)
    context.close()
