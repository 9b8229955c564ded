"""The safety check in a browser: the two-step branching check (a healthy run in at most 12
answers; a disc herniation with Back, kept at sign-up), a restricted person's player that
leaves out a twist until they include it, and a "stop" person's generator that explains."""

import re

import pytest
from playwright.sync_api import expect

from accounts.models import User
from exercises.models import Condition, Exercise
from exercises.safety import evaluate, verdict
from exercises.safety.models import Screening
from routines.models import Routine
from tests.browser.harness import (
    PHONE,
    TICK_LISTS,
    Answers,
    log_in,
    send_first_page,
    show_part,
    sign_up,
)
from tests.factories import RoutineFactory, RoutineItemFactory, UserFactory, screening_of

pytestmark = pytest.mark.django_db(transaction=True)

NEW_PASSWORD = "a-browser-test-password-9"


def test_a_healthy_person_is_done_in_at_most_twelve_answers(page, live_server):
    page.goto(live_server.url + "/")
    page.get_by_role("link", name="Start with the two-minute safety check").click()
    answers = Answers(page)
    answers.all_clear()
    send_first_page(page)

    expect(page.get_by_role("heading", name="No restrictions from your answers")).to_be_visible()
    assert answers.count <= 12
    assert Screening.objects.get().outcome == "clear"
    expect(page.get_by_role("link", name="Create an account to keep this check")).to_be_visible()


def test_on_a_phone_the_first_page_shows_one_group_of_questions_at_a_time(page, live_server):
    page.set_viewport_size(PHONE)
    page.goto(live_server.url + "/safety/check/")
    fieldsets = page.locator("form fieldset")
    expect(page.get_by_text("Part 1 of 7")).to_be_visible()
    expect(fieldsets.filter(visible=True)).to_have_count(1)  # the warning signs
    # The whole first page was 5,000 px tall on a phone: now about one part of it (measured
    # against every part shown, since 44 px touch targets made each part taller).
    heights = page.evaluate(
        """() => {
          const one = document.documentElement.scrollHeight;
          const hidden = [...document.querySelectorAll(".screening-step[hidden]")];
          hidden.forEach((el) => { el.hidden = false; });
          const every = document.documentElement.scrollHeight;
          hidden.forEach((el) => { el.hidden = true; });
          return [one, every];
        }"""
    )
    assert heights[0] < heights[1] / 2

    # By keyboard: Enter in the age moves on (nothing is sent) and the next question has
    # the focus, so a screen reader reads it; Tab reaches its answers.
    page.get_by_label("Your age").fill("30")
    page.get_by_label("Your age").press("Enter")
    expect(page.get_by_text("Part 2 of 7")).to_be_visible()
    assert page.url == live_server.url + "/safety/check/"
    focused = page.evaluate("document.activeElement.closest('fieldset').textContent")
    assert "general health" in focused
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.type") == "checkbox"
    page.get_by_role("button", name="Back", exact=True).click()
    expect(page.get_by_text("Part 1 of 7")).to_be_visible()
    expect(page.get_by_label("Your age")).to_have_value("30")

    # Sent with questions unanswered: every group shows, each message tied to its question.
    send_first_page(page)
    expect(page.get_by_role("alert")).to_contain_text("Please check the answers marked below")
    expect(fieldsets.filter(visible=True)).to_have_count(fieldsets.count())
    warning = fieldsets.filter(has_text="warning signs")
    error = warning.get_by_text("Tick what applies to you")
    expect(warning).to_have_attribute("aria-describedby", re.compile(error.get_attribute("id")))
    assert Screening.objects.count() == 0


