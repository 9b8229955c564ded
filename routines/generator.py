"""Generate a routine for a person: pick exercises and dosages that fill the time asked for.

Pure: plain data in, plain data out, no database. The view turns the catalogue's rows into
``Candidate``s (``Candidate.from_row``), the person's choices into a ``Request`` and their
screening into an ``Outcome``; ``generate_routine`` returns the exercises with their
dosages, and ``plan_items`` turns those into the items ``routines.timeline.timed_plan`` plays.

Guarantees, for every routine ``generate_routine`` returns:

1. Safe and within reach: no exercise whose ``exercises.safety.verdict`` is "avoid" for the
   outcome; no exercise with a specialist note (a forward roll, the plough, hanging upside
   down, the Dikul hangs, board and loop traction: learned with a specialist first, never
   picked for a person); no traction exercise unless the person has a horizontal bar
   (traction needs a bar or special equipment and is not for a generated home routine
   otherwise); no
   exercise that needs equipment the person has not got (exercises needing nothing are
   always fine); no exercise harder than the person's level.
2. Shaped like a session, whatever the goal and focus: it opens with a warm-up and
   closes with something calm: a relaxation or breathing exercise.
3. The right length: ``routines.timeline.total_seconds`` of its plan, with the same
   get-ready and rest options, is within 10 % of the minutes asked for (inclusive). The
   time is met by choosing how many exercises to do and by scaling each dosage inside
   what its source allows (see "Dosages" below). An exercise is repeated only when the
   time cannot be filled otherwise.
4. Focused: exercises working the requested regions (or the whole spine) are preferred
   in the main part, and the goal decides which categories the main part is drawn from
   (``MAIN_MIX``). The main part is ordered by position so the person gets up and down as
   little as possible, while the draw favours positions not used yet.
5. Repeatable: the same candidates, request, outcome and options give the same routine;
   another ``Request.seed`` usually gives another selection.
6. Never long on the back when the rules say so: for a person whose rules avoid
   ``long-supine`` (pregnancy after 12 weeks) the caller passes ``supine_cap``; no exercise
   on the back then lasts longer than the cap with its get-ready, and where two follow each
   other past the cap the rest between them is taken on the side
   (``routines.timeline.side_rests``), counted in the time like any rest.
7. Honest when it cannot: ``NoRoutinePossible`` says in plain words what is missing
   (no opener or closer left after the safety check, level and equipment, or a time that
   cannot be met) and what to change.

Dosages: an amount the source gives as a range (hold seconds, repetitions, sets) may take
any value in that range, within ``exercises.dosage.BOUNDS``. An amount the source gives as
a single value stays as given: the source says nothing about holding that stretch longer
or shorter. Holds and repetitions may be repeated for up to ``MAX_SETS`` sets; a timed
exercise is one continuous bout and keeps its sets unless the source gives a range.

What the generator does not decide: whether the person may exercise at all. An urgent or
stop outcome without a doctor's clearance blocks playing (``SafetyProfile.blocks_playing``);
the caller checks that. The outcome's restrictions apply here either way.
"""

from __future__ import annotations

import itertools
import random
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import ClassVar

from django.utils.translation import gettext_lazy as _

from exercises.dosage import BOUNDS, Dosage
from exercises.models import DESCRIPTION_FIELDS, DOSAGE_FIELDS
from exercises.safety import CLEAR, Outcome, verdict
from routines.timeline import PlanItem, side_rest_seconds, side_rests

# What a person may ask for; the generator's form offers exactly these.
GOALS = {
    "relieve": _("Relieve tension"),
    "stretch": _("Stretch"),
    "strengthen": _("Strengthen"),
    "warm-up": _("Warm up"),
}
MIN_MINUTES, MAX_MINUTES = 5, 45
LEVELS = (1, 2, 3)
# Equipment a person may have at home; boards, neck loops and "other" are for specialists.
HOME_EQUIPMENT = ("mat", "chair", "wall", "strap", "pillow", "bar")
MAX_SETS = 3
# Hold seconds are offered in steps of 5 s when the range is wide: "hold 35 s" reads
# better than "hold 37 s", and the time still fits to within a few seconds.
SECONDS_STEP = 5
# The opener and the closer each take at most this share of the time, where possible.
BOOKEND_SHARE = 0.25
# Each attempt draws a new opener, closer and main part; most requests fit at the first.
ATTEMPTS = 12

