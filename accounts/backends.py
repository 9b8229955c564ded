"""The log-in backend: Django's ``ModelBackend``, with a leaner ``get_user``.

Every signed-in request asks ``get_user`` who the session's person is. Django's own builds
``User.objects.get(pk=...)`` with the ORM each time, which costs several times the query
itself; here the same row is read by a raw query (``Manager.raw``: the same model instance,
with the database's values converted as the ORM would), and with it the cache versions the
request's pages are keyed by (backcare/caching/versions.py ``columns_beside_person``), so a
signed-in page reads its person and its versions in one query. Everything else
(``authenticate``, permissions, ``user_can_authenticate``) is Django's.
"""

import functools

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend

from backcare.caching.versions import columns_beside_person


@functools.cache
def person_query() -> str:
    """The query for one person with the cache versions beside them: the same text for
    every request, so built once."""
    meta = get_user_model()._meta  # Django's documented Model _meta API
    columns = ", ".join(field.column for field in meta.concrete_fields)
    versions = columns_beside_person(meta.pk.column)
    return f"SELECT {columns}, {versions} FROM {meta.db_table} WHERE {meta.pk.column} = %s"  # noqa: S608 - our own names


class UserBackend(ModelBackend):
    def get_user(self, user_id):
        users = get_user_model().objects.raw(person_query(), [user_id])
        user = next(iter(users), None)
        return user if user is not None and self.user_can_authenticate(user) else None
