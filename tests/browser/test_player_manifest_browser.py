"""The player served as in production: static files collected under the manifest storage
(hashed names, ES modules importing each other by hashed names). The other browser tests
serve from the source folders (DJANGO_STATIC_MANIFEST=0 in pyproject.toml)."""

import re

import pytest

from routines.models import Session
from tests.browser.harness import (
    play_through,
    save_and_wait,
    signed_in_player,
)
from tests.factories import HASHED, collect_static

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def manifest_static(settings, tmp_path):
    """Collect every static file under the production storage into a temporary STATIC_ROOT,
    and let the live server's static handler serve that folder (what whitenoise serves)."""
    static_root = tmp_path / "static"
    paths = collect_static(settings, static_root)
    settings.STATICFILES_DIRS = [static_root]
    return paths


def test_the_player_plays_and_saves_with_hashed_modules(page, live_server, manifest_static):
    scripts = []
    failed = []
    page.on(
        "response",
        lambda response: (
            scripts.append(response.url) if response.url.endswith(".js") else None,
            failed.append(response.url) if response.status >= 400 else None,
        ),
    )
    user, _, _ = signed_in_player(page, live_server)
    play_through(page)
    save_and_wait(page, pain_after="2")

    assert Session.objects.get(user=user).pain_after == 2
    assert failed == []
    modules = {url.rsplit("/static/", 1)[1] for url in scripts if "/static/js/" in url}
    # The page and every module it imports, each by its hashed name only.
    assert manifest_static["js/player.js"] in modules
    assert manifest_static["js/player-queue.js"] in modules
    unhashed = sorted(name for name in modules if not HASHED.search(name))
    assert unhashed == []
    assert all(re.match(r"js/[\w-]+\.[0-9a-f]{12}\.js$", name) for name in modules)
