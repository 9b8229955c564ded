"""The pages behind installing BackCare and playing offline (backcare/offline.py): the
manifest, the service worker, the offline page, the list of what a device keeps, and the
header that names a person's offline cache."""

import datetime
import json

import pytest
from django.conf import settings
from django.utils import timezone

from backcare.offline import OFFLINE_USER_HEADER, offline_key
from routines.models import PlannedSession
from routines.offline import offline_routines
from tests.factories import RoutineFactory, SessionFactory

pytestmark = pytest.mark.django_db


def test_manifest_names_the_app_its_icons_and_the_signed_in_home(client):
    response = client.get("/manifest.webmanifest")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/manifest+json"
    data = json.loads(response.content)
    assert (data["name"], data["short_name"], data["display"]) == (
        "BackCare",
        "BackCare",
        "standalone",
    )
    assert data["start_url"] == "/"
    assert data["theme_color"] and data["background_color"]
    purposes = {(icon["sizes"], icon["purpose"]) for icon in data["icons"]}
    assert {("192x192", "any"), ("512x512", "any"), ("512x512", "maskable")} <= purposes


def test_every_page_links_the_manifest_of_its_language(client):
    assert b'rel="manifest" href="/manifest.en.webmanifest"' in client.get("/").content
    assert b'rel="manifest" href="/manifest.ru.webmanifest"' in client.get("/?lang=ru").content


def test_the_manifest_in_russian(client):
    response = client.get("/manifest.ru.webmanifest")

    data = json.loads(response.content)
    assert (data["lang"], data["dir"]) == ("ru", "ltr")
    assert data["description"].startswith("Упражнения для спины дома")
    assert response["Content-Language"] == "ru"
    # The same app in every language: one id, one start page.
    english = client.get("/manifest.en.webmanifest").json()
    assert (english["lang"], english["id"], english["start_url"]) == ("en", data["id"], "/")
    assert client.get("/manifest.xx.webmanifest").status_code == 404


def test_the_offline_page_in_each_language_changes_no_ones_language(client_logged_in, user):
    response = client_logged_in.get("/offline/ru/")

    html = response.content.decode()
    assert '<html lang="ru"' in html and "Вы не в сети" in html
    assert response["Content-Language"] == "ru"
    # Fetched by the worker: neither the language cookie nor the preference is touched.
    assert settings.LANGUAGE_COOKIE_NAME not in response.cookies
    user.refresh_from_db()
    assert user.language != "ru"
    # Shown in place of another page: its language links lead to the offline page.
    assert 'href="/offline/?lang=en"' in html
    assert 'hreflang="x-default"' not in html
    assert "You are offline" in client_logged_in.get("/offline/en/").content.decode()
    assert client_logged_in.get("/offline/xx/").status_code == 404


def test_the_worker_keeps_the_offline_page_in_every_language(client):
    text = client.get("/sw.js").content.decode()

    assert '"offlineUrls": {"en": "/offline/en/", "ru": "/offline/ru/"}' in text


def test_service_worker_is_served_from_the_root_with_the_release(client, settings):
    settings.CACHE_KEY_PREFIX = "backcare:abcdef012345"
    response = client.get("/sw.js")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/javascript")
    assert response["Cache-Control"] == "no-cache"
    assert '"release": "abcdef012345"' in response.content.decode()
    settings.CACHE_KEY_PREFIX = "backcare:0123456789ab"  # a deploy: other bytes
    assert '"release": "0123456789ab"' in client.get("/sw.js").content.decode()


def test_csp_lets_the_worker_and_the_manifest_load_from_the_site_only(client):
    policy = client.get("/").headers["Content-Security-Policy"]
    assert "worker-src 'self'" in policy
    assert "manifest-src 'self'" in policy


def test_offline_page_shows_no_account(client_logged_in, user):
    response = client_logged_in.get("/offline/")
    assert response.status_code == 200
    assert "You are offline" in response.content.decode()
    assert user.email not in response.content.decode()


def test_signed_in_answers_name_the_persons_cache_and_anonymous_ones_do_not(
    client, user, other_user
):
    assert OFFLINE_USER_HEADER not in client.get("/").headers
    client.force_login(user, backend="accounts.backends.UserBackend")
    assert client.get("/").headers[OFFLINE_USER_HEADER] == offline_key(user)
    assert offline_key(user) != offline_key(other_user)


def test_offline_list_needs_a_log_in(client):
    response = client.get("/offline/list.json")
    assert response.status_code == 302


def test_offline_list_keeps_planned_then_played_then_newest_and_only_ones_own(
    client_logged_in, user, other_user
):
    newest = RoutineFactory(owner=user, name="Newest")
    played = RoutineFactory(owner=user, name="Played")
    planned = RoutineFactory(owner=user, name="Planned")
    RoutineFactory(owner=other_user, name="Not mine")
    now = timezone.now()
    for routine, at in ((played, now), (newest, now - datetime.timedelta(days=3))):
        SessionFactory(user=user, routine=routine, started_at=at)
    PlannedSession.objects.create(user=user, routine=planned, weekday=0, time="07:00")
    data = client_logged_in.get("/offline/list.json").json()
    assert [routine["name"] for routine in data["routines"]] == ["Planned", "Played", "Newest"]
    assert data["routines"][0]["url"] == f"/routines/{planned.pk}/play/"
    assert data["user"] == offline_key(user)
    assert "/static/js/player.js" in data["assets"]
    assert "/static/css/app.css" in data["assets"]


def test_offline_routines_are_capped(user):
    for number in range(5):
        RoutineFactory(owner=user, name=f"R{number}")
    assert len(offline_routines(user, limit=3)) == 3


def test_the_worker_is_a_module_that_imports_the_save_queue_to_send_it_on_background_sync(client):
    text = client.get("/sw.js").content.decode()

    queue = 'import { browserLock, playerSaveUrl, sendQueue } from "/static/js/offline-queue.js";'
    assert queue in text
    assert 'import { openQueueStore } from "/static/js/queue-store.js";' in text
    assert "async function sendFromWorker()" in text
    assert f'"csrfCookie": "{settings.CSRF_COOKIE_NAME}"' in text


def test_the_classic_worker_imports_nothing_and_wakes_the_pages_instead(client):
    """For browsers without module service workers (static/js/offline.js falls back to it):
    a classic script cannot hold an import statement."""
    response = client.get("/sw.js?classic")

    text = response.content.decode()
    assert response["Cache-Control"] == "no-cache"
    assert "import " not in text
    assert "const sendFromWorker = null;" in text
    assert '"release": ' in text


def test_signed_in_pages_name_the_person_for_the_save_queue_and_visitors_pages_do_not(client, user):
    assert "data-offline-user" not in client.get("/routines/programmes/").content.decode()
    client.force_login(user, backend="accounts.backends.UserBackend")
    html = client.get("/routines/programmes/").content.decode()
    assert f'data-offline-user="{offline_key(user)}"' in html
    # The offline page is for nobody: the pages find the person from the worker's note.
    offline = client.get("/offline/en/").content.decode()
    assert "data-offline-user" not in offline
    assert "data-offline-page" in offline
