"""Every page a visitor can reach, checked in Chromium: no console or script errors, no
axe-core accessibility violations (WCAG 2.0/2.1 A and AA, and axe's best practices), valid
HTML (the Nu HTML Checker, vnu.jar), no template syntax left in what the server sent, and no
horizontal scrolling on a 390 px wide phone.

Two passes, each its own test, in each language (English, Russian): logged out, and logged
in as a user with data (a safety check that rules exercises out, two routines, sessions with
pain scores, one stopped for pain), so badges, charts and advice render. On a Russian page no
English may be left in what it shows, but for proper names (tests/browser/languages.py).
Each pass follows the same-origin links from the home page (at most MAX_PER_ROUTE pages per
URL pattern, so the catalogue's many exercises and pages don't explode the crawl; never to
another language), then visits what no plain link reaches: form results, forms sent back with
errors, the check-in and the player, error pages.

axe runs on each page as the browser shows it (after scripts, with every <details> opened);
vnu.jar checks the HTML the server sent, once per pass for all of its pages.

axe-core and vnu.jar are npm devDependencies (package.json; `make test` installs them) and
are never served to users: the test's browser answers AXE_URL itself, so every page keeps its
real CSP. Without them, or without Java, the tests skip on a developer machine and fail when
CI=true, like the browser tests without Chromium.
"""

import json
import os
import re
import shutil
import subprocess
from collections import defaultdict
from contextlib import contextmanager, nullcontext
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from django.conf import settings as django_settings
from django.contrib.auth.tokens import default_token_generator
from django.urls import Resolver404, resolve
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from playwright.sync_api import expect

from exercises.models import Condition, Exercise
from exercises.safety import NOT_CLEARABLE
from tests.browser.harness import (
    PHONE,
    TOO_WIDE,
    expect_player_ready,
    log_in,
    send_first_page,
    show_part,
    user_with_data,
)
from tests.browser.languages import LANGUAGES, SHOWN_TEXT, choose, english_left, start_of, words
from tests.factories import (
    PASSWORD,
    UserFactory,
    check_answers,
)

pytestmark = pytest.mark.django_db(transaction=True)

NODE_MODULES = Path(django_settings.BASE_DIR) / "node_modules"
AXE_JS = NODE_MODULES / "axe-core" / "axe.min.js"
VNU_JAR = NODE_MODULES / "vnu-jar" / "build" / "dist" / "vnu.jar"
# page.add_script_tag(path=...) inserts an inline script, which the pages' CSP
# (script-src 'self') blocks. So the browser serves axe from this same-origin address
# (page.route), which the live server itself never answers.
AXE_URL = "/__axe.js"
AXE_OPTIONS = {
    "runOnly": {
        "type": "tag",
        "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"],
    },
    "resultTypes": ["violations"],
}
AXE_RUN = """async (options) => {
    const results = await axe.run(document, options);
    return results.violations.flatMap((v) => v.nodes.map((node) => ({
        rule: v.id,
        impact: v.impact,
        help: v.help,
        target: node.target.join(" "),
        // "Fix any of the following:" and the reasons, one a line.
        why: (node.failureSummary || "").split("\\n").slice(1).map((s) => s.trim()).join("; "),
    })));
}"""

MAX_PER_ROUTE = 3
MAX_PAGES = 120  # a safety net: the crawl reports it when it stops there
SKIPPED_VIEWS = {
    "accounts:logout",
    "routines:export_csv",
    "routines:export_json",
    "routines:export_account",
}
SKIPPED_SUFFIXES = (".csv", ".json", ".txt", ".pdf", ".zip")
# What a template tag or comment the engine did not understand leaves in the page.
TEMPLATE_SYNTAX = ("{#", "#}", "{%", "{{")


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    """The pages as the server sends them: no service worker between (it answers a page's
    navigation itself, and Playwright may then report the response after the page's "load"
    event). The worker has its own tests: test_offline_browser.py."""
    return {**browser_context_args, "service_workers": "block"}


@pytest.fixture(scope="module")
def java():
    """The Java runtime for vnu.jar, once axe and vnu are known to be there; else a skip
    (a failure under CI) naming what is missing."""
    missing = [f"{path} (run `npm ci`)" for path in (AXE_JS, VNU_JAR) if not path.exists()]
    java = shutil.which("java")
    if java is None:
        missing.append("java (a Java runtime, 11 or newer)")
    if missing:
        message = "Page-quality checkers missing: " + ", ".join(missing)
        if os.environ.get("CI", "").lower() in {"1", "true", "yes"}:
            pytest.fail(message)
        pytest.skip(message)
    return java