# Who may open and close a routine, and how strongly each category is preferred. Every
# routine starts with a warm-up and ends calm: a stretch or mobility exercise is part of the
# main work, not a way to warm up or to wind down.
OPENER_WEIGHTS = {"warm-up": 1}
CLOSER_WEIGHTS = {"relaxation": 3, "breathing": 2}

# What the main part is drawn from for each goal (category -> weight). Categories not
# listed join only when the listed ones have run out.
MAIN_MIX = {
    "relieve": {"mobility": 3, "stretch": 3, "relaxation": 1, "breathing": 1},
    "stretch": {"stretch": 6, "mobility": 1, "traction": 1},
    "strengthen": {"strengthen": 4, "mobility": 2},
    "warm-up": {"warm-up": 3, "mobility": 3},
}
# A routine to relieve pain is gentle: its main part uses beginner exercises first.
GENTLE_GOALS = {"relieve"}

# Focus: an exercise for a requested region counts most, one for the whole spine helps too.
FOCUS_WEIGHT, WHOLE_SPINE_WEIGHT = 4, 2
# "Take care" exercises are allowed but drawn less often.
CAUTION_WEIGHT = 0.5

# The order positions come in, from standing down to the floor, so the main part gets up
# and down as little as possible.
POSITION_FLOW = (
    "standing",
    "hanging",
    "sitting",
    "kneeling",
    "lying-front",
    "side-lying",
    "lying-back",
)

# Why an exercise cannot be in a person's routine, and how the messages say it (one, many).
NOT_FOR_YOU, ABOVE_LEVEL, NEEDS_EQUIPMENT, NEEDS_BAR = "safety", "level", "equipment", "bar"
NEEDS_SPECIALIST = "specialist"
REASON_WORDS = {
    NOT_FOR_YOU: (
        "is not for you after your safety check",
        "are not for you after your safety check",
    ),
    ABOVE_LEVEL: ("is above your level", "are above your level"),
    NEEDS_EQUIPMENT: ("needs equipment you have not ticked", "need equipment you have not ticked"),
    NEEDS_BAR: (
        "is traction, which needs a horizontal bar",
        "are traction, which needs a horizontal bar",
    ),
    NEEDS_SPECIALIST: (
        "is learned with a specialist first",
        "are learned with a specialist first",
    ),
}


@dataclass(frozen=True)
class Candidate:
    """One exercise as plain data, with the ranges its source allows for the dosage."""

    slug: str
    name: str
    category: str
    regions: frozenset[str]
    position: str
    equipment: frozenset[str]
    difficulty: int
    tags: frozenset[str]
    dosage: Dosage
    # Needs a specialist (the exercise's ``specialist`` note is not empty): never generated.
    specialist: bool = False
    # The longest this exercise may last here (``supine_cap``); None: what its source allows.
    max_seconds: int | None = None
    seconds_range: tuple[int, int] | None = None
    reps_range: tuple[int, int] | None = None
    sets_range: tuple[int, int] | None = None

    # The exercise fields ``from_row`` reads, for ``Exercise.objects.values(*FIELDS)``.
    FIELDS: ClassVar[tuple[str, ...]] = (*DESCRIPTION_FIELDS, "specialist", *DOSAGE_FIELDS)

    @classmethod
    def from_row(cls, row: Mapping) -> Candidate:
        """From a ``read_catalogue()`` dict or an Exercise's field values."""

        def span(name):
            low, high = row.get(f"{name}_min"), row.get(f"{name}_max")
            return (low, high) if low is not None and high is not None else None

        return cls(
            slug=row["slug"],
            name=row["name"],
            category=row["category"],
            regions=frozenset(row.get("regions") or ()),
            position=row["position"],
            equipment=frozenset(row.get("equipment") or ()),
            difficulty=int(row["difficulty"]),
            tags=frozenset(row.get("tags") or ()),
            dosage=Dosage(
                mode=row["mode"],
                seconds=row.get("seconds", 0),
                reps=row.get("reps", 1),
                seconds_per_rep=row.get("seconds_per_rep", 0),
                sets=row.get("sets", 1),
                per_side=bool(row.get("per_side", False)),
                rest_seconds=row.get("rest_seconds", 0),
            ),
            specialist=bool(row.get("specialist")),
            seconds_range=span("seconds"),
            reps_range=span("reps"),
            sets_range=span("sets"),
        )


