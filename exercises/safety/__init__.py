"""Safety rules: which exercises are not for a person, or need care, and when to stop.

Pure functions over plain data, tested without a database. ``Rule`` is one condition's rule
(loaded from exercises/safety/conditions.toml into ``Condition`` rows); ``evaluate`` turns a
person's answers into an ``Outcome``; ``verdict`` says what that outcome means for one
exercise. The catalogue, the exercise page, the builder, the generator and the player all
call these same functions.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

# The one vocabulary (labels in exercises/safety/vocabulary.py): a condition's rule outcome is
# urgent, stop or restrict; a person's level after a check is urgent, stop, restricted or clear.
# urgent: get emergency care now; soon: see a doctor today or within 24 hours; stop: see a
# doctor before exercising. Urgent and soon are never lifted by a clearance, only by a new check.
URGENT, SOON, STOP, RESTRICT = "urgent", "soon", "stop", "restrict"
RESTRICTED, CLEAR_LEVEL = "restricted", "clear"
BLOCKING = (URGENT, SOON, STOP)
NOT_CLEARABLE = (URGENT, SOON)
AGE_UNDER_16, AGE_OVER_70 = "age-under-16", "age-over-70"
# "New back pain" is a red flag when it starts under 20 or over 50: derived, never asked.
NEW_BACK_PAIN, NEW_BACK_PAIN_AGE = "new-back-pain", "new-back-pain-age"
# A STarT Back-style set: its answers are scored, not rules. Three or more of the four give
# the derived "startback-high-risk", which steers to a physiotherapist and restricts nothing.
STARTBACK_ITEMS = (
    "startback-bothersome",
    "startback-worry",
    "startback-fear",
    "startback-low-mood",
)
STARTBACK_HIGH_RISK = "startback-high-risk"
STARTBACK_THRESHOLD = 3
DERIVED = (AGE_UNDER_16, AGE_OVER_70, NEW_BACK_PAIN_AGE, STARTBACK_HIGH_RISK)


@dataclass(frozen=True)
class Rule:
    slug: str
    label: str
    outcome: str  # urgent | soon | stop | restrict
    advice: str = ""
    avoid_categories: frozenset[str] = frozenset()
    avoid_tags: frozenset[str] = frozenset()
    caution_categories: frozenset[str] = frozenset()
    caution_tags: frozenset[str] = frozenset()

    @property
    def restricts(self) -> bool:
        """Whether the rule changes anything: a block, or a list of what to avoid or take
        care with. A "restrict" rule that lists nothing is advice only."""
        return self.outcome != RESTRICT or bool(
            self.avoid_categories or self.avoid_tags or self.caution_categories or self.caution_tags
        )


@dataclass(frozen=True)
class Outcome:
    """The result of a screening. ``level`` is urgent, soon, stop, restricted or clear."""

    level: str
    rules: tuple[Rule, ...] = ()

    @property
    def blocks_exercise(self) -> bool:
        return self.level in BLOCKING

    @property
    def needs_doctor_now(self) -> bool:
        """Urgent or soon: warning signs that only a new check lifts, never a clearance."""
        return self.level in NOT_CLEARABLE

    @property
    def clearable(self) -> bool:
        """A clearance may be recorded: the check asks for a doctor first (stop), and none of
        its answers is a warning sign that needs a doctor now or today."""
        return self.level == STOP

    @property
    def conditions(self) -> list[str]:
        return [rule.slug for rule in self.rules]

    def rules_with(self, outcome: str) -> list[Rule]:
        return [rule for rule in self.rules if rule.outcome == outcome]

    @property
    def blocking(self) -> list[str]:
        """The stop conditions: what a doctor's clearance covers (urgent and soon ones are
        never cleared, only answered afresh by a new check)."""
        return [rule.slug for rule in self.rules if rule.outcome == STOP]


CLEAR = Outcome(CLEAR_LEVEL)


@dataclass(frozen=True)
class SafetyProfile:
    """A person's safety profile: the outcome of their screening in force, if any.

    ``accounts`` builds it from the newest screening and attaches it to each request as
    ``request.safety``; pages read it with ``profile_of(request)``.
    """

    outcome: Outcome = CLEAR
    screening: object | None = None  # exercises.safety.models.Screening
    cleared: bool = False  # a doctor's clearance is recorded
    expired: bool = False  # the check is older than it stays in force: take it again
    # The urgent/stop conditions that clearance covers (recorded with it).
    cleared_conditions: frozenset[str] = frozenset()

    @property
    def screened(self) -> bool:
        return self.screening is not None

    # Yes answers old enough to be asked again (exercises/safety/timing.py).
    stale: tuple[str, ...] = ()

    @property
    def urgent(self) -> bool:
        """A warning sign that needs a doctor now or today (urgent or soon): the banner on
        every page, no clearance."""
        return self.screened and self.outcome.level in NOT_CLEARABLE

    @property
    def emergency(self) -> bool:
        return self.screened and self.outcome.level == URGENT

    @property
    def not_cleared(self) -> list[Rule]:
        """The urgent or stop conditions no recorded clearance covers. A clearance covers the
        conditions it was recorded for, so one that becomes "stop" later (a corrected rule,
        a derived red flag) blocks again until a doctor has seen the person about it."""
        covered = self.cleared_conditions if self.cleared else frozenset()
        # A warning sign that needs a doctor now or today is never covered (a clearance
        # recorded for one before this rule is ignored).
        return [
            r
            for r in self.outcome.rules
            if r.outcome in NOT_CLEARABLE or (r.outcome == STOP and r.slug not in covered)
        ]

    @property
    def blocks_playing(self) -> bool:
        """Urgent, soon or stop outcomes block playing and generating routines until a new
        screening, or (for stop) a doctor's clearance that covers every one of them, is
        recorded; an expired check, or one with answers to be asked again, blocks until a
        new one."""
        if not self.screened:
            return False
        return self.expired or bool(self.stale) or bool(self.not_cleared)


NO_PROFILE = SafetyProfile()


def profile_of(request) -> SafetyProfile:
    return getattr(request, "safety", NO_PROFILE)


def conditions_from_answers(answers: Mapping[str, bool], age: int | None) -> list[str]:
    """The condition slugs a person said yes to, plus those derived from their age: the age
    bands, and the red flag of new back pain under 20 or over 50; and the STarT Back-style
    answers scored into "startback-high-risk" (the items themselves are not rules). A derived
    slug given as an answer is ignored, so only the age or the score decides it."""
    slugs = [
        slug
        for slug, yes in answers.items()
        if yes and slug not in DERIVED and slug not in STARTBACK_ITEMS
    ]
    if sum(bool(answers.get(item)) for item in STARTBACK_ITEMS) >= STARTBACK_THRESHOLD:
        slugs.append(STARTBACK_HIGH_RISK)
    if age is not None and age < 16:
        slugs.append(AGE_UNDER_16)
    if age is not None and age > 70:
        slugs.append(AGE_OVER_70)
    if age is not None and answers.get(NEW_BACK_PAIN) and (age < 20 or age > 50):
        slugs.append(NEW_BACK_PAIN_AGE)
    return slugs


def evaluate(answers: Mapping[str, bool], age: int | None, rules: Mapping[str, Rule]) -> Outcome:
    """Answers (condition slug -> yes/no) and age, against the rules, give the outcome.

    Any emergency red flag makes it ``urgent``; any see-a-doctor-today one ``soon``; any
    stop condition ``stop``; any other condition that restricts something ``restricted``;
    none ``clear`` (advice-only rules, such as the physiotherapist advice of the STarT
    Back-style set, keep a clear result clear). Every matching rule is kept, so a stopped
    person who is later cleared by a doctor still has their restrictions, and advice-only
    rules are shown.
    """
    matched = tuple(rules[slug] for slug in conditions_from_answers(answers, age) if slug in rules)
    outcomes = {rule.outcome for rule in matched}
    if URGENT in outcomes:
        level = URGENT
    elif SOON in outcomes:
        level = SOON
    elif STOP in outcomes:
        level = STOP
    elif any(rule.restricts for rule in matched):
        level = RESTRICTED
    else:
        level = CLEAR_LEVEL
    return Outcome(level, matched)


@dataclass(frozen=True)
class Verdict:
    """What an outcome means for one exercise."""

    status: str  # "ok", "caution" or "avoid"
    reasons: tuple[Rule, ...] = field(default=())

    @property
    def not_for_you(self) -> bool:
        return self.status == "avoid"

    @property
    def take_care(self) -> bool:
        return self.status == "caution"

    @property
    def reason_labels(self) -> str:
        return "; ".join(rule.label for rule in self.reasons)


OK = Verdict("ok")


def verdict(category: str, tags: Iterable[str], outcome: Outcome) -> Verdict:
    """ "avoid" when one of the person's conditions avoids the exercise's category or one of
    its tags; otherwise "caution" when one cautions it; otherwise "ok"."""
    tags = set(tags)
    avoid = tuple(r for r in outcome.rules if category in r.avoid_categories or tags & r.avoid_tags)
    if avoid:
        return Verdict("avoid", avoid)
    caution = tuple(
        r for r in outcome.rules if category in r.caution_categories or tags & r.caution_tags
    )
    return Verdict("caution", caution) if caution else OK


def with_verdicts(exercises, outcome: Outcome):
    """Each exercise (anything with ``category`` and ``tags``) gets its ``verdict`` for this
    outcome; returns the exercises as a list, for pages that badge many at once."""
    exercises = list(exercises)
    for exercise in exercises:
        exercise.verdict = verdict(exercise.category, exercise.tags, outcome)
    return exercises


def excluded(outcome: Outcome) -> tuple[set[str], set[str]]:
    """The categories and tags that are not for this person, to filter a queryset."""
    categories: set[str] = set()
    tags: set[str] = set()
    for rule in outcome.rules:
        categories |= rule.avoid_categories
        tags |= rule.avoid_tags
    return categories, tags


CHECK_IN_QUESTIONS = {
    "unwell": "Do you have a fever, or feel ill today?",
    "new_pain": "Do you have new, sharp or worsening pain?",
    "weak": "Do you feel unusually weak or dizzy?",
    "nerves": (
        "Since your last session, have you noticed new numbness or weakness in your legs, "
        "numbness around your buttocks or genitals, or a change in bladder or bowel control?"
    ),
}


@dataclass(frozen=True)
class CheckIn:
    unwell: bool
    new_pain: bool
    weak: bool
    # A cauda equina warning sign since the last session: urgent advice, no gentle routine.
    nerves: bool = False

    @property
    def stops_session(self) -> bool:
        return self.unwell or self.new_pain or self.weak or self.nerves

    @property
    def needs_urgent_care(self) -> bool:
        return self.nerves

    def as_dict(self) -> dict[str, bool]:
        return {
            "unwell": self.unwell,
            "new_pain": self.new_pain,
            "weak": self.weak,
            "nerves": self.nerves,
        }
