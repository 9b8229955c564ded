"""The signed-in user of a request, without a query of its own when the session brought it.

``accounts.sessions`` reads the session row with its user. ``get_user`` takes that user when
it is exactly what ``django.contrib.auth.get_user`` would return: the session names the same
user and the model backend, the user may log in, and the session's password hash matches.
Anything else (no user, another backend, a hash that needs the fallback secrets or fails)
goes to Django's own ``get_user``, which queries and handles it as usual.
"""

from django.conf import settings
from django.contrib import auth
from django.contrib.auth import middleware
from django.contrib.auth.backends import ModelBackend
from django.utils.crypto import constant_time_compare
from django.utils.functional import SimpleLazyObject

MODEL_BACKEND = "django.contrib.auth.backends.ModelBackend"


def get_user(request):
    session = request.session
    try:
        user_id = session[auth.SESSION_KEY]
        backend_path = session[auth.BACKEND_SESSION_KEY]
    except KeyError:
        return auth.get_user(request)
    user = getattr(session, "user", None)
    session_hash = session.get(auth.HASH_SESSION_KEY)
    if (
        user is not None
        and backend_path == MODEL_BACKEND
        and backend_path in settings.AUTHENTICATION_BACKENDS
        and user.pk == user._meta.pk.to_python(user_id)
        and ModelBackend().user_can_authenticate(user)
        and session_hash
        and constant_time_compare(session_hash, user.get_session_auth_hash())
    ):
        return user
    return auth.get_user(request)


class AuthenticationMiddleware(middleware.AuthenticationMiddleware):
    """Django's, with ``get_user`` above."""

    def process_request(self, request):
        super().process_request(request)

        def cached_user():
            if not hasattr(request, "_cached_user"):
                request._cached_user = get_user(request)
            return request._cached_user

        request.user = SimpleLazyObject(cached_user)
