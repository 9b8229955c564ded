from django.utils import timezone


class UserTimezoneMiddleware:
    """Show every date in the logged-in user's own time zone.

    The zone is active for this request only (``timezone.override``): a zone left active
    would leak into whatever runs next on the thread (the next request, the next test).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        zone = user.zone if user is not None and user.is_authenticated else None
        with timezone.override(zone):
            return self.get_response(request)
