"""The pages issue 29 names, in Russian on a phone (390 x 844): the home page signed in, the
catalogue, an exercise, the safety check, a red-flag result, the player and the history. Each
fits the screen (no sideways scroll) and shows no English but proper names. With
SCREENSHOTS_DIR set, each is saved there to be looked at."""

import os
import pathlib

import pytest
from playwright.sync_api import expect

from exercises.models import Exercise
from tests.browser.harness import DATA, PHONE, TOO_WIDE, log_in, user_with_data
from tests.browser.languages import SHOWN_TEXT, english_left, words
from tests.factories import UserFactory, screening_of

SCREENSHOTS = os.environ.get("SCREENSHOTS_DIR")
say = words("ru")


def look(page, name, problems):
    """The page in Russian, as wide as the phone, with no English left (else a problem)."""
    if page.evaluate("document.documentElement.lang") != "ru":
        problems.append(f"{name}: not in Russian")
    if page.evaluate(TOO_WIDE) is not None:
        problems.append(f"{name}: scrolls sideways: {page.evaluate(TOO_WIDE)}")
    for text, english in english_left(page.evaluate(SHOWN_TEXT), DATA["ru"].values()):
        problems.append(f"{name}: English left ({english}): {text[:150]!r}")
    if SCREENSHOTS:
        folder = pathlib.Path(SCREENSHOTS)
        folder.mkdir(parents=True, exist_ok=True)
        # The first screen as a phone shows it, and the whole page.
        page.screenshot(path=folder / f"ru-{name}-phone.png")
        page.screenshot(path=folder / f"ru-{name}-phone-full.png", full_page=True)


@pytest.mark.django_db(transaction=True)
def test_the_issues_pages_in_russian_on_a_phone(browser, live_server):
    base = live_server.url
    user, built = user_with_data("ru")
    context = browser.new_context(viewport=PHONE, locale="ru-RU")
    page = context.new_page()
    page.set_default_timeout(10_000)
    problems = []
    log_in(page, live_server, user.email, say)

    page.goto(base + "/")
    look(page, "home", problems)
    page.goto(base + "/exercises/")
    look(page, "catalogue", problems)
    page.goto(base + Exercise.objects.get(slug="cat-cow").get_absolute_url())
    look(page, "exercise", problems)
    page.goto(base + "/routines/history/")
    look(page, "history", problems)

    page.clock.install()
    page.goto(f"{base}/routines/{built.pk}/play/")
    for question in ("unwell", "new_pain", "weak", "nerves"):
        page.locator(f'input[name="{question}"][value="no"]').check()
    page.get_by_role("button", name=say("Continue")).click()
    page.get_by_role("button", name=say("Start"), exact=True).click()
    page.clock.fast_forward(7_000)
    expect(page.locator("#player-phase")).not_to_have_text(say("Get ready"))
    look(page, "player", problems)

    # A visitor: the safety check, and a warning sign that needs a doctor now.
    visitor = browser.new_context(viewport=PHONE, locale="ru-RU")
    page = visitor.new_page()
    page.goto(base + "/safety/check/")
    look(page, "safety-check", problems)
    flagged = UserFactory(email="flagged@example.com", language="ru")
    screening_of(flagged, "numbness-both-legs", outcome="urgent", age=50)
    log_in(page, live_server, flagged.email, say)
    page.goto(base + "/safety/")
    expect(page.get_by_role("alert").first).to_be_visible()
    look(page, "red-flag-result", problems)
    assert problems == [], "\n".join(problems)
