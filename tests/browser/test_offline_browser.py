"""BackCare installed and offline, in a real Chromium with service workers allowed: the
manifest and the worker make it installable, a routine opened once plays to the end with the
network off, the save queue is sent from any page exactly once, and by the worker on
background sync with no page open, logging out forgets the person, and a new release
replaces the worker."""

import json
import time

import pytest
from playwright.sync_api import expect

from backcare.offline import offline_key
from routines.models import Session
from tests.browser.harness import (
    PENDING_SESSIONS,
    expect_player_ready,
    log_in,
    open_player,
    page_tolerating_failed_requests,
    pending_sessions,
    play_through,
    player_user,
    signed_in_player,
    start,
    two_exercise_routine,
)
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db(transaction=True)

USER_CACHES = """async () => {
    const names = (await caches.keys()).filter((name) => name.startsWith("backcare-user-"));
    const paths = [];
    for (const name of names) {
        for (const request of await (await caches.open(name)).keys()) {
            paths.push(new URL(request.url).pathname);
        }
    }
    return {names, paths};
}"""

RELEASE = """() => new Promise((resolve) => {
    const channel = new MessageChannel();
    channel.port1.onmessage = (event) => resolve(event.data.release);
    navigator.serviceWorker.controller.postMessage({type: "release"}, [channel.port2]);
})"""


def wait_until(page, function, arg=None, timeout=10):
    """Evaluate `function` (JavaScript, may be async) until it is true. Not
    page.wait_for_function: that evaluates a string, which the CSP forbids."""
    deadline = time.monotonic() + timeout
    while not page.evaluate(function, arg):
        assert time.monotonic() < deadline, f"still false after {timeout} s: {function}"
        time.sleep(0.2)


def controlled(page):
    """Wait until the service worker is active and controls the page (reloading once: the
    page that registered the first worker is claimed, later ones are controlled from the
    start)."""
    page.evaluate("navigator.serviceWorker.ready")
    if not page.evaluate("navigator.serviceWorker.controller !== null"):
        # Active, but the page loaded before it could claim it: a reload is controlled.
        page.reload()
    wait_until(page, "() => navigator.serviceWorker.controller !== null", timeout=30)


def kept(page, path):
    """Wait until `path` is in the signed-in person's offline cache."""
    wait_until(
        page, f"(path) => ({USER_CACHES})().then((found) => found.paths.includes(path))", path
    )


def kept_player(page, live_server, *, keep=True):
    """A player_user signed in on a page the service worker controls, with the two-exercise
    routine's player open and, with ``keep``, kept in the person's offline cache:
    (user, routine, the player's path)."""
    user = player_user()
    routine = two_exercise_routine(user)
    log_in(page, live_server, user.email)
    controlled(page)
    play_url = f"/routines/{routine.pk}/play/"
    open_player(page, live_server, routine)
    if keep:
        kept(page, play_url)
    return user, routine, play_url


def finish_offline(page, context, routine):
    """Play `routine` to the end (the player already open) and press Save with the network
    off: the session is kept in the save queue. Its client_id."""
    play_through(page)
    context.set_offline(True)
    page.get_by_role("button", name="Save session").click()
    expect(page.locator("#finish-status")).to_contain_text("Waiting to save: you are offline.")
    pending = pending_sessions(page)
    assert len(pending) == 1
    assert pending[0]["user"] == offline_key(routine.owner)
    return pending[0]["body"]["client_id"]


def test_the_manifest_parses_and_the_worker_controls_the_page(page, live_server):
    user = player_user()
    log_in(page, live_server, user.email)
    controlled(page)
    page.reload()
    assert page.evaluate("navigator.serviceWorker.controller.scriptURL").endswith("/sw.js")

    cdp = page.context.new_cdp_session(page)
    manifest = cdp.send("Page.getAppManifest")
    assert manifest["url"].endswith("/manifest.en.webmanifest")
    assert manifest["errors"] == []
    data = json.loads(manifest["data"])
    assert data["start_url"] == "/"
    assert data["display"] == "standalone"
    sizes = {(icon["sizes"], icon["purpose"]) for icon in data["icons"]}
    assert {("192x192", "any"), ("512x512", "any"), ("512x512", "maskable")} <= sizes
    for icon in data["icons"]:
        assert page.request.get(live_server.url + icon["src"]).ok
    # Chromium's own installability check: what Lighthouse reports as "installable".
    # ("in-incognito": Playwright's contexts are private windows, which never install.)
    errors = cdp.send("Page.getInstallabilityErrors")["installabilityErrors"]
    assert [error["errorId"] for error in errors if error["errorId"] != "in-incognito"] == []