@dataclass(frozen=True)
class Request:
    """What the person asks for. ``regions`` empty means the whole back; ``equipment`` is
    what they have."""

    minutes: int
    level: int
    regions: frozenset[str] = frozenset()
    goal: str = "relieve"
    equipment: frozenset[str] = frozenset()
    seed: int = 0

    def __post_init__(self):
        if not MIN_MINUTES <= self.minutes <= MAX_MINUTES:
            raise ValueError(
                f"minutes must be between {MIN_MINUTES} and {MAX_MINUTES}, not {self.minutes}"
            )
        if self.level not in LEVELS:
            raise ValueError(f"level must be 1, 2 or 3, not {self.level!r}")
        if self.goal not in GOALS:
            raise ValueError(f"goal must be one of {sorted(GOALS)}, not {self.goal!r}")
        # Accept lists from a form; the frozen dataclass keeps sets.
        object.__setattr__(self, "regions", frozenset(self.regions))
        object.__setattr__(self, "equipment", frozenset(self.equipment))


@dataclass(frozen=True)
class GeneratedItem:
    slug: str
    dosage: Dosage


class NoRoutinePossible(ValueError):
    """The request cannot be met; the message says in plain words what to change."""


# --- The public functions ------------------------------------------------------------------


def generate_routine(
    candidates: list[Candidate],
    request: Request,
    *,
    outcome: Outcome = CLEAR,
    get_ready_seconds: int = 5,
    rest_between_seconds: int = 15,
    supine_cap: int | None = None,
) -> list[GeneratedItem]:
    """A routine for ``request`` from ``candidates``; see the module docstring."""
    if get_ready_seconds < 0 or rest_between_seconds < 0:
        raise ValueError("get-ready and rest seconds cannot be negative")
    timing = _Timing(request.minutes * 60, get_ready_seconds, rest_between_seconds, supine_cap)
    # Sorted by slug, so the result does not depend on the order the caller passed.
    pool = sorted(candidates, key=lambda c: c.slug)
    if supine_cap is not None:
        # On the back, each exercise with its get-ready stays within the cap; one that cannot
        # be made that short is left out.
        pool = [
            replace(c, max_seconds=supine_cap - get_ready_seconds) if _supine(c) else c
            for c in pool
        ]
    eligible = [c for c in pool if _exclusion(c, request, outcome) is None and _ladder(c)]
    openers = [c for c in eligible if _opens(c)]
    closers = [c for c in eligible if _closes(c)]
    if not openers:
        raise NoRoutinePossible(
            _nothing_suits(
                "warm-up", "could start a routine", [c for c in pool if _opens(c)], request, outcome
            )
        )
    if not closers:
        raise NoRoutinePossible(
            _nothing_suits(
                "calm exercise to end with",
                "could end a routine",
                [c for c in pool if _closes(c)],
                request,
                outcome,
            )
        )

    builder = _Builder(request, outcome, timing, random.Random(request.seed))
    preferred, fallback = _main_pools(eligible, request.goal)
    for allow_repeats in (False, True):
        for _attempt in range(ATTEMPTS):
            routine = builder.try_routine(openers, closers, preferred, fallback, allow_repeats)
            if routine is not None:
                return routine
    raise NoRoutinePossible(
        f"A {request.minutes}-minute routine cannot be made from the {len(eligible)} "
        "exercises that suit your safety check, level and equipment. Try another length, "
        "or tick more equipment or a higher level."
    )


