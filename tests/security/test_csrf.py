"""Every POST needs a CSRF token: without one the answer is 403 and nothing is written.

The URLs come from the URL configuration (tests/security/routes.py); object URLs take their
arguments and a plausible body from the ownership table, the others from BODIES below, so a
refused request is one that would have changed something had it been let through
(``test_the_same_post_with_a_token_does_what_it_is_for`` shows what it does then).
"""

import datetime
import json

import pytest
from axes.models import AccessLog
from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from accounts.models import User, UserSession
from exercises.models import Exercise
from exercises.safety.models import Screening
from routines.ical import new_token, token_digest
from routines.models import CalendarFeed, Routine, RoutineItem, Session, SessionItem
from tests.factories import PASSWORD, check_answers, payload
from tests.security.routes import OWNED, all_routes, routine_of
from tests.security.snapshots import database_snapshot

pytestmark = pytest.mark.django_db

# A well-formed CSRF cookie, as a victim's browser would hold one: only the token is missing.
CSRF_SECRET = "a" * 32
NEW_PASSWORD = "a-brand-new-pass-phrase-19"


def exercise_slug(user):
    return {"slug": Exercise.objects.order_by("slug").first().slug}


def programme_slug(user):
    return {"slug": Routine.objects.programmes().order_by("slug").first().slug}


def reset_link(user):
    return {
        "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
        "token": default_token_generator.make_token(user),
    }


def calendar_token(user):

    token = new_token()
    CalendarFeed.objects.create(user=user, token_digest=token_digest(token))
    return {"token": token}


PUBLIC_KWARGS = {
    "exercises:detail": exercise_slug,
    "routines:add_to_routine": exercise_slug,
    "routines:programme": programme_slug,
    "routines:programme_copy": programme_slug,
    "routines:try": programme_slug,
    "routines:try_save": programme_slug,
    "routines:try_kept": programme_slug,
    "accounts:password_reset_confirm": reset_link,
    "routines:plan_feed": calendar_token,
    "staff:figure_review": exercise_slug,
    "manifest_in": lambda user: {"language": "ru"},
    "offline_in": lambda user: {"language": "ru"},
}

BODIES = {
    "accounts:login": lambda user: {"username": user.email, "password": PASSWORD},
    "accounts:signup": lambda user: {
        "email": "forged-sign-up@example.com",
        "password1": NEW_PASSWORD,
        "password2": NEW_PASSWORD,
    },
    "accounts:account": lambda user: {
        "weekly_goal": "7",
        "get_ready_seconds": "30",
        "default_rest_seconds": "90",
        "time_zone": "Europe/Paris",
    },
    "accounts:delete": lambda user: {"password": PASSWORD},
    "accounts:password_change": lambda user: {
        "old_password": PASSWORD,
        "new_password1": NEW_PASSWORD,
        "new_password2": NEW_PASSWORD,
    },
    "accounts:password_reset": lambda user: {"email": user.email},
    "accounts:password_reset_confirm": lambda user: {
        "new_password1": NEW_PASSWORD,
        "new_password2": NEW_PASSWORD,
    },
    "safety:check": lambda user: check_answers()[0],
    "safety:clearance": lambda user: {"confirm": "on", "note": "Forged clearance."},
    "routines:create": lambda user: {"name": "Forged routine"},
    "routines:add_to_routine": lambda user: {
        "name": "Forged routine",
        "exercise": Exercise.objects.order_by("slug").first().slug,
    },
    "routines:try": lambda user: {
        "unwell": "no",
        "new_pain": "no",
        "weak": "no",
        "nerves": "no",
        "pain_before": "3",
    },
    "routines:try_save": lambda user: payload(Routine.objects.programmes().first()),
    "routines:generator_save": lambda user: {"goal": "relieve", "minutes": "15", "level": "1"},
    "staff:figure_review": lambda user: {"digest": "0" * 64},
    "routines:session_create": lambda user: {
        "routine": routine_of(user).pk,
        "date": (timezone.localdate() - datetime.timedelta(days=1)).isoformat(),
        "start_time": "07:30",
        "minutes": "20",
    },
}

# Public routes that take the body as JSON (the player's saves).
JSON_ROUTES = {"routines:try_save"}

