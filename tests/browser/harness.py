"""What the browser tests share: sign in, build a routine, open the player, play it and save;
answer the safety check; the sizes and checks of a phone.

Each helper does what a person does on the page (labels, roles, buttons) and waits for the
page to answer before it returns; the tests say what must be true. The browser tests import
from here, from tests/factories.py and tests/browser/conftest.py's fixtures, never from one
another (tests/test_test_modules.py).
"""

import datetime
import re

from django.utils import timezone, translation
from playwright.sync_api import expect

from exercises.models import Exercise
from routines.models import Routine, SessionItem
from routines.services import routine_copy
from tests.factories import (
    PASSWORD,
    RoutineFactory,
    RoutineItemFactory,
    SessionFactory,
    UserFactory,
    screening_of,
)

# A fixed hour two days ago, where the player tests install their fake clock: sessions must
# lie within the account's window (not in the future, not long before the account existed).
START = (datetime.datetime.now(datetime.timezone.utc) - datetime.timedelta(days=2)).replace(
    hour=9, minute=0, second=0, microsecond=0
)
# Where the player keeps a routine left part-way (localStorage); the sessions waiting to be
# saved are in IndexedDB (static/js/queue-store.js), read through the page's own module.
STATE_KEY = "backcare:player-state"
PENDING_SESSIONS = """() => import("/static/js/queue-store.js")
    .then((store) => store.openQueueStore().read())"""
FINISHED = "Well done — routine finished"

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}
# The page at phone width: does it scroll sideways, and which elements stick out.
TOO_WIDE = """() => {
    const width = window.innerWidth;
    if (document.documentElement.scrollWidth <= width) return null;
    const out = [...document.body.querySelectorAll("*")]
        .filter((el) => el.getBoundingClientRect().right > width + 0.5)
        .slice(-3)
        .map((el) => el.tagName.toLowerCase() + (el.id ? "#" + el.id : "")
            + (el.className && typeof el.className === "string"
                ? "." + el.className.trim().split(/\\s+/).join(".") : ""));
    return {scrollWidth: document.documentElement.scrollWidth, width, out};
}"""


# ---- Signing in ------------------------------------------------------------------------


def log_in(page, live_server, email, say=str):
    """Log in through the form as ``email`` (every test user's password is PASSWORD); ``say``
    gives the page's words in its language (tests/browser/languages.py)."""
    page.goto(live_server.url + "/accounts/login/")
    page.get_by_label(say("E-mail address")).fill(email)
    page.get_by_label(say("Password")).fill(PASSWORD)
    page.get_by_role("button", name=say("Log in")).click()
    page.wait_for_url(lambda url: "/accounts/login/" not in url)


def sign_up(page, email, password, confirmation=None, say=str):
    """Fill in and send the sign-up form the page shows (the password confirmed, unless
    another ``confirmation`` is given)."""
    page.get_by_label(say("E-mail address")).fill(email)
    page.get_by_label(re.compile(rf"^\s*{say('Password')}\W*$")).fill(password)
    page.get_by_label(say("Password confirmation")).fill(
        password if confirmation is None else confirmation
    )
    page.get_by_role("button", name=say("Create account")).click()


def page_tolerating_failed_requests(context):
    """A page of its own whose console errors fail the test, except the ones Chromium logs
    for requests that could not be sent (the shared `page` fixture counts those too); and
    the list of problems it saw."""
    page = context.new_page()
    page.set_default_timeout(10_000)
    problems = []
    page.on(
        "console",
        lambda m: (
            m.type == "error"
            and "Failed to load resource" not in m.text
            and problems.append(m.text)
        ),
    )
    page.on("pageerror", lambda e: problems.append(str(e)))
    return page, problems


# ---- Building routines -----------------------------------------------------------------

# Exercises nobody's screening in these tests rules out.
AVOIDED_TAGS = ("twist", "traction", "inversion", "jump", "sustained-flexion")


def safe(exercises):
    for tag in AVOIDED_TAGS:
        exercises = exercises.exclude(tags__has=tag)
    return exercises.order_by("slug").first()


def hold_exercise():
    return safe(Exercise.objects.filter(mode="hold", category="stretch"))


def reps_exercise():
    return safe(Exercise.objects.filter(mode="reps", category="mobility", seconds_per_rep__gte=4))


def per_side_hold_exercise():
    return safe(Exercise.objects.filter(mode="hold", per_side=True, category="stretch"))


