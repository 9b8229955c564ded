"""How much of an exercise to do, and how long it takes. Pure: no database.

A ``Dosage`` is what one exercise asks for (an exercise's defaults, or a routine item's
overrides of them). ``exercise_steps`` turns it into the timed steps the player plays; the
catalogue's "time needed" and every routine total add up the same steps, so what a page
promises is what the timer does.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Literal

Mode = Literal["hold", "reps", "timed"]
Side = Literal["left", "right", ""]

SWITCH_SIDES_SECONDS = 5
# Between two held repetitions the muscles let go before the next hold: as long as the hold,
# but at least RELEASE_MIN and at most RELEASE_MAX seconds (10 x 5 s back extensions take
# 95 s, not 50 s). Physiotherapy prescriptions give the rest between holds; without it a
# "10 x 5 s hold" becomes one 50 s hold, the opposite of what the source means.
RELEASE_MIN, RELEASE_MAX = 5, 10
# Bounds a dosage must stay within, shared by the catalogue loader and routine overrides.
BOUNDS = {
    "hold_seconds": (1, 600),
    "timed_seconds": (5, 1800),
    "reps": (1, 100),
    "sets": (1, 10),
    "seconds_per_rep": (1, 30),
    "rest_seconds": (0, 300),
}
# Which amounts each mode uses; the others keep their neutral value (seconds 0, reps 1,
# seconds_per_rep 0) and take no range.
AMOUNTS = {
    "hold": ("seconds", "reps", "sets", "rest_seconds"),
    "reps": ("reps", "seconds_per_rep", "sets", "rest_seconds"),
    "timed": ("seconds", "sets", "rest_seconds"),
}
NEUTRAL = {"seconds": 0, "reps": 1, "seconds_per_rep": 0}


def release_for(hold_seconds: int) -> int:
    """The release after one hold of this length, before the next."""
    return max(RELEASE_MIN, min(hold_seconds, RELEASE_MAX))


def bounds_of(name: str, mode: str) -> tuple[int, int]:
    """The bounds of one amount for a mode: a hold and a timed bout differ in seconds."""
    if name == "seconds":
        return BOUNDS["hold_seconds" if mode == "hold" else "timed_seconds"]
    return BOUNDS[name]


@dataclass(frozen=True)
class Dosage:
    mode: Mode
    seconds: int = 0  # hold: one hold; timed: the whole bout
    reps: int = 1  # reps: repetitions; hold: how many holds
    seconds_per_rep: int = 0
    sets: int = 1
    per_side: bool = False
    rest_seconds: int = 0  # rest between sets

    def with_overrides(self, **overrides) -> Dosage:
        return replace(self, **{k: v for k, v in overrides.items() if v is not None})

    @property
    def release_seconds(self) -> int:
        """The release between two holds of a held repetition (0 for a single hold, or for
        repetitions and timed bouts, whose tempo already includes the way back)."""
        if self.mode != "hold" or self.reps <= 1:
            return 0
        return release_for(self.seconds)

    @property
    def work_seconds(self) -> int:
        """One side of one set: for holds, every hold with a release between two."""
        if self.mode == "reps":
            return self.reps * self.seconds_per_rep
        if self.mode == "hold":
            return self.reps * self.seconds + (self.reps - 1) * self.release_seconds
        return self.seconds

    def total_seconds(self) -> int:
        return sum(step.seconds for step in exercise_steps(self))


@dataclass(frozen=True)
class Step:
    kind: Literal["work", "switch", "rest"]
    seconds: int
    set_number: int = 1
    side: Side = ""


def exercise_steps(dosage: Dosage) -> list[Step]:
    """The steps of one exercise: each set (each side when per side), with a switch between
    sides and a rest between sets. No rest after the last set: what follows is the
    routine's business."""
    steps: list[Step] = []
    sides: tuple[Side, ...] = ("left", "right") if dosage.per_side else ("",)
    for set_number in range(1, dosage.sets + 1):
        for index, side in enumerate(sides):
            if index:
                steps.append(Step("switch", SWITCH_SIDES_SECONDS, set_number, side))
            steps.append(Step("work", dosage.work_seconds, set_number, side))
        if set_number < dosage.sets and dosage.rest_seconds:
            steps.append(Step("rest", dosage.rest_seconds, set_number))
    return steps
