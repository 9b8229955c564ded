"""``{% fragment %}`` and ``render_page``: the menu, the footer and the page around the
content are rendered once, yet each page shows the right person, the right current page, the
safety notice, messages and a CSRF token that works in the browser that asked."""

import re

import pytest
from django.urls import reverse

from backcare import release as release_module
from routines.models import Routine
from tests.factories import (
    RoutineFactory,
    UserFactory,
    csrf_token_of,
    signed_in_browser,
    take_check,
)

pytestmark = pytest.mark.django_db
CATALOGUE = reverse("exercises:catalogue")
HOME = reverse("home")


def test_a_cached_menu_logs_out_with_each_browsers_own_token(user):
    phone, laptop = signed_in_browser(user), signed_in_browser(user)
    phone.get(CATALOGUE)  # fills the cache with the menu

    page = laptop.get(CATALOGUE).content.decode()
    token = csrf_token_of(page)
    assert "csrf-token-of-the-request" not in page

    response = laptop.post(reverse("accounts:logout"), {"csrfmiddlewaretoken": token})
    assert response.status_code == 302
    assert laptop.get(reverse("accounts:account")).status_code == 302  # signed out
    assert phone.get(reverse("accounts:account")).status_code == 200  # still in


def test_the_menu_names_the_person_and_the_current_page(client_logged_in, user):
    other = signed_in_browser(UserFactory(email="someone.else@example.com"))
    client_logged_in.get(CATALOGUE)

    mine = client_logged_in.get(HOME).content.decode()
    theirs = other.get(CATALOGUE).content.decode()

    assert "owner@example.com" in mine and "someone.else@example.com" not in mine
    assert "someone.else@example.com" in theirs and "owner@example.com" not in theirs
    assert re.search(r'class="nav-link active" href="/"', mine)
    assert re.search(r'class="nav-link active" href="/exercises/"', theirs)

    user.email = "renamed@example.com"
    user.save()
    assert "renamed@example.com" in client_logged_in.get(HOME).content.decode()


def test_the_release_changes_with_any_template(settings, tmp_path):
    for folder in release_module.SOURCES:
        (tmp_path / folder).mkdir()
    page = tmp_path / "templates" / "page.html"
    page.write_text("<p>one</p>")
    settings.BASE_DIR = tmp_path
    settings.STATIC_ROOT = tmp_path / "static"
    release_module.release.cache_clear()
    try:
        before = release_module.release()
        page.write_text("<p>two</p>")
        release_module.release.cache_clear()
        assert release_module.release() != before
    finally:
        release_module.release.cache_clear()


# Whole pages: base.html around the content comes from a cached shell (render_page).

HISTORY = reverse("routines:history")


def test_a_cached_shell_shows_a_new_warning_at_once(client_logged_in):
    take_check(client_logged_in)
    for url in (HOME, CATALOGUE, HISTORY):
        assert "get medical care now" not in client_logged_in.get(url).content.decode()

    take_check(client_logged_in, "bladder-bowel-control")

    for url in (HOME, CATALOGUE, HISTORY):
        assert "get medical care now" in client_logged_in.get(url).content.decode(), url


def test_a_cached_shell_shows_each_message_once(client_logged_in, user):
    routine = RoutineFactory(owner=user, name="Evening")
    client_logged_in.get(routine.get_absolute_url())

    response = client_logged_in.post(
        reverse("routines:edit", args=[routine.pk]), {"name": "Morning", "notes": ""}, follow=True
    )
    assert "Routine saved." in response.content.decode()
    assert "Routine saved." not in client_logged_in.get(routine.get_absolute_url()).content.decode()


def test_a_cached_shell_shows_a_renamed_routine_in_the_title(client_logged_in, user):
    routine = RoutineFactory(owner=user, name="Evening")
    client_logged_in.get(routine.get_absolute_url())

    Routine.objects.filter(pk=routine.pk).update(name="Morning stretch")

    page = client_logged_in.get(routine.get_absolute_url()).content.decode()
    assert "<title>Morning stretch · BackCare</title>" in page


def test_a_cached_page_masks_the_token_once_for_its_shell_and_content(user, monkeypatch):
    # The builder's content has forms and the shell the menu's log-out form: both are filled
    # from one mask (each mask costs 33 reads of the system's randomness).
    from django.middleware import csrf  # noqa: PLC0415

    from exercises import caching  # noqa: PLC0415

    routine = RoutineFactory(owner=user)
    browser = signed_in_browser(user)
    browser.get(routine.get_absolute_url())  # fills the caches
    calls = []
    real = csrf.get_token
    monkeypatch.setattr(caching, "get_token", lambda request: calls.append(1) or real(request))

    page = browser.get(routine.get_absolute_url()).content.decode()

    assert len(calls) == 1
    tokens = set(re.findall(r'name="csrfmiddlewaretoken" value="([^"]+)"', page))
    assert len(tokens) == 1
    response = browser.post(reverse("accounts:logout"), {"csrfmiddlewaretoken": tokens.pop()})
    assert response.status_code == 302
