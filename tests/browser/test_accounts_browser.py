"""A visitor signs up, logs out, logs in again and changes preferences, in Chromium."""

import re

import pytest
from playwright.sync_api import expect

from accounts.models import User
from tests.browser.harness import sign_up

pytestmark = pytest.mark.django_db(transaction=True)

PASSWORD = "a-browser-test-password-9"


def test_sign_up_log_out_log_in_and_change_preferences(page, live_server):
    page.goto(live_server.url + "/")
    page.get_by_role("link", name="Sign up").first.click()

    sign_up(page, "walker@example.com", PASSWORD)

    expect(page.get_by_text("Your account is ready")).to_be_visible()
    # The browser's time zone was sent with the form.
    assert User.objects.get(email="walker@example.com").time_zone not in ("",)

    page.get_by_role("button", name="Account").click()
    page.get_by_role("button", name="Log out").click()
    expect(page.get_by_role("link", name="Log in").first).to_be_visible()

    page.get_by_role("link", name="Log in").first.click()
    page.get_by_label("E-mail address").fill("Walker@Example.com")
    page.get_by_label(re.compile(r"^\s*Password\W*$")).fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()

    page.get_by_role("button", name="Account").click()
    page.get_by_role("link", name="Preferences").click()
    expect(page.get_by_role("heading", name="Your account")).to_be_visible()
    page.get_by_label("Weekly goal").fill("4")
    page.get_by_label("Get-ready time (seconds)").fill("8")
    page.get_by_label("Spoken cues").check()
    page.get_by_label("Time zone").select_option("Asia/Tokyo")
    page.get_by_role("button", name="Save preferences").click()

    expect(page.get_by_text("Your preferences were saved")).to_be_visible()
    expect(page.get_by_label("Weekly goal")).to_have_value("4")
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
