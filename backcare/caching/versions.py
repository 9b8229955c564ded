"""The versions a request's cached values are keyed by, read once per request in one query.

``versions()`` gives the request's ``Versions``: ``catalogue`` and, for a signed-in person,
``person`` (see the package's text for what moves them). Both are read together, on first
use, by one indexed query; a page served from the cache needs nothing else from the
database but its session and user. A version that has no row yet reads 0 (a row starts
from the clock, so 0 never names anything a written row did).
"""

from contextvars import ContextVar
from functools import cached_property

from django.db import connection

CATALOGUE = "catalogue"


def person_scope(user_id) -> str:
    return f"person:{user_id}"


def read(*names: str) -> dict[str, int]:
    """The numbers of ``names``, 0 for a name with no row."""
    placeholders = ", ".join(["%s"] * len(names))
    with connection.cursor() as cursor:
        # The same text for every request with as many names: prepared by psycopg once
        # it has run a few times (``prepare_threshold``).
        cursor.execute(
            f"SELECT name, number FROM caching_version WHERE name IN ({placeholders})",  # noqa: S608
            names,
        )
        found = dict(cursor.fetchall())
    return {name: found.get(name, 0) for name in names}


def columns_beside_person(person_id_column: str) -> str:
    """SQL columns that read the catalogue's version and a person's beside that person's row
    (``person_id_column`` names their id), as ``catalogue_version`` and ``person_version``:
    the log-in backend reads them with the signed-in person in one query
    (accounts/backends.py), and ``Versions`` uses them (``read_beside``)."""
    return (
        f"(SELECT number FROM caching_version WHERE name = '{CATALOGUE}') AS catalogue_version, "  # noqa: S608 - our own constant and column name
        "(SELECT number FROM caching_version "
        f"WHERE name = '{person_scope('')}' || {person_id_column}) AS person_version"
    )


def read_beside(person) -> dict[str, int] | None:
    """The numbers read with ``person``'s row by ``columns_beside_person``, if they were."""
    if not hasattr(person, "catalogue_version"):
        return None
    return {
        CATALOGUE: person.catalogue_version or 0,
        person_scope(person.pk): person.person_version or 0,
    }


class Versions:
    """The catalogue's version and one person's, read together on first use; for a GET, the
    signed-in person's row brought them along (``read_beside``), so no query of their own.
    Not for a POST: a view that writes and then renders would see the versions from before
    its write."""

    def __init__(self, person_id=None, *, user=None, read_with_user=False):
        self._user = user  # the request's (lazy) user, looked at on first use only
        self._person_id = person_id
        self._read_with_user = read_with_user

    @cached_property
    def person_id(self):
        if self._user is not None and self._user.is_authenticated:
            return self._user.pk
        return self._person_id

    @cached_property
    def _numbers(self) -> dict[str, int]:
        names = [CATALOGUE]
        if self.person_id is not None:
            if self._read_with_user and self._user is not None:
                found = read_beside(self._user)
                if found is not None:
                    return found
            names.append(person_scope(self.person_id))
        return read(*names)

    @property
    def catalogue(self) -> int:
        return self._numbers[CATALOGUE]

    @property
    def person(self) -> int | None:
        if self.person_id is None:
            return None
        return self._numbers[person_scope(self.person_id)]

    def of(self, user_id) -> int:
        """A person's version: this request's person's without a query of its own."""
        if user_id == self.person_id:
            return self.person
        return read(person_scope(user_id))[person_scope(user_id)]


_current: ContextVar[Versions | None] = ContextVar("cache_versions", default=None)


def versions() -> Versions:
    """This request's versions (``CacheVersionsMiddleware``); outside a request, read afresh."""
    current = _current.get()
    return current if current is not None else Versions()


def current_person_id():
    """The signed-in person of the request being served once its versions have been read
    (every page that shows a person's data reads them first), else None: asking never loads
    the user, so a page rendered while the database is down makes no further attempt."""
    current = _current.get()
    if current is None or "_numbers" not in vars(current):
        return None
    return current.person_id


class CacheVersionsMiddleware:
    """Give the request its ``Versions`` for as long as it runs, and forget them after it, so
    nothing read for one request decides what another sees. After the authentication
    middleware: the person is the signed-in user."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = _current.set(
            Versions(
                user=getattr(request, "user", None),
                read_with_user=request.method in ("GET", "HEAD"),
            )
        )
        try:
            return self.get_response(request)
        finally:
            _current.reset(token)


def cache_versions(request):
    """Context processor: ``versions`` for ``{% cache %}`` keys in templates."""
    return {"versions": versions()}
