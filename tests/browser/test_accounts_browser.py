"""A visitor signs up, logs out, logs in again and changes preferences, in Chromium (in each
language)."""

import re

import pytest
from playwright.sync_api import expect

from accounts.models import User
from tests.browser.harness import sign_up
from tests.browser.languages import LANGUAGES, SHOWN_TEXT, choose, english_left, words

pytestmark = pytest.mark.django_db(transaction=True)

PASSWORD = "a-browser-test-password-9"


@pytest.mark.parametrize("language", LANGUAGES)
def test_sign_up_log_out_log_in_and_change_preferences(page, context, live_server, language):
    """The newcomer's way in, in each language; a Russian page shows no English."""
    say = words(language)
    choose(context, live_server.url, language)

    def no_english():
        if language != "en":
            assert english_left(page.evaluate(SHOWN_TEXT)) == [], page.url

    page.goto(live_server.url + "/")
    no_english()
    page.get_by_role("link", name=say("Sign up")).first.click()
    no_english()

    sign_up(page, "walker@example.com", PASSWORD, say=say)

    expect(page.get_by_text(say("Welcome to BackCare. Your account is ready."))).to_be_visible()
    no_english()
    # The browser's time zone was sent with the form, and the language is the account's.
    user = User.objects.get(email="walker@example.com")
    assert user.time_zone not in ("",)
    assert user.language == language

    page.get_by_role("button", name=say("Account")).click()
    page.get_by_role("button", name=say("Log out")).click()
    expect(page.get_by_role("link", name=say("Log in")).first).to_be_visible()

    page.get_by_role("link", name=say("Log in")).first.click()
    page.get_by_label(say("E-mail address")).fill("Walker@Example.com")
    page.get_by_label(re.compile(rf"^\s*{say('Password')}\W*$")).fill(PASSWORD)
    page.get_by_role("button", name=say("Log in")).click()

    page.get_by_role("button", name=say("Account")).click()
    page.get_by_role("link", name=say("Preferences")).click()
    expect(page.get_by_role("heading", name=say("Your account"))).to_be_visible()
    no_english()
    page.get_by_label(say("Weekly goal")).fill("4")
    page.get_by_label(say("Get-ready time (seconds)")).fill("8")
    page.get_by_label(say("Spoken cues")).check()
    page.get_by_label(say("Time zone")).select_option("Asia/Tokyo")
    page.get_by_role("button", name=say("Save preferences")).click()

    expect(page.get_by_text(say("Your preferences were saved."))).to_be_visible()
    expect(page.get_by_label(say("Weekly goal"))).to_have_value("4")
    no_english()
    user = User.objects.get(email="walker@example.com")
    assert (user.weekly_goal, user.get_ready_seconds, user.voice, user.time_zone) == (
        4,
        8,
        True,
        "Asia/Tokyo",
    )


def test_bad_sign_up_shows_errors_next_to_the_fields(page, live_server):
    page.goto(live_server.url + "/accounts/signup/")
    sign_up(page, "walker@example.com", PASSWORD, PASSWORD + "x")

    expect(page.locator(".invalid-feedback")).to_contain_text(re.compile("didn.t match"))
    assert not User.objects.exists()


def test_skip_link_is_the_first_stop_for_the_keyboard(page, live_server):
    page.goto(live_server.url + "/")
    page.keyboard.press("Tab")

    skip = page.get_by_role("link", name="Skip to main content")
    expect(skip).to_be_focused()
    expect(skip).to_be_visible()
