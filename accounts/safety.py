"""The safety profile of the person making a request, from their newest screening.

The outcome is evaluated again with the current rules on every use, so a corrected rule
protects people who screened before the correction; the outcome stored on the screening
records what they were told at the time.
"""

from __future__ import annotations

from django.utils.functional import SimpleLazyObject

from accounts.models import Screening
from exercises.models import Condition
from exercises.safety import NO_PROFILE, SafetyProfile, evaluate

SESSION_KEY = "screening_id"


def current_screening(request) -> Screening | None:
    if request.user.is_authenticated:
        return (
            Screening.objects.in_force().filter(user=request.user).order_by("-created_at").first()
        )
    screening_id = request.session.get(SESSION_KEY)
    if screening_id is None:
        return None
    return Screening.objects.in_force().filter(pk=screening_id, user__isnull=True).first()


def safety_profile(request) -> SafetyProfile:
    screening = current_screening(request)
    if screening is None:
        return NO_PROFILE
    outcome = evaluate(screening.answers, screening.age, Condition.objects.rules())
    return SafetyProfile(
        outcome,
        screening,
        cleared=screening.cleared_at is not None,
        cleared_conditions=frozenset(screening.cleared_conditions),
    )


class SafetyProfileMiddleware:
    """Attach ``request.safety``, computed on first use, at most once per request."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.safety = SimpleLazyObject(lambda: safety_profile(request))
        return self.get_response(request)


def attach_anonymous_screening(sender, request, user, **kwargs):
    """At log-in or sign-up, the screening taken before belongs to the account."""
    screening_id = request.session.pop(SESSION_KEY, None) if request else None
    if screening_id is not None:
        Screening.objects.filter(pk=screening_id, user__isnull=True).update(user=user)