def plan_items(
    generated: Iterable[GeneratedItem], candidates_by_slug: Mapping[str, Candidate]
) -> list[PlanItem]:
    """The generated routine as items for ``routines.timeline.timed_plan``. ``candidates_by_slug``
    may hold anything with a ``name`` and a ``category`` (Candidates or Exercises)."""
    items = []
    for item in generated:
        exercise = candidates_by_slug[item.slug]
        items.append(
            PlanItem(
                slug=item.slug,
                name=exercise.name,
                category=exercise.category,
                dosage=item.dosage,
                supine="supine" in exercise.tags,
            )
        )
    return items


# --- Who may be in a routine, and where ---------------------------------------------------


def _exclusion(candidate: Candidate, request: Request, outcome: Outcome) -> str | None:
    """Why the candidate cannot be in this person's routine at all, or None."""
    if verdict(candidate.category, candidate.tags, outcome).not_for_you:
        return NOT_FOR_YOU
    if candidate.specialist:
        return NEEDS_SPECIALIST
    if candidate.difficulty > request.level:
        return ABOVE_LEVEL
    if not candidate.equipment <= request.equipment:
        return NEEDS_EQUIPMENT
    if candidate.category == "traction" and "bar" not in request.equipment:
        return NEEDS_BAR
    return None


def _supine(candidate: Candidate) -> bool:
    return "supine" in candidate.tags


def _opens(candidate: Candidate) -> bool:
    return candidate.category in OPENER_WEIGHTS


def _closes(candidate: Candidate) -> bool:
    return candidate.category in CLOSER_WEIGHTS


def _main_pools(eligible: list[Candidate], goal: str) -> tuple[list[Candidate], list[Candidate]]:
    """The main part's first choice for the goal, and what may join once that runs out."""
    mix = MAIN_MIX[goal]

    def preferred(c: Candidate) -> bool:
        return c.category in mix and (goal not in GENTLE_GOALS or c.difficulty == 1)

    return [c for c in eligible if preferred(c)], [c for c in eligible if not preferred(c)]


def _nothing_suits(
    role: str, does: str, role_candidates: list[Candidate], request: Request, outcome: Outcome
) -> str:
    """A plain message saying why no exercise is left for a role, and what to change."""
    if not role_candidates:
        return f"The catalogue has no {role}, so no routine can be made."
    reasons = {c.slug: _exclusion(c, request, outcome) for c in role_candidates}
    counts = Counter(reasons.values())
    missing = sorted(
        {e for c in role_candidates if reasons[c.slug] == NEEDS_EQUIPMENT for e in c.equipment}
        - request.equipment
    )
    parts = []
    for reason, (one, many) in REASON_WORDS.items():
        if counts[reason]:
            detail = f" ({', '.join(missing)})" if reason == NEEDS_EQUIPMENT else ""
            parts.append(f"{counts[reason]} {one if counts[reason] == 1 else many}{detail}")
    advice = []
    if counts[NEEDS_EQUIPMENT] or counts[NEEDS_BAR]:
        advice.append("tick the equipment you have")
    if counts[ABOVE_LEVEL]:
        advice.append("choose a higher level")
    if counts[NOT_FOR_YOU]:
        advice.append("ask your doctor which exercises are safe for you")
    total = len(role_candidates)
    return (
        f"No {role} suits your safety check, level and equipment: of the {total} "
        f"{'exercise' if total == 1 else 'exercises'} that {does}, {_and(parts)}. "
        f"To get a routine, {' or '.join(advice)}."
    )


def _and(parts: list[str]) -> str:
    return parts[0] if len(parts) == 1 else f"{', '.join(parts[:-1])} and {parts[-1]}"