def make_routine(user, *items, name="Morning back"):
    """items: (exercise, overrides) pairs."""
    routine = RoutineFactory(owner=user, name=name)
    for position, (exercise, overrides) in enumerate(items):
        RoutineItemFactory(routine=routine, exercise=exercise, position=position, **overrides)
    return routine


def player_user(email="player@example.com"):
    """A person with a 5 s get-ready and a 10 s rest between exercises."""
    return UserFactory(email=email, get_ready_seconds=5, default_rest_seconds=10)


def two_exercise_routine(user):
    """A hold done on each side in two sets, then a reps exercise: 40 s of holding and
    4 repetitions, 200 s at the most from Start to the end."""
    return make_routine(
        user,
        (
            hold_exercise(),
            {"seconds": 10, "reps": 1, "sets": 2, "per_side": True, "rest_seconds": 5},
        ),
        (reps_exercise(), {"reps": 4, "sets": 1, "per_side": False}),
    )


def three_exercise_routine(user):
    """A hold done on each side, a reps exercise, then a hold done in two sets."""
    per_side = per_side_hold_exercise()
    two_sets = safe(
        Exercise.objects.filter(mode="hold", per_side=False, category="stretch").exclude(
            slug=per_side.slug
        )
    )
    return make_routine(
        user,
        (per_side, {"seconds": 10, "reps": 1, "sets": 1, "per_side": True}),
        (reps_exercise(), {"reps": 3, "sets": 1, "per_side": False}),
        (two_sets, {"seconds": 8, "reps": 1, "sets": 2, "per_side": False, "rest_seconds": 5}),
    )


# What user_with_data's person typed, in their language.
DATA = {
    "en": {"routine": "Evening unwind", "notes": "Slow and easy.", "session": "Stiff at first."},
    "ru": {
        "routine": "Вечерняя разминка",
        "notes": "Медленно и спокойно.",
        "session": "Сначала скованно.",
    },
}


def user_with_data(language="en"):
    """A user whose pages all have something to show; returns (user, a built routine). The
    person speaks ``language``: their preference, what they typed, the programme they copied."""
    data = DATA[language]
    user = UserFactory(email="quality@example.com", weekly_goal=3, language=language)
    now = timezone.now()
    screening_of(user, outcome="clear", age=44, created_at=now - datetime.timedelta(days=40))
    screening_of(user, "herniated-disc", age=45)
    programme = Routine.objects.programmes().order_by("slug").first()
    with translation.override(language):  # copied as the person would, in their language
        copied = routine_copy(routine=programme, owner=user)
    built = RoutineFactory(owner=user, name=data["routine"], notes=data["notes"])
    gentle = Exercise.objects.exclude(tags__has="twist").order_by("slug")[:3]
    twist = Exercise.objects.filter(tags__has="twist").order_by("slug").first()
    for position, exercise in enumerate([*gentle, twist]):
        RoutineItemFactory(routine=built, exercise=exercise, position=position)
    # Sessions over five weeks, most with pain scores; one exercise stopped for pain.
    for days_ago, routine, pain in [
        (1, built, (4, 2)),
        (3, copied, (5, 3)),
        (8, built, (6, 6)),
        (10, copied, None),
        (17, built, (5, 4)),
        (30, built, (7, 5)),
    ]:
        session = SessionFactory(
            user=user,
            routine=routine,
            routine_name=routine.name,
            started_at=now - datetime.timedelta(days=days_ago, hours=1),
            pain_before=pain[0] if pain else None,
            pain_after=pain[1] if pain else None,
            effort=4 if pain else None,
            notes=data["session"] if pain else "",
        )
        for position, item in enumerate(routine.items.all()[:3]):
            stopped = days_ago == 8 and position == 1
            SessionItem.objects.create(
                session=session,
                exercise=item.exercise,
                position=position,
                status=SessionItem.Status.STOPPED if stopped else SessionItem.Status.DONE,
                seconds=30 if stopped else item.total_seconds,
            )
    return user, built


# ---- The player ------------------------------------------------------------------------


def answer_check_in(page, *, pain_before="3", rest=False, include=()):
    """Answer the player's check-in: no to every question (yes to new pain with ``rest``),
    including for this session the named exercises that are not for the person."""
    for question in ("unwell", "new_pain", "weak", "nerves"):
        answer = "yes" if rest and question == "new_pain" else "no"
        page.locator(f'input[name="{question}"][value="{answer}"]').check()
    page.get_by_label("How much does your back hurt right now?").select_option(pain_before)
    for name in include:
        page.get_by_label(re.compile(f"Include “{re.escape(name)}” this time")).check()
    page.get_by_role("button", name="Continue").click()


