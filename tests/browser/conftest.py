"""Browser tests: Playwright driving Debian's Chromium against pytest-django's live server.

Without Chromium the tests skip on a developer machine; with CI=true they fail instead,
so CI can never pass without having run them.
"""

import os
import shutil

import pytest

from tests.browser.harness import PHONE

# Playwright's sync API runs an event loop in this thread; Django's ORM must still be
# usable from the test body.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",  # tests run as root in CI
    "--disable-gpu",
    "--disable-dev-shm-usage",
    # The machine has no internet: without these Chromium keeps trying to reach it.
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/browser/" in str(item.fspath).replace(os.sep, "/"):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    if not os.path.exists(CHROMIUM):
        message = f"Chromium not found at {CHROMIUM}; run `make test` to install it."
        if os.environ.get("CI", "").lower() in {"1", "true", "yes"}:
            pytest.fail(message)
        pytest.skip(message)
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "args": CHROMIUM_ARGS}


@pytest.fixture(scope="session")
def base_url(live_server):
    return live_server.url


@pytest.fixture
def page(page, live_server):
    """A page whose console errors and uncaught exceptions fail the test: a blocked
    inline script or style (CSP) or a broken module shows up here."""
    problems = []
    page.on("console", lambda m: m.type == "error" and problems.append(f"console: {m.text}"))
    page.on("pageerror", lambda e: problems.append(f"page error: {e}"))
    page.set_default_timeout(10_000)
    yield page
    assert problems == [], problems


@pytest.fixture
def phone(browser):
    """A page on a 390 px touch screen, in a browser context of its own."""
    context = browser.new_context(viewport=PHONE, has_touch=True, is_mobile=True)
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()