def test_a_disc_herniation_branches_goes_back_and_is_kept_at_sign_up(page, live_server):
    twist = Exercise.objects.filter(tags__has="twist").order_by("name").first()
    page.goto(live_server.url + "/safety/check/")
    answers = Answers(page)
    answers.age(45)
    for legend in TICK_LISTS:
        answers.none_of(legend)
    answers.yes_no("Do you have back or neck pain", "Yes")
    answers.yes_no("pregnant", "No")
    answers.yes_no("operation on your spine", "No")
    send_first_page(page)

    expect(page.get_by_role("heading", name="Safety check: a little more")).to_be_visible()
    expect(page.get_by_text("pregnant")).to_have_count(0)
    page.get_by_role("button", name="Back").click()
    expect(page.get_by_label("Your age")).to_have_value("45")
    expect(
        answers.group("Do you have back or neck pain").get_by_label("Yes", exact=True)
    ).to_be_checked()
    send_first_page(page)
    answers.tick("which of these apply", "herniated")
    page.get_by_role("button", name="See my result").click()

    assert answers.count <= 16
    expect(page.get_by_role("heading", name="Because of: Herniated disc")).to_be_visible()
    expect(page.get_by_role("link", name=twist.name, exact=True)).to_be_visible()

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
    sign_up(page, "screened@example.com", NEW_PASSWORD)
    expect(page.get_by_text("Your account is ready")).to_be_visible()
    expect(page.get_by_text("Start with the two-minute safety check")).to_have_count(0)
    user = User.objects.get(email="screened@example.com")
    assert user.screenings.get().conditions == ["herniated-disc"]

    # A re-take starts from these answers: the umbrella is already "yes".
    page.goto(live_server.url + "/safety/check/")
    expect(
        answers.group("Do you have back or neck pain").get_by_label("Yes", exact=True)
    ).to_be_checked()


def test_a_restricted_players_plan_leaves_out_a_twist_until_included(page, live_server):
    user = UserFactory()
    screening_of(user, "herniated-disc", age=45, version=2)
    twist = Exercise.objects.filter(tags__has="twist").order_by("name").first()
    outcome = _outcome({"herniated-disc"})
    safe = next(
        e
        for e in Exercise.objects.filter(category="breathing")
        if not verdict(e.category, e.tags, outcome).not_for_you
    )
    routine = RoutineFactory(owner=user, name="Morning")
    RoutineItemFactory(routine=routine, exercise=safe)
    RoutineItemFactory(routine=routine, exercise=twist)
    log_in(page, live_server, user.email)

    page.goto(f"{live_server.url}/routines/{routine.pk}/play/")
    expect(page.get_by_role("heading", name="One exercise is left out for you")).to_be_visible()
    include = page.get_by_label(re.compile(f"Include “{re.escape(twist.name)}” this time"))
    expect(include).not_to_be_checked()
    expect(page.get_by_text(re.compile("because of: Herniated disc"))).to_be_visible()
    for question in ("unwell", "new_pain", "weak", "nerves"):
        page.locator(f"input[name={question}][value=no]").check()
    page.get_by_role("button", name="Continue").click()

    plan = page.locator("#player-plan")
    expect(plan).to_be_attached()
    assert twist.slug not in plan.text_content()
    assert safe.slug in plan.text_content()
    expect(page.get_by_text("Left out for you this session")).to_be_visible()

    page.get_by_role("link", name="Change for this session").click()
    page.get_by_label(re.compile(f"Include “{re.escape(twist.name)}” this time")).check()
    page.get_by_role("button", name="Continue").click()

    expect(page.locator("#player-plan")).to_be_attached()
    assert twist.slug in page.locator("#player-plan").text_content()


def _outcome(slugs):
    return evaluate(dict.fromkeys(slugs, True), 45, Condition.objects.rules())


def test_a_stop_persons_generator_explains_instead_of_building(page, live_server):
    user = UserFactory()
    screening_of(user, "thrombosis", outcome="stop", age=50, version=2)
    log_in(page, live_server, user.email)

    page.goto(live_server.url + "/routines/generate/?goal=relieve&minutes=15&level=1")

    expect(
        page.get_by_role("heading", name="We will not make a routine for you just now")
    ).to_be_visible()
    expect(page.get_by_text(re.compile("blood clot", re.IGNORECASE)).first).to_be_visible()
    expect(page.get_by_role("link", name="record that on your safety check")).to_be_visible()
    expect(page.get_by_role("button", name="Save to my routines")).to_have_count(0)
    assert not Routine.objects.filter(owner=user).exists()


