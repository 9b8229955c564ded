"""On a 390 px touch screen, every control of the main pages is at least 44 x 44 px and no
text is smaller than 12 px.

Measured, not assumed: each page is opened with its menu, every <details> and every part of
the safety check open, and every visible link, button, field, summary and check box (with its
label, which takes the tap too) is measured. A link inside a sentence is exempt (WCAG's
inline exception): it sits in a line of text, and growing it would break the line apart.
"""

import pytest
from playwright.sync_api import expect

from exercises.models import Exercise
from routines.models import Routine
from tests.browser.harness import (
    Answers,
    log_in,
    open_player,
    send_first_page,
    user_with_data,
)

pytestmark = pytest.mark.django_db(transaction=True)

SMALLEST_TARGET = 44
SMALLEST_TEXT = 12

# Every control too small on the page: [description, width, height]; and every text too small.
MEASURE = """([smallestTarget, smallestText]) => {
  document.querySelectorAll("details").forEach((d) => { d.open = true; });
  // The safety check shows one part at a time: measure every part.
  document.querySelectorAll(".screening-step").forEach((s) => { s.hidden = false; });
  document.querySelectorAll(".navbar-collapse").forEach((m) => m.classList.add("show"));
  const shown = (el) => el.checkVisibility({ visibilityProperty: true, opacityProperty: false })
    && !el.closest(".visually-hidden, .visually-hidden-focusable, [hidden], template");
  const name = (el) => {
    const text = (el.innerText || el.value || el.getAttribute("aria-label") || el.name || "")
      .trim().replace(/\\s+/g, " ").slice(0, 40);
    return `${el.tagName.toLowerCase()}${el.id ? "#" + el.id : ""} "${text}"`;
  };
  // A link in a sentence: inline, with other words around it in the same block.
  const inSentence = (el) => {
    if (el.tagName !== "A" || getComputedStyle(el).display !== "inline") return false;
    let block = el.parentElement;
    while (block && getComputedStyle(block).display === "inline") block = block.parentElement;
    const around = block.innerText.replace(el.innerText, "").replace(/[\\s·|,.:;()—–-]/g, "");
    return around.length > 0;
  };
  const box = (el) => {
    let r = el.getBoundingClientRect();
    const label = el.labels && el.labels[0];
    if (label && (el.type === "checkbox" || el.type === "radio")) {
      const l = label.getBoundingClientRect();
      const left = Math.min(r.left, l.left), top = Math.min(r.top, l.top);
      r = { width: Math.max(r.right, l.right) - left, height: Math.max(r.bottom, l.bottom) - top };
    }
    return r;
  };
  const controls = document.querySelectorAll(
    "a[href], button, input:not([type=hidden]), select, textarea, summary, [role=button]"
  );
  const small = [];
  for (const el of controls) {
    if (!shown(el) || inSentence(el)) continue;
    const r = box(el);
    if (r.width < smallestTarget - 0.5 || r.height < smallestTarget - 0.5) {
      small.push([name(el), Math.round(r.width), Math.round(r.height)]);
    }
  }
  const tiny = [];
  for (const el of document.body.querySelectorAll("*")) {
    const text = [...el.childNodes].some((n) => n.nodeType === 3 && n.textContent.trim());
    if (!text || !shown(el)) continue;
    let size = parseFloat(getComputedStyle(el).fontSize);
    const svg = el.closest("svg");
    if (svg && svg.getScreenCTM()) size *= svg.getScreenCTM().a;  // drawn at the SVG's scale
    if (size < smallestText - 0.05) tiny.push([name(el), Math.round(size * 10) / 10]);
  }
  return { small, tiny: tiny.slice(0, 10) };
}"""


def measure(page, url):
    page.goto(url)
    return page.evaluate(MEASURE, [SMALLEST_TARGET, SMALLEST_TEXT])


def report(found):
    problems = {url: result for url, result in found.items() if result["small"] or result["tiny"]}
    return "\n".join(
        f"{url}\n  small: {result['small']}\n  tiny text: {result['tiny']}"
        for url, result in problems.items()
    )


def test_every_control_is_big_enough_for_a_finger_on_a_phone(phone, live_server):
    base = live_server.url
    exercise = Exercise.objects.order_by("slug").first()
    programme = Routine.objects.programmes().order_by("slug").first()
    visitor_pages = [
        "/",
        "/exercises/",
        exercise.get_absolute_url(),
        "/routines/programmes/",
        programme.get_absolute_url(),
        "/safety/check/",
        "/accounts/login/",
        "/accounts/signup/",
    ]
    found = {f"visitor {path}": measure(phone, base + path) for path in visitor_pages}
    # The safety check's follow-up questions, after three umbrella answers of yes.
    phone.goto(base + "/safety/check/")
    Answers(phone).umbrellas("Yes")
    send_first_page(phone)
    expect(phone.get_by_role("heading", name="Safety check: a little more")).to_be_visible()
    found["visitor the check's follow-ups"] = phone.evaluate(
        MEASURE, [SMALLEST_TARGET, SMALLEST_TEXT]
    )

    user, routine = user_with_data()
    session = user.practice_sessions.order_by("-started_at").first()
    log_in(phone, live_server, user.email)
    item = routine.items.first()
    for path in (
        "/",
        "/exercises/",
        exercise.get_absolute_url(),
        "/routines/",
        routine.get_absolute_url(),
        f"/routines/{routine.pk}/items/{item.pk}/remove/",
        "/routines/programmes/",
        programme.get_absolute_url(),
        "/routines/generate/",
        "/routines/plan/",
        "/routines/history/",
        "/routines/history/progress/",
        session.get_absolute_url(),
        "/routines/history/new/",
        "/safety/",
        "/safety/check/",
        "/accounts/",
        f"/routines/{routine.pk}/play/",  # today's check-in
    ):
        found[path] = measure(phone, base + path)
    open_player(phone, live_server, routine)
    found["the player"] = phone.evaluate(MEASURE, [SMALLEST_TARGET, SMALLEST_TEXT])

    problems = report(found)
    if problems:
        pytest.fail("Too small on a 390 px phone:\n" + problems, pytrace=False)