# What a POST does once its token is there: its status and the models it writes rows of.
WRITES = {
    "routines:create": (302, {Routine}),
    "routines:edit": (302, {Routine}),
    "routines:duplicate": (302, {Routine, RoutineItem}),
    "routines:delete": (302, {Routine, RoutineItem}),
    "routines:item_add": (302, {Routine, RoutineItem}),
    "routines:item_order": (200, {RoutineItem}),
    "routines:item_update": (302, {RoutineItem}),
    "routines:item_remove": (302, {RoutineItem}),
    "routines:item_move": (302, {RoutineItem}),
    "routines:play": (302, {UserSession}),  # the check-in, kept in the person's session
    "routines:save_session": (201, {Session, SessionItem}),
    "routines:add_to_routine": (302, {Routine, RoutineItem}),
    "routines:generator_save": (302, {Routine, RoutineItem}),
    "routines:programme_copy": (302, {Routine, RoutineItem}),
    "routines:try_save": (201, {Session, SessionItem}),  # a signed-in person's is kept at once
    "routines:plan_feed_new": (200, {CalendarFeed}),
    "routines:gentle": (302, {Routine, RoutineItem}),
    "routines:session_create": (302, {Session, SessionItem}),
    "routines:session_edit": (302, {Session}),
    "routines:session_delete": (302, {Session, SessionItem}),
    "safety:check": (302, {Screening}),
    "safety:health_changed": (302, {Screening}),
    "accounts:logout": (302, {UserSession}),
    "accounts:account": (302, {User}),
    "accounts:delete": (302, {User, Screening, UserSession, AccessLog}),
    "accounts:password_change": (302, {User, UserSession}),
    "accounts:password_reset_confirm": (302, {UserSession}),
}
# POSTs that send the person on without writing anything, each with the reason.
REDIRECTS = {
    "favicon": "the icon lives among the static files",
    "routines:try": "a signed-in person is sent to the programme itself",
    "routines:plan_feed_revoke": "the person has no calendar feed to revoke",
    "safety:check_more": "the follow-up page without a first page goes back to it",
    "safety:check_back": "back to the first page, answers kept in the session only",
    "safety:clearance": "a clear safety check has nothing to be cleared",
    "accounts:signup": "a signed-in person is sent home",
    "accounts:login": "a signed-in person is sent home",
    "accounts:keep": "the choice is kept in the person's cookie",
    "accounts:password_reset": "the e-mail is sent; nothing is stored",
}
# Pages that only show or download something: they refuse a POST.
NOT_POSTED = {
    "manifest",
    "manifest_in",
    "service_worker",
    "offline",
    "offline_in",
    "offline_list",
    "routines:plan_download",
    "routines:plan_feed",
    "routines:export_csv",
    "routines:export_json",
    "routines:export_account",
    "accounts:password_change_done",
    "accounts:password_reset_done",
    "accounts:password_reset_complete",
}


def outcome_with_token(route):
    """(status, models written) of the route's POST with its token. Any other page shows
    itself again (200) and writes nothing; the admin's and staff's pages (but the admin's
    log-in form) send a person who is not staff to the admin's log-in."""
    if route.name in WRITES:
        status, models = WRITES[route.name]
        return status, {model._meta.label for model in models}
    if route.name in REDIRECTS:
        return 302, set()
    if route.name in NOT_POSTED:
        return 405, set()
    if route.namespace in ("admin", "staff") and route.name != "admin:login":
        return 302, set()
    return 200, set()


def request_for(route, user):
    """(url, body, content type) of a POST to the route that would write for ``user``."""
    if route.name in OWNED:
        entry = OWNED[route.name]
        obj = entry.build(user)
        url, body = reverse(route.name, kwargs=entry.kwargs(obj)), entry.body(obj)
        if entry.json:
            return url, json.dumps(body), "application/json"
        return url, body, None
    kwargs = PUBLIC_KWARGS[route.name](user) if route.params else {}
    body = BODIES.get(route.name, lambda u: {})(user)
    if route.name in JSON_ROUTES:
        return reverse(route.name, kwargs=kwargs), json.dumps(body), "application/json"
    return reverse(route.name, kwargs=kwargs), body, None


def send(client, url, body, content_type, **headers):
    if content_type:
        return client.post(url, body, content_type=content_type, headers=headers)
    return client.post(url, body, headers=headers)


def csrf_client(user=None):
    client = Client(enforce_csrf_checks=True)
    if user is not None:
        client.force_login(user, backend="accounts.backends.UserBackend")
    client.cookies[settings.CSRF_COOKIE_NAME] = CSRF_SECRET
    return client


@pytest.fixture
def screened_user(user):
    """The victim has a current safety check, so the clearance and player POSTs can write."""
    Screening.objects.create(user=user, version=1, answers={}, age=40, outcome="clear")
    return user


def routes_to_post(*, public_only=False):
    params = []
    for route in all_routes():
        if route.name is None and route.namespace != "admin":
            raise AssertionError(f"{route.pattern} has no name; name it to test it")
        if public_only and route.login_required:
            continue
        # Admin object URLs (a model's change page...) need staff-only data to reach; the
        # admin's log-in and other plain URLs are posted to here, and CsrfViewMiddleware
        # guards the admin's object pages the same way as every other view.
        if route.namespace == "admin" and route.params:
            continue
        params.append(pytest.param(route, id=route.id))
    return params


def assert_refused(client, route, user, caplog):
    """The route's POST for ``user`` sent by ``client`` without a token: 403, nothing written."""
    url, body, content_type = request_for(route, user)
    before = database_snapshot()

    response = send(client, url, body, content_type)

    assert response.status_code == 403
    assert "CSRF token missing" in caplog.text
    assert database_snapshot() == before


@pytest.mark.parametrize("route", routes_to_post())
def test_post_without_csrf_token_is_refused_for(route, screened_user, caplog):
    assert_refused(csrf_client(screened_user), route, screened_user, caplog)


@pytest.mark.parametrize("route", routes_to_post(public_only=True))
def test_anonymous_post_without_csrf_token_is_refused_for(route, user, caplog):
    assert_refused(csrf_client(), route, user, caplog)


def test_the_outcome_tables_name_only_urls_that_exist():
    names = {route.name for route in all_routes()}
    assert set(WRITES) | set(REDIRECTS) | NOT_POSTED <= names


@pytest.mark.parametrize("route", routes_to_post())
def test_the_same_post_with_a_token_does_what_it_is_for(route, screened_user):
    client = csrf_client(screened_user)
    url, body, content_type = request_for(route, screened_user)
    before = database_snapshot()

    response = send(client, url, body, content_type, X_CSRFToken=CSRF_SECRET)

    after = database_snapshot()
    written = {label for label in after if after[label] != before.get(label)}
    assert (response.status_code, written) == outcome_with_token(route)


def test_no_view_is_exempt_from_csrf_checks():
    assert [route.id for route in all_routes() if route.csrf_exempt] == []
