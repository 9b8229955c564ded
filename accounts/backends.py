"""The log-in backend: Django's ``ModelBackend``, with a leaner ``get_user``.

Every signed-in request asks ``get_user`` who the session's person is. Django's own builds
``User.objects.get(pk=...)`` with the ORM each time, which costs several times the query
itself; here the same row is read by a raw query (``Manager.raw``: the same model instance,
with the database's values converted as the ORM would), and with it the cache versions the
request's pages are keyed by (backcare/caching/versions.py ``columns_beside_person``), so a
signed-in page reads its person and its versions in one query. Everything else
(``authenticate``, permissions, ``user_can_authenticate``) is Django's.
"""

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend

from backcare.caching.versions import columns_beside_person


class UserBackend(ModelBackend):
    def get_user(self, user_id):
        model = get_user_model()
        meta = model._meta  # Django's documented Model _meta API
        columns = ", ".join(field.column for field in meta.concrete_fields)
        versions = columns_beside_person(meta.pk.column)
        users = model.objects.raw(
            f"SELECT {columns}, {versions} FROM {meta.db_table} WHERE {meta.pk.column} = %s",  # noqa: S608 - our own names
            [user_id],
        )
        user = next(iter(users), None)
        return user if user is not None and self.user_can_authenticate(user) else None
