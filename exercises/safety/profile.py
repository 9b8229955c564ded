"""The safety profile of the person making a request, from their newest screening.

The outcome is evaluated again with the current rules, so a corrected rule protects people
who screened before the correction on their next request; the outcome stored on the screening
records what they were told at the time. The evaluation is cached by the screening's answers
and age and the catalogue version, which the database moves on every write to a condition
(backcare/caching): the key says everything the outcome depends on. The person's current
screening is cached under their version, which every write to their screenings moves. A
check older than it stays in force still counts for what it avoids, but playing and
generating wait for a new check (``expired``).
"""

from __future__ import annotations

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext as _

from backcare.caching.pages import cached_value
from backcare.caching.versions import versions
from exercises.models import Condition
from exercises.safety import NO_PROFILE, SafetyProfile, evaluate, profile_of
from exercises.safety.models import Screening
from exercises.safety.questionnaire import VERSION
from exercises.safety.timing import in_force

SESSION_KEY = "screening_id"


def current_screening(request) -> Screening | None:
    """The newest screening the user has not ended (it may have expired)."""
    if request.user.is_authenticated:
        user = request.user
        return cached_value(
            "current-screening",
            user.pk,
            versions().of(user.pk),
            compute=lambda: Screening.objects.not_ended().filter(user=user).first(),
            seconds=24 * 60 * 60,
        )
    screening_id = request.session.get(SESSION_KEY)
    if screening_id is None:
        return None
    return Screening.objects.not_ended().filter(pk=screening_id, user__isnull=True).first()


def previous_screening(request) -> Screening | None:
    """The newest screening, ended or not: a re-take starts from its answers."""
    if request.user.is_authenticated:
        return request.user.screenings.first()
    screening_id = request.session.get(SESSION_KEY)
    if screening_id is None:
        return None
    return Screening.objects.filter(pk=screening_id, user__isnull=True).first()


def safety_profile(request) -> SafetyProfile:
    screening = current_screening(request)
    if screening is None:
        return NO_PROFILE
    answers, stale = answers_in_force(screening)
    # The page now shows this person's own check: private, even without an account
    # (backcare/headers.py).
    request.shows_own_check = True
    return SafetyProfile(
        outcome_of(screening, answers),
        screening,
        cleared=screening.cleared_at is not None,
        cleared_conditions=frozenset(screening.cleared_conditions),
        expired=screening.expired,
        stale=stale,
    )


def answers_in_force(screening: Screening, now=None) -> tuple[dict, tuple[str, ...]]:
    """The screening's answers that hold now (a "today" answer lapses, a pregnancy moves on
    with its due date) and those to be asked again (exercises/safety/timing.py)."""
    return in_force(
        screening.answers,
        screening.details or {},
        screening.created_at,
        now or timezone.now(),
    )


def outcome_of(screening: Screening, answers=None):
    """The screening's outcome under the current rules for the answers in force now,
    evaluated once per rules version, yes-answers and age. Clearance and expiry are not part
    of it: the profile reads them from the screening."""
    if answers is None:
        answers, _stale = answers_in_force(screening)
    # An outcome depends only on which answers are yes, and the age
    # (``conditions_from_answers``): the key names exactly those, and the evaluation is
    # given no more than the key names. Cheaper to make than a key of every answer, and
    # shared by everyone who answered the same.
    yes = sorted(slug for slug, said_yes in answers.items() if said_yes)
    return cached_value(
        "screening-outcome",
        yes,
        screening.age,
        compute=lambda: evaluate(
            dict.fromkeys(yes, True), screening.age, Condition.objects.rules()
        ),
        seconds=24 * 60 * 60,
    )


def record_screening(
    request, answers: dict[str, bool], age: int, details: dict | None = None
) -> Screening:
    """Save a completed check for the person making the request; an anonymous one is kept
    in their session until they sign up or log in. ``details`` holds dated answers (the
    pregnancy's due date)."""
    outcome = evaluate(answers, age, Condition.objects.rules())
    user = request.user if request.user.is_authenticated else None
    screening = Screening.objects.create(
        user=user,
        version=VERSION,
        answers=answers,
        age=age,
        outcome=outcome.level,
        conditions=outcome.conditions,
        details=details or {},
    )
    if user is None:
        request.session[SESSION_KEY] = screening.pk
    return screening


class SafetyProfileMiddleware:
    """Attach ``request.safety``, computed on first use, at most once per request."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.safety = SimpleLazyObject(lambda: safety_profile(request))
        return self.get_response(request)


def safety_notice(request):
    """Context processor for base.html's banner: an urgent result stays on every page until a
    new check; a paused one (stop without clearance, or expired) shows on routine pages.

    Costs at most the one query for the screening, which most pages make anyway (the profile
    is computed once per request); an anonymous visitor without a check costs none.
    """
    if not hasattr(request, "safety") or getattr(request, "database_unavailable", False):
        # The 503 page of an unreachable database (backcare/views.py) asks it nothing more.
        return {}
    profile = profile_of(request)
    if not profile.screened:
        return {}
    match = getattr(request, "resolver_match", None)
    if profile.urgent:
        if match is not None and match.view_name == "safety:result":
            return {}  # the result page says it in full
        return {"safety_notice": "urgent", "safety_profile": profile}
    if (
        profile.blocks_playing
        and match is not None
        and match.namespace == "routines"
        and match.view_name not in ("routines:play", "routines:generator")  # they say it all
    ):
        return {"safety_notice": "paused", "safety_profile": profile}
    return {}


def _waiting_screening(request):
    screening_id = request.session.get(SESSION_KEY)
    if screening_id is None:
        return None
    return Screening.objects.filter(pk=screening_id, user__isnull=True).first()


def describe_anonymous_screening(request, user) -> list[str]:
    """The anonymous check waiting in the session, and what keeping it would replace."""
    screening = _waiting_screening(request)
    if screening is None:
        return []
    taken = date_format(timezone.localtime(screening.created_at), "DATETIME_FORMAT")
    lines = [
        _("A safety check taken on %(when)s (result: %(outcome)s).")
        % {"when": taken, "outcome": screening.get_outcome_display()}
    ]
    own = Screening.objects.not_ended().filter(user=user).first()
    if own is not None:
        lines.append(
            _(
                "Your account has its own safety check from %(when)s: keeping the one above "
                "makes it your current check instead."
            )
            % {"when": date_format(timezone.localtime(own.created_at), "DATE_FORMAT")}
        )
    return lines


def attach_anonymous_screening(request, user) -> None:
    """The screening taken before signing up (or, when the person says so, before logging
    in) becomes the account's current check."""
    screening_id = request.session.pop(SESSION_KEY, None)
    if screening_id is not None:
        Screening.objects.filter(pk=screening_id, user__isnull=True).update(user=user)


def drop_anonymous_screening(request) -> None:
    """Not kept: the session forgets it; purge_anonymous deletes it after 30 days."""
    request.session.pop(SESSION_KEY, None)