# --- Time ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Timing:
    """The time asked for, and the routine's total for given exercise durations.

    The total mirrors ``routines.timeline.timed_plan``: a get-ready before every exercise and a
    rest between exercises."""

    target: int
    get_ready: int
    rest_between: int
    supine_cap: int | None = None

    @property
    def low(self) -> int:
        return self.target * 9 // 10  # the target is whole minutes, so this is exact

    @property
    def high(self) -> int:
        return self.target * 11 // 10

    @property
    def per_item(self) -> int:
        """What one more exercise adds besides its own time."""
        return self.get_ready + self.rest_between

    def total(self, durations: Iterable[int], supine: Iterable[bool] | None = None) -> int:
        """The routine's time; with ``supine`` (which exercises are on the back, in the
        routine's order) also the longer rests taken on the side under ``supine_cap``."""
        durations = list(durations)
        if not durations:
            return 0
        total = (
            sum(durations)
            + len(durations) * self.get_ready
            + (len(durations) - 1) * (self.rest_between)
        )
        if supine is not None and self.supine_cap is not None:
            breaks = side_rests(
                durations,
                list(supine),
                get_ready_seconds=self.get_ready,
                rest_between_seconds=self.rest_between,
                cap=self.supine_cap,
            )
            total += sum(breaks) * (side_rest_seconds(self.rest_between) - self.rest_between)
        return total

    def fits(self, total: int) -> bool:
        return self.low <= total <= self.high


@dataclass(frozen=True)
class _Option:
    seconds: int
    dosage: Dosage


@lru_cache(maxsize=4096)
def _ladder(candidate: Candidate) -> tuple[_Option, ...]:
    """Every duration the source allows for this exercise, shortest first, each with the
    dosage closest to the default that lasts that long (same sets first, then same reps)."""
    default = candidate.dosage
    best: dict[int, tuple[tuple[int, int, int], Dosage]] = {}
    for dosage in _allowed_dosages(candidate):
        seconds = dosage.total_seconds()
        distance = (
            abs(dosage.sets - default.sets),
            abs(dosage.reps - default.reps),
            abs(dosage.seconds - default.seconds),
        )
        if seconds not in best or distance < best[seconds][0]:
            best[seconds] = (distance, dosage)
    limit = candidate.max_seconds
    return tuple(
        _Option(seconds, best[seconds][1])
        for seconds in sorted(best)
        if limit is None or seconds <= limit
    )


def _allowed_dosages(candidate: Candidate) -> Iterable[Dosage]:
    default = candidate.dosage
    if default.mode in ("hold", "timed"):
        bounds = BOUNDS["hold_seconds" if default.mode == "hold" else "timed_seconds"]
        seconds = _amounts(default.seconds, candidate.seconds_range, bounds, SECONDS_STEP)
    else:
        seconds = [default.seconds]
    if default.mode in ("hold", "reps"):
        reps = _amounts(default.reps, candidate.reps_range, BOUNDS["reps"], 1)
    else:
        reps = [default.reps]
    for hold, count, sets in itertools.product(seconds, reps, _sets(candidate)):
        yield replace(default, seconds=hold, reps=count, sets=sets)


def _amounts(default: int, span: tuple[int, int] | None, bounds, step: int) -> list[int]:
    """The values an amount may take: any in the source's range, else the given value."""
    if span is None:
        return [_clamp(default, *bounds)]
    low, high = max(span[0], bounds[0]), min(span[1], bounds[1])
    if high - low <= 2 * step:
        step = 1  # a narrow range: every value counts
    values = {low, high, _clamp(default, low, high)}
    values.update(range(low + (-low) % step, high + 1, step))
    return sorted(values)


def _sets(candidate: Candidate) -> list[int]:
    """Sets within the source's range (at most MAX_SETS); holds and repetitions without a
    range may be repeated up to MAX_SETS times; a timed bout keeps its sets."""
    default = candidate.dosage
    if candidate.sets_range is not None:
        low, high = candidate.sets_range
    elif default.mode == "timed":
        return [default.sets]
    else:
        low, high = 1, MAX_SETS
    high = min(high, MAX_SETS)
    return list(range(min(low, high), high + 1))


def _clamp(value: int, low: int, high: int) -> int:
    return max(low, min(value, high))


@lru_cache(maxsize=4096)
def _default_step(candidate: Candidate) -> int:
    """Where the exercise's own default dosage sits on its ladder (or the nearest step)."""
    ladder = _ladder(candidate)
    for index, option in enumerate(ladder):
        if option.dosage == candidate.dosage:
            return index
    wanted = candidate.dosage.total_seconds()
    return min(range(len(ladder)), key=lambda index: abs(ladder[index].seconds - wanted))


