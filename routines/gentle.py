"""The gentle option for a bad day: a short breathing and relaxation routine.

Offered when the check-in says "better to rest today" and from the home page at any time.
Pure: the catalogue's rows as ``generator.Candidate``s and the person's screening outcome in,
the exercises with their (shortest) dosages out.

Guarantees, for every routine ``gentle_routine`` returns:

1. Nothing the person's rules avoid: no exercise whose ``exercises.safety.verdict`` is
   "avoid" for the outcome (whatever conditions the rules hold), and none with a specialist
   note; "take care" exercises only when no other breathing or relaxation exercise is left.
2. Gentle: only breathing and relaxation exercises at beginner level, needing nothing
   beyond a chair or a pillow, each at the shortest dose its source allows.
3. Short: breathing first (at most ``BREATHING_COUNT`` exercises), one relaxation to end
   with; without a suitable relaxation exercise, breathing alone.
4. Restful: the relaxation is a supported rest (lying with a pillow first), never a held
   head-down bend such as child's pose, which suits a good day better than a bad one.
5. Fits the reason: after "weak or dizzy" (``weak=True``) only seated or lying exercises,
   no breath-holds and nothing head-down, so nothing can bring on a faint or a fall.
"""

from __future__ import annotations

from dataclasses import replace

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext, gettext_lazy

from exercises.safety import CLEAR, Outcome, verdict
from routines.generator import Candidate, GeneratedItem, NoRoutinePossible

CATEGORIES = ("breathing", "relaxation")
HOME_EQUIPMENT = frozenset({"chair", "pillow"})
# Not on a bad day: a held bend with the head low is not a rest (child's pose).
NOT_RESTFUL = frozenset({"head-down", "sustained-flexion", "inversion"})
# After "weak or dizzy": seated or lying only, no breath-holds, nothing head-down.
WEAK_POSITIONS = frozenset({"sitting", "lying-back", "side-lying"})
NOT_WHEN_WEAK = frozenset({"breath-hold", "head-down", "inversion"})
BREATHING_COUNT = 2
NAME = gettext_lazy("Gentle day: breathing and relaxation")


def names() -> dict[str, str]:
    """The gentle routine's name in every language, by language code: the app names it, so
    each language's column gets its own words (a name the person typed goes in all of them,
    see ``Routine.save``)."""
    found = {}
    for code, _language in settings.LANGUAGES:
        with translation.override(code):
            found[code] = str(NAME)
    return found


def _shortest(candidate: Candidate):
    dosage = candidate.dosage
    if candidate.seconds_range is not None:
        dosage = replace(dosage, seconds=candidate.seconds_range[0])
    if candidate.reps_range is not None:
        dosage = replace(dosage, reps=candidate.reps_range[0])
    if candidate.sets_range is not None:
        dosage = replace(dosage, sets=candidate.sets_range[0])
    return dosage


def suitable(exercise, outcome: Outcome, *, weak: bool = False) -> bool:
    """May this exercise (a Candidate or an Exercise) be in the person's gentle routine,
    for someone who feels weak or dizzy when ``weak``?"""
    tags = set(exercise.tags)
    return (
        exercise.category in CATEGORIES
        and exercise.difficulty == 1
        and set(exercise.equipment) <= HOME_EQUIPMENT
        and not (exercise.category == "relaxation" and tags & NOT_RESTFUL)
        and not (weak and (exercise.position not in WEAK_POSITIONS or tags & NOT_WHEN_WEAK))
        and not getattr(exercise, "specialist", False)
        and not verdict(exercise.category, exercise.tags, outcome).not_for_you
    )


def is_gentle(exercises, outcome: Outcome, *, weak: bool = False) -> bool:
    """True when every exercise could be in the gentle routine: what lets a "rest today"
    check-in through. A gentle routine the person has since edited in the builder does not
    pass until it is rebuilt."""
    exercises = list(exercises)
    return bool(exercises) and all(suitable(exercise, outcome, weak=weak) for exercise in exercises)


def _safest_first(pool: list[Candidate], outcome: Outcome) -> list[Candidate]:
    """ "Ok" exercises before "take care" ones; supported by a pillow or a chair before
    unsupported; shorter before longer; then by slug, so the same catalogue and rules always
    give the same routine."""
    return sorted(
        pool,
        key=lambda c: (
            verdict(c.category, c.tags, outcome).take_care,
            not c.equipment,
            _shortest(c).total_seconds(),
            c.slug,
        ),
    )


def gentle_routine(
    candidates: list[Candidate], outcome: Outcome = CLEAR, *, weak: bool = False
) -> list[GeneratedItem]:
    """The bad-day routine for this outcome (and for feeling weak or dizzy, when ``weak``);
    NoRoutinePossible when nothing suits."""
    pool = [c for c in candidates if suitable(c, outcome, weak=weak)]
    breathing = _safest_first([c for c in pool if c.category == "breathing"], outcome)
    relaxation = _safest_first([c for c in pool if c.category == "relaxation"], outcome)
    chosen = breathing[:BREATHING_COUNT] + relaxation[:1]
    if not chosen:
        raise NoRoutinePossible(
            gettext(
                "No breathing or relaxation exercise suits your safety check, so there is no "
                "gentle routine for you. Rest today, and ask your doctor which exercises are "
                "safe for you."
            )
        )
    return [GeneratedItem(c.slug, _shortest(c)) for c in chosen]


# The check-in answers after which the gentle routine is still offered: each means "better
# to rest today", not "get help". Any other answer (a red flag a later check-in may ask
# about) stops everything, the gentle routine included.
REST_ANSWERS = frozenset({"unwell", "new_pain", "weak"})


def allows_gentle(check_in) -> bool:
    """True when every "yes" in the check-in is a reason to rest, none a reason to get help."""
    return all(name in REST_ANSWERS for name, yes in check_in.as_dict().items() if yes)
