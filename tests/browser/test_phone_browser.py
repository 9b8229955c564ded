"""On a 390 px phone: long words wrap instead of widening the page, and the generator shows
its result."""

import datetime
import itertools
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from exercises.models import Exercise
from tests.browser.harness import PHONE, TOO_WIDE, log_in, user_with_data
from tests.factories import RoutineFactory, RoutineItemFactory, SessionFactory, UserFactory

pytestmark = pytest.mark.django_db(transaction=True)

# The longest a routine name may be, in one word, and a URL pasted into notes.
LONG_NAME = "Morgenroutine" * 7 + "X" * 9  # 100 characters
LONG_URL = "https://example.org/" + "a-very-long-path-without-spaces" * 20


def test_long_words_and_urls_wrap_on_a_phone(page, live_server):
    email = "a.person.with.a.rather.long.address@" + "sub" * 20 + ".example.org"
    user = UserFactory(email=email)
    routine = RoutineFactory(owner=user, name=LONG_NAME, notes=LONG_URL)
    for position, exercise in enumerate(Exercise.objects.order_by("slug")[:2]):
        RoutineItemFactory(routine=routine, exercise=exercise, position=position)
    session = SessionFactory(
        user=user,
        routine=routine,
        routine_name=LONG_NAME,
        notes=LONG_URL,
        started_at=timezone.now() - datetime.timedelta(hours=2),
    )
    page.set_viewport_size(PHONE)
    log_in(page, live_server, email)

    wide = {}
    for path in (
        "/",
        "/routines/",
        routine.get_absolute_url(),
        f"/routines/{routine.pk}/edit/",
        f"/routines/{routine.pk}/delete/",
        "/routines/history/",
        "/routines/history/progress/",
        session.get_absolute_url(),
        f"/routines/history/{session.pk}/edit/",
        f"/routines/history/{session.pk}/delete/",
        "/routines/history/new/",
        "/accounts/",
        f"/routines/add/{Exercise.objects.first().slug}/",
    ):
        page.goto(live_server.url + path)
        page.evaluate("document.querySelectorAll('details').forEach((d) => { d.open = true; })")
        too_wide = page.evaluate(TOO_WIDE)
        if too_wide:
            wide[path] = too_wide
    assert wide == {}, "\n".join(f"{k}: {v}" for k, v in wide.items())


def test_generator_on_a_phone_shows_the_result(page, live_server):
    page.set_viewport_size(PHONE)
    page.goto(live_server.url + "/routines/generate/")
    page.get_by_label("Minutes available").fill("10")
    page.get_by_role("button", name="Make a routine").click()

    result = page.locator("#generator-result")
    expect(result).to_contain_text("Your routine:")
    expect(result).to_be_focused()
    expect(result).to_be_in_viewport()
    assert page.evaluate("window.scrollY") > 0  # the form above it scrolled away
    # "Try another" shows the next one the same way.
    page.get_by_role("link", name="Try another").click()
    expect(page).to_have_url(re.compile(r"seed=1#generator-result$"))
    expect(result).to_be_focused()
    expect(result).to_be_in_viewport()


def test_preferences_preselect_the_browsers_time_zone(browser, live_server):
    user = UserFactory(email="tokyo@example.com")  # time zone still the UTC fallback
    context = browser.new_context(timezone_id="Asia/Tokyo", viewport=PHONE)
    page = context.new_page()
    log_in(page, live_server, user.email)
    page.goto(live_server.url + "/accounts/")

    expect(page.get_by_label("Time zone")).to_have_value("Asia/Tokyo")
    expect(page.get_by_text("Your browser's time zone (Asia/Tokyo) is chosen")).to_be_visible()
    page.get_by_role("button", name="Save preferences").click()
    expect(page.get_by_text("Your preferences were saved")).to_be_visible()
    user.refresh_from_db()
    assert user.time_zone == "Asia/Tokyo"

    # A zone the person chose is never changed behind their back.
    user.time_zone = "Europe/Lisbon"
    user.save()
    page.goto(live_server.url + "/accounts/")
    expect(page.get_by_label("Time zone")).to_have_value("Europe/Lisbon")
    context.close()


def test_chart_labels_are_readable_on_a_phone_and_do_not_overlap(page, live_server):
    user, _built = user_with_data()
    page.set_viewport_size(PHONE)
    log_in(page, live_server, user.email)
    for path in ("/routines/history/", "/routines/history/progress/"):
        page.goto(live_server.url + path)
        labels = page.eval_on_selector_all(
            "svg .chart-label",
            """(labels) => labels.map((label) => {
                const box = label.getBoundingClientRect();
                return {text: label.textContent, left: box.left, right: box.right,
                        top: box.top, height: box.height};
            })""",
        )
        assert labels, path
        for label in labels:
            assert label["height"] >= 10, (path, label)  # was about 6 px
        # Labels on the same line (the axis below a chart) leave room between them.
        rows = {}
        for label in labels:
            rows.setdefault(round(label["top"]), []).append(label)
        for row in rows.values():
            row.sort(key=lambda label: label["left"])
            for before, after in itertools.pairwise(row):
                assert before["right"] <= after["left"], (path, before, after)
