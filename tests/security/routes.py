"""The URL configuration as data: every route with its full pattern, name and parameters.

The security tests parametrize over this list rather than over a hand-kept one, so a URL
added to any urls.py is picked up (and, for an object URL, must be given a test).
"""

from dataclasses import dataclass

from django.urls import URLResolver, get_resolver


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