def _default_seconds(candidate: Candidate) -> int:
    return _ladder(candidate)[_default_step(candidate)].seconds


def _shortest(candidate: Candidate) -> int:
    return _ladder(candidate)[0].seconds


def _longest(candidate: Candidate) -> int:
    return _ladder(candidate)[-1].seconds


def _fit_dosages(items: list[Candidate], timing: _Timing) -> list[Dosage] | None:
    """Scale the dosages, one step at a time inside what each source allows, until the
    routine lasts the time asked for; None when these exercises cannot."""
    ladders = [_ladder(c) for c in items]
    steps = [_default_step(c) for c in items]
    defaults = [max(_default_seconds(c), 1) for c in items]
    supine = [_supine(c) for c in items]

    def total_at(steps) -> int:
        return timing.total(
            (ladder[step].seconds for ladder, step in zip(ladders, steps, strict=True)), supine
        )

    # Each step moves one dosage towards the window; the rests on the side (supine_cap) can
    # make a total jump, so the walk is bounded.
    for _move in range(sum(len(ladder) for ladder in ladders) + 1):
        total = total_at(steps)
        if timing.fits(total):
            return [ladder[step].dosage for ladder, step in zip(ladders, steps, strict=True)]
        grow = total < timing.low
        best = None
        for index, (ladder, step) in enumerate(zip(ladders, steps, strict=True)):
            new_step = step + 1 if grow else step - 1
            if not 0 <= new_step < len(ladder):
                continue
            new_total = total_at([*steps[:index], new_step, *steps[index + 1 :]])
            # A step that jumps right over the window does not help.
            if (grow and new_total > timing.high) or (not grow and new_total < timing.low):
                continue
            # Spread the change: grow the exercise stretched least so far, shrink the one
            # stretched most, so no single exercise ends up far from its usual dose.
            stretch = ladder[step].seconds / defaults[index]
            key = stretch if grow else -stretch
            if best is None or key < best[0]:
                best = (key, index, new_step)
        if best is None:
            return None
        _key, index, new_step = best
        steps[index] = new_step
    return None


# --- Choosing the exercises ----------------------------------------------------------------