# ---- One pass over the site ------------------------------------------------------------


@dataclass
class Crawl:
    base: str  # the live server's origin
    name: str
    folder: Path  # where the pages' HTML is saved for vnu.jar
    pages: list = field(default_factory=list)  # (label, saved HTML file)
    states: int = 0  # pages, and states of a page, axe checked
    queued: set = field(default_factory=set)
    per_route: dict = field(default_factory=lambda: defaultdict(int))
    violations: list = field(default_factory=list)
    problems: list = field(default_factory=list)  # wrong statuses, console errors, …
    last_document: object = None  # the server's response for the page shown
    language: str = "en"  # the pages' language
    allowed: tuple = ()  # on a page not in English, the test's own data in Latin letters

    @property
    def say(self):
        """What the pages say, in their language, for an English text (labels, buttons)."""
        return words(self.language)

    # -- following links

    def accept(self, href):
        """The path and query to visit for a link, or None when the crawl leaves it."""
        parts = urlsplit(href)
        if f"{parts.scheme}://{parts.netloc}" != self.base:
            return None
        path = parts.path or "/"
        if path.startswith(("/admin/", django_settings.STATIC_URL)):
            return None
        if path.endswith(SKIPPED_SUFFIXES):
            return None
        try:
            match = resolve(path)
            view_name, route = match.view_name, match.route
        except Resolver404:  # a broken link: visited once, reported as a 404
            view_name, route = None, path
        if view_name in SKIPPED_VIEWS:
            return None
        # A link to another language (the switcher) would change the rest of the pass's.
        if parse_qs(parts.query).get("lang", [self.language]) != [self.language]:
            return None
        key = path + (f"?{parts.query}" if parts.query else "")
        if key in self.queued or self.per_route[route] >= MAX_PER_ROUTE:
            return None
        self.queued.add(key)
        self.per_route[route] += 1
        return key

    def crawl(self, page, start="/"):
        queue = [self.accept(self.base + start)]
        while queue:
            if len(self.pages) >= MAX_PAGES:
                self.problems.append(f"crawl stopped at {MAX_PAGES} pages; raise MAX_PAGES")
                break
            self.visit(page, queue.pop(0))
            hrefs = page.eval_on_selector_all(
                "a[href]:not([download])", "(links) => links.map((a) => a.href)"
            )
            queue.extend(key for key in map(self.accept, hrefs) if key is not None)

    # -- checking a page

    def watch(self, page):
        """Serve axe to this page and keep the server's HTML of each page it shows
        (page.content() would be the DOM after scripts, not what vnu should see)."""

        def on_response(response):
            request = response.request
            if (
                request.is_navigation_request()
                and request.frame == page.main_frame
                and not 300 <= response.status < 400
            ):
                self.last_document = response

        page.on("response", on_response)
        page.route(
            self.base + AXE_URL,
            lambda route: route.fulfill(path=AXE_JS, content_type="text/javascript"),
        )

    def visit(self, page, key, status=200, label=None):
        page.goto(self.base + key)
        self.check(page, label or key, status=status)

    def check(self, page, label=None, status=200):
        """The page the browser shows now: its status, its HTML saved for vnu, and axe."""
        page.wait_for_load_state("load")
        label = label or page.url.removeprefix(self.base)
        response = self.last_document
        if response is None or response.url != page.url.split("#")[0]:
            self.problems.append(f"{label}: the browser's response for the page was not seen")
            return
        if response.status != status:
            self.problems.append(f"{label}: HTTP {response.status}, expected {status}")
        html_file = self.folder / f"{self.name}-{len(self.pages) + 1:03d}.html"
        html = response.text()
        html_file.write_text(html, encoding="utf-8")
        left = [syntax for syntax in TEMPLATE_SYNTAX if syntax in html]
        if left:
            self.problems.append(f"{label}: template syntax in the page: {' '.join(left)}")
        self.pages.append((label, html_file))
        self.axe(page, label)

    def axe(self, page, label):
        """axe on what the page shows now; also for a state scripts brought it to."""
        # What folds away (filters, chart tables, a routine item's settings) is checked too.
        page.evaluate("document.querySelectorAll('details').forEach((d) => { d.open = true; })")
        if not page.evaluate("typeof axe !== 'undefined'"):
            page.add_script_tag(url=AXE_URL)
        self.states += 1
        for violation in page.evaluate(AXE_RUN, AXE_OPTIONS):
            self.violations.append({"url": label, **violation})
        self.phone_width(page, label)
        if self.language != "en":
            self.english_left(page, label)

    def english_left(self, page, label):
        """A page in another language shows no English but proper names and the test's data."""
        for text, english in english_left(page.evaluate(SHOWN_TEXT), self.allowed):
            self.problems.append(f"{label}: English left ({english}): {text[:150]!r}")

    def phone_width(self, page, label):
        """The same state on a 390 px phone must not scroll sideways."""
        wide = page.viewport_size
        page.set_viewport_size(PHONE)
        too_wide = page.evaluate(TOO_WIDE)
        page.set_viewport_size(wide)
        if too_wide:
            self.problems.append(
                f"{label}: scrolls sideways at {PHONE['width']} px (page "
                f"{too_wide['scrollWidth']} px wide; sticking out: {', '.join(too_wide['out'])})"
            )

    # -- the verdict

    def validate_html(self, java):
        """vnu.jar's errors for every saved page, in one run."""
        files = [str(path) for _, path in self.pages]
        # Language detection only ever warns, and it triples the checker's time.
        options = ["--format", "json", "--errors-only", "--no-langdetect"]
        result = subprocess.run(  # noqa: S603 (our own paths)
            [java, "-jar", str(VNU_JAR), *options, *files],
            capture_output=True,
            text=True,
            timeout=180,
        )
        try:
            messages = json.loads(result.stderr)["messages"]
        except (ValueError, KeyError):
            return [f"vnu.jar failed (exit {result.returncode}): {result.stderr or result.stdout}"]
        label_of = {path.resolve().as_uri(): label for label, path in self.pages}
        label_of |= {f"file:{path.resolve()}": label for label, path in self.pages}
        errors = []
        for message in messages:
            where = message.get("url", "")
            file = where.rsplit("/", 1)[-1]
            extract = " ".join((message.get("extract") or "").split())
            errors.append(
                f"{label_of.get(where, where)} ({file}) line {message.get('lastLine', '?')}: "
                f"{message.get('message')}" + (f"   [{extract}]" if extract else "")
            )
        if result.returncode != 0 and not errors:
            errors.append(f"vnu.jar failed (exit {result.returncode}): {result.stderr}")
        return errors

    def report(self, html_errors):
        lines = []
        if self.problems:
            lines.append(f"{len(self.problems)} problem(s):")
            lines += [f"  {problem}" for problem in self.problems]
        if self.violations:
            # One element of the base template, on every page, is one finding.
            found = defaultdict(list)
            for v in self.violations:
                found[(v["rule"], v["impact"], v["help"], v["target"], v["why"])].append(v["url"])
            lines.append(f"{len(self.violations)} axe violation(s), {len(found)} distinct:")
            for (rule, impact, help_text, target, why), urls in sorted(found.items()):
                where = ", ".join(urls[:5]) + (f" and {len(urls) - 5} more" if urls[5:] else "")
                lines.append(f"  [{rule}, {impact}] {help_text}")
                lines.append(f"    at {target}   on {where}")
                if why:
                    lines.append(f"    {why}")
        if html_errors:
            lines.append(f"{len(html_errors)} HTML error(s) (vnu.jar):")
            lines += [f"  {error}" for error in html_errors]
        if lines:
            lines.insert(0, f"{self.name}: {len(self.pages)} pages, {self.states} states checked")
        return "\n".join(lines)