def test_a_routine_opened_once_online_plays_to_the_end_offline(context, live_server):
    page, problems = page_tolerating_failed_requests(context)
    user, routine, play_url = kept_player(page, live_server)

    context.set_offline(True)
    page.reload()
    expect_player_ready(page)
    # Kept after an earlier check-in: today's is asked again on the device first.
    check_in = page.get_by_role("heading", name="Before you start: today's check-in")
    expect(check_in).to_be_focused()
    page.get_by_role("button", name="No to all of them: start").click()
    expect(check_in).to_have_count(0)
    client_id = finish_offline(page, context, routine)
    assert not Session.objects.exists()

    # The home page opens offline and lists the routine as ready to play.
    page.goto(live_server.url + "/")
    offline_list = page.locator("[data-offline-routines]")
    expect(offline_list).to_be_visible()
    expect(offline_list.get_by_role("link", name=routine.name)).to_have_attribute("href", play_url)
    expect(page.get_by_text("1 session waiting to be saved")).to_be_visible()
    # A page this device does not keep: the offline page, not the browser's error.
    page.goto(live_server.url + "/exercises/")
    expect(page.get_by_role("heading", name="You are offline", level=1)).to_be_visible()

    context.set_offline(False)  # the page's "online" event sends the queue
    expect(page.get_by_text("1 session waiting to be saved")).to_be_hidden()
    # The note goes as soon as the page leaves for /exercises/ online; the save may still be
    # on its way (seen in CI under load): wait for the server to have stored it.
    deadline = time.monotonic() + 15
    while not Session.objects.filter(user=user).exists():
        assert time.monotonic() < deadline, "the queue was not sent once online"
        time.sleep(0.2)
    session = Session.objects.get(user=user)
    assert str(session.client_id) == client_id
    assert session.items.count() == 2
    assert problems == []


def test_a_yes_to_the_offline_check_in_keeps_the_player_out_of_reach(context, live_server):
    page, problems = page_tolerating_failed_requests(context)
    kept_player(page, live_server)
    context.set_offline(True)
    page.reload()
    page.get_by_role("button", name="Yes to one of them").click()
    expect(page.get_by_text("Rest today: skip this routine.")).to_be_visible()
    page.keyboard.press("Space")  # the player's shortcut does nothing either
    expect(page.get_by_role("button", name="Start", exact=True)).to_be_visible()
    assert page.evaluate("document.getElementById('player').inert") is True
    assert problems == []


def test_a_kept_player_served_while_backcare_is_unreachable_asks_the_check_in(context, live_server):
    """The device has a network but BackCare does not answer: the worker serves the kept
    player, and the check-in is asked on the device as when offline."""
    page, problems = page_tolerating_failed_requests(context)
    _, _, play_url = kept_player(page, live_server)
    context.route(f"**{play_url}", lambda route: route.abort("connectionrefused"))
    page.reload()
    assert page.evaluate("navigator.onLine") is True
    expect(page.get_by_role("heading", name="Before you start: today's check-in")).to_be_visible()
    assert problems == []


def test_online_the_player_asks_no_second_check_in(page, live_server):
    signed_in_player(page, live_server)
    expect(page.get_by_role("heading", name="Before you start: today's check-in")).to_have_count(0)
    start(page)


def test_a_session_finished_offline_is_stored_once_from_any_page(context, live_server):
    page, problems = page_tolerating_failed_requests(context)
    user, routine, _ = kept_player(page, live_server, keep=False)
    client_id = finish_offline(page, context, routine)
    page.close()  # the tab is closed: the player that kept it never sends it

    # Offline, history (kept by the worker when visited) is not open yet: the offline page
    # says what waits.
    history, more = page_tolerating_failed_requests(context)
    history.goto(live_server.url + "/")
    expect(history.get_by_text("1 session waiting to be saved")).to_be_visible()
    context.set_offline(False)
    # Two pages open at once as the network returns: the session is sent, stored once.
    other, other_problems = page_tolerating_failed_requests(context)
    other.goto(live_server.url + "/routines/history/")
    expect(history.get_by_text("1 session waiting to be saved")).to_be_hidden()
    other.reload()
    expect(other.get_by_text("1 session waiting to be saved")).to_be_hidden()
    assert Session.objects.filter(user=user).count() == 1
    assert str(Session.objects.get(user=user).client_id) == client_id
    assert pending_sessions(other) == []
    assert problems == more == other_problems == []