@dataclass
class _Builder:
    request: Request
    outcome: Outcome
    timing: _Timing
    rng: random.Random

    def try_routine(self, openers, closers, preferred, fallback, allow_repeats):
        """One attempt: an opener, a closer, a main part that fills the time, dosages that
        fit it. None when this draw cannot be made to fit."""
        opener, closer = self._opener_and_closer(openers, closers)
        mains = self._fill_main(opener, closer, preferred, fallback)
        while True:
            items = [opener, *self._ordered(mains, opener, closer), closer]
            dosages = _fit_dosages(items, self.timing)
            if dosages is not None:
                return [GeneratedItem(c.slug, d) for c, d in zip(items, dosages, strict=True)]
            # Too short even at the longest dosages: one more exercise may do it. Only here
            # may an exercise come back, so a repeat is added only when nothing else helps.
            longest = self.timing.total((_longest(c) for c in items), map(_supine, items))
            if longest >= self.timing.low:
                return None
            extra = self._pick_main(
                opener, closer, mains, preferred, fallback, allow_repeats, room=None
            )
            if extra is None:
                return None
            mains.append(extra)

    def _opener_and_closer(self, openers, closers):
        # The two must fit the time together at their shortest.
        shortest_closer = min(_shortest(c) for c in closers)
        fitting_openers = [
            o
            for o in openers
            if self.timing.total([_shortest(o), shortest_closer]) <= self.timing.high
        ]
        if not fitting_openers:
            raise NoRoutinePossible(
                f"{self.request.minutes} minutes is too short for a warm-up and a calm finish "
                "with the get-ready and rest times you chose. Choose a longer routine or "
                "shorter rests."
            )
        opener = self._pick(self._modest(fitting_openers), lambda c: OPENER_WEIGHTS[c.category])
        fitting_closers = [c for c in closers if self._fits_shortest([opener, c])]
        closer = self._pick(self._modest(fitting_closers), lambda c: CLOSER_WEIGHTS[c.category])
        return opener, closer

    def _modest(self, pool: list[Candidate]) -> list[Candidate]:
        """Openers and closers that leave most of the time to the main part: at their usual
        dose at most a quarter of the routine (a ten-minute rest ends a 45-minute routine,
        not a 15-minute one). When none is that short, any that fits."""
        limit = self.timing.target * BOOKEND_SHARE
        return [c for c in pool if _default_seconds(c) <= limit] or pool

    def _fits_shortest(self, items: list[Candidate]) -> bool:
        return self.timing.total(_shortest(c) for c in items) <= self.timing.high

    def _fill_main(self, opener, closer, preferred, fallback) -> list[Candidate]:
        """Add main exercises at their usual dose while that brings the total closer to the
        time asked for; the dosages are scaled afterwards."""
        mains: list[Candidate] = []
        while True:
            total = self.timing.total(_default_seconds(c) for c in [opener, *mains, closer])
            shortfall = self.timing.target - total
            if shortfall <= 0:
                return mains
            # Adding helps only when it overshoots by less than the current shortfall.
            extra = self._pick_main(
                opener, closer, mains, preferred, fallback, allow_repeats=False, room=2 * shortfall
            )
            if extra is None:
                return mains
            mains.append(extra)

    def _pick_main(self, opener, closer, mains, preferred, fallback, allow_repeats, room):
        """A main exercise, from the goal's categories while any is unused, else from the
        rest; repeats only when allowed. ``room``: the most its usual dose may add."""
        used = {opener.slug, closer.slug, *(c.slug for c in mains)}
        pools = [[c for c in pool if c.slug not in used] for pool in (preferred, fallback)]
        if allow_repeats:
            pools += [preferred, fallback]
        # The first pool with anything in it decides, even when nothing in it fits the time
        # left: the dosages are scaled to fill it rather than leaving the goal's categories.
        pool = next((pool for pool in pools if pool), [])
        current = [opener, *mains, closer]
        fitting = [
            c
            for c in pool
            if self._fits_shortest([*current, c])
            and (room is None or _default_seconds(c) + self.timing.per_item <= room)
        ]
        if not fitting:
            return None
        positions = Counter(c.position for c in mains)
        return self._pick(fitting, lambda c: self._main_weight(c, positions))

    def _main_weight(self, candidate: Candidate, positions: Counter) -> float:
        weight = MAIN_MIX[self.request.goal].get(candidate.category, 1)
        # Variety: a position already used is drawn less often.
        return weight / (1 + positions[candidate.position])

    def _pick(self, pool: list[Candidate], base_weight) -> Candidate:
        weights = [base_weight(c) * self._focus(c) * self._care(c) for c in pool]
        return self.rng.choices(pool, weights=weights)[0]

    def _focus(self, candidate: Candidate) -> float:
        if not self.request.regions:
            return 1
        if candidate.regions & self.request.regions:
            return FOCUS_WEIGHT
        if "whole-spine" in candidate.regions:
            return WHOLE_SPINE_WEIGHT
        return 1

    def _care(self, candidate: Candidate) -> float:
        take_care = verdict(candidate.category, candidate.tags, self.outcome).take_care
        return CAUTION_WEIGHT if take_care else 1

    @staticmethod
    def _ordered(mains, opener, closer) -> list[Candidate]:
        """The main part grouped by position: the opener's position first, the closer's
        last, the others from standing down to the floor. A repeated exercise comes back
        after the others in its position, not straight after itself."""
        seen: Counter = Counter()
        keyed = []
        for candidate in mains:
            seen[candidate.slug] += 1
            keyed.append(
                (_position_key(candidate, opener, closer), seen[candidate.slug], candidate)
            )
        return [candidate for _key, _copy, candidate in sorted(keyed, key=lambda k: k[:2])]


def _position_key(candidate: Candidate, opener: Candidate, closer: Candidate) -> tuple[int, int]:
    if candidate.position == opener.position:
        group = 0
    elif candidate.position == closer.position:
        group = 2
    else:
        group = 1
    flow = POSITION_FLOW.index(candidate.position) if candidate.position in POSITION_FLOW else 99
    return group, flow
