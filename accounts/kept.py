"""What a visitor did before logging in: an anonymous safety check, sessions played on a
trial. On a shared computer it may be someone else's, so it joins an account at sign-up (a
new account has nothing it could replace), and at log-in only when the person says so
(``accounts.views.keep_before_login``); an account's own check is never replaced silently.

The apps that keep such things in the browser's Django session register here in their
``AppConfig.ready`` (``register``), so this module imports none of them.
"""

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Kind:
    # Lines that say what is waiting for ``user`` in the request's session; [] when nothing.
    describe: Callable
    # Attach it to ``user`` and forget it in the session.
    keep: Callable
    # Forget it in the session (what it pointed to is purged with other anonymous data).
    drop: Callable


_KINDS: dict[str, Kind] = {}


def register(name: str, *, describe, keep, drop) -> None:
    _KINDS[name] = Kind(describe, keep, drop)


def waiting(request, user) -> list[str]:
    """What the request's session holds from before logging in, as lines for the question."""
    return [line for kind in _KINDS.values() for line in kind.describe(request, user)]


def keep_all(request, user) -> None:
    for kind in _KINDS.values():
        kind.keep(request, user)


def drop_all(request) -> None:
    for kind in _KINDS.values():
        kind.drop(request)
