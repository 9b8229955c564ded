"""A routine's timeline: every step the player plays, with its duration. Pure. ("Plan" in
routines means the weekly plan only; this module was routines/plan.py.)

``timed_plan`` turns a routine's items into steps: a get-ready countdown before each
exercise, the exercise's own steps (each set, each side, with a switch between sides and a
rest between sets, from ``exercises.dosage.exercise_steps``) and a rest between exercises.
The routine pages, the generator and the player all use it, so the total a page shows is
the time the player takes.

Time on the back: for a person whose rules avoid lying on the back for long (``long-supine``,
pregnancy after 12 weeks), ``supine_cap`` keeps every stretch of time on the back within
about two minutes. Where the next exercise on the back would go past it, the rest between
the two is taken lying on the side (``side_lying``), at least ``SIDE_REST_SECONDS``; a single
exercise longer than that is split between whole repetitions or holds, with a rest on the
side between the parts. The generator (``routines.generator``) chooses dosages so that only
the first kind is needed, and counts those rests in its total through ``side_rests``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict, dataclass, replace

from exercises.dosage import Dosage, exercise_steps
from exercises.safety import Outcome, excluded

GET_READY, WORK, SWITCH, REST = "get-ready", "work", "switch", "rest"
# Pregnancy after 12 weeks: lying on the back presses on the big vein back to the heart, so
# no more than about two minutes in a row; a rest on the side of at least 30 s in between.
LONG_SUPINE = "long-supine"
SUPINE_CAP_SECONDS = 120
SIDE_REST_SECONDS = 30


@dataclass(frozen=True)
class PlanItem:
    """One exercise in a routine, with its dosage after the item's overrides."""

    slug: str
    name: str
    category: str
    dosage: Dosage
    instructions: tuple[str, ...] = ()
    breathing: str = ""
    supine: bool = False  # done lying on the back


@dataclass(frozen=True)
class PlanStep:
    kind: str  # get-ready | work | switch | rest
    seconds: int
    item: int  # index of the item this step belongs to (for rest: the one just finished)
    slug: str
    name: str
    mode: str = ""
    side: str = ""
    set_number: int = 0
    sets: int = 0
    reps: int = 0
    seconds_per_rep: int = 0
    hold_seconds: int = 0
    # Held repetitions: the rest between two holds, inside the work step (hold, release,
    # hold...), so the player can say "hold" and "release" in turn.
    release_seconds: int = 0
    # A rest taken lying on the side, to break up time on the back (``supine_cap``).
    side_lying: bool = False

    def as_dict(self) -> dict:
        return asdict(self)


def supine_cap_for(outcome: Outcome) -> int | None:
    """The most seconds in a row on the back this person's rules allow, or None."""
    return SUPINE_CAP_SECONDS if LONG_SUPINE in excluded(outcome)[1] else None


def side_rests(
    durations: Sequence[int],
    supine: Sequence[bool],
    *,
    get_ready_seconds: int,
    rest_between_seconds: int,
    cap: int | None,
) -> list[bool]:
    """For each gap between two exercises, whether its rest is taken on the side: both are on
    the back and the second would take the time on the back past ``cap``. The time on the
    back counts each such exercise's get-ready, its own time and the rests between them."""
    breaks = [False] * max(len(durations) - 1, 0)
    if cap is None:
        return breaks
    run = 0
    for index, seconds in enumerate(durations):
        run = run + get_ready_seconds + seconds if supine[index] else 0
        if index == len(durations) - 1 or not (supine[index] and supine[index + 1]):
            continue
        coming = rest_between_seconds + get_ready_seconds + durations[index + 1]
        if run + coming > cap:
            breaks[index] = True
            run = 0
        else:
            run += rest_between_seconds
    return breaks


def side_rest_seconds(rest_between_seconds: int) -> int:
    """How long a rest between two exercises lasts when it is taken on the side."""
    return max(rest_between_seconds, SIDE_REST_SECONDS)