def finish(crawl, java):
    print(f"{crawl.name}: {len(crawl.pages)} pages, {crawl.states} states checked")
    for label, path in crawl.pages:
        print(f"  {path.name}  {label}")
    report = crawl.report(crawl.validate_html(java))
    assert not report, report


@contextmanager
def error_page(context, crawl, status):
    """A tab of its own for a response with an error status: Chromium logs that status as a
    console error, which the shared `page` fixture would count against the test. Any other
    console or page error is still a problem."""
    page = context.new_page()
    page.set_default_timeout(10_000)
    problems = []
    expected = f"Failed to load resource: the server responded with a status of {status}"
    page.on(
        "console",
        lambda m: (
            m.type == "error"
            and not m.text.startswith(expected)
            and problems.append(f"console: {m.text}")
        ),
    )
    page.on("pageerror", lambda e: problems.append(f"page error: {e}"))
    crawl.watch(page)
    yield page
    page.close()
    crawl.problems += [f"{page.url} (HTTP {status}): {problem}" for problem in problems]


def check_error_page(context, crawl, path, status, label=None):
    with error_page(context, crawl, status) as page:
        page.goto(crawl.base + path)
        crawl.check(page, label or path, status=status)


# ---- Helpers ---------------------------------------------------------------------------


def answer_safety_check(page, crawl, *conditions, age="45"):
    """Answer the safety check's two pages (the follow-ups, when there are any, are checked
    too); the browser then shows the result, or the first page's errors."""
    crawl.visit(page, "/safety/check/")
    first, follow_up = check_answers(*conditions)
    say = crawl.say
    if age:
        show_part(page, page.get_by_label(say("Your age")), say).fill(age)
    if age and set(NOT_CLEARABLE) & {
        Condition.objects.get(slug=slug).outcome
        for slug in first["warning-signs"]
        if slug != "none"
    }:
        # A warning sign that needs a doctor now or today ends the check on its first group.
        for slug in first["warning-signs"]:
            page.locator(f'input[name="warning-signs"][value="{slug}"]').check()
        page.get_by_role("button", name=say("See the advice now")).click()
        page.wait_for_url(f"{crawl.base}/safety/")
        return
    for name, value in first.items():
        if name == "age":
            continue
        # A re-take starts from the previous answers: clear those first.
        for ticked in page.locator(f'input[type="checkbox"][name="{name}"]:checked').all():
            show_part(page, ticked, say).uncheck()
        for choice in [value] if isinstance(value, str) else value:
            show_part(page, page.locator(f'input[name="{name}"][value="{choice}"]'), say).check()
    send_first_page(page, say)
    if not age:
        return
    if follow_up:
        page.wait_for_url(f"{crawl.base}/safety/check/more/")
        crawl.check(page, "/safety/check/more/")
        for name, values in follow_up.items():
            for choice in values:
                page.locator(f'input[name="{name}"][value="{choice}"]').check()
        page.get_by_role("button", name=say("See my result")).click()
    page.wait_for_url(f"{crawl.base}/safety/")


