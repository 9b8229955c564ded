"""Session engine: Django's database sessions plus a link to the logged-in user.

Every signed-in page needs three rows: the session, its user and the user's current safety
check (the newest one not ended), and every cached fragment needs the catalogue's version.
``load`` reads all four in one query, written in SQL because building the same query
through the ORM costs a signed-in page more time than the rest of its work (measured: 1.0 ms
against 0.04 ms per request; bench/README.md), and prepared once per connection on
PostgreSQL (backcare/db.py). The rows become model instances with the ORM's own converters,
so they are what the ORM would return.

``accounts.auth.get_user`` takes the user when it is exactly what Django's ``get_user``
would return, and otherwise falls back to Django's own query;
``exercises.safety.profile.current_screening`` takes the check. Both are read fresh with the
session on every request, never cached: the check is what keeps exercises away from a person.
"""

import functools

from django.contrib.sessions.backends.db import SessionStore as DBStore
from django.db import connections, router
from django.utils import timezone

from backcare.db import prepared
from exercises.caching import note_catalogue_version, version_sql


class Columns:
    """A model's columns in a raw query under ``alias``, and the instance built from them."""

    def __init__(self, model, alias: str, connection):
        self.model = model
        self.connection = connection
        fields = model._meta.concrete_fields
        quote = connection.ops.quote_name
        self.sql = ", ".join(f"{alias}.{quote(field.column)}" for field in fields)
        self.names = [field.attname for field in fields]
        self.converters = []
        for field in fields:
            column = field.get_col(alias)
            converters = connection.ops.get_db_converters(column)
            converters += column.get_db_converters(connection)
            self.converters.append((converters, column))
        self.width = len(fields)

    def build(self, values):
        """The instance, or None for the NULLs of a LEFT JOIN that found nothing."""
        if values[0] is None:
            return None
        converted = []
        for value, (converters, column) in zip(values, self.converters, strict=True):
            for converter in converters:
                value = converter(value, column, self.connection)
            converted.append(value)
        return self.model.from_db(self.connection.alias, self.names, converted)


# Values other apps read with the session row, by name: a function of the database alias
# giving a scalar subquery over the session row ``s`` (its ``user_id``). Apps register them in
# their ``AppConfig.ready`` (``read_with_session``), so this module imports none of them.
_READ_WITH_SESSION = {}


def read_with_session(name: str, subquery) -> None:
    """Read ``subquery(alias)`` with every session row: ``SessionStore.read_with[name]``."""
    _READ_WITH_SESSION[name] = subquery
    _query.cache_clear()


@functools.cache
def _query(alias: str):
    """(SQL, user columns, screening columns, names of the values read for other apps) for
    the database ``alias``; the catalogue's version follows the screening, then those
    values."""
    from accounts.models import Screening, User, UserSession  # noqa: PLC0415 (import cycle)

    connection = connections[alias]
    quote = connection.ops.quote_name
    users = Columns(User, "u", connection)
    screenings = Columns(Screening, "c", connection)
    session, user, screening = (
        quote(model._meta.db_table) for model in (UserSession, User, Screening)
    )
    names = tuple(_READ_WITH_SESSION)
    extra = "".join(f", ({_READ_WITH_SESSION[name](alias)})" for name in names)
    # Only table and column names from the models go into the text; values are parameters.
    sql = (
        f"SELECT s.{quote('session_data')}, {users.sql}, {screenings.sql}, "  # noqa: S608
        f"({version_sql(alias)}){extra} "
        f"FROM {session} s "
        f"LEFT JOIN {user} u ON u.{quote('id')} = s.{quote('user_id')} "
        f"LEFT JOIN {screening} c ON c.{quote('id')} = ("
        f"SELECT n.{quote('id')} FROM {screening} n "
        f"WHERE n.{quote('user_id')} = s.{quote('user_id')} AND n.{quote('ended_at')} IS NULL "
        f"ORDER BY n.{quote('created_at')} DESC LIMIT 1) "
        f"WHERE s.{quote('session_key')} = %s AND s.{quote('expire_date')} > %s"
    )
    return sql, users, screenings, names


class SessionStore(DBStore):
    # Read with the session row by ``load``: its user (unchecked: accounts.auth.get_user
    # checks it), that user's current screening or None, and the values other apps asked
    # for (``read_with_session``), by name.
    user = None
    screening = None
    loaded = False
    read_with = {}

    @classmethod
    def get_model_class(cls):
        # accounts.models imports this module: a cycle.
        from accounts.models import UserSession  # noqa: PLC0415

        return UserSession

    def load(self):
        self.user, self.screening, self.loaded, self.read_with = None, None, False, {}
        if self.session_key is None:
            return {}
        alias = router.db_for_read(self.model)
        sql, users, screenings, names = _query(alias)
        connection = connections[alias]
        now = connection.ops.adapt_datetimefield_value(timezone.now())
        with connection.cursor() as cursor:
            sql = prepared(connection, "backcare_session", sql, 2)
            cursor.execute(sql, [self.session_key, now])
            row = cursor.fetchone()
        if row is None:  # unknown or expired, as Django's database sessions do
            self._session_key = None
            return {}
        self.user = users.build(row[1 : 1 + users.width])
        end = 1 + users.width + screenings.width
        self.screening = screenings.build(row[1 + users.width : end])
        if row[end] is not None:
            note_catalogue_version(row[end])
        self.read_with = dict(zip(names, row[end + 1 :], strict=True))
        self.loaded = True
        return self.decode(row[0])

    def create_model_instance(self, data):
        instance = super().create_model_instance(data)
        try:
            instance.user_id = int(data.get("_auth_user_id"))
        except (TypeError, ValueError):
            instance.user_id = None
        return instance
