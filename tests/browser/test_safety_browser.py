"""An anonymous visitor screens, sees twists marked "not for you", signs up and keeps it."""

import re

import pytest
from playwright.sync_api import expect

from accounts.models import User
from exercises.models import Exercise

PASSWORD = "a-browser-test-password-9"


@pytest.mark.django_db(transaction=True)
def test_anonymous_hernia_screening_marks_twists_and_survives_sign_up(page, live_server):
    twist = Exercise.objects.filter(tags__has="twist").order_by("name").first()

    page.goto(live_server.url + "/")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Safety check").click()
    page.get_by_role("link", name="Take the safety check").click()
    page.get_by_label("Your age").fill("45")
    page.get_by_label(re.compile("herniated", re.IGNORECASE)).check()
    page.get_by_role("button", name="See my result").click()

    expect(page.get_by_role("heading", name=re.compile("not for you"))).to_be_visible()

    page.get_by_role("link", name="Exercises", exact=True).click()
    page.get_by_label("Search").fill(twist.name)
    page.get_by_role("button", name="Show exercises").click()
    # Hidden by default after the check; the switch in sight shows it, marked.
    card = page.locator("article").filter(has=page.get_by_role("link", name=twist.name, exact=True))
    expect(card).to_have_count(0)
    expect(page.get_by_text("not for you after your safety check is hidden")).to_be_visible()
    page.get_by_role("link", name="Show all, marked").click()
    expect(
        page.get_by_label("Show all exercises, with the ones not for you marked")
    ).to_be_checked()
    expect(card.get_by_text("Not for you")).to_be_visible()
    expect(card).to_contain_text("Herniated disc")

    page.get_by_role("link", name="Sign up").first.click()
    page.get_by_label("E-mail address").fill("screened@example.com")
    page.get_by_label(re.compile(r"^\s*Password\W*$")).fill(PASSWORD)
    page.get_by_label("Password confirmation").fill(PASSWORD)
    page.get_by_role("button", name="Create account").click()
    expect(page.get_by_text("Your account is ready")).to_be_visible()

    page.get_by_role("navigation", name="Main").get_by_role("link", name="Safety check").click()
    expect(page.get_by_text("Herniated disc").first).to_be_visible()
    user = User.objects.get(email="screened@example.com")
    assert user.screenings.get().conditions == ["herniated-disc"]