def timed_plan(
    items: list[PlanItem],
    *,
    get_ready_seconds: int = 5,
    rest_between_seconds: int = 15,
    supine_cap: int | None = None,
) -> list[PlanStep]:
    steps: list[PlanStep] = []
    breaks = side_rests(
        [item.dosage.total_seconds() for item in items],
        [item.supine for item in items],
        get_ready_seconds=get_ready_seconds,
        rest_between_seconds=rest_between_seconds,
        cap=supine_cap,
    )
    run = 0  # seconds on the back so far, for splitting an exercise longer than the cap
    for index, item in enumerate(items):
        dosage = item.dosage
        on_back = supine_cap is not None and item.supine
        still_on_back = index and items[index - 1].supine and not breaks[index - 1]
        if not (on_back and still_on_back):
            run = 0
        common = {
            "item": index,
            "slug": item.slug,
            "name": item.name,
            "mode": dosage.mode,
            "sets": dosage.sets,
            "reps": dosage.reps,
            "seconds_per_rep": dosage.seconds_per_rep,
            "hold_seconds": dosage.seconds,
            "release_seconds": dosage.release_seconds,
        }
        if get_ready_seconds:
            steps.append(
                PlanStep(
                    GET_READY,
                    get_ready_seconds,
                    **common,
                    side="left" if dosage.per_side else "",
                    set_number=1,
                )
            )
            run += get_ready_seconds
        first = True
        for step in exercise_steps(dosage):
            step = PlanStep(
                step.kind, step.seconds, **common, side=step.side, set_number=step.set_number
            )
            if not on_back:
                steps.append(step)
                continue
            for part in _within_cap(step, dosage, supine_cap, run, first):
                steps.append(part)
                run = 0 if part.side_lying else run + part.seconds
            first = False
        if index < len(items) - 1:
            if breaks[index]:
                seconds = side_rest_seconds(rest_between_seconds)
                steps.append(PlanStep(REST, seconds, **common, side_lying=True))
                run = 0
            elif rest_between_seconds:
                steps.append(PlanStep(REST, rest_between_seconds, **common))
                run += rest_between_seconds
    return steps


def _within_cap(step: PlanStep, dosage: Dosage, cap: int, run: int, first: bool):
    """One step of an exercise on the back, with rests on the side where the time on the back
    would pass ``cap``: before it, or between its repetitions or holds when it is longer."""
    side_rest = replace(step, kind=REST, seconds=SIDE_REST_SECONDS, side_lying=True)
    if run + step.seconds <= cap:
        return [step]
    if step.kind != WORK or dosage.mode == "timed" or step.reps <= 1:
        # Cannot be split: a rest on the side first, unless it opens the exercise.
        return [step] if first else [side_rest, step]
    release = dosage.release_seconds if dosage.mode == "hold" else 0
    unit = dosage.seconds + release if dosage.mode == "hold" else dosage.seconds_per_rep
    parts, left, room = [], step.reps, cap - run
    while left:
        count = min(left, max((room + release) // unit, 0))
        if count == 0:
            if room == cap or (not parts and first):
                count = 1  # not even one fits: do it anyway, the rest on the side follows
            else:
                parts.append(side_rest)
                room = cap
                continue
        seconds = count * unit - release
        parts.append(replace(step, seconds=seconds, reps=count))
        left -= count
        room -= seconds
        if left:
            parts.append(side_rest)
            room = cap
    return parts


def options_for(user, outcome: Outcome | None = None) -> dict:
    """A user's get-ready and rest preferences as ``timed_plan`` options (a visitor gets the
    defaults), and the cap on time on the back that their safety check asks for."""
    options = {}
    if getattr(user, "is_authenticated", False):
        options = {
            "get_ready_seconds": user.get_ready_seconds,
            "rest_between_seconds": user.default_rest_seconds,
        }
    cap = supine_cap_for(outcome) if outcome is not None else None
    if cap is not None:
        options["supine_cap"] = cap
    return options


def total_seconds(items: list[PlanItem], **options) -> int:
    return sum(step.seconds for step in timed_plan(items, **options))


def item_seconds(item: PlanItem) -> int:
    """The time of one item on its own (without get-ready and the rest after it)."""
    return item.dosage.total_seconds()