def background_sync(context, blank, live_server):
    """A function that fires the save queue's background sync at the site's worker, as the
    browser does when the network returns, through DevTools from `blank` (about:blank)."""
    cdp = context.new_cdp_session(blank)
    registrations = []
    cdp.on(
        "ServiceWorker.workerRegistrationUpdated",
        lambda event: registrations.extend(event["registrations"]),
    )
    cdp.send("ServiceWorker.enable")
    for _ in range(50):
        if registrations:
            break
        blank.wait_for_timeout(100)
    (registration,) = {r["registrationId"] for r in registrations if not r.get("isDeleted")}
    sync = {
        "origin": live_server.url,
        "registrationId": registration,
        "tag": "backcare-save-queue",
        "lastChance": False,
    }
    return lambda: cdp.send("ServiceWorker.dispatchSyncEvent", sync)


def only_a_blank_page(context):
    """Close every tab of the site: a blank one is left."""
    blank = context.new_page()
    for other in context.pages:
        if other is not blank:
            other.close()
    return blank


def test_background_sync_sends_the_queue_with_no_backcare_page_open(context, live_server):
    """A session finished offline, every BackCare tab then closed: when the browser fires
    background sync (here through DevTools, from a blank tab), the worker sends it by itself,
    and it is stored once."""
    page, problems = page_tolerating_failed_requests(context)
    user, routine, _ = kept_player(page, live_server, keep=False)
    client_id = finish_offline(page, context, routine)
    blank = only_a_blank_page(context)
    context.set_offline(False)

    sync = background_sync(context, blank, live_server)
    sync()
    deadline = time.monotonic() + 10
    while not Session.objects.filter(user=user).exists():
        assert time.monotonic() < deadline, "the worker did not send the queue"
        blank.wait_for_timeout(200)
    assert [p.url for p in context.pages] == ["about:blank"]
    sync()  # a second sync finds nothing to send
    blank.wait_for_timeout(500)
    session = Session.objects.get(user=user)
    assert str(session.client_id) == client_id
    assert session.items.count() == 2

    home, home_problems = page_tolerating_failed_requests(context)
    home.goto(live_server.url + "/")
    assert pending_sessions(home) == []
    expect(home.get_by_text("waiting to be saved")).to_have_count(0)
    assert problems == home_problems == []


def test_a_persons_queue_waits_for_them_while_another_account_is_signed_in(context, live_server):
    """The first person finishes offline and leaves without logging out; someone else signs
    in on the same browser. Neither their pages nor background sync send the first person's
    session under the other account; it is sent once the first person is back."""
    page, problems = page_tolerating_failed_requests(context)
    first, routine, _ = kept_player(page, live_server, keep=False)
    client_id = finish_offline(page, context, routine)
    blank = only_a_blank_page(context)
    context.clear_cookies()
    context.set_offline(False)
    second = UserFactory(email="second@example.com")
    other, other_problems = page_tolerating_failed_requests(context)
    log_in(other, live_server, second.email)
    other.goto(live_server.url + "/routines/history/")
    other.wait_for_load_state("load")
    other.wait_for_timeout(1000)  # the page sends what it may when it opens
    expect(other.get_by_text("waiting to be saved")).to_have_count(0)
    other.close()

    sync = background_sync(context, blank, live_server)
    sync()
    blank.wait_for_timeout(1500)
    assert not Session.objects.exists()

    back, back_problems = page_tolerating_failed_requests(context)
    back.goto(live_server.url + "/routines/history/")
    assert [entry["body"]["client_id"] for entry in pending_sessions(back)] == [client_id]
    context.clear_cookies()
    log_in(back, live_server, first.email)
    back.goto(live_server.url + "/routines/history/")
    wait_until(back, f"() => ({PENDING_SESSIONS})().then((pending) => pending.length === 0)")
    assert str(Session.objects.get(user=first).client_id) == client_id
    assert not Session.objects.filter(user=second).exists()
    assert problems == other_problems == back_problems == []


def test_a_refused_session_is_shown_and_not_sent_again(context, live_server):
    page, problems = page_tolerating_failed_requests(context)
    user = player_user()
    log_in(page, live_server, user.email)
    sent = []
    page.route(
        "**/routines/999999/sessions/",
        lambda route: (
            sent.append(1),
            route.fulfill(status=404, content_type="application/json", body="{}"),
        ),
    )
    # Kept by an earlier release, in localStorage: moved into IndexedDB, then sent.
    page.evaluate(
        """localStorage.setItem("backcare.pendingSessions", JSON.stringify([{
            saveUrl: "/routines/999999/sessions/",
            body: {client_id: "0b7a3c9e-5d6f-4a1b-8c2d-3e4f5a6b7c8d",
                   finished_at: "2026-12-01T09:30:00Z"}}]))"""
    )
    page.goto(live_server.url + "/routines/history/")
    note = page.locator("[data-queue-problems]")
    expect(note).to_contain_text("The session of December 1 could not be saved")
    page.reload()
    expect(note).to_be_hidden()
    assert sent == [1]
    assert problems == []