def the_plan(page):
    """The timed plan the player page embeds."""
    return page.evaluate("JSON.parse(document.getElementById('player-plan').textContent)")


def expect_player_ready(page):
    """Wait for the player's script to take over the page (player-view.js setUp: the list
    without the timer moves below it). The player itself shows from the first paint, its
    first step drawn by the server, so being visible does not mean its keys work yet."""
    expect(page.locator("#player-fallback")).to_have_class(re.compile(r"\bplayer-ready\b"))


def open_player(page, live_server, routine, pain_before="3", include=()):
    """Install the fake clock, answer the check-in and stop the clock on the player page;
    the plan it plays."""
    page.clock.install(time=START)
    page.goto(f"{live_server.url}/routines/{routine.pk}/play/")
    answer_check_in(page, pain_before=pain_before, include=include)
    expect_player_ready(page)
    # From here on, time only moves when the test says so.
    page.clock.pause_at(START + datetime.timedelta(hours=1))
    return the_plan(page)


def signed_in_player(page, live_server, build=two_exercise_routine):
    """A player_user signed in on ``page`` with the routine ``build`` makes for them, its
    player open: (user, routine, plan)."""
    user = player_user()
    routine = build(user)
    log_in(page, live_server, user.email)
    return user, routine, open_player(page, live_server, routine)


def start(page):
    page.get_by_role("button", name="Start", exact=True).click()
    expect(page.get_by_role("button", name="Pause", exact=True)).to_be_visible()


def play_through(page, ms=200_000):
    """Start and let the fake clock run ``ms`` (by default past the end of any routine the
    harness builds): the routine is finished."""
    start(page)
    page.clock.run_for(ms)
    expect(page.get_by_role("heading", name=FINISHED)).to_be_visible()


def phase_of(step):
    """The label #player-phase shows for a step (mirrors player.js)."""
    if step["kind"] == "get-ready":
        return "Get ready"
    if step["kind"] == "switch":
        return "Switch sides"
    if step["kind"] == "rest":
        return "Rest"
    parts = []
    if step["side"]:
        parts.append(f"{step['side']} side")
    if step["sets"] > 1:
        parts.append(f"set {step['set_number']} of {step['sets']}")
    if parts:
        text = ", ".join(parts)
        return text[0].upper() + text[1:]
    return {"hold": "Hold the position", "reps": "Repetitions", "timed": "Keep going"}[step["mode"]]


def clock_text(seconds):
    return f"{seconds // 60:02d}:{seconds % 60:02d}"


