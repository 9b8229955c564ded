"""Every object a user owns is reachable only by that user: the stranger gets 404.

The URLs come from the URL configuration, not from a list kept by hand: every pattern that
takes an id, a slug or a token must appear either in OWNED (how to build the object, which
URL arguments to pass, a plausible POST) or in PUBLIC (with the reason it is not owned).
A new URL that is in neither fails ``test_every_object_url_is_tested_or_public``. Both tables
are in tests/security/routes.py.
"""

import json

import pytest
from django.contrib.auth.tokens import default_token_generator
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from accounts.models import User
from routines.models import Session
from tests.factories import PASSWORD
from tests.security.routes import OWNED, PUBLIC, is_public, object_routes, routine_of
from tests.security.snapshots import database_snapshot, object_snapshot

pytestmark = pytest.mark.django_db


OWNED_ROUTES = [route for route in object_routes() if route.name in OWNED]
ADMIN_OBJECT_ROUTES = [r for r in object_routes() if r.namespace == "admin" and r.name]


def by_route(routes):
    return pytest.mark.parametrize("route", routes, ids=lambda route: route.id)


def send_post(client, route, obj):
    entry = OWNED[route.name]
    url = reverse(route.name, kwargs=entry.kwargs(obj))
    if entry.json:
        return client.post(url, json.dumps(entry.body(obj)), content_type="application/json")
    return client.post(url, entry.body(obj))


# The URL configuration and the tables agree -----------------------------------------------


def test_every_object_url_is_tested_or_public():
    unlisted = [r.id for r in object_routes() if r.name not in OWNED and not is_public(r)]

    assert unlisted == [], (
        "These URLs take an object id or slug but have no ownership test: add them to OWNED "
        "(how to build the object) or to PUBLIC (why anyone may reach it)."
    )


def test_tables_name_only_urls_that_exist():
    names = {route.name for route in object_routes()}
    namespaces = {route.namespace for route in object_routes()}
    stale = [name for name in OWNED if name not in names]
    stale += [
        name
        for name in PUBLIC
        if name not in names and not (name.endswith(":*") and name[:-2] in namespaces)
    ]

    assert stale == []


def test_no_url_is_both_owned_and_public():
    assert set(OWNED) & set(PUBLIC) == set()


# The owner gets in; that shows the arguments and bodies above are right ---------------------


@by_route(OWNED_ROUTES)
def test_owner_reaches_own_object_at(route, client_logged_in, user):
    obj = OWNED[route.name].build(user)
    url = reverse(route.name, kwargs=OWNED[route.name].kwargs(obj))

    assert client_logged_in.get(url).status_code in {200, 302, 405}
    assert send_post(client_logged_in, route, obj).status_code < 400


# The stranger gets 404 and changes nothing ------------------------------------------------


@by_route(OWNED_ROUTES)
def test_stranger_gets_404_on_get_for(route, client_logged_in, stranger_client, user):
    obj = OWNED[route.name].build(user)
    url = reverse(route.name, kwargs=OWNED[route.name].kwargs(obj))
    before = object_snapshot(obj)

    response = stranger_client.get(url)

    if response.status_code == 405:
        # A POST-only view refuses every GET before looking anything up: nothing leaks.
        assert client_logged_in.get(url).status_code == 405
    else:
        assert response.status_code == 404
    assert object_snapshot(obj) == before


@by_route(OWNED_ROUTES)
def test_stranger_gets_404_on_post_for(route, stranger_client, user):
    obj = OWNED[route.name].build(user)
    before, everything_before = object_snapshot(obj), database_snapshot()

    response = send_post(stranger_client, route, obj)

    assert response.status_code == 404
    assert object_snapshot(obj) == before
    assert database_snapshot() == everything_before


ITEM_ROUTES = [route for route in OWNED_ROUTES if "item_pk" in route.params]


@by_route(ITEM_ROUTES)
def test_stranger_gets_404_for_owners_item_under_own_routine(
    route, stranger_client, user, other_user
):
    """The item is looked up inside the routine: owning *a* routine opens no other's item."""
    routine = routine_of(user)
    own_routine = routine_of(other_user)
    kwargs = {"pk": own_routine.pk, "item_pk": routine.items.first().pk}
    before = object_snapshot(routine), object_snapshot(own_routine)

    response = stranger_client.post(reverse(route.name, kwargs=kwargs), {"direction": "down"})

    assert response.status_code == 404
    assert (object_snapshot(routine), object_snapshot(own_routine)) == before


@by_route(OWNED_ROUTES)
@pytest.mark.parametrize("missing", [0, 10**9, 2**63, 10**30])
def test_missing_or_out_of_range_id_gives_404_for(route, missing, client_logged_in, user):
    obj = OWNED[route.name].build(user)
    kwargs = dict.fromkeys(OWNED[route.name].kwargs(obj), missing)

    response = client_logged_in.post(reverse(route.name, kwargs=kwargs), {})

    assert response.status_code == 404


@by_route(OWNED_ROUTES)
def test_anonymous_visitor_is_sent_to_log_in_for(route, client, user):
    obj = OWNED[route.name].build(user)
    url = reverse(route.name, kwargs=OWNED[route.name].kwargs(obj))
    before = object_snapshot(obj)

    for response in (client.get(url), client.post(url, OWNED[route.name].body(obj))):
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("accounts:login"))
    assert object_snapshot(obj) == before


# Writes that name another object in the body -------------------------------------------


def test_stranger_cannot_log_a_session_against_owners_routine(stranger_client, user):
    routine = routine_of(user)
    sessions_before = Session.objects.count()

    response = stranger_client.post(
        reverse("routines:session_create"),
        {"routine": routine.pk, "date": "2024-05-01", "start_time": "07:30", "minutes": "20"},
    )

    assert response.status_code == 200
    assert "routine" in response.context["form"].errors
    assert Session.objects.count() == sessions_before


def test_stranger_cannot_pull_owners_items_into_own_routine(stranger_client, user, other_user):
    routine, own_routine = routine_of(user), routine_of(other_user)
    ids = [*own_routine.items.values_list("pk", flat=True), routine.items.first().pk]
    before = object_snapshot(routine), object_snapshot(own_routine)

    response = stranger_client.post(
        reverse("routines:item_order", args=[own_routine.pk]),
        {"order": ",".join(map(str, ids))},
    )

    assert response.status_code == 400
    assert (object_snapshot(routine), object_snapshot(own_routine)) == before


# What guards the public object URLs ------------------------------------------------------


def test_forged_password_reset_token_changes_nothing(client, user):
    uidb64 = urlsafe_base64_encode(force_bytes(user.pk))
    forged = default_token_generator.make_token(user)[:-1] + "x"
    url = reverse("accounts:password_reset_confirm", args=[uidb64, forged])
    password_before = User.objects.get(pk=user.pk).password

    client.get(url, follow=True)
    response = client.post(
        url, {"new_password1": "a-new-pass-phrase-7", "new_password2": "a-new-pass-phrase-7"}
    )

    assert response.status_code == 200
    assert not response.context["validlink"]
    assert User.objects.get(pk=user.pk).password == password_before
    assert User.objects.get(pk=user.pk).check_password(PASSWORD)


ADMIN_VALUES = {"object_id": "1", "id": "1", "content_type_id": "1", "app_label": "accounts"}


@by_route(ADMIN_OBJECT_ROUTES)
def test_non_staff_user_is_sent_to_admin_log_in(route, client_logged_in):
    url = reverse(route.name, kwargs={name: ADMIN_VALUES[name] for name in route.params})

    response = client_logged_in.get(url)

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))