def _luminance(rgb):
    def channel(value):
        value /= 255
        return value / 12.92 if value <= 0.03928 else ((value + 0.055) / 1.055) ** 2.4

    red, green, blue = (channel(v) for v in rgb)
    return 0.2126 * red + 0.7152 * green + 0.0722 * blue


def _contrast(one, other):
    light, dark = sorted((_luminance(one), _luminance(other)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def _colours(locator):
    """The button's text, border and own background colours, and the page's background
    behind it, as (r, g, b[, a]) tuples."""
    values = locator.evaluate(
        """button => {
            const style = getComputedStyle(button);
            let behind = button.parentElement;
            while (behind && getComputedStyle(behind).backgroundColor === "rgba(0, 0, 0, 0)") {
                behind = behind.parentElement;
            }
            return [style.color, style.borderTopColor, style.backgroundColor,
                    behind ? getComputedStyle(behind).backgroundColor : "rgb(255, 255, 255)"];
        }"""
    )
    return [tuple(float(n) for n in re.findall(r"[\d.]+", value)) for value in values]


def test_my_health_has_changed_looks_like_an_action_second_to_the_main_one(page, live_server):
    """Bootstrap's grey outline made it look disabled: it takes the colour of the page's
    other actions, with AA contrast, and stays an outline beside the filled main action."""
    page.goto(live_server.url + "/safety/check/")
    answers = Answers(page)
    answers.all_clear()
    send_first_page(page)

    changed = page.get_by_role("button", name="My health has changed")
    again = page.get_by_role("link", name="Take the check again")
    main = page.get_by_role("link", name="Browse exercises that suit you")
    text, border, fill, behind = _colours(changed)
    main_text, _main_border, main_fill, _behind = _colours(main)

    assert _contrast(text[:3], behind[:3]) >= 4.5  # AA for its words
    assert _contrast(border[:3], behind[:3]) >= 3  # AA for its outline (WCAG 1.4.11)
    assert [text, border] == _colours(again)[:2]  # the colour of a real action, not grey
    assert text[:3] == main_fill[:3]
    assert len(fill) == 4 and fill[3] == 0  # an outline, second to the filled main action
    assert main_text[:3] != main_fill[:3]
    expect(changed).to_be_enabled()


def test_a_warning_sign_goes_straight_to_the_advice(page, live_server):
    page.set_viewport_size(PHONE)
    page.goto(live_server.url + "/safety/check/")
    page.get_by_label("Your age").fill("50")
    expect(page.get_by_role("button", name="Next", exact=True)).to_be_visible()

    page.get_by_label(re.compile("loss of feeling around your genitals")).check()

    expect(page.get_by_text("Part 1 of 1")).to_be_visible()
    page.get_by_role("button", name="See the advice now").click()
    expect(page.get_by_role("heading", name="Please get medical care now")).to_be_visible()
    assert Screening.objects.get().outcome == "urgent"


def test_the_last_button_says_where_it_goes(page, live_server):
    page.goto(live_server.url + "/safety/check/")
    answers = Answers(page)
    answers.all_clear()
    last = page.locator(".screening-step").last.locator('button[type="submit"]')
    show_part(page, page.locator(".screening-step").last)

    expect(last).to_have_text("See my result")
    expect(page.get_by_text("Part 7 of 7")).to_be_visible()
    answers.yes_no("Do you have back or neck pain", "Yes")
    expect(page.get_by_text(re.compile(r"Part \d of 8"))).to_be_visible()
    show_part(page, page.locator(".screening-step").last)
    expect(last).to_have_text("Next")