def submit_with_errors(page, crawl, path, button, label, fill=()):
    """A form sent back with its errors next to the fields."""
    crawl.visit(page, path)
    for field_label, value in fill:
        page.get_by_label(crawl.say(field_label)).fill(value)
    page.get_by_role("main").get_by_role("button", name=crawl.say(button)).click()
    expect(page.locator(".invalid-feedback").first).to_be_visible()
    crawl.check(page, label)


def check_in(page, say=str, **answers):
    for question in ("unwell", "new_pain", "weak", "nerves"):
        page.locator(f'input[name="{question}"][value="{answers.get(question, "no")}"]').check()
    page.get_by_role("button", name=say("Continue")).click()


# ---- The passes ------------------------------------------------------------------------


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_page_logged_out(page, context, live_server, tmp_path, java, settings, language):
    base = live_server.url
    choose(context, base, language)
    crawl = Crawl(
        base=base,
        name=f"logged-out-{language}",
        folder=tmp_path,
        language=language,
        # What the test types: the searches, a name.
        allowed=("twist", "nothing-matches-this", "no-such-category", "Empty for now"),
    )
    say = crawl.say
    crawl.watch(page)
    crawl.crawl(page)

    submit_with_errors(
        page, crawl, "/accounts/signup/", "Create account", "/accounts/signup/ (POST, empty)"
    )
    answer_safety_check(page, crawl, age="")
    expect(page.locator(".invalid-feedback").first).to_be_visible()
    crawl.check(page, "/safety/check/ (POST, no age)")
    # Each kind of safety-check result; the last one rules exercises out.
    for conditions, age, outcome in [
        (["numbness-both-legs"], "45", "urgent"),
        (["night-pain"], "45", "soon"),
        (["heart-vessel-disease"], "45", "stop"),
        ([], "12", "under 16"),
        (["herniated-disc"], "45", "restricted"),
    ]:
        answer_safety_check(page, crawl, *conditions, age=age)
        crawl.check(page, f"/safety/ ({outcome})")
    crawl.visit(page, "/exercises/?q=twist")
    crawl.visit(page, "/exercises/?category=no-such-category")
    crawl.visit(page, "/exercises/?q=nothing-matches-this")
    crawl.visit(page, "/routines/generate/?minutes=10")

    # Resetting a forgotten password, with the link from the e-mail.
    forgetful = UserFactory(email="forgetful@example.com")
    crawl.visit(page, "/accounts/password/reset/")
    page.locator('input[name="email"]').fill(forgetful.email)
    page.get_by_role("main").get_by_role("button").click()
    page.wait_for_url(f"{base}/accounts/password/reset/sent/")
    crawl.check(page)
    uid = urlsafe_base64_encode(force_bytes(forgetful.pk))
    token = default_token_generator.make_token(forgetful)
    crawl.visit(page, f"/accounts/password/reset/{uid}/{token}/")
    crawl.visit(page, "/accounts/password/reset/complete/")

    # A failed log-in, then the lockout after five (HTTP 429).
    for attempt in range(1, 7):
        with error_page(context, crawl, 429) if attempt > 4 else nullcontext(page) as tab:
            tab.goto(f"{base}/accounts/login/")
            tab.get_by_label(say("E-mail address")).fill(forgetful.email)
            tab.get_by_label(say("Password")).fill("not-the-password")
            tab.get_by_role("main").get_by_role("button", name=say("Log in")).click()
            tab.wait_for_load_state()
            if attempt == 1:
                crawl.check(tab, "/accounts/login/ (POST, wrong password)")
            elif crawl.last_document.status == 429:
                crawl.check(tab, "/accounts/login/ (POST, locked out)", status=429)
                break
    else:
        crawl.problems.append("/accounts/login/: six failed log-ins did not lock the account")

    # A form whose security check fails.
    with error_page(context, crawl, 403) as tab:
        tab.goto(f"{base}/accounts/signup/")
        tab.locator('input[name="csrfmiddlewaretoken"]').evaluate("(i) => { i.value = 'x'; }")
        tab.get_by_role("main").get_by_role("button", name=say("Create account")).click()
        tab.wait_for_load_state()
        crawl.check(tab, "/accounts/signup/ (POST, CSRF failure)", status=403)

    check_error_page(context, crawl, "/no-such-page/", 404)

    # Signing up, and what a new account's pages say while they are still empty.
    crawl.visit(page, "/accounts/signup/")
    page.get_by_label(say("E-mail address")).fill("newcomer@example.com")
    page.get_by_label(re.compile(rf"^\s*{say('Password')}\W*$")).fill(PASSWORD)
    page.get_by_label(say("Password confirmation")).fill(PASSWORD)
    page.get_by_role("main").get_by_role("button", name=say("Create account")).click()
    expect(page.get_by_text(say("Welcome to BackCare. Your account is ready."))).to_be_visible()
    crawl.check(page, "/ (new account, with a message)")
    for path in ("/routines/", "/routines/history/", "/routines/history/progress/"):
        crawl.visit(page, path, label=f"{path} (new account)")
    crawl.visit(page, "/routines/new/")
    page.get_by_label(say("Name")).fill("Empty for now")
    page.get_by_role("main").get_by_role("button", name=say("Save")).click()
    expect(page.get_by_role("heading", name="Empty for now")).to_be_visible()
    crawl.check(page, "/routines/<pk>/ (new, empty)")

    settings.ROOT_URLCONF = "tests.urls_failing"  # adds /boom/, a view that raises
    check_error_page(context, crawl, "/boom/", 500)

    finish(crawl, java)


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_page_logged_in_with_data(page, context, live_server, tmp_path, java, language):
    base = live_server.url
    choose(context, base, language)  # the log-in page; then the person's preference
    user, built = user_with_data(language)
    routine_url = built.get_absolute_url()
    crawl = Crawl(
        base=base,
        name=f"logged-in-{language}",
        folder=tmp_path,
        language=language,
        allowed=("twist", "stretch", "Dr Rivera: gentle exercise is fine."),
    )
    say = crawl.say
    crawl.watch(page)
    log_in(page, live_server, user.email, say)
    crawl.crawl(page)

    submit_with_errors(
        page, crawl, "/routines/history/new/", "Log session", "/routines/history/new/ (POST, empty)"
    )
    submit_with_errors(page, crawl, "/routines/new/", "Save", "/routines/new/ (POST, empty)")
    submit_with_errors(
        page,
        crawl,
        "/accounts/",
        "Save preferences",
        "/accounts/ (POST, goal out of range)",
        fill=[("Weekly goal", "99")],
    )
    crawl.visit(page, "/accounts/password/change/done/")
    crawl.visit(page, "/exercises/?q=twist")
    crawl.visit(page, "/routines/generate/?minutes=10")

    # An exercise the safety check rules out: its page, and adding it to a routine anyway.
    twist = Exercise.objects.filter(tags__has="twist").order_by("slug").last()
    crawl.visit(page, twist.get_absolute_url())
    crawl.visit(page, f"/routines/add/{twist.slug}/")
    page.get_by_role("button", name=f"{say('Add here')} {built.name}").click()
    crawl.check(page, f"/routines/{built.pk}/items/add/ (POST, not for you)")
    page.get_by_role("button", name=start_of(say, "Add it anyway despite: %(reason)s")).click()
    page.wait_for_url(base + routine_url)
    crawl.check(page, f"{routine_url} (with a message)")
    # The builder's search, and an item's settings sent back with an error (HTTP 400).
    crawl.visit(page, f"{routine_url}?q=stretch")
    with error_page(context, crawl, 400) as tab:
        tab.goto(base + routine_url)
        item = tab.locator(".routine-item").first
        item.locator("summary").click()
        item.get_by_label(say("Sets"), exact=True).fill("999")
        save = 'Save changes<span class="visually-hidden"> to %(name)s</span>'
        item.get_by_role("button", name=start_of(say, save)).click()
        tab.wait_for_load_state()
        crawl.check(tab, f"/routines/{built.pk}/items/<pk>/ (POST, sets out of range)", status=400)

    # Playing: the check-in, a yes that stops the session, no answers, then no, no, no.
    play = f"/routines/{built.pk}/play/"
    page.clock.install()  # time runs, but the test can jump ahead
    crawl.visit(page, play)
    check_in(page, say, unwell="yes")
    crawl.check(page, f"{play} (POST, unwell: stopped)")
    crawl.visit(page, play)
    page.get_by_role("button", name=say("Continue")).click()
    expect(page.locator(".invalid-feedback").first).to_be_visible()
    crawl.check(page, f"{play} (POST, empty)")
    check_in(page, say)
    expect_player_ready(page)
    crawl.check(page, f"{play} (player)")
    page.get_by_role("button", name=say("Start"), exact=True).click()
    page.clock.fast_forward(7_000)
    expect(page.locator("#player-phase")).not_to_have_text(say("Get ready"))
    crawl.axe(page, f"{play} (player, exercising)")
    page.get_by_role("button", name=say("Pause"), exact=True).click()
    expect(page.locator("#player-paused")).to_be_visible()
    crawl.axe(page, f"{play} (player, paused)")
    page.get_by_role("button", name=say("End session")).click()
    expect(page.locator("#player-finish")).to_be_visible()
    crawl.axe(page, f"{play} (player, ended early)")

    check_error_page(context, crawl, "/no-such-page/", 404)

    # A safety check that says "see a doctor first": the result offers to record a doctor's
    # clearance, and playing is blocked (HTTP 403) until then.
    answer_safety_check(page, crawl, "heart-vessel-disease")
    crawl.check(page, "/safety/ (stop, with history)")
    check_error_page(context, crawl, play, 403, label=f"{play} (blocked)")
    clearance = "A doctor or physiotherapist has seen me about the answers above and said that "
    page.get_by_label(start_of(say, clearance + "exercise is fine for me.", 30)).check()
    page.get_by_label(say("Note (optional)")).fill("Dr Rivera: gentle exercise is fine.")
    page.get_by_role("button", name=say("Record the clearance")).click()
    recorded = "Your clearance is recorded: you can play routines again. Exercises that are not "
    expect(
        page.get_by_text(start_of(say, recorded + "for you stay out of them.", 30))
    ).to_be_visible()
    crawl.check(page, "/safety/ (cleared, with a message)")

    finish(crawl, java)


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_player_stopped_because_it_hurts(page, context, live_server, tmp_path, java, language):
    base = live_server.url
    choose(context, base, language)
    user, built = user_with_data(language)
    crawl = Crawl(base=base, name=f"player-stopped-{language}", folder=tmp_path, language=language)
    say = crawl.say
    crawl.watch(page)
    log_in(page, live_server, user.email, say)
    page.clock.install()
    page.goto(f"{base}/routines/{built.pk}/play/")
    check_in(page, say)
    expect_player_ready(page)
    page.get_by_role("button", name=say("Start"), exact=True).click()
    page.clock.fast_forward(7_000)
    page.get_by_role("button", name=say("Stop — this hurts")).click()
    expect(page.locator("#player-stop-panel")).to_be_visible()
    crawl.axe(page, f"/routines/{built.pk}/play/ (player, stopped: it hurts)")

    report = crawl.report([])
    assert not report, report