def test_log_out_forgets_the_person_on_this_device(context, live_server):
    page, problems = page_tolerating_failed_requests(context)
    kept_player(page, live_server)
    page.goto(live_server.url + "/")
    kept(page, "/")
    page.evaluate("localStorage.setItem('backcare:player-state', '{}')")

    page.get_by_role("button", name="Account").click()
    page.get_by_role("button", name="Log out").click()
    page.wait_for_url(lambda url: "/accounts/" not in url or "logout" not in url)
    expect(page.get_by_role("link", name="Log in").first).to_be_visible()
    found = page.evaluate(USER_CACHES)
    assert found == {"names": [], "paths": []}
    assert "backcare-meta" not in page.evaluate("caches.keys()")
    assert page.evaluate("localStorage.getItem('backcare:player-state')") is None

    # Offline now, the person's pages are gone: the offline page or the visitors' public home
    # (which the browser may keep for a minute: Cache-Control public), never their home.
    context.set_offline(True)
    page.goto(live_server.url + "/")
    offline = page.get_by_role("heading", name="You are offline", level=1)
    visitors = page.get_by_role("link", name="Log in").first
    expect(offline.or_(visitors)).to_be_visible()
    assert "Today's session" not in page.content()
    assert problems == []


def test_another_account_never_sees_the_pages_kept_for_the_first(context, live_server):
    """The first person's session ends without a log-out (cookies cleared); the next person
    signs in on the same browser. Offline, the first person's kept home is not shown."""
    page, problems = page_tolerating_failed_requests(context)
    first = player_user()
    log_in(page, live_server, first.email)
    controlled(page)
    page.reload()
    kept(page, "/")
    context.clear_cookies()
    second = UserFactory(email="second@example.com")
    log_in(page, live_server, second.email)
    page.goto(live_server.url + "/routines/")
    context.set_offline(True)
    page.goto(live_server.url + "/")
    # The second person's own home (kept when they signed in), never the first one's.
    expect(page.get_by_text(second.email)).to_have_count(1)
    expect(page.get_by_text(first.email)).to_have_count(0)
    assert problems == []


def test_a_new_release_replaces_the_worker(page, live_server, settings):
    user = player_user()
    log_in(page, live_server, user.email)
    controlled(page)
    old = page.evaluate(RELEASE)
    assert f"backcare-static-{old}" in page.evaluate("caches.keys()")

    settings.CACHE_KEY_PREFIX = "backcare:0123456789ab"  # a deploy
    page.reload()  # the browser checks /sw.js on navigation and installs the new worker
    note = page.locator("#update-note")
    expect(note).to_be_visible()
    expect(note).to_contain_text("A new version of BackCare is ready.")
    with page.expect_navigation():
        note.get_by_role("button", name="Update now").click()
    assert page.evaluate(RELEASE) == "0123456789ab"
    wait_until(
        page,
        "(old) => caches.keys().then((names) => !names.includes(old))",
        f"backcare-static-{old}",
    )
    expect(page.locator("#update-note")).to_be_hidden()


LANGUAGE_KEPT = """(code) => caches.open("backcare-language")
    .then((cache) => cache.match("/__offline/language"))
    .then((kept) => (kept ? kept.text() : ""))
    .then((text) => text === code)"""


def test_the_offline_page_speaks_the_language_of_the_last_page_opened(context, live_server):
    page, problems = page_tolerating_failed_requests(context)
    page.goto(live_server.url + "/exercises/?lang=ru")
    controlled(page)
    wait_until(page, LANGUAGE_KEPT, "ru")

    context.set_offline(True)
    page.goto(live_server.url + "/safety/")  # never opened: not on this device
    expect(page.get_by_role("heading", name="Вы не в сети", level=1)).to_be_visible()
    assert page.evaluate("document.documentElement.lang") == "ru"

    context.set_offline(False)
    page.goto(live_server.url + "/exercises/?lang=en")
    wait_until(page, LANGUAGE_KEPT, "en")
    context.set_offline(True)
    page.goto(live_server.url + "/safety/")
    expect(page.get_by_role("heading", name="You are offline", level=1)).to_be_visible()
    assert problems == []
