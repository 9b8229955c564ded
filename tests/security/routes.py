"""The URL configuration as data: every route with its full pattern, name and parameters;
and, for each URL that takes an id, a slug or a token, how to build what it points at
(OWNED) or why it is not owned by anyone (PUBLIC).

The security tests parametrize over this list rather than over a hand-kept one, so a URL
added to any urls.py is picked up (and, for an object URL, must be given a test).
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.db.models import Model
from django.urls import URLResolver, get_resolver

from accounts.models import User
from routines.models import Routine, Session, SessionItem
from tests.factories import RoutineFactory, RoutineItemFactory, SessionFactory, payload


@dataclass(frozen=True)
class Route:
    name: str | None  # "namespace:name" as reverse() wants it; None for unnamed patterns
    namespace: str
    pattern: str  # the full pattern, prefixes of every include joined
    params: tuple[str, ...]  # every captured parameter, from the include prefixes too
    callback: object

    @property
    def id(self) -> str:
        return self.name or f"{self.namespace}:<{self.pattern}>"

    @property
    def login_required(self) -> bool:
        # Django's LoginRequiredMiddleware reads the same attribute (@login_not_required).
        return getattr(self.callback, "login_required", True)

    @property
    def csrf_exempt(self) -> bool:
        return getattr(self.callback, "csrf_exempt", False)


def _walk(resolver, prefix, namespaces, params):
    for entry in resolver.url_patterns:
        pattern = prefix + str(entry.pattern)
        found = params + tuple(entry.pattern.regex.groupindex)
        if isinstance(entry, URLResolver):
            inner = (*namespaces, entry.namespace) if entry.namespace else namespaces
            yield from _walk(entry, pattern, inner, found)
        else:
            namespace = ":".join(namespaces)
            name = None
            if entry.name:
                name = f"{namespace}:{entry.name}" if namespace else entry.name
            yield Route(name, namespace, pattern, found, entry.callback)


def all_routes() -> list[Route]:
    return list(_walk(get_resolver(), "", (), ()))


def object_routes() -> list[Route]:
    """Routes that take an object id, slug or token from the URL."""
    return [route for route in all_routes() if route.params]


# How to build what a URL points at --------------------------------------------------------


def routine_of(user) -> Routine:
    """A routine with notes and three items with overrides, so any change to it shows."""
    routine = RoutineFactory(owner=user, name="Owner's evening routine", notes="Private notes.")
    for position in range(3):
        RoutineItemFactory(routine=routine, position=position, sets=2, rest_seconds=10)
    return routine


def session_of(user) -> Session:
    """A logged session with scores, notes and one item per exercise of its routine."""
    routine = routine_of(user)
    session = SessionFactory(
        user=user,
        routine=routine,
        routine_name=routine.name,
        pain_before=6,
        pain_after=3,
        effort=5,
        notes="Private notes.",
    )
    for position, item in enumerate(routine.items.all()):
        SessionItem.objects.create(
            session=session, exercise_id=item.exercise_id, position=position, seconds=30
        )
    return session


def pk_of(obj) -> dict:
    return {"pk": obj.pk}


def first_item_of(routine) -> dict:
    return {"pk": routine.pk, "item_pk": routine.items.first().pk}


def item_overrides(routine) -> dict:
    item = routine.items.first()
    return {f"item-{item.pk}-sets": "5", f"item-{item.pk}-rest_seconds": "60"}


@dataclass(frozen=True)
class Owned:
    """A URL's object: how to build one for its owner, the URL's arguments, a plausible POST
    (one that would change the object if the stranger were let through)."""

    build: Callable[[User], Model]
    kwargs: Callable[[Model], dict]
    body: Callable[[Model], dict] = lambda obj: {}
    json: bool = False


OWNED = {
    "routines:detail": Owned(routine_of, pk_of),
    "routines:edit": Owned(
        routine_of, pk_of, lambda r: {"name": "Taken over", "notes": "Changed by a stranger."}
    ),
    "routines:duplicate": Owned(routine_of, pk_of),
    "routines:delete": Owned(routine_of, pk_of),
    "routines:item_add": Owned(
        routine_of, pk_of, lambda r: {"exercise": r.items.first().exercise.slug, "confirm": "on"}
    ),
    "routines:item_order": Owned(
        routine_of,
        pk_of,
        lambda r: {"order": ",".join(map(str, list(r.items.values_list("pk", flat=True))[::-1]))},
    ),
    "routines:item_update": Owned(routine_of, first_item_of, item_overrides),
    "routines:item_remove": Owned(routine_of, first_item_of),
    "routines:item_move": Owned(routine_of, first_item_of, lambda r: {"direction": "down"}),
    "routines:play": Owned(
        routine_of,
        pk_of,
        lambda r: {
            "unwell": "no",
            "new_pain": "no",
            "weak": "no",
            "nerves": "no",
            "pain_before": "3",
        },
    ),
    "routines:save_session": Owned(routine_of, pk_of, payload, json=True),
    "routines:session": Owned(session_of, pk_of),
    "routines:session_edit": Owned(
        session_of,
        pk_of,
        lambda s: {"pain_before": "0", "pain_after": "0", "effort": "0", "notes": "Changed."},
    ),
    "routines:session_delete": Owned(session_of, pk_of),
}

# Object URLs that are not owned by a user, each with the reason. "admin:*" is the whole
# namespace.
PUBLIC = {
    "exercises:detail": "the catalogue is public: an exercise page is the same for everyone",
    "routines:add_to_routine": "the slug names a catalogue exercise; the routine it goes into "
    "is chosen among the visitor's own (routines:item_add checks that)",
    "routines:programme": "built-in programmes have no owner and are shown to everyone",
    "routines:programme_copy": "copies a built-in programme into the visitor's own routines",
    "routines:try": "an anonymous visitor plays a built-in programme (try before signing up); "
    "a signed-in person is sent to the programme's page",
    "routines:try_save": "keeps a tried programme's session; its id lives only in the "
    "visitor's own Django session, never in a URL (see tests/routines/test_try.py)",
    "routines:try_kept": "shows only the session kept in the visitor's own Django session; "
    "anyone else sees that no session waits (see tests/routines/test_try.py)",
    "accounts:password_reset_confirm": "guarded by the signed one-time token sent by e-mail, "
    "not by a log-in (see test_forged_password_reset_token_changes_nothing)",
    "routines:plan_feed": "a calendar app fetches the feed without a log-in: the secret token "
    "is the key, and an unknown, old or another's token answers 404 "
    "(see tests/routines/test_weekly_plan.py)",
    "manifest_in": "the argument names a language: the web app manifest is the same for everyone",
    "offline_in": "the argument names a language: the offline page is rendered for nobody in "
    "particular (see test_the_offline_page_in_each_language_changes_no_ones_language)",
    "admin:*": "Django's admin is guarded by is_staff and model permissions, not by "
    "ownership (see test_non_staff_user_is_sent_to_admin_log_in)",
    "staff:figure_review": "the slug names a catalogue exercise; only staff may sign its figure "
    "off (see test_only_staff_can_mark_a_figure_reviewed)",
}


def is_public(route) -> bool:
    return route.name in PUBLIC or f"{route.namespace}:*" in PUBLIC
