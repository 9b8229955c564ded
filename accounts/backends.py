"""The log-in backend: Django's ``ModelBackend``, with a leaner ``get_user``.

Every signed-in request asks ``get_user`` who the session's person is. Django's own builds
``User.objects.get(pk=...)`` with the ORM each time, which costs several times the query
itself; here the same row is read by one plain query, and with it the cache versions the
request's pages are keyed by (backcare/caching/versions.py ``columns_beside_person``), so a
signed-in page reads its person and its versions in one query. The row becomes the same
model instance the ORM would give through Django's documented ``Model.from_db``, after the
database's converters (SQLite keeps dates as text and booleans as numbers), the list the
ORM itself applies, worked out once per database. Everything else (``authenticate``,
permissions, ``user_can_authenticate``) is Django's.
"""

import functools

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.db import connections, router

from backcare.caching.versions import columns_beside_person


@functools.cache
def person_query() -> str:
    """The query for one person with the cache versions beside them: the same text for
    every request, so built once."""
    meta = get_user_model()._meta  # Django's documented Model _meta API
    columns = ", ".join(field.column for field in meta.concrete_fields)
    versions = columns_beside_person(meta.pk.column)
    return f"SELECT {columns}, {versions} FROM {meta.db_table} WHERE {meta.pk.column} = %s"  # noqa: S608 - our own names


@functools.cache
def person_columns(alias: str) -> tuple[list[str], tuple]:
    """The model's field names in ``person_query``'s order and, for each column that
    database ``alias`` returns in another type than the field holds, its position, the
    converters the ORM would apply (the backend's, then the field's ``from_db_value``) and
    the column they are given."""
    meta = get_user_model()._meta
    connection = connections[alias]
    converted = []
    for position, field in enumerate(meta.concrete_fields):
        column = field.get_col(meta.db_table)
        converters = (
            *connection.ops.get_db_converters(column),
            *column.get_db_converters(connection),
        )
        if converters:
            converted.append((position, converters, column))
    return [field.attname for field in meta.concrete_fields], tuple(converted)


class UserBackend(ModelBackend):
    def get_user(self, user_id):
        model = get_user_model()
        alias = router.db_for_read(model)
        connection = connections[alias]
        with connection.cursor() as cursor:
            cursor.execute(person_query(), [user_id])
            row = cursor.fetchone()
        if row is None:
            return None
        names, converted = person_columns(alias)
        values = list(row[: len(names)])
        for position, converters, column in converted:
            for converter in converters:
                values[position] = converter(values[position], column, connection)
        user = model.from_db(alias, names, values)
        user.catalogue_version, user.person_version = row[len(names) :]
        return user if self.user_can_authenticate(user) else None