def expected_at(plan, elapsed_ms):
    """(step, whole seconds left as the countdown shows them) elapsed_ms after Start."""
    for step in plan["steps"]:
        duration = step["seconds"] * 1000
        if elapsed_ms < duration:
            return step, -(-(duration - elapsed_ms) // 1000)
        elapsed_ms -= duration
    return None, 0


def expect_screen(page, phase, countdown):
    expect(page.locator("#player-phase")).to_have_text(phase)
    expect(page.locator("#player-countdown")).to_have_text(countdown)


def focus_name(plan, index):
    """The exercise #player-name shows during a step: the next one during the rest between."""
    steps = plan["steps"]
    step = steps[index]
    following = steps[index + 1] if index + 1 < len(steps) else None
    if step["kind"] == "rest" and following and following["item"] != step["item"]:
        return plan["items"][following["item"]]["name"]
    return plan["items"][step["item"]]["name"]


def expect_step(page, plan, index, elapsed_ms):
    """The screen shows step `index`, `elapsed_ms` into it: phase (side, set), exercise,
    countdown and, for repetitions, the repetition counter."""
    step = plan["steps"][index]
    duration = step["seconds"] * 1000
    expect_screen(page, phase_of(step), clock_text(-(-(duration - elapsed_ms) // 1000)))
    expect(page.locator("#player-name")).to_have_text(focus_name(plan, index))
    if step["kind"] == "work" and step["mode"] == "reps":
        rep = min(elapsed_ms // (step["seconds_per_rep"] * 1000) + 1, step["reps"])
        expect(page.locator("#player-reps")).to_have_text(f"Repetition {rep} of {step['reps']}")


def set_visibility(page, visible):
    """Make the page look hidden (another tab, a locked phone) or shown again, as the
    browser tells a page: document.visibilityState, document.hidden, "visibilitychange"."""
    page.evaluate(
        """(visible) => {
            Object.defineProperty(document, "visibilityState", {
                configurable: true, get: () => (visible ? "visible" : "hidden")});
            Object.defineProperty(document, "hidden", {configurable: true, get: () => !visible});
            document.dispatchEvent(new Event("visibilitychange"));
        }""",
        visible,
    )


def accept_dialogs(page):
    """Accept "leave this page?" and remember which dialogs the browser showed."""
    shown = []

    def accept(dialog):
        shown.append(dialog.type)
        dialog.accept()

    page.on("dialog", accept)
    return shown


# ---- Saving ----------------------------------------------------------------------------


def save_and_wait(page, pain_after=None):
    """Press Save session (after choosing the pain after) and wait for the saved session."""
    if pain_after is not None:
        page.get_by_label("How much does your back hurt now?").select_option(pain_after)
    page.get_by_role("button", name="Save session").click()
    page.wait_for_url(re.compile(r"/routines/history/\d+/$"))


def wait_for_status(page, gone=None, shown=None, seconds=30):
    """Run the page's fake clock a second at a time, at most ``seconds``, until the finish
    status no longer says ``gone`` or says ``shown``; the status line."""
    status = page.locator("#finish-status")
    for _ in range(seconds):
        text = status.text_content()
        if (gone is not None and gone not in text) or (shown is not None and shown in text):
            break
        page.clock.run_for(1000)
    return status


def save_until_kept(page):
    """Press Save while BackCare cannot be reached, and let the quick retries run out (on the
    page's fake clock: they wait 2 s and 5 s) until the session is kept on the device; the
    status line."""
    page.get_by_role("button", name="Save session").click()
    return wait_for_status(page, shown="kept on this device")


def pending_sessions(page):
    """The sessions waiting on this device to be saved, oldest first ([] when there are
    none): {clientId, saveUrl, body, user, csrf, queued}."""
    return page.evaluate(PENDING_SESSIONS)


def stored_state(page):
    """The routine the player keeps to resume (None when there is none)."""
    return page.evaluate(f"JSON.parse(localStorage.getItem('{STATE_KEY}'))")


# ---- The safety check ------------------------------------------------------------------

NONE = "None of these"
TICK_LISTS = (
    "warning signs",
    "general health",
    "bones and joints",
    "Today:",
    "How your pain",
    "Anything else",
)
YES_NO = ("Do you have back or neck pain", "pregnant", "operation on your spine")


def show_part(page, locator, say=str):
    """The safety check's first page shows one group of questions at a time: go Back, then
    Next, until the group holding ``locator`` shows."""
    back = page.get_by_role("button", name=say("Back"), exact=True)
    while not locator.is_visible() and back.is_visible():
        back.click()
    for _ in range(10):
        if locator.is_visible():
            return locator
        page.get_by_role("button", name=say("Next"), exact=True).click()
    raise AssertionError(f"{locator} never shows")


def send_first_page(page, say=str):
    """Next through the safety check's remaining groups, then send the page."""
    show_part(page, page.locator(".screening-step").last, say)
    # The form's own button, on the last group: "See my result", or "Next" when a yes leads
    # to the follow-up page.
    page.locator(".screening-step").last.locator('button[type="submit"]').click()


class Answers:
    """Answers the check's questions on the page, counting each question once."""

    def __init__(self, page):
        self.page = page
        self.count = 0

    def group(self, legend):
        group = self.page.locator("fieldset").filter(has_text=legend)
        show_part(self.page, group)
        return group

    def none_of(self, legend):
        self.group(legend).get_by_label(NONE).check()
        self.count += 1

    def yes_no(self, legend, answer):
        self.group(legend).get_by_label(answer, exact=True).check()
        self.count += 1

    def age(self, years):
        show_part(self.page, self.page.get_by_label("Your age")).fill(str(years))
        self.count += 1

    def all_clear(self, age=30):
        """The answers of a person with nothing to report."""
        self.umbrellas("No", age)

    def umbrellas(self, answer, age=45):
        """Nothing ticked, and ``answer`` to the three yes-or-no questions (the umbrellas of
        the follow-up page)."""
        self.age(age)
        for legend in TICK_LISTS:
            self.none_of(legend)
        for legend in YES_NO:
            self.yes_no(legend, answer)

    def tick(self, legend, pattern):
        self.group(legend).get_by_label(re.compile(pattern, re.IGNORECASE)).check()
        self.count += 1
