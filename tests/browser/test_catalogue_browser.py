"""Filter the catalogue, search, open an exercise and come back to the same list."""

import re

import pytest
from playwright.sync_api import expect

from exercises.models import Exercise

pytestmark = pytest.mark.django_db(transaction=True)


def test_filter_search_open_and_go_back(page, live_server):
    target = Exercise.objects.filter(regions__has="lower-back", position="lying-back").first()
    word = max(target.name.split(), key=len)

    page.goto(live_server.url + "/exercises/")
    page.get_by_label("Body region").select_option("lower-back")
    page.get_by_label("Position").select_option("lying-back")
    page.get_by_role("button", name="Show exercises").click()

    expect(page).to_have_url(re.compile(r"region=lower-back"))
    filtered_count = Exercise.objects.filter(
        regions__has="lower-back", position="lying-back"
    ).count()
    expect(
        page.get_by_role("heading", level=2, name=re.compile(r"\d+ exercises? match"))
    ).to_contain_text(str(filtered_count))

    page.get_by_label("Search").fill(word)
    page.get_by_label("Search").press("Enter")
    expect(page).to_have_url(re.compile(r"q=" + re.escape(word)))
    filtered_url = page.url

    page.get_by_role("link", name=target.name, exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(target.name)
    expect(page.get_by_role("heading", name="How to do it")).to_be_visible()

    # The breadcrumb leads back to the same filtered list...
    page.get_by_role("link", name="Back to your results").click()
    assert page.url == filtered_url
    expect(page.get_by_label("Body region")).to_have_value("lower-back")
    expect(page.get_by_label("Position")).to_have_value("lying-back")
    expect(page.get_by_label("Search")).to_have_value(word)

    # ...and so does the browser's own back button.
    page.get_by_role("link", name=target.name, exact=True).click()
    page.go_back()
    assert page.url == filtered_url
    expect(page.get_by_role("link", name=target.name, exact=True)).to_be_visible()
