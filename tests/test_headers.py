"""Headers that depend on the page: private pages are never stored by a browser or a proxy,
and every page allows the browser only the features the app uses.

The routes come from the URL configuration (tests/security/routes.py), so a URL added
anywhere is checked: it is either listed in PUBLIC here, or it must answer
``Cache-Control: private, no-store``.
"""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.contrib.auth.tokens import default_token_generator
from django.contrib.staticfiles import finders
from django.templatetags.static import static
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from exercises.models import Exercise
from routines.ical import new_token, token_digest
from routines.models import CalendarFeed, Routine
from tests.factories import take_check
from tests.security.routes import OWNED, all_routes

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parent.parent

# Pages that are the same for every anonymous visitor, so a shared cache may keep them.
# (Shown to a logged-in person they are private too: see the last tests.)
PUBLIC = {
    "home",
    "healthz",
    "favicon",
    "exercises:catalogue",
    "exercises:detail",
    "routines:generator",
    "routines:programmes",
    "routines:programme",
    "accounts:login",
    "accounts:password_reset_done",
    "accounts:password_reset_complete",
}
ROUTES = [route for route in all_routes() if route.namespace != "admin"]


def url_for(route, user):
    """A URL of the route that the user may open: their own object, or a public one."""
    if route.name in OWNED:
        owned = OWNED[route.name]
        return reverse(route.name, kwargs=owned.kwargs(owned.build(user)))
    if "uidb64" in route.params:
        uid = urlsafe_base64_encode(force_bytes(user.pk))
        token = default_token_generator.make_token(user)
        return reverse(route.name, kwargs={"uidb64": uid, "token": token})
    if route.name == "routines:plan_feed":  # the secret address a calendar app fetches
        token = new_token()
        CalendarFeed.objects.create(user=user, token_digest=token_digest(token))
        return reverse(route.name, kwargs={"token": token})
    if route.params == ("slug",):
        if route.name.startswith("routines:programme"):
            slug = Routine.objects.programmes().first().slug
        else:
            slug = Exercise.objects.first().slug
        return reverse(route.name, kwargs={"slug": slug})
    if route.params == ("language",):  # the manifest and the offline page in a language
        return reverse(route.name, kwargs={"language": "ru"})
    assert not route.params, f"{route.id}: say here how to build its URL"
    return reverse(route.name)


def assert_private(response, what):
    directives = {d.strip() for d in response.get("Cache-Control", "").split(",")}
    assert {"private", "no-store"} <= directives, (what, response.get("Cache-Control"))


def test_every_named_route_is_public_or_private():
    names = {route.name for route in ROUTES}
    assert names >= PUBLIC, PUBLIC - names  # the list names only routes that exist


@pytest.mark.parametrize(
    "route", [r for r in ROUTES if r.name not in PUBLIC], ids=lambda route: route.id
)
def test_private_page_is_never_stored(route, client_logged_in, user, client):
    url = url_for(route, user)

    assert_private(client_logged_in.get(url), f"{route.id} logged in")
    # Anonymous visitors too: a safety result kept in their session, or the redirect to
    # log in that stands for a private page.
    assert_private(client.get(url), f"{route.id} anonymous")


@pytest.mark.parametrize("name", ["exercises:catalogue", "routines:programmes", "home"])
def test_public_page_may_be_cached_for_anonymous_visitors(client, name):
    assert "no-store" not in client.get(reverse(name)).get("Cache-Control", "")


@pytest.mark.parametrize("name", ["exercises:catalogue", "routines:programmes", "home"])
def test_public_page_shown_to_a_logged_in_person_is_private(client_logged_in, name):
    # The catalogue then carries the person's safety badges, the home page their week.
    assert_private(client_logged_in.get(reverse(name)), name)


def test_safety_result_of_an_anonymous_visitor_is_private(client):
    answered = take_check(client, "scoliosis")
    assert answered.status_code == 302
    response = client.get(answered["Location"])

    assert response.status_code == 200
    assert_private(response, "safety result")


@pytest.mark.parametrize(
    "url",
    [
        reverse("exercises:catalogue"),  # "not for you" badges
        reverse("routines:programmes"),  # how many exercises of each are not for you
        reverse("routines:generator"),
        reverse("routines:try", args=["back-warm-up"]),  # the check-in, within the check
    ],
)
def test_an_anonymous_visitors_page_that_shows_their_check_is_private(client, url):
    take_check(client, "herniated-disc")

    response = client.get(url)

    assert response.status_code == 200
    assert_private(response, url)


@pytest.mark.parametrize(
    "name", ["accounts:signup", "accounts:password_reset", "accounts:password_reset_confirm"]
)
def test_sign_up_and_password_reset_are_private(client, user, name):
    route = next(route for route in ROUTES if route.name == name)

    assert_private(client.get(url_for(route, user)), name)


@pytest.mark.parametrize("name", ["home", "healthz", "exercises:catalogue", "accounts:account"])
def test_permissions_policy_allows_only_what_the_app_uses(client_logged_in, name):
    policy = client_logged_in.get(reverse(name))["Permissions-Policy"]

    features = dict(part.strip().split("=", 1) for part in policy.split(","))
    assert features.pop("screen-wake-lock") == "(self)"  # the player keeps the screen on
    assert features.pop("autoplay") == "(self)"  # its sound cues
    assert features, "everything else is listed, switched off"
    assert set(features.values()) == {"()"}
    assert {"camera", "microphone", "geolocation", "payment"} <= set(features)


def test_favicon_ico_leads_to_the_icon(client):
    response = client.get("/favicon.ico")

    assert response.status_code == 302
    assert response["Location"] == static("img/favicon.svg")
    assert finders.find("img/favicon.svg")


LOG_ONCE = """
import logging, django
django.setup()
logging.getLogger("django.request").warning("marker-request")
logging.getLogger("django.server").info("marker-server")
logging.getLogger("django.security.csrf").warning("marker-security")
logging.getLogger("routines").warning("marker-app")
"""


def test_each_log_line_is_printed_once_under_make_run():
    # `make run` serves with DJANGO_DEBUG=1, where Django adds its own console handler.
    env = {**os.environ, "DJANGO_DEBUG": "1", "DJANGO_SETTINGS_MODULE": "backcare.settings"}
    result = subprocess.run(  # noqa: S603 (our own interpreter and code)
        [sys.executable, "-c", LOG_ONCE],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    output = result.stdout + result.stderr
    for marker in ("request", "server", "security", "app"):
        assert output.count(f"marker-{marker}") == 1, output
